"""The issue's "done when", in a real browser: a practitioner takes a person referred for crisis
support at a drop-in through conversation 2 and conversation 3 to a support plan with a "Request
funding" link, sees it all on the timeline, and every page on the way passes axe-core."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from cls_portal.permissions import Role
from conversations.models import Episode
from peer_forum.models import FundingRequest
from tests.browser import axe_serious_violations
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    PersonFactory,
    WaitingListFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def accessible(page) -> None:
    assert axe_serious_violations(page) == [], page.url


def test_from_a_drop_in_through_crisis_to_a_plan_and_funding_in_the_browser(
    page, sign_in, shoot, make_user, world, today
):
    practitioner = make_user(Role.PRACTITIONER)
    person = PersonFactory(locality=world.locality, first_name="Agnes", last_name="Reid")
    episode = EpisodeFactory(
        person=person,
        state=Episode.State.CONVERSATION_1,
        first_contact_on=today - datetime.timedelta(days=3),
        first_conversation_on=today - datetime.timedelta(days=3),
        last_conversation_on=today - datetime.timedelta(days=3),
        crisis_referred_on=today - datetime.timedelta(days=3),  # as the referral left it
    )
    ConversationFactory(
        episode=episode, held_on=today - datetime.timedelta(days=3), what_happened="crisis"
    )
    shed = CommunitySolutionFactory(partnership=world.partnership, name="Riverside Men's Shed")
    shed.localities.add(world.locality)
    sign_in(practitioner)

    page.get_by_role("link", name="Crisis board").first.click()
    accessible(page)
    page.get_by_role("link", name=re.compile("Record conversation 2")).click()
    page.get_by_label("What matters to them, in their words").fill("Feeling safe at home")
    page.get_by_label("At home").check()
    page.get_by_label("Emergency plan").fill("Daily call; carers centre visit on Tuesday")
    page.get_by_label("Red").check()
    page.get_by_label("Review by").fill((today + datetime.timedelta(days=3)).isoformat())
    page.get_by_label("What they want to achieve, in their words").fill("Not to be lonely")
    accessible(page)
    page.get_by_role("button", name="Save the conversation").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/.*"))
    assert "Conversation 2: work intensively in crisis recorded." in page.content()
    shoot("after-crisis")

    page.goto("/crisis-board/")
    assert "Agnes Reid" in page.locator("#crisis-board").inner_text()

    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Record conversation 3").click()
    page.get_by_label("What matters to them, in their words").fill("A life beyond these walls")
    page.get_by_label("At home").check()
    page.get_by_label("Not to be lonely").check()
    page.get_by_label("What the support will look like").fill("Shed on Tuesdays, with a lift")
    page.get_by_label(shed.name).check()
    page.get_by_label("Paid support needed, if any").fill("Four hours of personal care a week")
    # The Red crisis plan would end with this move: the page asks first.
    review = today + datetime.timedelta(days=3)
    plan_words = f"the crisis plan (Red, review by {review.day} {review:%b})"
    page.get_by_text(f"This will end {plan_words}. End it?").wait_for()
    accessible(page)
    page.get_by_label(f"Yes, end {plan_words}").check()
    page.get_by_role("button", name="Save the conversation").click()
    page.wait_for_url(re.compile(rf".*/people/{person.pk}/.*"))
    page.get_by_text(
        f"Conversation 3: build a good life recorded. The {plan_words[4:]} has ended."
    ).wait_for()

    timeline = page.locator("#timeline").inner_text()
    for text in (
        "Conversation 3: build a good life",
        "Shed on Tuesdays, with a lift",
        "Riverside Men's Shed",
        "Daily call; carers centre visit on Tuesday",
        "Personal outcome agreed: “Not to be lonely”",
    ):
        assert text in timeline, text
    funding = page.get_by_role("link", name="Request funding").first
    assert funding.get_attribute("href").endswith(f"?episode={episode.pk}")
    accessible(page)
    shoot("timeline")

    # Review the outcome in place (htmx), then the waiting list with a hub appointment offer.
    page.locator(".outcomes").get_by_role("link", name=re.compile("Review")).click()
    page.locator(".outcomes").get_by_label("Partly met").check()
    page.locator(".outcomes").get_by_role("button", name="Save the review").click()
    page.locator(".outcomes").get_by_text("Review saved.").wait_for()
    assert "Partly met" in page.locator(".outcomes").inner_text()

    # Draft the funding request: the link opens the peer forum's form, filled in from the plan.
    page.get_by_role("link", name="Request funding").first.click()
    page.wait_for_url(re.compile(rf".*/peer-forum/requests/new/\?episode={episode.pk}$"))
    page.get_by_role("heading", level=1, name="Request funding").wait_for()
    # Each field from its own source: the plan's outcomes are the outcomes sought.
    assert page.get_by_label("Outcomes sought").input_value() == "Not to be lonely"
    page.get_by_text("Their support plan says: “Shed on Tuesdays, with a lift”").wait_for()
    assert page.get_by_label("Riverside Men's Shed").is_checked()
    assert page.get_by_label("Paid support").input_value() == "Four hours of personal care a week"
    page.get_by_label("Long-term (12 months or more)").check()
    page.get_by_label("Traditional service you would otherwise have arranged").select_option(
        label="Home care"
    )
    page.get_by_label("Its weekly cost (£)").fill("380.00")
    page.get_by_label("Weekly cost of the proposal (£)").fill("95.50")
    page.get_by_label(re.compile("Option 2: the person chooses")).check()
    # The one-off amounts do not apply to a long-term request: the page hides them.
    assert not page.get_by_label("Its one-off cost (£)").is_visible()
    shoot("funding-request-form")
    accessible(page)
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r".*/peer-forum/requests/\d+/$"))
    page.get_by_text("Draft saved. Check it, then submit it to the forum.").wait_for()
    accessible(page)

    draft = FundingRequest.objects.get(episode=episode)
    assert (draft.status, draft.presenter) == (FundingRequest.Status.DRAFT, practitioner)
    assert (draft.counterfactual_weekly_cost, draft.proposed_weekly_cost) == (
        Decimal("380.00"),
        Decimal("95.50"),
    )
    assert list(draft.proposed_solutions.all()) == [shed]

    # On the person's page, the funding requests (loaded by htmx) show the draft, and the
    # timeline has it among everything else.
    page.get_by_role("link", name="Agnes Reid").click()
    requests = page.locator("#person-requests")
    requests.get_by_role("cell", name="Draft", exact=True).wait_for()
    assert "£95.50" in requests.inner_text()
    assert "Funding request drafted" in page.locator("#timeline").inner_text()
    shoot("timeline-with-draft")
    accessible(page)


def test_a_waiting_list_offer_in_the_browser(page, sign_in, make_user, world, today):
    practitioner = make_user(Role.PRACTITIONER)
    ot = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    for name in ("Bill", "Elsie", "Hamish"):
        WaitingListEntryFactory(
            episode__person__locality=world.locality,
            episode__person__first_name=name,
            waiting_list=ot,
            added_on=today - datetime.timedelta(days=40),
        )
    sign_in(practitioner)
    page.goto(f"/waiting-lists/{ot.pk}/")
    accessible(page)
    page.get_by_label("Choose everyone on this page").check()
    assert page.get_by_text("3 people chosen.").is_visible()
    page.get_by_role("button", name="Offer a hub appointment").click()
    page.get_by_text("Offered a hub appointment to 3 people").wait_for()
    assert "0 people waiting" in page.content()
    page.get_by_label("Show the list as it stood on").fill(
        (today - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_role("button", name="Show").click()
    page.locator("#waiting-list-entries").get_by_text("3 people waiting").wait_for()
    accessible(page)
