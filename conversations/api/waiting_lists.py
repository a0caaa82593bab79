"""Waiting lists and their entries through the API, with offering hub appointments to several
people at once (``services.waiting_lists``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, date_from_query, id_from_query, id_parameter
from conversations.api import pathway_serializers as s
from conversations.api.common import AS_AT_PARAM, EPISODE_PARAM, logged, valid
from conversations.models import WaitingList, WaitingListEntry
from conversations.selectors.pathway import episode_get
from conversations.selectors.waiting_lists import (
    waiting_list_entries_chosen,
    waiting_list_entry_get,
    waiting_list_entry_list,
    waiting_list_get,
    waiting_list_index,
)
from conversations.services.waiting_lists import (
    waiting_list_entry_add,
    waiting_list_entry_remove,
    waiting_list_offer_hub_appointments,
)
from hubs.selectors import hub_session_choice


class WaitingListListView(APIView):
    permission_classes = [RoleAction]
    required_action = "waiting_list.view"

    @extend_schema(
        summary="The waiting lists, with how many you may see waiting on a day",
        parameters=[AS_AT_PARAM],
        responses=s.WaitingListOut(many=True),
    )
    def get(self, request: Request) -> Response:
        day = date_from_query(request, "as_at") or timezone.localdate()
        lists = waiting_list_index(user=request.user, day=day)
        return Response(s.WaitingListOut(lists, many=True).data)


class WaitingListOfferView(APIView):
    permission_classes = [RoleAction]
    scope_model = WaitingList
    required_action = "waiting_list.change"

    @extend_schema(
        summary="Offer a hub appointment to several people on a list at once",
        request=s.OfferHubAppointmentIn,
        responses={201: s.WaitingListEntryOut(many=True)},
    )
    def post(self, request: Request, pk: int) -> Response:
        waiting_list = waiting_list_get(user=request.user, pk=pk, action="waiting_list.change")
        data = valid(s.OfferHubAppointmentIn, request).validated_data
        entries = waiting_list_entries_chosen(
            user=request.user, ids=data["entries"], waiting_list=waiting_list
        )
        if len(entries) != len(set(data["entries"])):
            raise ValidationError({"entries": "Choose people on this list in your localities."})
        session = None
        if data.get("appointment_session"):
            session = hub_session_choice(user=request.user, pk=data["appointment_session"])
            if session is None:
                raise ValidationError({"appointment_session": "Choose a session of your hubs."})
        offered = waiting_list_offer_hub_appointments(
            actor=request.user,
            waiting_list=waiting_list,
            entries=entries,
            offered_on=data.get("offered_on"),
            appointment_session=session,
        )
        return Response(
            s.WaitingListEntryOut(offered, many=True).data, status=status.HTTP_201_CREATED
        )


class WaitingListEntryListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_actions = {"read": "waiting_list.view", "write": "waiting_list.change"}
    serializer_class = s.WaitingListEntryOut

    @extend_schema(
        summary="Waiting-list entries, or the people on a list on a day",
        parameters=[
            id_parameter("waiting_list", "Only this list."),
            EPISODE_PARAM,
            AS_AT_PARAM,
        ],
        responses=s.WaitingListEntryOut(many=True),
    )
    def get(self, request: Request) -> Response:
        entries = waiting_list_entry_list(
            user=request.user,
            waiting_list_id=id_from_query(request, "waiting_list"),
            episode_id=id_from_query(request, "episode"),
            day=date_from_query(request, "as_at"),
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(
            s.WaitingListEntryOut(logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Add a person to a waiting list",
        request=s.WaitingListEntryIn,
        responses={201: s.WaitingListEntryOut},
    )
    def post(self, request: Request) -> Response:
        data = valid(s.WaitingListEntryIn, request).validated_data
        episode = episode_get(
            user=request.user, pk=data.pop("episode"), action="waiting_list.change"
        )
        waiting_list = waiting_list_get(
            user=request.user, pk=data.pop("waiting_list"), action="waiting_list.change"
        )
        entry = waiting_list_entry_add(
            actor=request.user, episode=episode, waiting_list=waiting_list, **data
        )
        return Response(s.WaitingListEntryOut(entry).data, status=status.HTTP_201_CREATED)


class WaitingListEntryDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = WaitingListEntry
    required_action = "waiting_list.view"

    @extend_schema(summary="One waiting-list entry", responses=s.WaitingListEntryOut)
    def get(self, request: Request, pk: int) -> Response:
        entry = waiting_list_entry_get(user=request.user, pk=pk)
        return Response(s.WaitingListEntryOut(logged(request.user, [entry])[0]).data)


class WaitingListEntryRemoveView(APIView):
    permission_classes = [RoleAction]
    scope_model = WaitingListEntry
    required_action = "waiting_list.change"

    @extend_schema(
        summary="Take a person off a waiting list, with a reason",
        request=s.WaitingListEntryRemoveIn,
        responses=s.WaitingListEntryOut,
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = waiting_list_entry_get(user=request.user, pk=pk, action="waiting_list.change")
        data = valid(s.WaitingListEntryRemoveIn, request).validated_data
        entry = waiting_list_entry_remove(actor=request.user, entry=entry, **data)
        return Response(s.WaitingListEntryOut(entry).data)
