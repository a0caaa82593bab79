"""Crisis plans and the crisis board through the API (``services.crisis``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, flag_from_query, id_from_query
from conversations.api import pathway_serializers as s
from conversations.api.common import EPISODE_PARAM, READ_CASE, logged, valid
from conversations.models import CrisisPlan
from conversations.selectors.crisis import crisis_board, crisis_plan_get, crisis_plan_list
from conversations.services.crisis import crisis_plan_update


class CrisisPlanListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_action = READ_CASE
    serializer_class = s.CrisisPlanOut

    @extend_schema(
        summary="Crisis plans you may see",
        parameters=[EPISODE_PARAM, OpenApiParameter("open", OpenApiTypes.BOOL)],
        responses=s.CrisisPlanOut(many=True),
    )
    def get(self, request: Request) -> Response:
        plans = crisis_plan_list(
            user=request.user,
            episode_id=id_from_query(request, "episode"),
            open_only=flag_from_query(request, "open"),
        )
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(
            s.CrisisPlanOut(logged(request.user, page), many=True).data
        )


class CrisisPlanDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = CrisisPlan
    required_actions = {"read": READ_CASE, "write": "episode.work"}

    @extend_schema(summary="One crisis plan", responses=s.CrisisPlanOut)
    def get(self, request: Request, pk: int) -> Response:
        plan = crisis_plan_get(user=request.user, pk=pk)
        return Response(s.CrisisPlanOut(logged(request.user, [plan])[0]).data)

    @extend_schema(
        summary="Update status and review date on a later contact",
        request=s.CrisisPlanUpdateIn,
        responses=s.CrisisPlanOut,
    )
    def patch(self, request: Request, pk: int) -> Response:
        plan = crisis_plan_get(user=request.user, pk=pk, action="episode.work")
        data = valid(s.CrisisPlanUpdateIn, request).validated_data
        plan = crisis_plan_update(actor=request.user, crisis_plan=plan, **data)
        return Response(s.CrisisPlanOut(plan).data)


class CrisisBoardView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_action = "crisis_board.view"
    serializer_class = s.CrisisBoardRowOut

    @extend_schema(
        summary="The crisis board: most urgent first, with overdue and six-week flags",
        responses=s.CrisisBoardRowOut(many=True),
    )
    def get(self, request: Request) -> Response:
        rows = crisis_board(user=request.user, today=timezone.localdate())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.CrisisBoardRowOut(page, many=True).data)
