from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.accounts import selectors, services
from cls_portal.accounts.forms import UserCreateForm, UserEditForm
from cls_portal.forms import add_service_errors
from cls_portal.permissions import require


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "users.manage")
    page = Paginator(selectors.user_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "users.manage")
    partnership_id = request.user.partnership_id
    form = UserCreateForm(request.POST or None, partnership_id=partnership_id)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                actor=request.user, partnership_id=partnership_id, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{user} can now sign in as {user.username}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Add a user"})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "is_active": target.is_active,
        "localities": target.localities.all(),
    }
    form = UserEditForm(request.POST or None, initial=initial, partnership_id=target.partnership_id)
    if request.method == "POST" and form.is_valid():
        services.user_update(actor=request.user, user=target, **form.cleaned_data)
        messages.success(request, f"Saved changes to {target}.")
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": f"Edit {target}", "target": target},
    )
