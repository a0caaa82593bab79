"""Personal outcomes and their reviews through the API (``services.personal_outcomes``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, id_from_query
from conversations.api import pathway_serializers as s
from conversations.api.common import EPISODE_PARAM, PERSON_PARAM, READ_CASE, logged, valid
from conversations.models import PersonalOutcome
from conversations.selectors.pathway import episode_get
from conversations.selectors.personal_outcomes import personal_outcome_get, personal_outcome_list
from conversations.services.personal_outcomes import outcome_review_record, personal_outcome_add


class PersonalOutcomeListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_actions = {"read": READ_CASE, "write": "conversation.record"}
    serializer_class = s.PersonalOutcomeOut

    @extend_schema(
        summary="Personal outcomes with their reviews",
        parameters=[EPISODE_PARAM, PERSON_PARAM],
        responses=s.PersonalOutcomeOut(many=True),
    )
    def get(self, request: Request) -> Response:
        outcomes = personal_outcome_list(
            user=request.user,
            episode_id=id_from_query(request, "episode"),
            person_id=id_from_query(request, "person"),
        )
        page = self.paginate_queryset(outcomes)
        return self.get_paginated_response(
            s.PersonalOutcomeOut(logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Add a personal outcome in the person's words",
        request=s.PersonalOutcomeIn,
        responses={201: s.PersonalOutcomeOut},
    )
    def post(self, request: Request) -> Response:
        data = valid(s.PersonalOutcomeIn, request).validated_data
        episode = episode_get(
            user=request.user, pk=data.pop("episode"), action="conversation.record"
        )
        outcome = personal_outcome_add(actor=request.user, episode=episode, **data)
        return Response(s.PersonalOutcomeOut(outcome).data, status=status.HTTP_201_CREATED)


class PersonalOutcomeDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = PersonalOutcome
    required_action = READ_CASE

    @extend_schema(summary="One personal outcome with its reviews", responses=s.PersonalOutcomeOut)
    def get(self, request: Request, pk: int) -> Response:
        outcome = personal_outcome_get(user=request.user, pk=pk)
        return Response(s.PersonalOutcomeOut(logged(request.user, [outcome])[0]).data)


class OutcomeReviewCreateView(APIView):
    permission_classes = [RoleAction]
    scope_model = PersonalOutcome
    required_action = "conversation.record"

    @extend_schema(
        summary="Review an outcome: not met, partly met or met",
        request=s.OutcomeReviewIn,
        responses={201: s.OutcomeReviewOut},
    )
    def post(self, request: Request, pk: int) -> Response:
        outcome = personal_outcome_get(user=request.user, pk=pk, action="conversation.record")
        data = valid(s.OutcomeReviewIn, request).validated_data
        review = outcome_review_record(actor=request.user, outcome=outcome, **data)
        return Response(s.OutcomeReviewOut(review).data, status=status.HTTP_201_CREATED)
