"""Wellbeing scores through the API: ONS4, or SWEMWBS under licence (``services.wellbeing``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from cls_portal.api import RoleAction, id_from_query
from conversations.api import pathway_serializers as s
from conversations.api.common import EPISODE_PARAM, PERSON_PARAM, READ_CASE, logged, valid
from conversations.selectors.pathway import episode_get
from conversations.selectors.personal_outcomes import wellbeing_score_list
from conversations.services.wellbeing import wellbeing_score_record


class WellbeingScoreListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_actions = {"read": READ_CASE, "write": "conversation.record"}
    serializer_class = s.WellbeingScoreOut

    @extend_schema(
        summary="Wellbeing scores",
        parameters=[EPISODE_PARAM, PERSON_PARAM],
        responses=s.WellbeingScoreOut(many=True),
    )
    def get(self, request: Request) -> Response:
        scores = wellbeing_score_list(
            user=request.user,
            episode_id=id_from_query(request, "episode"),
            person_id=id_from_query(request, "person"),
        )
        page = self.paginate_queryset(scores)
        return self.get_paginated_response(
            s.WellbeingScoreOut(logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Record ONS4 (or, under licence, SWEMWBS) scores",
        request=s.WellbeingScoreIn,
        responses={201: s.WellbeingScoreOut},
    )
    def post(self, request: Request) -> Response:
        serializer = valid(s.WellbeingScoreIn, request)
        data = serializer.validated_data
        episode = episode_get(user=request.user, pk=data["episode"], action="conversation.record")
        score = wellbeing_score_record(
            actor=request.user,
            episode=episode,
            measure=data["measure"],
            scores=serializer.scores(),
            recorded_on=data.get("recorded_on"),
        )
        return Response(s.WellbeingScoreOut(score).data, status=status.HTTP_201_CREATED)
