"""The meeting run from its page: holding today's meeting from the queue, what the queue says
about where each request can be decided, quorum in words, deciding in place down the agenda,
every refusal with the step that fixes it, Escalate offered for a changed amount over the limit,
and a stale form refused with the request as it is now."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from peer_forum.models import Decision, ForumMeeting, FundingRequest
from peer_forum.services.decisions import forum_request_decide, request_decision_state
from tests.factories import EpisodeFactory, PersonFactory
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory, PeerForumFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def east(setup, world, today):
    """A forum with no meeting yet and two requests waiting: one submitted three days ago on no
    agenda, one on a meeting held last week (past, not decided)."""
    forum = PeerForumFactory(
        locality=world.locality,
        name="East peer forum",
        delegated_weekly_limit=Decimal("600.00"),
        quorum=2,
        members=[setup.manager, setup.second_manager, setup.practitioner],
    )
    last_week = ForumMeetingFactory(forum=forum, held_on=today - datetime.timedelta(days=7))
    waiting = [
        FundingRequestFactory(
            episode=EpisodeFactory(
                person=PersonFactory(locality=world.locality, first_name=name, last_name="Bell")
            ),
            forum=forum,
            meeting=meeting,
            submitted_on=today - datetime.timedelta(days=days),
        )
        for name, meeting, days in [("Agnes", None, 3), ("Bruce", last_week, 9)]
    ]
    return forum, waiting


def test_holding_todays_meeting_from_the_queue_puts_the_waiting_requests_on_it(
    setup, east, login, today
):
    forum, (agnes, bruce) = east
    client = login(setup.manager)
    queue = client.get(reverse("peer_forum:queue")).content.decode()
    assert queue.count("No meeting yet — ") == 2
    # One more, on next week's agenda: held today, the forum decides it today.
    cora = FundingRequestFactory(
        episode=EpisodeFactory(person__locality=setup.forum.locality),
        forum=forum,
        meeting=ForumMeetingFactory(forum=forum, held_on=today + datetime.timedelta(days=7)),
        submitted_on=today - datetime.timedelta(days=1),
    )
    assert f'action="{reverse("peer_forum:meeting_hold", args=[forum.pk])}"' in queue
    assert "Open today's meeting" in queue  # North's meeting today (the setup's)

    response = client.post(reverse("peer_forum:meeting_hold", args=[forum.pk]))
    meeting = ForumMeeting.objects.get(forum=forum, held_on=today)
    assert response.url == reverse("peer_forum:meeting_detail", args=[meeting.pk])
    assert set(meeting.agenda.all()) == {agnes, bruce, cora}
    assert AuditEntry.objects.filter(model="peer_forum.forummeeting", action="create").exists()
    queue = client.get(reverse("peer_forum:queue")).content.decode()
    assert "No meeting yet" not in queue and queue.count("Today's meeting</a>") == 3

    # Holding it again opens the same meeting; nothing new is added.
    again = client.post(reverse("peer_forum:meeting_hold", args=[forum.pk]))
    assert again.url == response.url
    assert ForumMeeting.objects.filter(forum=forum, held_on=today).count() == 1


def test_the_queue_names_the_next_meeting_when_there_is_none_today(setup, east, login, today):
    forum, _ = east
    ForumMeetingFactory(forum=forum, held_on=today + datetime.timedelta(days=5))
    page = login(setup.manager).get(reverse("peer_forum:queue")).content.decode()
    day = f"{today + datetime.timedelta(days=5):%a} {(today + datetime.timedelta(days=5)).day}"
    assert page.count("Next meeting: <a") == 2 and day in page


def test_holding_a_meeting_by_role_and_partnership(setup, east, make_user, login):
    forum, _ = east
    url = reverse("peer_forum:meeting_hold", args=[forum.pk])
    assert login(setup.practitioner).post(url).status_code == 403
    assert login(make_user(Role.FORUM_MANAGER, outsider=True)).post(url).status_code == 404
    assert login(setup.manager).get(url).status_code == 405
    assert ForumMeeting.objects.filter(forum=forum).count() == 1  # only last week's


def test_quorum_in_words_and_a_no_quorum_refusal_links_to_recording_who_is_present(
    setup, waiting_request, login
):
    setup.meeting.attendees.set([setup.manager])
    client = login(setup.manager)
    meeting_url = reverse("peer_forum:meeting_detail", args=[setup.meeting.pk])
    page = client.get(meeting_url).content.decode()
    assert "Not quorate: 1 of 3 members present; 2 needed to decide." in page
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    data = {
        "meeting": setup.meeting.pk,
        "outcome": "defer",
        "rationale": "Next month.",
        "seen": request_decision_state(waiting_request),
    }
    # On its own page: the link goes to the meeting's attendance.
    page = client.post(url, data).content.decode()
    assert "No quorum" in page and f'href="{meeting_url}#attendance"' in page
    assert "Record who is present at this meeting" in page
    # In the meeting's agenda: to the attendance on the same page.
    page = client.post(url, data | {"in_meeting": "1"}, **HTMX).content.decode()
    assert 'href="#attendance"' in page
    assert not Decision.objects.exists()


def test_with_no_meeting_the_decide_form_offers_to_hold_one(setup, east, login):
    forum, (agnes, _) = east
    page = login(setup.manager).get(reverse("peer_forum:request_decide", args=[agnes.pk]))
    page = page.content.decode()
    assert "There is no meeting of East peer forum yet" in page
    assert reverse("peer_forum:meeting_hold", args=[forum.pk]) in page
    assert "Hold today's meeting of East peer forum" in page


def test_deciding_in_the_agenda_shows_the_decision_and_opens_the_next(
    setup, waiting_request, world, login, today
):
    second = FundingRequestFactory(
        episode=EpisodeFactory(
            person=PersonFactory(locality=world.locality, first_name="Duncan", last_name="Reid")
        ),
        forum=setup.forum,
        meeting=setup.meeting,
        submitted_on=today - datetime.timedelta(days=2),
    )
    client = login(setup.manager)
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    fragment = client.get(
        url + f"?meeting={setup.meeting.pk}&in_meeting=1", **HTMX
    ).content.decode()
    assert "Deciding: Morag Gillespie" in fragment and "<html" not in fragment
    assert f'hx-target="#decide-slot-{waiting_request.pk}"' in fragment
    assert 'type="hidden" name="meeting"' in fragment  # decided at this meeting, no choosing
    response = client.post(
        url,
        {
            "meeting": setup.meeting.pk,
            "in_meeting": "1",
            "outcome": "approve",
            "rationale": "Agreed.",
            "seen": request_decision_state(waiting_request),
        },
        **HTMX,
    )
    page = response.content.decode()
    assert response.headers["HX-Retarget"] == "#agenda"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "Decision recorded for Morag Gillespie: Approve." in page
    assert "Deciding: Duncan Reid" in page  # the next request is open
    assert f'id="decide-slot-{second.pk}"' in page
    assert Decision.objects.get().request == waiting_request


def test_a_changed_amount_over_the_limit_offers_escalate_keeping_what_was_typed(
    setup, waiting_request, login
):
    client = login(setup.manager)
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    data = {
        "meeting": setup.meeting.pk,
        "in_meeting": "1",
        "outcome": "approve_changes",
        "approved_amount": "650.00",
        "rationale": "More hours than planned.",
        "seen": request_decision_state(waiting_request),
    }
    page = client.post(url, data, **HTMX).content.decode()
    assert "above this forum&#x27;s delegated limit" in page or "above this forum's" in page
    assert 'value="escalate"' in page and "choose “Escalate”" in page
    assert 'value="650.00"' in page and "More hours than planned." in page
    assert not Decision.objects.exists()
    client.post(url, data | {"outcome": "escalate"}, **HTMX)
    decision = Decision.objects.get()
    assert (decision.outcome, decision.approved_weekly_amount) == ("escalate", Decimal("650.00"))
    waiting_request.refresh_from_db()
    assert waiting_request.status == FundingRequest.Status.ESCALATED


def test_within_the_limit_escalate_is_not_offered(setup, waiting_request, login):
    page = (
        login(setup.manager)
        .get(reverse("peer_forum:request_decide", args=[waiting_request.pk]))
        .content.decode()
    )
    assert 'value="escalate"' not in page and 'name="seen"' in page


def test_a_stale_form_is_refused_with_the_request_as_it_is_now(setup, waiting_request, login):
    client = login(setup.manager)
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    seen = request_decision_state(waiting_request)  # the form is loaded…
    later = ForumMeetingFactory(forum=setup.forum, held_on=setup.meeting.held_on)
    later.attendees.set([setup.manager, setup.practitioner])
    forum_request_decide(  # …then a colleague defers it at another meeting today
        actor=setup.second_manager,
        request=waiting_request,
        meeting=later,
        outcome="defer",
        rationale="Waiting for the OT.",
    )
    data = {
        "meeting": setup.meeting.pk,
        "outcome": "approve",
        "rationale": "Agreed.",
        "seen": seen,
    }
    page = client.post(url, data).content.decode()
    assert "This request was deferred by" in page and "here is the request as it is now" in page
    assert "Status now" in page and "Waiting for the OT." in page
    assert Decision.objects.count() == 1
    # In the meeting's agenda: the agenda comes back with the refusal.
    response = client.post(url, data | {"in_meeting": "1"}, **HTMX)
    assert response.headers["HX-Retarget"] == "#agenda"
    page = response.content.decode()
    assert "This request was deferred by" in page
    assert "Status now" in page and "Waiting for the OT." in page  # the request as it is now
    assert Decision.objects.count() == 1


def _agenda_of(setup, world, today, count):
    for number in range(count):
        FundingRequestFactory(
            episode=EpisodeFactory(
                person=PersonFactory(locality=world.locality, first_name=f"Agenda{number}")
            ),
            forum=setup.forum,
            meeting=setup.meeting,
            submitted_on=today - datetime.timedelta(days=number + 1),
        )


def test_the_meeting_page_reads_in_the_same_number_of_queries_however_long_the_agenda(
    setup, world, login, today, django_assert_num_queries
):
    """The page (quorum, attendance, agenda) must not read once per agenda item."""
    client = login(setup.manager)
    url = reverse("peer_forum:meeting_detail", args=[setup.meeting.pk])
    _agenda_of(setup, world, today, 2)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    _agenda_of(setup, world, today, 10)
    with django_assert_num_queries(len(short.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("Agenda") >= 12
