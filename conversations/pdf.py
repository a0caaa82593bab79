"""The subject access export as a readable PDF (WeasyPrint; no database writes here)."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string

from conversations.selectors.privacy import SubjectAccess

# WeasyPrint narrates every step at INFO; only its warnings matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _said(value: Any) -> str | None:
    """A value as the PDF says it (None: nothing recorded)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def subject_access_html(access: SubjectAccess) -> str:
    sections = [
        {
            "title": section.title.capitalize(),
            "records": [
                [(section.labels[name], _said(value)) for name, value in record.items()]
                for record in section.records
            ],
        }
        for section in access.sections
    ]
    return render_to_string(
        "conversations/privacy/subject_access_pdf.html",
        {"access": access, "person": access.person, "sections": sections},
    )


def subject_access_pdf(access: SubjectAccess) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow

    return HTML(string=subject_access_html(access), base_url=None).write_pdf()
