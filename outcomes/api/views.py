"""The outcomes API: the same selectors, services and permissions as the pages. A service's
ValidationError answers 400 through the project's exception handler (``cls_portal.api``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import Pagination, RoleAction
from hubs.models import Hub, Locality
from hubs.selectors import hub_choice, locality_of_user
from outcomes.api import serializers as s
from outcomes.models import ChangeStory, CostBenefitStudy, Report
from outcomes.presentation import core_data_set_records
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.cost_benefit import (
    cost_benefit_summaries,
    cost_benefit_summary,
    studies_for_scope,
    study_get,
    study_list,
)
from outcomes.selectors.reports import report_get, report_list
from outcomes.selectors.requests import month_scope_from_query
from outcomes.selectors.scopes import scope_for
from outcomes.selectors.stories import change_story_get, change_story_list
from outcomes.services.cost_benefit import cost_benefit_study_create, cost_line_add
from outcomes.services.pulse import staff_pulse_respond
from outcomes.services.reports import report_request
from outcomes.services.stories import change_story_create

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _locality(user: User, pk: int | None, *, own: bool = False) -> Locality | None:
    """A locality of the caller's partnership (``own``: one they work in), else a 400."""
    if pk is None:
        return None
    found = locality_of_user(user=user, pk=pk, own=own)
    if found is None:
        raise ValidationError({"locality": ["Choose one of your localities."]})
    return found


def _hub(user: User, pk: int | None) -> Hub | None:
    if pk is None:
        return None
    found = hub_choice(user=user, pk=pk)
    if found is None:
        raise ValidationError({"hub": ["Choose one of your partnership's hubs."]})
    return found


PLACE_PARAMETERS = [
    OpenApiParameter(
        "period", OpenApiTypes.STR, description="YYYY-MM; default the last full month"
    ),
    OpenApiParameter("locality", OpenApiTypes.INT, description="A locality id (optional)"),
    OpenApiParameter("hub", OpenApiTypes.INT, description="A hub id (optional)"),
    OpenApiParameter("baseline", OpenApiTypes.STR, description="YYYY-MM baseline (optional)"),
]


class FiguresView(APIView):
    """The core data set for a month and place, small numbers suppressed (see
    ``/outcomes/core-data-set/`` for what each column means)."""

    permission_classes = [RoleAction]
    required_action = "outcomes.view"
    pagination_class = Pagination

    @extend_schema(
        parameters=PLACE_PARAMETERS,
        responses=s.FigureRowOutputSerializer(many=True),
        summary="The core data set (figures of the six CLS outcomes)",
    )
    def get(self, request: Request) -> Response:
        month, scope, baseline = month_scope_from_query(
            user=request.user, query=request.query_params
        )
        figures = outcome_figures(
            month=month,
            scope=scope,
            baseline=baseline,
            studies=studies_for_scope(scope=scope),
        )
        rows = core_data_set_records(figures)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(s.FigureRowOutputSerializer(page, many=True).data)


class ReportListView(generics.ListAPIView):
    """Reports of the caller's partnership, newest first; POST requests one (it is made by a
    worker: poll its ``status`` until ``done``, then fetch ``download_url``)."""

    permission_classes = [RoleAction]
    required_actions = {"read": "reports.view", "write": "reports.request"}
    serializer_class = s.ReportOutputSerializer

    def get_queryset(self) -> Any:
        return report_list(user=self.request.user)

    @extend_schema(
        request=s.ReportRequestInputSerializer,
        responses={202: s.ReportOutputSerializer},
        summary="Request a report",
    )
    def post(self, request: Request) -> Response:
        given = s.ReportRequestInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        scope = scope_for(user=request.user, locality=data.get("locality"), hub=data.get("hub"))
        report = report_request(
            actor=request.user,
            kind=data["kind"],
            month=data["period"],
            scope=scope,
            baseline=data.get("baseline") or None,
        )
        return Response(
            s.ReportOutputSerializer(report, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class ReportDetailView(generics.RetrieveAPIView):
    permission_classes = [RoleAction]
    scope_model = Report
    required_action = "reports.view"
    serializer_class = s.ReportOutputSerializer

    def get_object(self) -> Any:
        return report_get(user=self.request.user, pk=self.kwargs["pk"])


class ChangeStoryListView(generics.ListAPIView):
    """Change stories: case roles see their localities'; leads and admins the shareable ones."""

    permission_classes = [RoleAction]
    required_actions = {"read": "change_story.view", "write": "change_story.record"}
    serializer_class = s.ChangeStoryOutputSerializer

    def get_queryset(self) -> Any:
        return change_story_list(user=self.request.user)

    @extend_schema(
        request=s.ChangeStoryInputSerializer,
        responses={201: s.ChangeStoryOutputSerializer},
        summary="Record a change story",
    )
    def post(self, request: Request) -> Response:
        given = s.ChangeStoryInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        data["locality"] = _locality(request.user, data["locality"], own=True)
        data["hub"] = _hub(request.user, data.get("hub"))
        story = change_story_create(actor=request.user, **data)
        return Response(s.ChangeStoryOutputSerializer(story).data, status=status.HTTP_201_CREATED)


class ChangeStoryDetailView(generics.RetrieveAPIView):
    permission_classes = [RoleAction]
    scope_model = ChangeStory
    required_action = "change_story.view"
    serializer_class = s.ChangeStoryOutputSerializer

    def get_object(self) -> Any:
        return change_story_get(user=self.request.user, pk=self.kwargs["pk"])


class StaffPulseView(APIView):
    """Answer this month's staff pulse (answering again replaces your answers)."""

    permission_classes = [RoleAction]
    required_action = "staff_pulse.respond"

    @extend_schema(
        request=s.StaffPulseInputSerializer,
        responses={200: s.StaffPulseOutputSerializer},
        summary="Answer this month's staff pulse",
    )
    def post(self, request: Request) -> Response:
        given = s.StaffPulseInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        locality = _locality(request.user, data.pop("locality"), own=True)
        answer = staff_pulse_respond(actor=request.user, locality=locality, scores=data)
        return Response(s.StaffPulseOutputSerializer(answer).data)


class CostBenefitListView(generics.ListAPIView):
    """Cost-benefit studies with their figures (DESIGN §5)."""

    permission_classes = [RoleAction]
    required_action = "cost_benefit.manage"
    serializer_class = s.CostBenefitOutputSerializer

    def get_queryset(self) -> Any:
        return study_list(user=self.request.user).prefetch_related("cost_lines")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        summaries = cost_benefit_summaries(list(page))
        return self.get_paginated_response(self.get_serializer(summaries, many=True).data)

    @extend_schema(
        request=s.CostBenefitInputSerializer,
        responses={201: s.CostBenefitOutputSerializer},
        summary="Start a cost-benefit study",
    )
    def post(self, request: Request) -> Response:
        given = s.CostBenefitInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        data["locality"] = _locality(request.user, data.get("locality"))
        data["hub"] = _hub(request.user, data.get("hub"))
        study = cost_benefit_study_create(actor=request.user, **data)
        return Response(
            s.CostBenefitOutputSerializer(cost_benefit_summary(study)).data,
            status=status.HTTP_201_CREATED,
        )


class CostBenefitDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = CostBenefitStudy
    required_action = "cost_benefit.manage"

    @extend_schema(responses=s.CostBenefitOutputSerializer, summary="A study and its figures")
    def get(self, request: Request, pk: int) -> Response:
        study = study_get(user=request.user, pk=pk)
        return Response(s.CostBenefitOutputSerializer(cost_benefit_summary(study)).data)


class CostLineCreateView(APIView):
    permission_classes = [RoleAction]
    scope_model = CostBenefitStudy
    required_action = "cost_benefit.manage"

    @extend_schema(
        request=s.CostLineInputSerializer,
        responses={201: s.CostBenefitOutputSerializer},
        summary="Add a cost line to a study",
    )
    def post(self, request: Request, pk: int) -> Response:
        study = study_get(user=request.user, pk=pk)
        given = s.CostLineInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cost_line_add(actor=request.user, study=study, **given.validated_data)
        return Response(
            s.CostBenefitOutputSerializer(cost_benefit_summary(study)).data,
            status=status.HTTP_201_CREATED,
        )
