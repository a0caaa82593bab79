from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "cls_portal.backup"
    label = "backup"
    verbose_name = "Backups"
