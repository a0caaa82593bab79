"""axe-core on every main page of every role, in Chromium: no serious or critical violations.

The pages are not listed by hand. For each role the test signs in and walks the site as that
person can: from the home page (and a person search's results), every link in the main
navigation and in the page's content (and every URL htmx loads into it), and from those pages
every link again, visiting each kind of page (each URL name, once without and once with a query
string; up to five different records of a ``*_detail`` page, whose content depends on the
record's state) and running axe on it once htmx has loaded its parts. Every "add"
form (a URL name ending in ``_create``) is also sent empty, and axe runs on the form with its
errors. Then the test checks that, between them, the roles reached every page the URLconf
serves, so a new page that nobody can reach, or that the walk skips, is noticed.

The roles walk one after another over the same records, so a page whose content is the same
for two roles (same markup, same records) is checked by axe once."""

from __future__ import annotations

import hashlib
import os
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, get_resolver, resolve

from cls_portal.permissions import Role, has_role_permission
from tests.browser import axe_serious_violations
from tests.e2e import partnership
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Never followed: leaving, the API and Django's admin (not ours to style), and files.
NOT_PAGES = {
    "logout",
    "hubs:directory_export",  # JSON download
    "outcomes:figures_csv",  # CSV download
    "outcomes:report_download",  # PDF download
    "conversations:person_export_json",  # subject access: JSON download
    "conversations:person_export_pdf",  # subject access: PDF download
    "outcomes:programme_csv",  # CSV download
    "outcomes:programme_report_download",  # PDF download
}
NOT_PAGE_PREFIXES = ("/api/", "/django-admin/", "/static/", "/media/")

# URL names that are not pages to look at, and why. Everything else the URLconf serves must be
# reached by the walk of some role.
NOT_TO_VISIT = {
    "login": "the sign-in page has its own test (test_sign_in.py)",
    "logout": "POST only: signs out",
    "session_keep_alive": "POST only: 'Stay signed in' in the time-out warning (JSON answer)",
    "hubs:session_tally": "POST only: the head-count buttons (swapped in on the session page)",
    "hubs:solution_verify": "POST only: the 'Verified today' button on the review queue",
    "hubs:directory_import": "POST only: the import form lives on the directory sharing page",
    "hubs:directory_export": "a JSON file",
    "outcomes:figures_csv": "a CSV file",
    "outcomes:report_download": "a PDF file (downloaded by test_hscp_lead.py)",
    "conversations:person_export_json": "a JSON file (subject access)",
    "conversations:person_export_pdf": "a PDF file (subject access)",
    "outcomes:report_retry": "POST only: the 'Try again' button on the reports page",
    "outcomes:cost_line_remove": "POST only: a button on the study's page",
    "peer_forum:meeting_attendance": "POST only: the attendance form on the meeting's page",
    "peer_forum:request_schedule": "POST only: the agenda form on the request's page",
    "peer_forum:meeting_hold": "POST only: 'Hold today's meeting' on the queue",
    "conversations:waiting_list_offer": "POST only: the offer button on a waiting list's page",
    # ---- golive-admin ----
    "accounts:set_password": "opened from an e-mailed link (tests/accounts walk it)",
    "accounts:user_send_link": "POST only: a button on a user's page",
    "accounts:user_revoke_link": "POST only: a button on a user's page",
    "platform:admin_send_link": "POST only: a button on the operator's partnerships page",
    # ---- programme ----
    "outcomes:programme_csv": "a CSV file",
    "outcomes:programme_report_download": "a PDF file (downloaded by tests/outcomes/test_programme.py)",
    # ---- sessions ----
    "conversations:booking_not_attended": "POST only: 'Did not attend' on the session's page",
    # The walk's world has no regular sessions, planned sessions or bookings yet (to add): these
    # are simple forms (calendar_form.html, booking_cancel.html) shown by the e2e journey's pages.
    "conversations:booking_cancel": "needs a booking, which the walk's world does not have",
    "hubs:schedule_end": "needs a regular session, which the walk's world does not have",
    "hubs:session_open_planned": "needs a planned session, which the walk's world does not have",
    # ---- records, imports, board, benchmark (the walk's world has none of these records) ----
    "conversations:carer_link_end": "needs a carer link, which the walk's world does not have",
    "conversations:episode_as_carer": "POST only: a button on a carer's episode",
    "conversations:person_merge_detail": "needs a proposed merge (tests/conversations walk it)",
    "imports:import_template": "a CSV or Excel file",
    "imports:job_apply": "POST only: 'Import' on a checked import's page",
    "imports:job_detail": "needs an uploaded file (tests/imports walk it)",
    "outcomes:target_remove": "POST only: a button on the targets page",
    "signed_in_floor": "plain text: the benchmark's signed-in floor, not a page",
}


def _view_name(href: str) -> tuple[str, str] | None:
    """(URL name, path with query) for a link to one of our pages, else None."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http") or parts.path.startswith(NOT_PAGE_PREFIXES):
        return None
    if not parts.path.startswith("/"):
        return None
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        raise AssertionError(f"a link to a page that does not exist: {href}") from None
    if name in NOT_PAGES:
        return None
    return name, parts.path + (f"?{parts.query}" if parts.query else "")


_LINKS = """() => [...document.querySelectorAll(
  'nav[aria-label="Main"] a[href], main a[href]:not([download]), main [hx-get]'
)].map(e => e.getAttribute(e.hasAttribute("hx-get") ? "hx-get" : "href"))"""

# Where each walk starts: the home page, and the results of a search for a surname the data
# gives to three people in different states (the walk does not type into search boxes).
START = [("home", "/"), ("conversations:person_list", "/people/?q=Gray")]
RECORDS_PER_DETAIL_PAGE = 5
# CLS_E2E_SHOOT_ALL=1 saves a screenshot of every page walked (to look at them; slower).
SHOOT_ALL = "CLS_E2E_SHOOT_ALL"

# A page's content without its CSRF tokens: two roles shown the same content get the same axe
# results, so axe runs once for it (each role's header and navigation are checked on its home
# page, and they are the same on every page but for the current item).
_CONTENT = """() => {
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(e => e.remove());
  return main.outerHTML;
}"""

_SETTLED = "() => !document.querySelector('.htmx-request')"


def _settle(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_function(_SETTLED)


def _submit_empty(page) -> bool:
    """Send the page's main POST form with its text boxes emptied; True if errors came back."""
    sent = page.evaluate(
        """() => {
          const form = document.querySelector('main form[method="post"]:not(.inline)');
          if (!form) return false;
          form.noValidate = true;
          form.querySelectorAll('input[type=text], input[type=email], input[type=date],'
            + ' input[type=number], input:not([type]), textarea').forEach(e => { e.value = ''; });
          form.querySelectorAll('select:not([multiple])').forEach(e => { e.selectedIndex = 0; });
          form.requestSubmit();
          return true;
        }"""
    )
    if not sent:
        return False
    _settle(page)
    return page.locator("main .error, main .error-summary").count() > 0


def _axe_once(page, checked: set[str], *, first: bool = False) -> list[str]:
    content = hashlib.sha256(page.evaluate(_CONTENT).encode()).hexdigest()
    if content in checked and not first:
        return []
    checked.add(content)
    return axe_serious_violations(page)


def _key(name: str, path: str, visited: dict) -> tuple | None:
    """How the walk tells pages apart; None when it has seen enough pages of this kind."""
    key = (name, "?" in path)
    if not name.endswith("_detail"):
        return None if key in visited else key
    records = [k for k in visited if k[:2] == key]
    if (*key, path) in visited or len(records) >= RECORDS_PER_DETAIL_PAGE:
        return None
    return (*key, path)


def _walk(page, user, checked: set[str], shoot=None) -> tuple[dict[str, str], list[str]]:
    visited: dict[tuple, str] = {}
    problems: list[str] = []
    starts = START if has_role_permission(user, "person.view") else START[:1]
    queue: list[tuple[str, str, str]] = [(name, path, "") for name, path in starts]
    while queue:
        name, path, came_from = queue.pop(0)
        key = _key(name, path, visited)
        if key is None:
            continue
        visited[key] = path
        response = page.goto(path)
        _settle(page)
        if response is None or response.status != 200:
            status = response.status if response else "?"
            problems.append(f"{path}: HTTP {status} (a dead link on {came_from})")
            continue
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} h1 headings")
        first = len(visited) == 1
        problems += [f"{path}: {line}" for line in _axe_once(page, checked, first=first)]
        if shoot:
            shoot(f"{user.role}-{name.replace(':', '-')}")
        for href in page.evaluate(_LINKS):
            found = _view_name(href)
            if found and _key(*found, visited):
                queue.append((*found, path))
        if name.endswith("_create") and _submit_empty(page):
            problems += [f"{path} (errors): {line}" for line in _axe_once(page, checked)]
            visited[(f"{name} (with errors)", False)] = path
    return {key[0]: path for key, path in visited.items()}, problems


def test_every_page_of_every_role_is_accessible_and_every_page_is_reached(
    page, sign_in, shoot, world, make_user
):
    data = partnership.build(world, make_user)
    checked: set[str] = set()
    reached_by: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for role in Role:
        page.context.clear_cookies()  # signed out
        sign_in(data.users[role])
        reached_by[role], found = _walk(
            page, data.users[role], checked, shoot if os.environ.get(SHOOT_ALL) else None
        )
        problems += [f"{role.label}: {line}" for line in found]
    # The installation's operator (a superuser of no partnership, not a role) walks too.
    page.context.clear_cookies()
    operator = UserFactory(username="e2e-operator", is_superuser=True, partnership=None)
    sign_in(operator)
    operator_reached, found = _walk(page, operator, checked)
    problems += [f"Operator: {line}" for line in found]
    assert problems == []

    # Each walk really went somewhere, and between them they reached every page.
    for role, reached in reached_by.items():
        # (a programme lead has only the programme's pages: the view and its reports)
        assert len(reached) >= (3 if role == Role.PROGRAMME_LEAD else 8), (role, sorted(reached))
    reached = set().union(*(set(pages) for pages in reached_by.values()), operator_reached)
    served = {
        name
        for name in _url_names()
        if not name.startswith(("admin:", "api_", "schema", "api_docs"))
    }
    missing = served - reached - set(NOT_TO_VISIT)
    assert not missing, (
        f"pages no role's walk reached (link them, or say why not): {sorted(missing)}"
    )
    forms_with_errors = {name for name in reached if name.endswith("(with errors)")}
    assert len(forms_with_errors) >= 8, sorted(forms_with_errors)


def _url_names() -> set[str]:
    """Every named URL, with its namespace (hubs:hub_list)."""
    names: set[str] = set()

    def walk(resolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                walk(entry, space)
            elif entry.name:
                names.add(prefix + entry.name)

    walk(get_resolver(), "")
    return names
