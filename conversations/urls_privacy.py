"""The trust pages for administrators: a person's audit history, subject access export,
erasure on request, and the retention review."""

from django.urls import path

from conversations.views import privacy

urlpatterns = [
    path("people/<int:pk>/history/", privacy.person_history, name="person_history"),
    path(
        "people/<int:pk>/subject-access.json",
        privacy.person_export_json,
        name="person_export_json",
    ),
    path("people/<int:pk>/subject-access.pdf", privacy.person_export_pdf, name="person_export_pdf"),
    path("people/<int:pk>/erase/", privacy.person_erase_view, name="person_erase"),
    path("people/retention/", privacy.retention_review_view, name="retention_review"),
]
