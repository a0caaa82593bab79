"""What else a move on the pathway will do, said before it is done and again after.

The pathway's rules (``conversations.services.pathway_rules``) carry knock-on effects that a
worker recording a conversation may not expect: leaving conversation 2 ends the open crisis plan,
closing takes the person off every waiting list, a conversation at a hub takes them off the hub
appointment list. The pages ask these rules (never a copy of them) what a move would do, ask
first where it is a surprise (ending a crisis plan needs a tick), and say what was done on the
confirmation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from conversations.models import CrisisPlan, Episode, WaitingListEntry
from conversations.services.pathway_rules import episode_after_close, episode_after_conversation


@dataclass(frozen=True)
class KnockOn:
    crisis_plan: CrisisPlan | None = None  # the open crisis plan the move would end
    waiting_lists: tuple[str, ...] = field(default=())  # lists they would come off
    hub_appointment: bool = False  # they would come off the hub appointment list, "seen"

    def ending_plan_words(self) -> str:
        """``the crisis plan (Red, review by 9 Dec)``."""
        plan = self.crisis_plan
        if plan is None:
            return ""
        return f"the crisis plan ({plan.get_rag_display()}, review by {_day(plan.review_by)})"

    def ask(self) -> str:
        """The question before a surprising effect: ending an open crisis plan."""
        return f"This will end {self.ending_plan_words()}. End it?" if self.crisis_plan else ""

    def warnings(self) -> list[str]:
        """Said on the form before saving."""
        said = []
        if self.waiting_lists:
            said.append(f"Closing takes them off {_lists(self.waiting_lists)}.")
        return said

    def done(self) -> list[str]:
        """Said on the confirmation after saving."""
        said = []
        if self.crisis_plan is not None:
            words = self.ending_plan_words()
            said.append(f"{words[0].upper()}{words[1:]} has ended.")
        if self.waiting_lists:
            said.append(f"They are off {_lists(self.waiting_lists)}.")
        if self.hub_appointment:
            said.append("They are off the hub appointment list (seen).")
        return said


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%b}"


def _lists(names: tuple[str, ...]) -> str:
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return f"the waiting list {quoted[0]}"
    return "the waiting lists " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def _open_plan(episode: Episode) -> CrisisPlan | None:
    return (
        CrisisPlan.objects.filter(episode=episode, ended_on__isnull=True)
        .order_by("-review_by", "-pk")
        .first()
    )


def conversation_knock_on(
    *, episode: Episode, kind: int, held_on: datetime.date, at_hub: bool = False
) -> KnockOn:
    """What recording a conversation of ``kind`` on the episode would do besides."""
    effects = episode_after_conversation(episode, kind=kind, held_on=held_on, at_hub=at_hub)
    seen = (
        effects.hub_appointment_seen
        and WaitingListEntry.objects.filter(
            episode=episode, waiting_list__is_hub_appointments=True, removed_on__isnull=True
        ).exists()
    )
    return KnockOn(
        crisis_plan=_open_plan(episode) if effects.ends_crisis_plan else None,
        hub_appointment=seen,
    )


def close_knock_on(*, episode: Episode, closed_on: datetime.date) -> KnockOn:
    """What closing the episode would do besides."""
    effects = episode_after_close(episode, reason="", closed_on=closed_on)
    names = (
        WaitingListEntry.objects.filter(episode=episode, removed_on__isnull=True)
        .order_by("waiting_list__name")
        .values_list("waiting_list__name", flat=True)
    )
    return KnockOn(
        crisis_plan=_open_plan(episode) if effects.ends_crisis_plan else None,
        waiting_lists=tuple(names),
    )
