"""The installation's operator (a superuser): the partnerships, setting up a new one with its
first administrator, and sending an administrator a new set-password link. The operator sees
no partnership's records: only names, counts of staff, and its administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cls_portal.accounts import selectors, services
from cls_portal.accounts.forms import PartnershipSetUpForm
from cls_portal.accounts.views import site_url
from cls_portal.forms import add_service_errors
from cls_portal.permissions import require_platform_operator


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    require_platform_operator(request.user)
    page = Paginator(selectors.platform_partnership_list(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/platform/partnership_list.html", {"page": page})


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    require_platform_operator(request.user)
    form = PartnershipSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership, admin, _link = services.partnership_set_up(
                actor=request.user, site_url=site_url(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{partnership} is set up. {admin} has been sent a link to set their password "
                f"({admin.email}).",
            )
            return redirect("platform:partnership_list")
    context = {"form": form, "title": "Set up a partnership"}
    return render(request, "accounts/platform/partnership_form.html", context)


@login_required
@require_POST
def admin_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A partnership's administrator lost their link: send a new one."""
    admin = selectors.platform_admin_get(user=request.user, pk=pk)
    try:
        services.user_password_reset(actor=request.user, user=admin, site_url=site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"A new link to set a password has been sent to {admin}.")
    return redirect("platform:partnership_list")
