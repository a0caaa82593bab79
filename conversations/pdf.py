"""The subject access export as a readable PDF (WeasyPrint; no database writes here)."""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

from django.template.loader import render_to_string

from conversations.selectors.privacy import SubjectAccess

# WeasyPrint narrates every step at INFO; only its warnings matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _said(value: Any) -> str | None:
    """A value as the PDF says it (None: nothing recorded); dates in words."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value)
    if _ISO_DATE.match(text):
        return f"{datetime.date.fromisoformat(text):%-d %B %Y}"
    if _ISO_MOMENT.match(text):
        return f"{datetime.datetime.fromisoformat(text):%-d %B %Y, %H:%M}"
    return text


def subject_access_html(access: SubjectAccess) -> str:
    sections = [
        {
            "title": section.title,
            "records": [
                {
                    "title": f"{section.record_title} #{record['id']}",
                    "values": [
                        (section.labels[name], _said(value))
                        for name, value in record.items()
                        if name != "id"
                    ],
                }
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
