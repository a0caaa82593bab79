from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for every app; it sits on top and nothing imports it."""

    name = "cls_portal.demo"
    label = "demo"
    verbose_name = "Demo data"
