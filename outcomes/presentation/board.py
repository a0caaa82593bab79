"""What a board reads first: the outcomes report's one-page summary in words, made from the
figures as shown (never from a hidden one), each rated red, amber or green against the target the
partnership set; and the fidelity evidence as shown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from outcomes.models import Target
from outcomes.periods import Month
from outcomes.presentation.published import published
from outcomes.reference import TARGET_FIGURES
from outcomes.selectors.core_data_set import OutcomeFigures
from outcomes.selectors.fidelity import Evidence
from outcomes.suppression import COUNT_UNITS, present

# The figures the summary speaks of: code → (subject, unit).
SUMMARY_FIGURES: list[tuple[str, str, str]] = [
    ("waiting_list.open_at_end", "People waiting", "entries"),
    ("wait_first_conversation.median_days", "The median wait for a first conversation", "days"),
    ("footfall.total", "People seen at hub sessions", "people"),
    ("signposts.made", "Signposts to community solutions", "signposts"),
    ("signposts.take_up_percent", "Take-up of signposts", "percent"),
    ("personal_outcomes.met_percent", "Personal outcomes met", "percent"),
    ("episodes.resolved_first_contact_percent", "Episodes resolved at first contact", "percent"),
    ("staff_pulse.overall_mean", "The staff pulse score", "score"),
]
RAG_WORDS = {
    "green": "Green: meets the target",
    "amber": "Amber: close to the target",
    "red": "Red: short of the target",
    "none": "No data to rate",
}


@dataclass(frozen=True)
class SummaryLine:
    code: str
    sentence: str
    target: str = ""  # the target as shown, e.g. "30", or "" when none is set
    rag: str = ""  # green, amber, red, none; "" when no target is set

    @property
    def rag_words(self) -> str:
        return RAG_WORDS.get(self.rag, "")


def _target(value: Decimal, unit: str) -> str:
    """A target as people read it: 30.00 people reads "30", 60.00% reads "60%"."""
    if value == value.to_integral_value() and unit != "gbp":
        return _number(int(value), unit) if unit != "percent" else f"{int(value)}%"
    return _number(value, unit)


def _number(value: Decimal | int, unit: str) -> str:
    """A value already cleared for showing (or a target, which counts no one), formatted."""
    if unit in COUNT_UNITS:
        return f"{value:,}"
    return present(value, unit=unit).text


def _change_words(before: Decimal | int, after: Decimal | int, unit: str) -> str:
    """ "fell from 48 to 30 (−37.5%)"; a share's change is in points, not percent of itself."""
    if after == before:
        return f"stayed at {_number(after, unit)}"
    verb = "rose" if after > before else "fell"
    if unit == "percent":
        points = Decimal(after) - Decimal(before)
        how = f"{'+' if points > 0 else '−'}{abs(points):.1f} points"
    elif before:
        change = (Decimal(after) - Decimal(before)) * 100 / Decimal(before)
        change = change.quantize(Decimal("0.1"), ROUND_HALF_UP)
        how = f"{'+' if change > 0 else '−'}{abs(change)}%"
    else:
        how = "from none"
    return f"{verb} from {_number(before, unit)} to {_number(after, unit)} ({how})"


def rag(value: Decimal | int | None, target: Target | None) -> str:
    """green when the figure meets the target; amber when within the target's margin of it;
    red otherwise; none when there is no figure to rate; "" when no target is set."""
    if target is None:
        return ""
    if value is None:
        return "none"
    value, goal = Decimal(value), Decimal(target.value)
    slack = abs(goal) * Decimal(target.amber_margin) / 100
    if target.higher_is_better:
        return "green" if value >= goal else ("amber" if value >= goal - slack else "red")
    return "green" if value <= goal else ("amber" if value <= goal + slack else "red")


def summary_since(figures: OutcomeFigures) -> Month:
    """What the summary compares with: the baseline when it is within the trend, else the
    trend's first month."""
    return figures.baseline if figures.baseline in figures.months else figures.months.first


def summary_lines(
    figures: OutcomeFigures, *, targets: dict[str, Target], since: Month | None = None
) -> list[SummaryLine]:
    """One sentence per figure: its value this month against ``since`` (the baseline by default,
    or the trend's first month if the baseline is outside it), as shown after suppression."""
    shown = published(figures)
    month = figures.month
    since = since or summary_since(figures)
    lines = []
    for code, subject, unit in SUMMARY_FIGURES:
        now = shown.row(month, code).shown
        then = shown.row(since, code).shown if since != month else None
        if now.suppressed:
            sentence = f"{subject}: not shown for {month.label} (fewer than 5 records)."
        elif now.value is None:
            sentence = f"{subject}: no data for {month.label}."
        elif then is not None and then.suppressed:
            sentence = (
                f"{subject}: {now.text} in {month.label} (the figure for {since.label} "
                "is not shown: fewer than 5 records)."
            )
        elif then is None or then.value is None:
            sentence = (
                f"{subject}: {now.text} in {month.label} "
                f"(nothing to compare with in {since.label})."
            )
        else:
            sentence = (
                f"{subject} {_change_words(then.value, now.value, unit)} since {since.label}."
            )
        target = targets.get(code)
        lines.append(
            SummaryLine(
                code,
                sentence,
                target=_target(target.value, unit) if target else "",
                rag=rag(None if now.suppressed else now.value, target),
            )
        )
    for code, target in targets.items():
        if code not in {c for c, _s, _u in SUMMARY_FIGURES} and code in TARGET_FIGURES:
            now = shown.row(month, code).shown
            label = TARGET_FIGURES[code][0]
            lines.append(
                SummaryLine(
                    code,
                    f"{label}: {now.text} in {month.label}.",
                    target=_target(target.value, now_unit(code)),
                    rag=rag(now.value, target),
                )
            )
    return lines


def now_unit(code: str) -> str:
    return (
        "gbp" if code.startswith("savings") else "percent" if code.endswith("percent") else "number"
    )


def evidence_shown(evidence: Iterable[Evidence]) -> list[tuple[str, str]]:
    """Each piece of evidence as (label, text), through small-number suppression."""
    return [(e.label, present(e.value, unit=e.unit, bases=e.bases).text) for e in evidence]
