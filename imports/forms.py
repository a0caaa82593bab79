"""The upload form: what the file holds, and the file (its size and type are checked again by
the service, which reads its first bytes)."""

from __future__ import annotations

from typing import Any

from django import forms

from cls_portal.forms import PlainErrorsMixin
from imports.models import ImportJob
from imports.services import MAX_UPLOAD_BYTES


class ImportUploadForm(PlainErrorsMixin, forms.Form):
    required_words = {
        "kind": "Choose what the file holds",
        "file": "Choose a CSV or Excel file to check",
    }

    kind = forms.ChoiceField(
        label="What the file holds", choices=ImportJob.Kind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label="File (CSV or Excel .xlsx)",
        help_text="The first row names the columns, as in the template. Up to 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Choose a CSV file (.csv) or an Excel workbook (.xlsx).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB: split it in two.")
        return upload
