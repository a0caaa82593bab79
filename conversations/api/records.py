"""Merges, corrections and carers through the API (the same services and selectors as the
pages: ``services.merge``, ``services.amendments``, ``services.carers``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction
from cls_portal.audit.services import audit_view
from conversations.api import records_serializers as s
from conversations.api.common import valid
from conversations.models import CarerLink, Episode, Person, PersonMerge
from conversations.selectors.pathway import episode_get
from conversations.selectors.people import person_get
from conversations.selectors.records import (
    amendable_get,
    carer_link_get,
    carer_links_of,
    merge_get,
    merges_waiting,
)
from conversations.services.amendments import AMENDABLE, may_amend, record_amend
from conversations.services.carers import carer_link_create, carer_link_end, episode_set_as_carer
from conversations.services.merge import (
    person_merge_confirm,
    person_merge_decline,
    person_merge_propose,
)


def _other_person(user: Any, pk: int, action: str, field: str) -> Person:
    """The other record named in the body: one the user may open, else a 400 on that field
    (a record out of scope is a wrong value here, not a missing URL)."""
    try:
        return person_get(user=user, pk=pk, action=action)
    except Http404 as exc:
        raise ValidationError({field: ["Choose a record you can open."]}) from exc


class PersonMergeProposeView(APIView):
    """Propose that this person's record (the duplicate) is the same person as ``kept``."""

    permission_classes = [RoleAction]
    scope_model = Person
    required_action = "person.merge"

    @extend_schema(request=s.MergeProposeIn, responses={201: s.MergeOut})
    def post(self, request: Request, pk: int) -> Response:
        duplicate = person_get(user=request.user, pk=pk, action="person.merge")
        data = valid(s.MergeProposeIn, request).validated_data
        kept = _other_person(request.user, data["kept"], "person.merge", "kept")
        merge = person_merge_propose(
            actor=request.user, duplicate=duplicate, kept=kept, reason=data["reason"]
        )
        return Response(s.MergeOut(merge).data, status=status.HTTP_201_CREATED)


class PersonMergeListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_action = "person.merge_confirm"
    serializer_class = s.MergeOut

    @extend_schema(summary="Merges waiting to be confirmed", responses=s.MergeOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(merges_waiting(user=request.user))
        return self.get_paginated_response(s.MergeOut(page, many=True).data)


class PersonMergeDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = PersonMerge
    required_action = "person.merge_confirm"

    @extend_schema(summary="One merge proposal", responses=s.MergeOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.MergeOut(merge_get(user=request.user, pk=pk)).data)


class PersonMergeConfirmView(APIView):
    """Confirm (not the proposer): everything of the duplicate moves to the kept record."""

    permission_classes = [RoleAction]
    scope_model = PersonMerge
    required_action = "person.merge_confirm"

    @extend_schema(request=None, responses=s.MergeOut)
    def post(self, request: Request, pk: int) -> Response:
        merge = merge_get(user=request.user, pk=pk)
        person_merge_confirm(actor=request.user, merge=merge)
        merge.refresh_from_db()
        return Response(s.MergeOut(merge).data)


class PersonMergeDeclineView(APIView):
    permission_classes = [RoleAction]
    scope_model = PersonMerge
    required_action = "person.merge_confirm"

    @extend_schema(request=None, responses=s.MergeOut)
    def post(self, request: Request, pk: int) -> Response:
        merge = person_merge_decline(actor=request.user, merge=merge_get(user=request.user, pk=pk))
        return Response(s.MergeOut(merge).data)


def correct_view(slug: str) -> type[APIView]:
    """The correction endpoint of one kind of record."""
    kind = AMENDABLE[slug]
    serializer = s.amend_serializer(kind)

    class CorrectView(APIView):
        permission_classes = [RoleAction]
        scope_model = kind.model
        required_action = "record.amend"

        @extend_schema(
            summary=f"Correct a {kind.label}, with a reason",
            request=serializer,
            responses={201: s.AmendmentOut},
        )
        def post(self, request: Request, pk: int) -> Response:
            record = amendable_get(user=request.user, slug=slug, pk=pk)
            if not may_amend(request.user, record):
                raise PermissionDenied("Only its author or a practitioner can correct this record.")
            data = dict(valid(serializer, request).validated_data)
            amendment = record_amend(actor=request.user, record=record, **data)
            return Response(s.AmendmentOut(amendment).data, status=status.HTTP_201_CREATED)

    CorrectView.__name__ = CorrectView.__qualname__ = f"{serializer.__name__[:-2]}View"
    return CorrectView


class PersonCarersView(APIView):
    """Whom this person cares for and who cares for them; link another person either way."""

    permission_classes = [RoleAction]
    scope_model = Person
    required_actions = {"read": "person.view", "write": "carer.change"}

    @extend_schema(responses=s.CarerLinkOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = person_get(user=request.user, pk=pk)
        caring_for, carers = carer_links_of(user=request.user, person=person)
        audit_view(actor=request.user, obj=person)
        return Response(s.CarerLinkOut([*caring_for, *carers], many=True).data)

    @extend_schema(request=s.CarerLinkIn, responses={201: s.CarerLinkOut})
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(user=request.user, pk=pk, action="carer.change")
        data = valid(s.CarerLinkIn, request).validated_data
        other = _other_person(request.user, data["other"], "carer.change", "other")
        carer, cared_for = (person, other) if data["direction"] == "is_carer" else (other, person)
        link = carer_link_create(
            actor=request.user,
            carer=carer,
            cared_for=cared_for,
            relationship=data["relationship"],
            started_on=data["started_on"],
        )
        return Response(s.CarerLinkOut(link).data, status=status.HTTP_201_CREATED)


class CarerLinkEndView(APIView):
    permission_classes = [RoleAction]
    scope_model = CarerLink
    required_action = "carer.change"

    @extend_schema(request=s.CarerLinkEndIn, responses=s.CarerLinkOut)
    def post(self, request: Request, pk: int) -> Response:
        link = carer_link_get(user=request.user, pk=pk)
        data = valid(s.CarerLinkEndIn, request).validated_data
        return Response(s.CarerLinkOut(carer_link_end(actor=request.user, link=link, **data)).data)


class EpisodeAsCarerView(APIView):
    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = "carer.change"

    @extend_schema(request=s.AsCarerIn, responses=s.AsCarerOut)
    def post(self, request: Request, pk: int) -> Response:
        episode = episode_get(user=request.user, pk=pk, action="carer.change")
        data = valid(s.AsCarerIn, request).validated_data
        episode = episode_set_as_carer(actor=request.user, episode=episode, **data)
        return Response(s.AsCarerOut(episode).data)
