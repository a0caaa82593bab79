from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cls_portal.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from cls_portal.audit.context import connect_celery_signals

        connect_celery_signals()  # tasks write their audit rows as "task:<name>"
