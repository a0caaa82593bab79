"""In Chromium: an administrator opens a person's page and, from "Their records
(administrators)", reads their audit history (their own view of the record and an episode
closed earlier through the service, with its before and after), downloads everything held about
them as JSON and as PDF, and erases them after the confirm step; the page then shows them
anonymised while their episodes and conversations stay. An administrator of another
partnership gets "Page not found" for the history."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, Person
from conversations.services.pathway import episode_close
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_an_administrator_reads_the_history_exports_and_erases_a_person(
    page, sign_in, shoot, make_user, world, tmp_path, today
):
    admin = make_user(Role.ADMIN)
    practitioner = make_user(Role.PRACTITIONER, first_name="Catriona", last_name="Bell")
    person = PersonFactory(locality=world.locality, first_name="Morag", last_name="Fairbairn")
    sixty_days_ago, two_days_ago = (today - datetime.timedelta(days=n) for n in (60, 2))
    earlier = EpisodeFactory(
        person=person,
        first_contact_on=sixty_days_ago,
        first_conversation_on=sixty_days_ago,
        last_conversation_on=sixty_days_ago,
    )
    ConversationFactory(
        episode=earlier,
        held_on=sixty_days_ago,
        what_matters="Morag wants to get back to the bowling club",
    )
    # A change made through the service, so the history has a "Changed" row with before/after.
    episode_close(
        actor=practitioner,
        episode=earlier,
        reason=Episode.CloseReason.CONNECTED_TO_COMMUNITY,
        closed_on=today - datetime.timedelta(days=30),
    )
    current = EpisodeFactory(
        person=person,
        first_contact_on=two_days_ago,
        first_conversation_on=two_days_ago,
        last_conversation_on=two_days_ago,
    )
    ConversationFactory(episode=current, held_on=two_days_ago)
    sign_in(admin)

    # (1) The person's page links the audit history, which shows who viewed and changed what.
    page.goto(f"/people/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Morag Fairbairn")
    records = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Their records"))
    )
    expect(records).to_be_visible()
    shoot("person-page")
    records.get_by_role("link", name="Audit history").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/history/$"))
    expect(page.get_by_role("heading", level=1, name="Audit history")).to_be_visible()
    history = page.locator("table.audit-history")
    viewed = history.locator("tbody tr", has=page.get_by_role("rowheader", name="Viewed"))
    expect(viewed.filter(has_text=str(admin)).first).to_be_visible()
    changed = history.locator(
        "tbody tr",
        has=page.get_by_role("rowheader", name="Changed"),
        has_text=f"Episode #{earlier.pk}",
    ).filter(has_text="Catriona Bell")
    expect(changed).to_have_count(1)
    expect(
        changed.locator(".before", has_text="Conversation 1: listen and connect")
    ).to_be_visible()
    expect(changed.locator(".after", has_text="Closed").first).to_be_visible()
    shoot("audit-history")

    # (2) Everything held about them, as JSON and as PDF.
    page.get_by_role("link", name="Morag Fairbairn").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/$"))
    with page.expect_download() as json_download:
        records.get_by_role("link", name="JSON", exact=True).click()
    assert json_download.value.suggested_filename.endswith(".json")
    saved_json = tmp_path / "subject-access.json"
    json_download.value.save_as(saved_json)
    data = json.loads(saved_json.read_text(encoding="utf-8"))
    held = data["records"]["conversations.person"]["records"][0]
    assert (held["first_name"], held["last_name"]) == ("Morag", "Fairbairn")
    assert "Morag wants to get back to the bowling club" in json.dumps(data)

    with page.expect_download() as pdf_download:
        records.get_by_role("link", name="PDF", exact=True).click()
    saved_pdf = tmp_path / "subject-access.pdf"
    pdf_download.value.save_as(saved_pdf)
    assert saved_pdf.read_bytes().startswith(b"%PDF")
    text = _one_line(" ".join(p.extract_text() for p in PdfReader(saved_pdf).pages))
    assert f"Everything we hold about person #{person.pk}" in text
    assert "Morag" in text and "Fairbairn" in text
    actions = set(
        AuditEntry.objects.filter(person_id=person.pk, actor=admin).values_list("action", flat=True)
    )
    assert {AuditEntry.Action.EXPORT, AuditEntry.Action.DOWNLOAD} <= actions

    # (3) Erase them: the confirm step first, then their name is gone but their records stay.
    records.get_by_role("link", name="Erase their details on request").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/erase/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase this person's details")
    expect(page.get_by_role("table", name="Their records")).to_contain_text("Episodes")
    shoot("erase-confirm")
    page.get_by_role("button", name="Erase their details").click()
    expect(page.get_by_text("Tick the box to confirm the erasure.").first).to_be_visible()
    assert not Person.objects.get(pk=person.pk).is_anonymised
    page.get_by_label(re.compile("I have checked this is the right person")).check()
    page.get_by_role("button", name="Erase their details").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/$"))
    expect(page.get_by_text(f"Person #{person.pk}'s details have been erased.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Morag")
    content = page.locator("main").inner_text()
    for secret in ("Morag", "Fairbairn", "bowling club"):
        assert secret not in content, f"{secret} is still shown"
    timeline = page.locator("#timeline")
    expect(timeline.locator(f"#episode-{earlier.pk}")).to_be_visible()
    expect(timeline.locator(f"#episode-{current.pk}")).to_be_visible()
    expect(records.get_by_role("link", name="Erase their details on request")).to_have_count(0)
    shoot("after-erasure")

    erased = Person.objects.get(pk=person.pk)
    assert erased.is_anonymised
    assert erased.first_name in ("", "[erased]") and erased.last_name in ("", "[erased]")
    assert erased.date_of_birth is None and erased.postcode == ""
    assert set(Episode.objects.filter(person=erased).values_list("pk", flat=True)) == {
        earlier.pk,
        current.pk,
    }
    assert Conversation.objects.filter(episode__person=erased).count() == 2

    # The history records the erasure and no longer holds their name.
    records.get_by_role("link", name="Audit history").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/history/$"))
    expect(history.get_by_role("rowheader", name="Erased on request")).to_have_count(1)
    assert "Fairbairn" not in history.inner_text()
    shoot("audit-history-after-erasure")

    # An administrator of another partnership cannot learn the person exists.
    page.context.clear_cookies()
    sign_in(make_user(Role.ADMIN, outsider=True))
    response = page.goto(f"/people/{person.pk}/history/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
