"""The peer-forum API: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction
from cls_portal.audit.services import audit_view
from cls_portal.permissions import require
from conversations.selectors.pathway import episode_get
from hubs.selectors import hub_choice, locality_choice, solutions_chosen
from peer_forum.access import require_forum_member
from peer_forum.api import serializers as s
from peer_forum.models import ForumMeeting, FundingRequest, PeerForum
from peer_forum.selectors import forums as forum_selectors
from peer_forum.selectors import month_bounds, savings_ledger
from peer_forum.selectors import requests as request_selectors
from peer_forum.services import forums as forum_services
from peer_forum.services import requests as request_services
from peer_forum.services.decisions import AlreadyDecided, forum_request_decide

# ---- forums


class ForumListView(generics.ListAPIView):
    """Forums the caller may see (their localities; every locality for admins)."""

    permission_classes = [RoleAction]
    required_action = "forum.view"
    serializer_class = s.ForumOutputSerializer

    def get_queryset(self) -> Any:
        return forum_selectors.forum_list_for_api(user=self.request.user)


class ForumDetailView(generics.RetrieveAPIView):
    permission_classes = [RoleAction]
    scope_model = PeerForum
    required_action = "forum.view"
    serializer_class = s.ForumOutputSerializer

    def get_object(self) -> PeerForum:
        return forum_selectors.forum_get(user=self.request.user, pk=self.kwargs["pk"])


# ---- meetings


class MeetingListView(generics.ListCreateAPIView):
    """A forum's meetings (``?forum=``), newest first; forum managers and admins add them."""

    permission_classes = [RoleAction]
    required_actions = {"read": "forum.view", "write": "forum.manage"}
    serializer_class = s.MeetingOutputSerializer

    def get_queryset(self) -> Any:
        query = s.MeetingListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return forum_selectors.meeting_list_for_api(
            user=self.request.user, forum_id=query.validated_data.get("forum")
        )

    @extend_schema(parameters=[s.MeetingListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.MeetingInputSerializer, responses={201: s.MeetingOutputSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.MeetingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        forum = forum_selectors.forum_get(
            user=request.user, pk=values.pop("forum"), action="forum.manage"
        )
        meeting = forum_services.meeting_create(actor=request.user, forum=forum, **values)
        return Response(s.MeetingOutputSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingDetailView(generics.RetrieveAPIView):
    permission_classes = [RoleAction]
    scope_model = ForumMeeting
    required_action = "forum.view"
    serializer_class = s.MeetingOutputSerializer

    def get_object(self) -> ForumMeeting:
        return forum_selectors.meeting_get(user=self.request.user, pk=self.kwargs["pk"])


class MeetingAttendanceView(APIView):
    """Record the members present at a meeting (decisions there need the forum's quorum)."""

    permission_classes = [RoleAction]
    scope_model = ForumMeeting
    required_action = "forum.manage"

    @extend_schema(request=s.AttendanceInputSerializer, responses=s.MeetingOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        meeting = forum_selectors.meeting_get(user=request.user, pk=pk, action="forum.manage")
        data = s.AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        members = meeting.forum.members.filter(pk__in=data.validated_data["attendees"])
        if members.count() != len(set(data.validated_data["attendees"])):
            raise ValidationError(
                {"attendees": ["Only members of this forum can be recorded as present."]}
            )
        meeting = forum_services.meeting_record_attendance(
            actor=request.user, meeting=meeting, attendees=members
        )
        return Response(s.MeetingOutputSerializer(meeting).data)


# ---- funding requests


class RequestListView(generics.ListCreateAPIView):
    """Funding requests in the caller's localities (``?status=``); practitioners and forum
    managers prepare drafts."""

    permission_classes = [RoleAction]
    required_actions = {"read": "funding_request.view", "write": "funding_request.prepare"}
    serializer_class = s.FundingRequestOutputSerializer

    def get_queryset(self) -> Any:
        query = s.RequestListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return request_selectors.request_list(
            user=self.request.user, status=query.validated_data.get("status")
        ).prefetch_related("proposed_solutions")

    @extend_schema(parameters=[s.RequestListQuerySerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=s.FundingRequestInputSerializer, responses={201: s.FundingRequestOutputSerializer}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.FundingRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        episode = episode_get(
            user=request.user, pk=values.pop("episode"), action="funding_request.prepare"
        )
        solution_ids = set(values.pop("proposed_solutions"))
        solutions = solutions_chosen(user=request.user, ids=solution_ids)
        if len(solutions) != len(solution_ids):
            raise ValidationError(
                {"proposed_solutions": ["Choose supports from your own directory."]}
            )
        created = request_services.funding_request_create(
            actor=request.user,
            episode=episode,
            proposed_solutions=solutions,
            **values,
        )
        return Response(
            s.FundingRequestOutputSerializer(created).data, status=status.HTTP_201_CREATED
        )


class RequestDetailView(generics.RetrieveAPIView):
    """One request; reading it is recorded in the access log."""

    permission_classes = [RoleAction]
    scope_model = FundingRequest
    required_action = "funding_request.view"
    serializer_class = s.FundingRequestOutputSerializer

    def get_object(self) -> FundingRequest:
        funding = request_selectors.request_get(user=self.request.user, pk=self.kwargs["pk"])
        audit_view(actor=self.request.user, obj=funding)
        return funding


class RequestSubmitView(APIView):
    """Send a draft to its locality's forum, optionally onto an upcoming meeting."""

    permission_classes = [RoleAction]
    scope_model = FundingRequest
    required_action = "funding_request.prepare"

    @extend_schema(request=s.SubmitInputSerializer, responses=s.FundingRequestOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        funding = request_selectors.request_get(
            user=request.user, pk=pk, action="funding_request.prepare"
        )
        data = s.SubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        forum = forum_selectors.forum_choice(user=request.user, pk=data.validated_data["forum"])
        if forum is None:
            raise ValidationError({"forum": ["Choose a forum of this episode's locality."]})
        meeting = None
        if data.validated_data.get("meeting"):
            meeting = forum.meetings.filter(pk=data.validated_data["meeting"]).first()
            if meeting is None:
                raise ValidationError({"meeting": [f"Choose a meeting of {forum.name}."]})
        funding = request_services.funding_request_submit(
            actor=request.user, request=funding, forum=forum, meeting=meeting
        )
        return Response(s.FundingRequestOutputSerializer(funding).data)


# ---- decisions


class DecisionListView(generics.ListAPIView):
    """Decisions on requests in the caller's localities, newest first."""

    permission_classes = [RoleAction]
    required_action = "funding_request.view"
    serializer_class = s.DecisionOutputSerializer

    def get_queryset(self) -> Any:
        return request_selectors.decision_list(user=self.request.user)


class RequestDecideView(APIView):
    """Decide a request at a meeting (the same service as the page). 409 when someone else
    decided it first: nothing is changed."""

    permission_classes = [RoleAction]
    scope_model = FundingRequest
    required_action = "forum.decide"

    @extend_schema(
        request=s.DecisionInputSerializer,
        responses={201: s.DecisionOutputSerializer, 409: s.ConflictSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        funding = request_selectors.request_get(user=request.user, pk=pk, action="forum.decide")
        if funding.forum is None:
            raise ValidationError({"non_field_errors": ["This request has not been submitted."]})
        require_forum_member(request.user, funding.forum)
        data = s.DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = funding.forum.meetings.filter(pk=values.pop("meeting")).first()
        if meeting is None:
            raise ValidationError({"meeting": [f"Choose a meeting of {funding.forum.name}."]})
        try:
            decision = forum_request_decide(
                actor=request.user, request=funding, meeting=meeting, **values
            )
        except AlreadyDecided as exc:
            # Someone decided it first: a conflict, not bad input (other refusals answer 400
            # through the API's exception handler).
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(s.DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


# ---- savings


class SavingsView(APIView):
    """The cost-avoided ledger for a month (DESIGN §4), for the partnership or one locality or
    hub. Exact figures for roles allowed ``savings.view``."""

    permission_classes = [RoleAction]
    required_action = "savings.view"

    @extend_schema(parameters=[s.SavingsQuerySerializer], responses=s.SavingsOutputSerializer)
    def get(self, request: Request) -> Response:
        query = s.SavingsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            start, end = month_bounds(query.validated_data["period"])
        except ValueError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        require(request.user, "savings.view")
        partnership_id = request.user.partnership_id
        locality_id = query.validated_data.get("locality")
        hub_id = query.validated_data.get("hub")
        if locality_id and locality_choice(user=request.user, pk=locality_id) is None:
            raise Http404("No such locality.")
        if hub_id and hub_choice(user=request.user, pk=hub_id) is None:
            raise Http404("No such hub.")
        ledger = savings_ledger(
            partnership_id=partnership_id,
            start=start,
            end=end,
            locality_id=locality_id,
            hub_id=hub_id,
        )
        payload = {
            "period": query.validated_data["period"],
            "start": start,
            "end": end,
            "locality": locality_id,
            "hub": hub_id,
            **vars(ledger),
        }
        return Response(s.SavingsOutputSerializer(payload).data)
