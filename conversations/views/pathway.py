"""Moving a person along the pathway from the browser: start or reopen an episode, record a
conversation 1, 2 or 3, close an episode. Refused moves come back as a plain message and change
nothing (the services decide; these views only ask)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cls_portal.forms import add_service_errors
from conversations.forms.crisis import CrisisConversationForm
from conversations.forms.pathway import (
    ConversationForm,
    EpisodeCloseForm,
    EpisodeStartForm,
)
from conversations.forms.plans import SupportPlanConversationForm
from conversations.models import Conversation, Episode
from conversations.selectors.knock_on import KnockOn, close_knock_on, conversation_knock_on
from conversations.selectors.pathway import conversation_already_recorded, episode_get
from conversations.selectors.people import person_get
from conversations.services import pathway
from conversations.services.recording import ACTION_FOR_KIND, conversation_record_any

Kind = Conversation.Kind
FORMS = {
    Kind.LISTEN_AND_CONNECT: ConversationForm,
    Kind.CRISIS: CrisisConversationForm,
    Kind.GOOD_LIFE: SupportPlanConversationForm,
}


def _timeline(episode: Episode) -> str:
    return reverse("conversations:person_detail", args=[episode.person_id]) + (
        f"#episode-{episode.pk}"
    )


def _save_conversation(request: HttpRequest, episode: Episode, form: ConversationForm) -> None:
    # The crisis and support-plan forms add their plan's fields; a conversation 1 has none.
    plan = form.plan_kwargs() if hasattr(form, "plan_kwargs") else {}
    conversation_record_any(
        actor=request.user,
        episode=episode,
        kind=form.kind,
        **form.conversation_kwargs(),
        **plan,
    )


@login_required
def conversation_create(request: HttpRequest, pk: int, kind: int) -> HttpResponse:
    if kind not in FORMS:
        raise Http404("No such conversation.")
    episode = episode_get(user=request.user, pk=pk, action=ACTION_FOR_KIND[kind])
    # Ending an open crisis plan is asked first (a box to tick), never done without a word.
    ending = conversation_knock_on(episode=episode, kind=kind, held_on=timezone.localdate())
    form = FORMS[kind](request.POST or None, user=request.user, episode=episode, knock_on=ending)
    refused = ""
    try:
        pathway.episode_check_move(episode, pathway.STATE_FOR_KIND[kind])
    except pathway.MoveRefused as exc:
        refused = exc.messages[0]
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["submission_token"]
        if conversation_already_recorded(episode=episode, submission_token=token):
            return redirect(_timeline(episode))  # a double-clicked Save: it is already there
        data = form.cleaned_data
        knock_on = conversation_knock_on(
            episode=episode,
            kind=kind,
            held_on=data["held_on"],
            at_hub=data["place"] == Conversation.Place.HUB_SESSION or bool(data["hub_session"]),
        )
        try:
            _save_conversation(request, episode, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _said(f"{Kind(kind).label} recorded.", knock_on))
            return redirect(_timeline(episode))
    context = {"episode": episode, "person": episode.person, "form": form, "kind": Kind(kind)}
    return render(request, "conversations/conversation_form.html", context | {"refused": refused})


def _said(done: str, knock_on: KnockOn) -> str:
    """The confirmation, with everything else the move did."""
    return " ".join([done, *knock_on.done()])


@login_required
def episode_close(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, pk=pk, action="episode.work")
    knock_on = close_knock_on(episode=episode, closed_on=timezone.localdate())
    form = EpisodeCloseForm(request.POST or None, knock_on=knock_on)
    if request.method == "POST" and form.is_valid():
        knock_on = close_knock_on(episode=episode, closed_on=form.cleaned_data["closed_on"])
        try:
            pathway.episode_close(
                actor=request.user,
                episode=episode,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _said("Episode closed.", knock_on))
            return redirect(_timeline(episode))
    return render(
        request,
        "conversations/episode_close.html",
        {"form": form, "person": episode.person, "cancel": _timeline(episode)},
    )


@login_required
def episode_start(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk, action="episode.work")
    return _start_form(request, person=person, reopening=None)


@login_required
def episode_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, pk=pk, action="episode.work")
    return _start_form(request, person=episode.person, reopening=episode)


def _start_form(request: HttpRequest, *, person, reopening: Episode | None) -> HttpResponse:
    form = EpisodeStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if reopening is not None:
                episode = pathway.episode_reopen(actor=request.user, episode=reopening, **data)
            else:
                episode = pathway.episode_open(
                    actor=request.user,
                    person=person,
                    locality_id=pathway.locality_for_new_episode(user=request.user, person=person),
                    **data,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "A new episode has started: it is waiting for a conversation."
            )
            return redirect(_timeline(episode))
    title = "Reopen as a new episode" if reopening else "Start an episode"
    return render(
        request,
        "conversations/form_page.html",
        {
            "form": form,
            "person": person,
            "title": title,
            "intro": "The closed episode stays as it was; a new one starts from this first contact."
            if reopening
            else "A new journey, from the day they got in touch.",
            "submit": title,
            "cancel": reverse("conversations:person_detail", args=[person.pk]),
        },
    )
