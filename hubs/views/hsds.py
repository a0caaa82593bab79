"""Sharing the directory in Open Referral HSDS 3.0: download an export, upload an import."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cls_portal.api import JSONTooDeep, json_loads
from cls_portal.permissions import require
from hubs.forms import DirectoryImportForm
from hubs.hsds.export import hsds_document
from hubs.hsds.imports import Problem
from hubs.services.hsds import ImportResult, hsds_directory_import


@login_required
@require_GET
def directory_exchange(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.edit")
    return render(request, "hubs/directory_exchange.html", {"form": DirectoryImportForm()})


@login_required
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.edit")
    partnership = request.user.partnership
    response = JsonResponse(hsds_document(partnership=partnership), json_dumps_params={"indent": 2})
    filename = f"{partnership.slug}-directory-hsds-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def directory_import(request: HttpRequest) -> HttpResponse:
    require(request.user, "directory.edit")
    form = DirectoryImportForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            document = json_loads(form.cleaned_data["file"].read().decode("utf-8-sig"))
        except JSONTooDeep:
            result = ImportResult(
                problems=[Problem("the file", "", "is nested too deeply to be an HSDS file.")]
            )
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            result = ImportResult(
                problems=[Problem("the file", "", f"is not valid JSON ({error}).")]
            )
        else:
            result = hsds_directory_import(
                actor=request.user, partnership=request.user.partnership, document=document
            )
    return render(request, "hubs/directory_exchange.html", {"form": form, "result": result})
