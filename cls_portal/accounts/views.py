"""Staff accounts (administrators): the list, adding (by invitation), changing, sending a new
set-password link and revoking it; the set-up page; and the one-time set-password page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cls_portal.accounts import invitations, selectors, services
from cls_portal.accounts.forms import SetPasswordForm, UserCreateForm, UserEditForm
from cls_portal.accounts.setup import setup_steps
from cls_portal.forms import add_service_errors
from cls_portal.permissions import require


def site_url(request: HttpRequest) -> str:
    """Where links in e-mails point: ``SITE_URL``, else the address this request came to."""
    return settings.SITE_URL or request.build_absolute_uri("/")


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    require(request.user, "partnership.manage")
    steps = setup_steps(partnership_id=request.user.partnership_id)
    return render(request, "accounts/setup.html", {"steps": steps})


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
        data = form.cleaned_data
        try:
            if data["password"]:
                user = services.user_create(
                    actor=request.user, partnership_id=partnership_id, **data
                )
            else:
                del data["password"]
                user, _link = services.user_invite(
                    actor=request.user,
                    partnership_id=partnership_id,
                    site_url=site_url(request),
                    **data,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if data.get("password"):
                messages.success(request, f"{user} can now sign in as {user.username}.")
            else:
                messages.success(
                    request, f"{user} has been sent a link to set their password ({user.email})."
                )
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": "Add a user"})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    current = list(target.localities.all())
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "is_active": target.is_active,
        "localities": current,
    }
    form = UserEditForm(
        request.POST or None,
        initial=initial,
        partnership_id=target.partnership_id,
        keep=[loc.pk for loc in current],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=target, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved changes to {target}.")
            return redirect("accounts:user_list")
    context = {
        "form": form,
        "title": f"Edit {target}",
        "target": target,
        "invitation": invitations.invitation_latest(user=target),
    }
    return render(request, "accounts/user_form.html", context)


@login_required
@require_POST
def user_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a new one-time link: the invitation again, or a password reset."""
    target = selectors.user_get(user=request.user, pk=pk)
    try:
        services.user_password_reset(actor=request.user, user=target, site_url=site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"A new link to set a password has been sent to {target}.")
    return redirect("accounts:user_edit", pk=target.pk)


@login_required
@require_POST
def user_revoke_link(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(user=request.user, pk=pk)
    try:
        invitations.invitation_revoke(actor=request.user, user=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The link sent to {target} no longer works.")
    return redirect("accounts:user_edit", pk=target.pk)


@never_cache
def set_password(request: HttpRequest, token: str) -> HttpResponse:
    """The page a set-password link opens (no sign-in: the link is the proof). A made-up link
    is 404; a used, revoked or expired one says so (410) and what to do."""
    invitation = invitations.invitation_find(token)
    if invitation is None:
        raise Http404("No such link.")
    if invitation.status() != "waiting" or not invitation.user.is_active:
        return render(
            request, "accounts/set_password_gone.html", {"invitation": invitation}, status=410
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_set_password_with_link(
                invitation=invitation, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Your password is set. Sign in as {user.username}.")
            return redirect("login")
    context = {"form": form, "invitation": invitation, "who": invitation.user}
    return render(request, "accounts/set_password.html", context)
