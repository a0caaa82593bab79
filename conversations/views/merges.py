"""Merging two records of the same person: propose (from the duplicate's page), then a second
person confirms or declines (``services.merge``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.audit.services import audit_view
from cls_portal.forms import add_service_errors
from conversations.forms.records import MergeDecideForm, MergeProposeForm
from conversations.models import PersonMerge
from conversations.selectors.people import person_get
from conversations.selectors.records import (
    MERGE_PAGE_SIZE,
    merge_get,
    merge_open_for,
    merges_waiting,
    people_to_choose,
)
from conversations.services.merge import (
    person_merge_confirm,
    person_merge_decline,
    person_merge_propose,
)


@login_required
def person_merge_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    """From the duplicate's page: find the record to keep, say why, and propose the merge."""
    person = person_get(user=request.user, pk=pk, action="person.merge")
    if request.method == "GET":  # the access log (a refused or saved form logs nothing more)
        audit_view(actor=request.user, obj=person)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    people = people_to_choose(user=request.user, text=query, besides=person)
    form = MergeProposeForm(request.POST or None)
    form.set_people(people)
    if request.method == "POST" and form.is_valid():
        kept = next(p for p in people if p.pk == form.cleaned_data["kept"])
        try:
            merge = person_merge_propose(
                actor=request.user, duplicate=person, kept=kept, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Merge proposed: someone else now confirms it.")
            return redirect("conversations:person_merge_detail", merge.pk)
    context = {
        "person": person,
        "form": form,
        "query": query,
        "searched": bool(query),
        "people": people,
        "waiting": merge_open_for(person=person),
    }
    return render(request, "conversations/records/merge_propose.html", context)


@login_required
def person_merge_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(merges_waiting(user=request.user), MERGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "conversations/records/merge_list.html", {"page": page})


@login_required
def person_merge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The two records side by side; confirm (not the proposer) or decline."""
    merge = merge_get(user=request.user, pk=pk)
    if request.method == "GET":  # the access log: both records are shown
        for person in (merge.duplicate, merge.kept):
            audit_view(actor=request.user, obj=person)
    form = MergeDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "confirm":
                kept = person_merge_confirm(actor=request.user, merge=merge)
                messages.success(request, "Records merged: everything is now on this record.")
                return redirect("conversations:person_detail", kept.pk)
            person_merge_decline(actor=request.user, merge=merge)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Both records are kept.")
            return redirect("conversations:person_merge_list")
    context = {
        "merge": merge,
        "form": form,
        "is_proposer": merge.proposed_by_id == request.user.pk,
        "open": merge.state == PersonMerge.State.PROPOSED,
        "pair": [("Remove (duplicate)", merge.duplicate), ("Keep", merge.kept)],
    }
    return render(request, "conversations/records/merge_detail.html", context)
