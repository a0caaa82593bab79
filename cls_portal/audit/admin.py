from django.contrib import admin

from cls_portal.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: audit rows cannot be edited or deleted through the app."""

    list_display = ["at", "actor", "action", "object_label"]
    list_filter = ["action", "model"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
