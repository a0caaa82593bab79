from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cls_portal.audit"
    label = "audit"
    verbose_name = "Audit"
