"""A page that also serves an htmx fragment gives the whole page (the base layout) when htmx
restores it from the browser's history: that request carries ``HX-Request`` too, and a bare
fragment would replace the whole page with a table. A plain htmx request still gets the
fragment (``cls_portal.htmx.wants_fragment``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from peer_forum.models import FundingRequest
from tests.factories import EpisodeFactory, WaitingListFactory
from tests.peer_forum.factories import FundingRequestFactory

FRAGMENT = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
BASE_LAYOUT = '<meta name="htmx-config"'  # only templates/base.html writes it


@pytest.fixture
def manager_client(make_user, login):
    # A forum manager may open every page below (the crisis board, waiting lists, requests and
    # the forum dashboard).
    return login(make_user(Role.FORUM_MANAGER))


def _pages(world) -> list[tuple[str, dict[str, str]]]:
    """(url, the HX-Target the page's own fragments are aimed at)."""
    waiting_list = WaitingListFactory(partnership=world.partnership)
    return [
        (reverse("conversations:crisis_board"), {"HTTP_HX_TARGET": "crisis-board"}),
        (
            reverse("conversations:waiting_list_detail", args=[waiting_list.pk]),
            {"HTTP_HX_TARGET": "waiting-list-entries"},
        ),
        (reverse("peer_forum:request_list"), {}),
        (reverse("peer_forum:dashboard"), {}),
    ]


def test_a_history_restore_gets_the_whole_page_and_a_plain_htmx_request_the_fragment(
    world, manager_client
):
    for url, target in _pages(world):
        restored = manager_client.get(url, **RESTORE, **target)
        assert restored.status_code == 200, url
        assert BASE_LAYOUT in restored.content.decode(), url
        fragment = manager_client.get(url, **FRAGMENT, **target)
        assert fragment.status_code == 200, url
        assert BASE_LAYOUT not in fragment.content.decode(), url


def test_leaving_the_decide_form_redirects_a_history_restore_the_ordinary_way(
    world, manager_client
):
    """htmx ignores HX-Redirect on a history restore, so that request gets a plain redirect;
    the form loaded into a meeting's agenda still leaves by HX-Redirect."""
    draft = FundingRequestFactory(
        episode=EpisodeFactory(person__locality=world.locality),
        forum=None,
        status=FundingRequest.Status.DRAFT,
        submitted_on=None,
    )
    url = reverse("peer_forum:request_decide", args=[draft.pk])
    detail = reverse("peer_forum:request_detail", args=[draft.pk])
    restored = manager_client.get(url, **RESTORE)
    assert restored.status_code == 302 and restored.url == detail
    assert "HX-Redirect" not in restored.headers
    fragment = manager_client.get(url, **FRAGMENT)
    assert fragment.headers["HX-Redirect"] == detail
