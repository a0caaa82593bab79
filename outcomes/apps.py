from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"

    def ready(self) -> None:
        from cls_portal.audit.models import listen_to_audit
        from outcomes.services.rollups import mark_changes

        # Every audited change marks the months of figures it touches, in its own transaction.
        listen_to_audit(mark_changes)
