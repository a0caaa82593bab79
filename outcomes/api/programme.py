"""The programme's core data set from the API (programme leads): the same rows as the
programme's CSV download (``outcomes.presentation.programme.programme_records``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import Pagination, RoleAction
from outcomes.api.serializers import FigureRowOutputSerializer
from outcomes.presentation.programme import programme_records
from outcomes.selectors.programmes import programme_months_from_query, programme_of_lead

PROGRAMME_PARAMETERS = [
    OpenApiParameter(
        "financial_year", OpenApiTypes.INT, description="e.g. 2025: April 2025 to March 2026"
    ),
    OpenApiParameter("start", OpenApiTypes.STR, description="YYYY-MM, with end (up to 12 months)"),
    OpenApiParameter("end", OpenApiTypes.STR, description="YYYY-MM"),
    OpenApiParameter(
        "period", OpenApiTypes.STR, description="YYYY-MM; default the last full month"
    ),
]


class ProgrammeFiguresView(APIView):
    """Every sharing partnership's core data set for a month, run of months or financial year,
    small numbers suppressed, then the programme's totals (``scope_level`` "programme")."""

    permission_classes = [RoleAction]
    required_action = "programme.view"
    pagination_class = Pagination

    @extend_schema(
        parameters=PROGRAMME_PARAMETERS,
        responses=FigureRowOutputSerializer(many=True),
        summary="The programme's core data set (sharing partnerships and totals)",
    )
    def get(self, request: Request) -> Response:
        programme = programme_of_lead(user=request.user)
        months = programme_months_from_query(query=request.query_params, today=timezone.localdate())
        rows = programme_records(programme=programme, months=months)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(FigureRowOutputSerializer(page, many=True).data)
