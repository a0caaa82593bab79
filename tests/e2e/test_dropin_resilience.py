"""A busy hub morning on poor Wi-Fi, in Chromium: a drop-in being saved when the connection drops
is kept, said plainly, and saved exactly once when the connection comes back (by "Try again" or
by itself); a save that reached the server but whose answer was lost is not recorded twice (the
same submission token); a draft survives a reload and goes on sign-out; the idle time-out warns
two minutes before, "Stay signed in" extends it, and a session that did end mid-form still saves
what was typed after signing in again."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session

from cls_portal.permissions import Role
from conversations.models import Conversation, Person
from tests.browser import axe_serious_violations
from tests.factories import (
    TEST_PASSWORD,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOT_SAVED = "This has not been saved yet: the connection has dropped."


@pytest.fixture
def morning(world, make_user, today):
    worker = make_user(Role.HUB_WORKER)
    hub = HubFactory(locality=world.locality, name="Church Hall Hub")
    session = HubSessionFactory(hub=hub, date=today)
    morag = PersonFactory(locality=world.locality, first_name="Morag", last_name="Smith")
    return worker, session, morag


def _drafts(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('cls-draft:'))"
    )


def _fill_new_person(form) -> None:
    form.get_by_label("First name").fill("Isla")
    form.get_by_label("Last name").fill("Kerr")
    form.get_by_label("What matters to them").fill("Some company in the afternoons.")
    form.get_by_label("Resolved there and then").check()


def _post_to(session) -> re.Pattern:
    return re.compile(rf".*/hub-sessions/{session.pk}/drop-in/.*")


def test_a_save_cut_off_is_kept_and_saved_once_with_try_again(page, sign_in, shoot, morning):
    worker, session, _ = morning
    sign_in(worker)
    page.goto(f"/hubs/sessions/{session.pk}/")
    page.get_by_role("link", name="Log a drop-in for someone new").first.click()
    form = page.locator("#dropin-form")
    _fill_new_person(form)

    # The connection drops as Save is pressed: the request never reaches the portal.
    def cut(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(_post_to(session), cut)
    form.get_by_role("button", name="Save the visit").click()
    alert = form.get_by_role("alert").filter(has_text=NOT_SAVED)
    alert.wait_for()
    assert "Everything you typed is still here" in alert.inner_text()
    assert form.get_by_label("First name").input_value() == "Isla"
    assert form.get_by_label("What matters to them").input_value() == (
        "Some company in the afternoons."
    )
    assert form.get_by_label("Resolved there and then").is_checked()
    assert len(_drafts(page)) == 1
    assert not Conversation.objects.exists()
    shoot("connection-dropped")
    assert axe_serious_violations(page) == []

    # The connection is back: "Try again" saves it, once.
    page.unroute(_post_to(session), cut)
    form.get_by_role("button", name="Try again").click()
    page.get_by_role("heading", name="Saved: Isla Kerr").wait_for()
    assert page.get_by_text("already been saved").count() == 0
    assert Conversation.objects.filter(hub_session=session).count() == 1
    assert Person.objects.filter(first_name="Isla", last_name="Kerr").count() == 1
    assert _drafts(page) == []  # saved: the draft has gone


def test_offline_then_online_sends_it_again_by_itself(page, sign_in, morning):
    worker, session, morag = morning
    sign_in(worker)
    page.goto(f"/hub-sessions/{session.pk}/drop-in/?person={morag.pk}")
    form = page.locator("#dropin-form")
    form.get_by_label("What matters to them").fill("Sorting out my money worries.")
    form.get_by_label("Resolved there and then").check()

    page.context.set_offline(True)
    form.get_by_role("button", name="Save the visit").click()
    form.get_by_role("alert").filter(has_text=NOT_SAVED).wait_for()
    assert not Conversation.objects.exists()

    # Back online: the browser's "online" event sends it again, with nothing pressed.
    page.context.set_offline(False)
    page.get_by_role("heading", name="Saved: Morag Smith").wait_for()
    saved = Conversation.objects.get(hub_session=session)
    assert saved.what_matters == "Sorting out my money worries."


def test_a_save_whose_answer_was_lost_is_not_recorded_twice(page, sign_in, morning):
    """The portal saved it, then the connection dropped before the answer came back: sending
    it again (the same submission token) finds the first save instead of making another."""
    worker, session, morag = morning
    sign_in(worker)
    page.goto(f"/hub-sessions/{session.pk}/drop-in/?person={morag.pk}")
    form = page.locator("#dropin-form")
    form.get_by_label("What matters to them").fill("Sorting out my money worries.")
    form.get_by_label("Resolved there and then").check()
    sent: list[str] = []

    def lose_the_answer(route):
        if route.request.method == "POST" and not sent:
            sent.append(route.request.post_data or "")
            route.fetch()  # it reaches the portal and is saved ...
            route.abort("connectionreset")  # ... but the answer never arrives
        else:
            route.continue_()

    page.route(_post_to(session), lose_the_answer)
    form.get_by_role("button", name="Save the visit").click()
    form.get_by_role("alert").filter(has_text=NOT_SAVED).wait_for()
    assert Conversation.objects.filter(hub_session=session).count() == 1

    form.get_by_role("button", name="Try again").click()
    page.get_by_role("heading", name="Saved: Morag Smith").wait_for()
    page.get_by_text("This visit had already been saved").wait_for()
    assert Conversation.objects.filter(hub_session=session).count() == 1


def test_a_draft_survives_a_reload_and_goes_on_sign_out(page, sign_in, morning):
    worker, session, morag = morning
    sign_in(worker)
    url = f"/hub-sessions/{session.pk}/drop-in/?person={morag.pk}"
    page.goto(url)
    form = page.locator("#dropin-form")
    form.get_by_label("What matters to them").fill("Getting out more.")
    form.get_by_label("Resolved there and then").check()
    token = form.locator("input[name=submission_token]").input_value()

    page.reload()
    page.get_by_text("We have put back what you typed earlier.").wait_for()
    assert form.get_by_label("What matters to them").input_value() == "Getting out more."
    assert form.get_by_label("Resolved there and then").is_checked()
    # The same one-time token: a save that did get through earlier is not made twice.
    assert form.locator("input[name=submission_token]").input_value() == token
    assert page.evaluate("() => localStorage.length") == 0  # never the shared tablet's storage

    # "Start again" empties the form and forgets the draft.
    page.get_by_role("button", name="Start again with an empty form").click()
    assert form.get_by_label("What matters to them").input_value() == ""
    form.get_by_label("What matters to them").fill("Typed again.")
    assert len(_drafts(page)) == 1

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/login/.*"))
    assert _drafts(page) == []


def test_the_time_out_warns_two_minutes_before_and_stay_signed_in_extends(
    page, sign_in, shoot, morning
):
    worker, session, morag = morning
    sign_in(worker)
    page.clock.install()
    page.goto(f"/hub-sessions/{session.pk}/drop-in/?person={morag.pk}")
    page.locator("#dropin-form").get_by_label("What matters to them").fill("Company.")
    warning = page.get_by_role("dialog", name="You will be signed out in 2 minutes")
    assert not warning.is_visible()

    page.clock.fast_forward("12:30")
    assert not warning.is_visible()
    page.clock.fast_forward("01:00")  # 13½ idle minutes of 15
    warning.wait_for()
    shoot("time-out-warning")
    assert page.evaluate("() => document.activeElement.textContent") == "Stay signed in"
    assert axe_serious_violations(page) == []
    before = Session.objects.get().expire_date

    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    assert Session.objects.get().expire_date > before  # pushed on by the keep-alive
    assert page.locator("#dropin-form").get_by_label("What matters to them").input_value() == (
        "Company."
    )


def test_a_session_that_ended_mid_form_still_saves_after_signing_in(page, sign_in, shoot, morning):
    worker, session, morag = morning
    sign_in(worker)
    page.clock.install()
    page.goto(f"/hubs/sessions/{session.pk}/")
    page.get_by_label(re.compile("Name, date of birth, postcode")).fill("morag sm")
    page.get_by_role("link", name="Log a drop-in for Morag Smith").click()
    form = page.locator("#dropin-form")
    form.get_by_label("What matters to them").fill("Help with the heating bills.")
    form.get_by_label("Resolved there and then").check()

    # The worker is called away; the session ends on the server.
    Session.objects.all().delete()
    page.clock.fast_forward("16:00")
    ended = page.get_by_role("dialog", name="You have been signed out")
    ended.wait_for()
    shoot("signed-out")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Close").click()

    # Save anyway: the portal sends them to sign in, and nothing typed is lost.
    form.get_by_role("button", name="Save the visit").click()
    page.wait_for_url(re.compile(r".*/login/\?next=.*"))
    page.get_by_text("What you were typing has been kept on this tablet").wait_for()
    shoot("sign-in-again")
    page.get_by_label("Username").fill(worker.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(rf".*/hub-sessions/{session.pk}/drop-in/\?person={morag.pk}$"))
    page.get_by_text("We have put back what you typed earlier.").wait_for()
    shoot("put-back-after-signing-in")
    assert form.get_by_label("What matters to them").input_value() == (
        "Help with the heating bills."
    )
    assert not Conversation.objects.exists()

    form.get_by_role("button", name="Save the visit").click()
    page.get_by_role("heading", name="Saved: Morag Smith").wait_for()
    saved = Conversation.objects.get()
    assert saved.what_matters == "Help with the heating bills."
    assert saved.episode.person == morag
    assert _drafts(page) == []


def test_the_conversation_form_keeps_its_draft_and_waits_for_the_connection(
    page, sign_in, world, make_user, today
):
    """The same safety net on a whole-page form (one attribute each): a draft put back after a
    reload; Save with no connection is held, said plainly, and sent when it comes back."""
    practitioner = make_user(Role.PRACTITIONER)
    person = PersonFactory(locality=world.locality, first_name="Agnes", last_name="Reid")
    episode = EpisodeFactory(person=person, first_contact_on=today)
    sign_in(practitioner)
    page.goto(f"/episodes/{episode.pk}/conversation-1/")
    page.get_by_label("What matters to them, in their words").fill("Seeing my grandchildren.")
    page.get_by_label("At home").check()

    page.reload()
    page.get_by_text("We have put back what you typed earlier.").wait_for()
    assert page.get_by_label("What matters to them, in their words").input_value() == (
        "Seeing my grandchildren."
    )
    assert page.get_by_label("At home").is_checked()

    page.context.set_offline(True)
    page.get_by_role("button", name="Save the conversation").click()
    page.get_by_role("alert").filter(has_text=NOT_SAVED).wait_for()
    assert page.url.endswith(f"/episodes/{episode.pk}/conversation-1/")  # still on the form
    assert not Conversation.objects.filter(episode=episode).exists()

    page.context.set_offline(False)
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/.*"))
    saved = Conversation.objects.get(episode=episode)
    assert saved.what_matters == "Seeing my grandchildren."
    assert _drafts(page) == []  # saved: the next page found the form gone and cleared it


def test_a_whole_page_form_sent_after_the_session_ended_is_saved_after_signing_in(
    page, sign_in, world, make_user, today
):
    practitioner = make_user(Role.PRACTITIONER)
    person = PersonFactory(locality=world.locality, first_name="Agnes", last_name="Reid")
    episode = EpisodeFactory(person=person, first_contact_on=today)
    sign_in(practitioner)
    form_url = f"/episodes/{episode.pk}/conversation-1/"
    page.goto(form_url)
    page.get_by_label("What matters to them, in their words").fill("Getting to the shops.")
    page.get_by_label("At home").check()

    Session.objects.all().delete()  # the session ends while they type
    page.get_by_role("button", name="Save the conversation").click()
    page.wait_for_url(re.compile(r".*/login/\?next=.*"))
    page.get_by_text("What you were typing has been kept on this tablet").wait_for()
    page.get_by_label("Username").fill(practitioner.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(rf".*{form_url}$"))
    page.get_by_text("We have put back what you typed earlier.").wait_for()
    assert not Conversation.objects.filter(episode=episode).exists()

    page.get_by_role("button", name="Save the conversation").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/.*"))
    assert Conversation.objects.get(episode=episode).what_matters == "Getting to the shops."
    assert _drafts(page) == []
