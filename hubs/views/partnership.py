"""A partnership's administrator sets it up: its localities and its settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.forms import add_service_errors
from cls_portal.permissions import require
from hubs import selectors
from hubs.forms import LocalityEditForm, LocalityForm, PartnershipSettingsForm
from hubs.services.localities import locality_create, locality_update
from hubs.services.partnerships import partnership_settings_update


@login_required
def locality_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "partnership.manage")
    page = Paginator(selectors.locality_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "hubs/locality_list.html", {"page": page})


@login_required
def locality_add(request: HttpRequest) -> HttpResponse:
    require(request.user, "partnership.manage")
    form = LocalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            locality = locality_create(
                actor=request.user, partnership=request.user.partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added {locality}.")
            return redirect("hubs:locality_list")
    context = {"form": form, "title": "Add a locality"}
    return render(request, "hubs/locality_form.html", context)


@login_required
def locality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    locality = selectors.locality_get(user=request.user, pk=pk)
    initial = {"name": locality.name, "is_active": locality.is_active}
    form = LocalityEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            locality_update(actor=request.user, locality=locality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved changes to {form.cleaned_data['name']}.")
            return redirect("hubs:locality_list")
    context = {"form": form, "title": f"Change {locality}", "locality": locality}
    return render(request, "hubs/locality_form.html", context)


@login_required
def partnership_settings(request: HttpRequest) -> HttpResponse:
    require(request.user, "partnership.manage")
    partnership = request.user.partnership
    form = PartnershipSettingsForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            partnership_settings_update(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The partnership's settings are saved.")
            return redirect("hubs:partnership_settings")
    context = {"form": form, "partnership": partnership}
    return render(request, "hubs/partnership_settings.html", context)
