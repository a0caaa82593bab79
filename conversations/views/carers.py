"""Carers (who looks after whom) and the person page's section on linked records: carers both
ways, records merged into this one, and the way to propose a merge (``services.carers``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from cls_portal.htmx import wants_fragment
from cls_portal.permissions import has_role_permission
from conversations.forms.records import CarerLinkEndForm, CarerLinkForm
from conversations.selectors.pathway import episode_get
from conversations.selectors.people import person_get
from conversations.selectors.records import (
    carer_link_get,
    people_to_choose,
    person_links_context,
)
from conversations.services.carers import (
    carer_link_create,
    carer_link_end,
    episode_set_as_carer,
)


@login_required
def person_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Carers both ways and merged records: a section of the person's page (htmx) or a page."""
    person = person_get(user=request.user, pk=pk)
    audit_view(actor=request.user, obj=person)  # the access log
    context = {
        "person": person,
        **person_links_context(user=request.user, person=person),
        "may_link": has_role_permission(request.user, "carer.change"),
        "may_merge": has_role_permission(request.user, "person.merge"),
    }
    if wants_fragment(request, target="person-links"):
        return render(request, "conversations/records/_person_links.html", context)
    return render(request, "conversations/records/person_links.html", context)


@login_required
def carer_link_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk, action="carer.change")
    if request.method == "GET":  # the access log (a refused or saved form logs nothing more)
        audit_view(actor=request.user, obj=person)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    people = people_to_choose(user=request.user, text=query, besides=person)
    form = CarerLinkForm(request.POST or None)
    form.set_people(people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = next(p for p in people if p.pk == data["other"])
        carer, cared_for = (person, other) if data["direction"] == "is_carer" else (other, person)
        try:
            carer_link_create(
                actor=request.user,
                carer=carer,
                cared_for=cared_for,
                relationship=data["relationship"],
                started_on=data["started_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{carer.full_name} is linked as carer of {cared_for.full_name}."
            )
            return redirect("conversations:person_detail", person.pk)
    context = {"person": person, "form": form, "query": query, "searched": bool(query)}
    return render(request, "conversations/records/carer_link_form.html", context)


@login_required
def carer_link_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    link = carer_link_get(user=request.user, pk=pk)
    done = reverse("conversations:person_detail", args=[link.carer_id])
    form = CarerLinkEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            carer_link_end(actor=request.user, link=link, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The caring role has ended.")
            return redirect(done)
    context = {
        "title": "They no longer care for them",
        "intro": f"{link.carer.full_name} cared for {link.cared_for.full_name} since "
        f"{link.started_on:%-d %B %Y}.",
        "form": form,
        "person": link.carer,
        "submit": "Save",
        "cancel": done,
    }
    return render(request, "conversations/form_page.html", context)


@require_POST
@login_required
def episode_as_carer(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark (``as_carer=1``) or unmark the episode as support for the person as a carer."""
    episode = episode_get(user=request.user, pk=pk, action="carer.change")
    try:
        episode_set_as_carer(
            actor=request.user, episode=episode, as_carer=request.POST.get("as_carer") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Saved.")
    return redirect("conversations:person_detail", episode.person_id)
