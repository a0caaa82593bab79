"""Forms for the pathway: start or reopen an episode, record a conversation, close an episode.
Input validation only; the rules (which moves are allowed, dates in order) live in the services,
whose errors ``add_service_errors`` puts beside the right fields."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from cls_portal.forms import PlainErrorsMixin
from conversations.models import Conversation, Episode
from conversations.selectors.knock_on import KnockOn
from hubs.models import HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

RECENT_SESSION_DAYS = 14


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def today() -> datetime.date:
    return timezone.localdate()


class AsksBeforeKnockOnMixin:
    """A move that would end an open crisis plan asks first: the form gets a box to tick
    (``end_crisis_plan``), required, so nothing ends without a word. The page shows
    ``knock_on.ask()`` beside it and ``knock_on.warnings()`` above the button."""

    def ask_before(self, knock_on: KnockOn | None) -> None:
        self.knock_on = knock_on or KnockOn()
        self.asks_to_end_crisis_plan = self.knock_on.crisis_plan is not None
        if self.asks_to_end_crisis_plan:
            words = self.knock_on.ending_plan_words()
            self.fields["end_crisis_plan"] = forms.BooleanField(  # type: ignore[attr-defined]
                label=f"Yes, end {words}",
                error_messages={"required": f"Tick to confirm you want to end {words}"},
            )


class EpisodeStartForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "first_contact_on": "Enter the date they got in touch",
        "channel": "Choose how they got in touch",
        "source": "Choose who got in touch",
    }
    first_contact_on = forms.DateField(
        label="First contact", initial=today, widget=DateInput, help_text="When they got in touch."
    )
    channel = forms.ChoiceField(label="How they got in touch", choices=Episode.Channel.choices)
    source = forms.ChoiceField(
        label="Who got in touch", choices=Episode.Source.choices, initial=Episode.Source.SELF
    )


class EpisodeCloseForm(PlainErrorsMixin, AsksBeforeKnockOnMixin, forms.Form):
    required_words = {
        "reason": "Choose why the episode is closing",
        "closed_on": "Enter the date the episode closed",
    }
    reason = forms.ChoiceField(
        label="Why is the episode closing?",
        choices=Episode.CloseReason.choices,
        widget=forms.RadioSelect,
    )
    closed_on = forms.DateField(label="Closed on", initial=today, widget=DateInput)

    def __init__(self, *args: Any, knock_on: KnockOn | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ask_before(knock_on)


class ConversationForm(PlainErrorsMixin, AsksBeforeKnockOnMixin, forms.Form):
    """A conversation 1 (and the common part of 2 and 3): short, in the person's words."""

    required_words = {
        "held_on": "Enter the date of the conversation",
        "place": "Choose where the conversation was",
        "what_matters": "Say what matters to them, in their words",
    }

    kind = Conversation.Kind.LISTEN_AND_CONNECT

    held_on = forms.DateField(label="Date of the conversation", initial=today, widget=DateInput)
    place = forms.ChoiceField(
        label="Where", choices=Conversation.Place.choices, widget=forms.RadioSelect
    )
    hub_session = forms.ModelChoiceField(
        label="Hub session",
        queryset=HubSession.objects.none(),
        required=False,
        empty_label="Not at a hub session",
        help_text="If it was at a hub session in the last two weeks.",
    )
    what_matters = forms.CharField(
        label="What matters to them, in their words",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strengths_own = forms.CharField(
        label="Their own strengths", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    strengths_family = forms.CharField(
        label="Family and friends", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    strengths_community = forms.CharField(
        label="Community", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agreed_actions = forms.CharField(
        label="What we agreed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(label="Next step", required=False, max_length=250)
    what_happened = forms.ChoiceField(
        label="What happened",
        choices=[("", "—"), *Conversation.WhatHappened.choices],
        required=False,
        help_text="“Resolved there and then” counts as support in place today.",
    )
    new_outcomes = forms.CharField(
        label="What they want to achieve, in their words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional. One per line, e.g. “not to be lonely”. These become their "
        "personal outcomes, reviewed over time.",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(
        self,
        *args: Any,
        user: User,
        episode: Episode,
        knock_on: KnockOn | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.ask_before(knock_on)
        since = timezone.localdate() - datetime.timedelta(days=RECENT_SESSION_DAYS)
        self.fields["hub_session"].queryset = (
            HubSession.objects.visible_to(user)
            .filter(date__gte=since, date__lte=timezone.localdate())
            .select_related("hub")
            .order_by("-date", "hub__name")
        )
        self.fields["hub_session"].label_from_instance = lambda s: f"{s.hub} — {s.date:%a %d %b}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("hub_session") and cleaned.get("held_on"):
            if cleaned["hub_session"].date != cleaned["held_on"]:
                self.add_error("hub_session", "The session was on another day.")
            if cleaned.get("place") and cleaned["place"] != Conversation.Place.HUB_SESSION:
                self.add_error("place", "Choose “At a hub session” for a hub session.")
        return cleaned

    def conversation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "place": data["place"],
            "hub_session": data.get("hub_session"),
            "what_matters": data["what_matters"],
            "strengths_own": data["strengths_own"],
            "strengths_family": data["strengths_family"],
            "strengths_community": data["strengths_community"],
            "agreed_actions": data["agreed_actions"],
            "next_step": data["next_step"],
            "what_happened": data.get("what_happened", ""),
            "submission_token": data["submission_token"],
            "new_outcomes": data["new_outcomes"],
        }
