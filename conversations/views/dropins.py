"""Logging a drop-in at a hub session in one page, and the session's dashboard (who has been
seen, what happened, footfall), both loaded into the hubs session page with htmx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import require
from conversations.forms.dropins import DropInForm, NewPersonDropInForm
from conversations.models import Person
from conversations.selectors.dropins import session_conversations, session_footfall
from conversations.selectors.people import person_get_in_partnership, person_visible_ids
from conversations.services.dropins import DropIn, PossibleDuplicates, dropin_log
from hubs.selectors import hub_session_get
from hubs.views.sessions import FOOTFALL_CHANGED


@login_required
def dropin(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = hub_session_get(user=request.user, pk=session_pk)
    require(request.user, "conversation.record")
    person = _chosen_person(request)
    form = (DropInForm if person else NewPersonDropInForm)(request.POST or None, session=session)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            result = dropin_log(
                actor=request.user,
                session=session,
                person=person,
                new_person=None if person else form.new_person(),
                confirm_new="confirm_new" in request.POST,
                candidates_seen=_candidates_seen(request),
                **form.dropin_values(),
            )
        except PossibleDuplicates as duplicates:
            candidates = duplicates.candidates
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, result)
    return _form_page(request, session, person, form, candidates)


def _candidates_seen(request: HttpRequest) -> list[int] | None:
    """The likely duplicates the worker was shown when they chose "none of these": someone
    added since (at another hub, at the same moment) is shown before anyone new is added.
    None (add whoever exists) only for a form that did not list them."""
    listed = request.POST.getlist("candidate_seen")[:50]
    seen = [int(pk) for pk in listed if pk.isascii() and pk.isdigit() and len(pk) < 19]
    return seen or None


def _chosen_person(request: HttpRequest) -> Person | None:
    """Someone found by the search (``person``), or picked from the duplicate warning
    ("use this person"); None for someone new. Any person of the user's partnership."""
    pk = request.POST.get("use_person") or request.POST.get("person") or request.GET.get("person")
    return person_get_in_partnership(user=request.user, pk=pk) if pk else None


def _form_page(request, session, person, form, candidates) -> HttpResponse:
    context = {
        "session": session,
        "person": person,
        "form": form,
        "candidates": candidates,
        # Opening the form from the search: the results have done their job, so clear them.
        "clear_results": request.method == "GET",
    }
    if wants_fragment(request):
        return render(request, "conversations/people/partials/_dropin_form.html", context)
    return render(request, "conversations/people/dropin.html", context)


def _saved(request: HttpRequest, result: DropIn) -> HttpResponse:
    """The same answer for a first Save and a repeated one (a double click)."""
    if not wants_fragment(request):
        messages.success(request, f"Saved the visit of {result.person.full_name}.")
        return redirect("hubs:session_detail", result.conversation.hub_session_id)
    visible = person_visible_ids(user=request.user, ids=[result.person.pk])
    response = render(
        request,
        "conversations/people/partials/_dropin_saved.html",
        {"result": result, "can_open": result.person.pk in visible},
    )
    response["HX-Trigger"] = FOOTFALL_CHANGED
    return response


@login_required
def session_dashboard(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = hub_session_get(user=request.user, pk=session_pk)
    page = Paginator(session_conversations(session=session), 50).get_page(request.GET.get("page"))
    conversations = list(page.object_list)
    visible = person_visible_ids(
        user=request.user, ids=[c.episode.person_id for c in conversations]
    )
    context = {
        "session": session,
        "page": page,
        "conversations": conversations,
        "visible": visible,
        "footfall": session_footfall(session=session),
    }
    if wants_fragment(request):
        return render(request, "conversations/people/partials/_session_dashboard.html", context)
    return render(request, "conversations/people/session_dashboard.html", context)
