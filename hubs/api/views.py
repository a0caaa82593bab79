"""The hubs API: hubs, sessions (open, tally, close), the directory and its HSDS exchange.
Same selectors, services and permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, flag_from_query, id_from_query, id_parameter
from hubs import selectors
from hubs.access import require_can_run_session_at
from hubs.api import serializers as s
from hubs.hsds.export import hsds_document
from hubs.models import CommunitySolution, Hub, HubSession
from hubs.services import directory as directory_services
from hubs.services import sessions as session_services
from hubs.services.hsds import hsds_directory_import


class HubViewSet(viewsets.ReadOnlyModelViewSet):
    """Hubs of your partnership, your own localities first."""

    permission_classes = [RoleAction]
    scope_model = Hub
    required_action = "hub.view"
    serializer_class = s.HubOut

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Hub.objects.none()
        return selectors.hub_list(user=self.request.user)


class HubSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sessions at hubs in your localities. Open one (today's, or the one already open),
    count someone anonymously, close it."""

    permission_classes = [RoleAction]
    scope_model = HubSession
    required_action = "hub_session.run"
    serializer_class = s.HubSessionOut

    def get_queryset(self) -> QuerySet:
        return selectors.hub_session_list_for_user(
            user=self.request.user, hub_id=id_from_query(self.request, "hub")
        )

    @extend_schema(parameters=[id_parameter("hub", "Only this hub.")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.HubSessionOpenIn, responses={201: s.HubSessionOut, 200: s.HubSessionOut}
    )
    def create(self, request: Request) -> Response:
        data = s.HubSessionOpenIn(data=request.data)
        data.is_valid(raise_exception=True)
        hub = selectors.hub_get(user=request.user, pk=data.validated_data["hub"])
        require_can_run_session_at(request.user, hub)
        # The same choices as the page's form: active session-running staff of the hub's locality.
        chosen = set(data.validated_data["staff"])
        staff = selectors.hub_session_staff_choices(hub=hub).filter(pk__in=chosen)
        if len(staff) != len(chosen):
            raise ValidationError(
                {"staff": ["Choose active colleagues who run sessions in this hub's locality."]}
            )
        session, created = session_services.hub_session_open(
            actor=request.user,
            hub=hub,
            mode=data.validated_data["mode"],
            staff=staff,
            partner_organisations=data.validated_data["partner_organisations"],
        )
        return Response(
            s.HubSessionOut(session).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=s.TallyIn, responses=s.HubSessionOut)
    @action(detail=True, methods=["post"])
    def tally(self, request: Request, pk: str | None = None) -> Response:
        """Add one to (or take one off) the head-count of people not recorded by name."""
        session = self.get_object()
        data = s.TallyIn(data=request.data)
        data.is_valid(raise_exception=True)
        session = session_services.hub_session_tally(
            actor=request.user, session=session, change=int(data.validated_data["change"])
        )
        return Response(s.HubSessionOut(session).data)

    @extend_schema(request=None, responses=s.HubSessionOut)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        session = session_services.hub_session_close(actor=request.user, session=session)
        return Response(s.HubSessionOut(session).data)


class SolutionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The community solutions directory: everyone reads it; hub workers and admins edit it."""

    permission_classes = [RoleAction]
    scope_model = CommunitySolution
    required_actions = {"read": "directory.view", "write": "directory.edit"}
    serializer_class = s.SolutionOut

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        filters = selectors.DirectoryFilters(
            q=params.get("q", "")[:100],
            category=selectors.solution_category_by_slug(params.get("category", "")),
            locality=selectors.locality_choice(
                user=self.request.user, pk=id_from_query(self.request, "locality")
            ),
            include_inactive=self.action != "list"
            or flag_from_query(self.request, "include_inactive"),
            needs_review=flag_from_query(self.request, "needs_review"),
        )
        return selectors.solution_list(user=self.request.user, filters=filters)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Free text."),
            OpenApiParameter("category", OpenApiTypes.STR, description="A category slug."),
            id_parameter("locality", "Only entries available in this locality."),
            OpenApiParameter("needs_review", OpenApiTypes.BOOL),
            OpenApiParameter("include_inactive", OpenApiTypes.BOOL),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _values(self, partial: bool) -> dict[str, Any]:
        data = s.SolutionIn(data=self.request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "localities" in values:
            wanted = set(values["localities"])
            found = selectors.localities_chosen(user=self.request.user, ids=wanted)
            if len(found) != len(wanted):
                raise ValidationError(
                    {"localities": ["Choose localities of your own partnership."]}
                )
            values["localities"] = found
        return values

    @extend_schema(request=s.SolutionIn, responses={201: s.SolutionOut})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = self._values(partial=False)
        solution = directory_services.solution_create(
            actor=request.user, partnership=request.user.partnership, **values
        )
        return Response(s.SolutionOut(solution).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SolutionIn, responses=s.SolutionOut)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        solution = self.get_object()
        values = self._values(partial=kwargs.get("partial", False))
        solution = directory_services.solution_update(
            actor=request.user, solution=solution, **values
        )
        return Response(s.SolutionOut(solution).data)

    @extend_schema(request=None, responses=s.SolutionOut)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Mark the entry as checked today (it leaves the review queue for six months)."""
        solution = directory_services.solution_verify(
            actor=request.user, solution=self.get_object()
        )
        return Response(s.SolutionOut(solution).data)


class DirectoryHsdsView(APIView):
    """The directory as an Open Referral HSDS 3.0 exchange file: GET exports it, POST imports
    one (all of it, or nothing and every problem listed)."""

    permission_classes = [RoleAction]
    required_action = "directory.edit"

    @extend_schema(summary="Export the directory (HSDS 3.0)", responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(hsds_document(partnership=request.user.partnership))

    @extend_schema(
        summary="Import an HSDS 3.0 file",
        request=OpenApiTypes.OBJECT,
        responses={
            200: s.ImportResultOut,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Refused: the import result with ok false and its problems (nothing "
                "was changed), or a message if the file could not be read at all.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        result = hsds_directory_import(
            actor=request.user, partnership=request.user.partnership, document=request.data
        )
        body = s.ImportResultOut(
            {
                "ok": result.ok,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "problems": result.problems,
                "notes": result.notes,
            }
        ).data
        return Response(
            body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST
        )
