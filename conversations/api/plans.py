"""Support plans through the API: read only (a plan is recorded with its conversation 3)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from cls_portal.api import RoleAction, id_from_query
from conversations.api import pathway_serializers as s
from conversations.api.common import EPISODE_PARAM, READ_CASE, logged
from conversations.selectors.pathway import support_plan_list


class SupportPlanListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_action = READ_CASE
    serializer_class = s.SupportPlanOut

    @extend_schema(
        summary="Support plans you may see, latest first",
        parameters=[EPISODE_PARAM],
        responses=s.SupportPlanOut(many=True),
    )
    def get(self, request: Request) -> Response:
        plans = support_plan_list(user=request.user, episode_id=id_from_query(request, "episode"))
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(
            s.SupportPlanOut(logged(request.user, page), many=True).data
        )
