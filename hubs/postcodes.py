"""UK postcodes in one form, so they can be matched exactly (and with an index)."""

from __future__ import annotations


def normalise_postcode(value: str) -> str:
    """Capitals, no stray spaces, one space before the inward code (the last three
    characters): "eh11aa", "EH1  1AA" and " eh1 1aa" all become "EH1 1AA"."""
    compact = "".join((value or "").split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
