"""Change stories: list, record, read and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cls_portal.forms import add_service_errors
from cls_portal.permissions import can, require
from outcomes.forms import ChangeStoryForm
from outcomes.selectors.stories import change_story_get, change_story_list
from outcomes.services.stories import change_story_create, change_story_update

PAGE_SIZE = 25


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "change_story.view")
    page = Paginator(change_story_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outcomes/story_list.html",
        {"page": page, "may_record": can(request.user, "change_story.record")},
    )


@login_required
def story_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "change_story.record")
    form = ChangeStoryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            story = change_story_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: the story is saved.")
            return redirect("outcomes:story_detail", pk=story.pk)
    return render(
        request, "outcomes/story_form.html", {"form": form, "title": "Record a change story"}
    )


@login_required
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = change_story_get(user=request.user, pk=pk)
    return render(
        request,
        "outcomes/story_detail.html",
        {"story": story, "may_edit": can(request.user, "change_story.record", story)},
    )


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = change_story_get(user=request.user, pk=pk, action="change_story.record")
    form = ChangeStoryForm(request.POST or None, instance=story, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            change_story_update(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved your changes to the story.")
            return redirect("outcomes:story_detail", pk=story.pk)
    return render(
        request,
        "outcomes/story_form.html",
        {"form": form, "title": "Edit the story", "story": story},
    )
