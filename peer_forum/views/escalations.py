"""Escalations that finish: those waiting for the senior decision (and how long), one escalation
with the senior decision recorded on it, and naming the partnership's senior decision body."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import can, require
from peer_forum.forms import EscalationDecisionForm, EscalationPanelForm
from peer_forum.selectors import escalations as escalation_selectors
from peer_forum.services import escalations as escalation_services
from peer_forum.views.common import page_of, section_links


@login_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "escalation.view")
    user = request.user
    context = {
        "waiting": page_of(request, escalation_selectors.escalation_list_waiting(user=user), 25),
        "decided": escalation_selectors.escalation_list_decided(user=user)[:10],
        "panel": escalation_selectors.escalation_panel_get(user=user),
        "is_member": escalation_services.is_panel_member(user, user.partnership_id),
        "can_manage_panel": can(user, "escalation.manage"),
        "peer_forum_links": section_links(request),
    }
    if wants_fragment(request, "escalations-waiting"):
        return render(request, "peer_forum/partials/_escalations_waiting.html", context)
    return render(request, "peer_forum/escalation_list.html", context)


@login_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The escalated request and the forum's decision; for a member of the senior decision
    body, the form recording the senior decision (POST is theirs alone)."""
    user = request.user
    action = "escalation.decide" if request.method == "POST" else "escalation.view"
    decision = escalation_selectors.escalation_get(user=user, pk=pk, action=action)
    funding = decision.request
    audit_view(actor=user, obj=funding)  # a person's record was read
    senior = getattr(decision, "senior", None)
    is_member = escalation_services.is_panel_member(user, user.partnership_id)
    form = None
    if senior is None and is_member:
        form = EscalationDecisionForm(request.POST or None, unit=funding.amount_unit)
        if request.method == "POST" and form.is_valid():
            try:
                escalation_services.escalation_decide(
                    actor=user,
                    decision=decision,
                    **form.service_arguments(one_off=funding.is_one_off),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Senior decision recorded.")
                if can(user, "funding_request.view"):  # the request's whole path
                    return redirect("peer_forum:request_detail", pk=funding.pk)
                return redirect("peer_forum:escalation_detail", pk=decision.pk)
    elif request.method == "POST" and senior is not None:
        messages.info(request, "This escalation has already been decided.")
        return redirect("peer_forum:escalation_detail", pk=decision.pk)
    context = {
        "escalation": decision,
        "funding": funding,
        "senior": senior,
        "form": form,
        "put_amount": escalation_services.put_amount(decision),
        "panel": escalation_selectors.escalation_panel_get(user=user),
        "is_member": is_member,
        "can_open_request": can(user, "funding_request.view"),
    }
    return render(request, "peer_forum/escalation_detail.html", context)


@login_required
def escalation_panel(request: HttpRequest) -> HttpResponse:
    """The administrator names the partnership's senior decision body and its members."""
    require(request.user, "escalation.manage")
    user = request.user
    panel = escalation_selectors.escalation_panel_get(user=user)
    initial = {"name": panel.name, "members": list(panel.members.all())} if panel else {}
    form = EscalationPanelForm(
        request.POST or None,
        initial=initial,
        members_queryset=escalation_services.eligible_panel_members(user.partnership_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = escalation_services.escalation_panel_save(
                actor=user, partnership=user.partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved: escalations go to the {saved.name}.")
            return redirect("peer_forum:escalation_list")
    context = {
        "form": form,
        "title": "Senior decision for escalations",
        "panel": panel,
    }
    return render(request, "peer_forum/escalation_panel.html", context)
