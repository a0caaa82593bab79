from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every app: it sits above them all, and no app imports it."""

    name = "demo"
    verbose_name = "Demo data"
