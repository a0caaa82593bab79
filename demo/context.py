"""What every app's demo seeder shares: the random source, today, the scale and the places."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

SCALES: dict[str, dict[str, int]] = {
    # DESIGN §8: a large partnership has 100k people and 300k conversations (five years of
    # history, so people come back more often: ``returns`` chances each, with the percentages
    # of those resolved at a drop-in who come back and of those connected who drop in again;
    # and the percentage of closed episodes whose person is later referred back).
    "demo": {
        "localities": 3,
        "hubs": 6,
        "people": 240,
        "solutions": 40,
        "months": 18,
        "returns": 1,
        "come_back_percent": 12,
        "drop_in_again_percent": 25,
        "referred_back_percent": 30,
    },
    "large": {
        "localities": 8,
        "hubs": 40,
        "people": 100_000,
        "solutions": 600,
        "months": 60,
        "returns": 6,
        "come_back_percent": 75,
        "drop_in_again_percent": 55,
        "referred_back_percent": 75,
    },
}

# The benchmark's national programme: the large partnership and nine of 20,000 people
# (demo/programme.py), all sharing with one programme.
SCALES["national"] = dict(SCALES["large"])

# Documented in the README; demo data only.
DEMO_PASSWORD = "cls-demo-2026"  # nosec B105


@dataclass
class SeedContext:
    rng: random.Random
    today: datetime.date
    scale: str
    sizes: dict[str, int]
    stdout: Any = None
    partnership: Any = None
    localities: list[Any] = field(default_factory=list)
    hubs: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> datetime.date:
        """The first day of the demo history (``months`` before today)."""
        return self.today - datetime.timedelta(days=round(self.sizes["months"] * 30.44))

    def random_day(self, start: datetime.date | None = None, end: datetime.date | None = None):
        start = start or self.start
        end = end or self.today
        span = max((end - start).days, 0)
        return start + datetime.timedelta(days=self.rng.randint(0, span))

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)
