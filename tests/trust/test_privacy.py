"""Subject access (JSON and PDF), erasure on request and a person's audit history, for
administrators in the browser: who may, what they get, what is logged, what changes."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import person_linked_models
from cls_portal.audit.services import audit_view
from cls_portal.permissions import Role
from conversations.models import Person
from conversations.selectors.dropins import session_footfall
from outcomes.periods import Month
from outcomes.presentation import figure_rows
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.scopes import scope_for_partnership
from peer_forum.selectors import savings_ledger
from tests.trust.cases import SECRET, SECRET_NOTE, build_case


@pytest.fixture
def case(world, today):
    return build_case(world.locality, today=today)


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


def url(name, person):
    return reverse(f"conversations:{name}", args=[person.pk])


TRUST_PAGES = ["person_history", "person_export_json", "person_export_pdf", "person_erase"]


@pytest.mark.parametrize("name", TRUST_PAGES)
@pytest.mark.parametrize(
    "role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.HSCP_LEAD]
)
def test_only_administrators_may_open_the_trust_pages(name, role, case, make_user, login):
    assert login(make_user(role)).get(url(name, case.person)).status_code == 403


@pytest.mark.parametrize("name", TRUST_PAGES)
def test_an_administrator_of_another_partnership_gets_404(name, case, make_user, login):
    outsider = make_user(Role.ADMIN, outsider=True)
    assert login(outsider).get(url(name, case.person)).status_code == 404


def test_the_person_page_links_the_trust_pages_for_administrators_only(
    case, admin, make_user, login
):
    page = login(admin).get(url("person_detail", case.person)).content.decode()
    for name in TRUST_PAGES:
        assert url(name, case.person) in page
    worker_page = login(make_user(Role.PRACTITIONER)).get(url("person_detail", case.person))
    assert url("person_history", case.person) not in worker_page.content.decode()


# ---- audit history --------------------------------------------------------------------------


def test_the_history_shows_who_did_what_with_before_and_after(case, admin, make_user, login):
    worker = make_user(Role.PRACTITIONER, first_name="Catriona", last_name="Bell")
    Person.objects.filter(pk=case.person.pk).update(postcode="EH9 9ZZ")  # the system
    audit_view(actor=worker, obj=case.person)
    page = login(admin).get(url("person_history", case.person)).content.decode()
    assert "Catriona Bell" in page and "Viewed" in page
    assert "Changed" in page and "Postcode" in page
    assert "EH1 1AA" in page and "EH9 9ZZ" in page
    assert "System" in page


def test_the_history_reads_as_plain_words(case, admin, login):
    """Dates as a reader writes them, an empty value named, and an erasure's counts by kind of
    record (not the stored ISO text, a bare arrow or a raw dictionary)."""
    Person.objects.filter(pk=case.person.pk).update(
        date_of_birth=datetime.date(1948, 3, 9), communication_needs=""
    )
    client = login(admin)
    page = client.get(url("person_history", case.person)).content.decode()
    assert "9 Mar 1948" in page and "1948-03-09" not in page
    assert "(empty)" in page
    client.post(url("person_erase", case.person), {"confirm": "on"})
    page = client.get(url("person_history", case.person)).content.decode()
    assert "Records blanked" in page and "People: 1" in page
    assert "conversations.person" not in page


def test_the_history_is_paginated_with_bounded_queries(
    case, admin, make_user, login, django_assert_max_num_queries
):
    workers = [make_user(Role.PRACTITIONER) for _ in range(5)]
    for n in range(60):
        audit_view(actor=workers[n % 5], obj=case.episode)
    client = login(admin)
    with django_assert_max_num_queries(12):
        response = client.get(url("person_history", case.person))
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()
    assert client.get(url("person_history", case.person) + "?page=2").status_code == 200


def test_opening_the_history_is_itself_logged(case, admin, login):
    login(admin).get(url("person_history", case.person))
    assert AuditEntry.objects.filter(actor=admin, action="view", person_id=case.person.pk).exists()


# ---- subject access -------------------------------------------------------------------------


def test_the_json_export_holds_every_kind_of_record_about_the_person(case, admin, login):
    response = login(admin).get(url("person_export_json", case.person))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    records = data["records"]
    for model in person_linked_models():
        assert records[model._meta.label_lower]["records"], f"no {model.__name__} exported"
    assert records["conversations.person"]["records"][0]["first_name"] == SECRET
    assert len(records["conversations.conversation"]["records"]) == 3
    request = records["peer_forum.fundingrequest"]["records"][0]
    assert request["proposed_solutions"] == [str(case.solution)]
    assert request["counterfactual_weekly_cost"] == "450.00"
    assert records["peer_forum.decision"]["records"][0]["outcome"] == "Approve"
    assert SECRET_NOTE in json.dumps(records)


def test_the_json_export_leaves_out_other_peoples_records(case, world, admin, login):
    other = build_case(world.locality, first_name="Ishbel")
    data = login(admin).get(url("person_export_json", case.person)).content.decode()
    assert "Ishbel" not in data
    assert f'"id": {other.conversation.pk},' not in data


def test_the_export_is_access_logged(case, admin, login):
    login(admin).get(url("person_export_json", case.person))
    entry = AuditEntry.objects.get(action="export")
    assert (entry.actor, entry.person_id) == (admin, case.person.pk)


def test_the_pdf_export_reads_as_a_document_and_is_logged(case, admin, login):
    response = login(admin).get(url("person_export_pdf", case.person))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert f"Everything we hold about person #{case.person.pk}" in text
    assert SECRET in text and "Abernethy" in text
    assert "Crisis plans (1)" in text and "Funding requests (2)" in text
    assert "Who viewed or changed these records" in text
    assert AuditEntry.objects.filter(action="download", person_id=case.person.pk).exists()


# ---- erasure --------------------------------------------------------------------------------


def _figures(world, case):
    """Every aggregate the person's records feed: the core data set of this month and the
    last (with breakdowns), the savings ledger and the session's footfall."""
    today = timezone.localdate()
    scope = scope_for_partnership(partnership=world.partnership)
    rows = []
    for month in (Month.of(today), Month.of(today - datetime.timedelta(days=35))):
        figures = outcome_figures(month=month, scope=scope)
        rows += [(r.code, r.breakdown, r.value) for r in figure_rows(figures)]
    ledger = savings_ledger(
        partnership_id=world.partnership.pk,
        start=today - datetime.timedelta(days=400),
        end=today,
    )
    return rows, ledger, session_footfall(session=case.session)


def _everything_stored(person_pk):
    """Every value of every record linked to the person, and the audit rows about them."""
    values = []
    for model in person_linked_models():
        rows = model._base_manager.filter(**{model.AUDIT_PERSON: person_pk}).values()
        values += [str(row) for row in rows]
    values += [str(c) for c in AuditEntry.objects.filter(person_id=person_pk).values("changes")]
    return " ".join(values)


def test_the_erase_page_asks_for_confirmation_first(case, admin, login):
    client = login(admin)
    page = client.get(url("person_erase", case.person)).content.decode()
    assert "It cannot be undone" in page and "Crisis plans" in page
    response = client.post(url("person_erase", case.person), {})
    assert response.status_code == 200
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert Person.objects.get(pk=case.person.pk).first_name == SECRET
    assert not AuditEntry.objects.filter(action="erase").exists()


def test_erasure_removes_every_personal_detail_and_keeps_every_figure(
    case, world, admin, login, django_capture_on_commit_callbacks
):
    audit_view(actor=admin, obj=case.person)
    Person.objects.filter(pk=case.person.pk).update(phone="07700 900999")  # a trail to scrub
    before = _figures(world, case)
    rows, ledger, footfall = before
    # The person's records really are in the figures (so "unchanged" means something).
    # £450 − £120 a week, and the escalation approved by the senior decision: £1,100 − £700.
    assert ledger.count == 2 and ledger.weekly_total == 330 + 400
    assert footfall.named == 1
    assert sum(1 for _code, _where, value in rows if value) > 10
    assert SECRET in _everything_stored(case.person.pk)

    response = login(admin).post(url("person_erase", case.person), {"confirm": "on"})

    assert response.status_code == 302
    person = Person.objects.get(pk=case.person.pk)
    assert person.is_anonymised and person.first_name == "[erased]"
    assert (person.last_name, person.date_of_birth, person.phone) == ("", None, "")
    stored = _everything_stored(case.person.pk)
    for secret in (SECRET, SECRET_NOTE, "Abernethy", "07700", "EH1 1AA", "someone@example"):
        assert secret not in stored, f"{secret} survived the erasure"
    assert _figures(world, case) == before
    assert (person.locality_id, person.partnership_id) == (world.locality.pk, world.partnership.pk)


def test_erasure_keeps_the_fact_of_each_action_and_records_itself(case, admin, login):
    Person.objects.filter(pk=case.person.pk).update(phone="07700 900999")
    audit_view(actor=admin, obj=case.person)
    rows_before = AuditEntry.objects.count()
    login(admin).post(url("person_erase", case.person), {"confirm": "on"})
    change = AuditEntry.objects.get(action="update", model="conversations.person")
    assert change.changes == {"phone": ["[erased]", "[erased]"]}
    erased = AuditEntry.objects.get(action="erase")
    assert (erased.actor, erased.person_id) == (admin, case.person.pk)
    assert erased.changes["records_blanked"]["conversations.conversation"] == 3
    assert AuditEntry.objects.count() >= rows_before + 1  # nothing was deleted


def test_a_person_cannot_be_erased_twice(case, admin, login):
    client = login(admin)
    client.post(url("person_erase", case.person), {"confirm": "on"})
    page = client.get(url("person_erase", case.person)).content.decode()
    assert "already been erased" in page
    client.post(url("person_erase", case.person), {"confirm": "on"})
    assert AuditEntry.objects.filter(action="erase").count() == 1


def test_an_erased_person_is_no_longer_found_by_search(case, admin, make_user, login):
    searcher = login(make_user(Role.HUB_WORKER))
    found = searcher.get(reverse("conversations:person_list"), {"q": SECRET})
    assert [person.pk for person in found.context["result"].people] == [case.person.pk]
    login(admin).post(url("person_erase", case.person), {"confirm": "on"})
    results = searcher.get(reverse("conversations:person_list"), {"q": SECRET})
    assert results.context["result"].people == []
    assert url("person_detail", case.person) not in results.content.decode()
