"""The API for finding people, logging drop-ins, a session's visits and footfall, and
signpost follow-ups: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, choice_from_query
from cls_portal.audit.services import audit_view, audit_view_many
from conversations.api import people_serializers as s
from conversations.api.intake import PersonDetailsIn, person_details_update
from conversations.models import Conversation, Person, Signpost
from conversations.selectors.dropins import session_conversations, session_footfall
from conversations.selectors.people import (
    person_get,
    person_get_in_partnership,
    person_search,
)
from conversations.selectors.signposts import (
    FOLLOW_UP_VIEWS,
    signpost_follow_up_list,
    signpost_list_for_user,
)
from conversations.selectors.waiting_lists import waiting_list_choice
from conversations.services.dropins import NewPerson, PossibleDuplicates, dropin_log
from conversations.services.person_details import MERGED
from conversations.services.signposts import signpost_follow_up_record
from hubs.models import HubSession
from hubs.selectors import hub_session_get, locality_choice, solution_choices_for_hub


class PersonSearchView(APIView):
    """Find people of your partnership by name, date of birth (dd/mm/yyyy or yyyy-mm-dd),
    postcode or CHI/NHS number; at most 20 results (``more`` says to refine)."""

    permission_classes = [RoleAction]
    required_action = "person.view"

    @extend_schema(
        operation_id="people_search",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses=s.PersonSearchOut,
    )
    def get(self, request: Request) -> Response:
        values = request.query_params.getlist("q")
        if len(values) != 1:
            raise ValidationError({"q": ["Type a name, date of birth, postcode or number."]})
        result = person_search(user=request.user, text=values[0])
        return Response(
            s.PersonSearchOut(
                {"count": len(result.people), "more": result.more, "results": result.people}
            ).data
        )


class PersonDetailView(APIView):
    """One person's details (their record: your localities only; the read is logged).
    PATCH changes some of them."""

    permission_classes = [RoleAction]
    scope_model = Person
    required_actions = {"read": "person.view", "write": "person.change"}

    @extend_schema(
        operation_id="people_retrieve",
        responses={200: s.PersonOut, 301: s.PersonMergedOut},
    )
    def get(self, request: Request, pk: int) -> Response:
        person = person_get(user=request.user, pk=pk)
        if person.merged_into_id:  # merged into another record of the same person: go there
            return Response(
                s.PersonMergedOut({"detail": MERGED, "merged_into": person.merged_into_id}).data,
                status=status.HTTP_301_MOVED_PERMANENTLY,
                headers={"Location": reverse("api_person_detail", args=[person.merged_into_id])},
            )
        audit_view(actor=request.user, obj=person)
        person.can_open = True
        return Response(s.PersonOut(person).data)

    @extend_schema(
        operation_id="people_partial_update", request=PersonDetailsIn, responses=s.PersonOut
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of their details (send only those); audited with before and after."""
        return person_details_update(request, pk)


class DropInView(APIView):
    """Log a drop-in at an open hub session (the same rules as the drop-in page). A new person
    who looks like someone known gets 409 with the candidates: send ``person`` instead, or
    ``confirm_new: true`` (with ``candidates_seen``: the ids you were shown). The same person
    sent from two hubs at once is added once: the second gets 409 with the first."""

    permission_classes = [RoleAction]
    required_action = "conversation.record"

    @extend_schema(
        request=s.DropInIn,
        responses={201: s.DropInOut, 200: s.DropInOut, 409: s.DuplicatesOut},
    )
    def post(self, request: Request) -> Response:
        data = s.DropInIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        session = hub_session_get(user=request.user, pk=values["session"])
        person = (
            person_get_in_partnership(user=request.user, pk=values["person"])
            if values.get("person")
            else None
        )
        # The same choices as the page's form: active entries available where the hub is.
        chosen = set(values["solutions"])
        solutions = list(solution_choices_for_hub(hub=session.hub).filter(pk__in=chosen))
        if len(solutions) != len(chosen):
            raise ValidationError(
                {"solutions": ["Choose active entries of your directory available at this hub."]}
            )
        waiting_list = None
        if values.get("waiting_list"):
            waiting_list = waiting_list_choice(user=request.user, pk=values["waiting_list"])
            if waiting_list is None:
                raise ValidationError({"waiting_list": ["Choose one of your waiting lists."]})
        try:
            result = dropin_log(
                actor=request.user,
                session=session,
                person=person,
                new_person=None if person else self._new_person(values["new_person"]),
                confirm_new=values["confirm_new"],
                candidates_seen=values.get("candidates_seen"),
                what_matters=values["what_matters"],
                what_happened=values["what_happened"],
                solutions=solutions,
                follow_up_on=values.get("follow_up_on"),
                next_step=values["next_step"],
                waiting_list=waiting_list,
                submission_token=values.get("submission_token"),
            )
        except PossibleDuplicates as duplicates:
            body = s.DuplicatesOut(
                {"detail": duplicates.messages[0], "candidates": duplicates.candidates}
            ).data
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(
            s.DropInOut(result).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    def _new_person(self, values: dict[str, Any]) -> NewPerson:
        locality = None
        if values.get("locality"):
            locality = locality_choice(user=self.request.user, pk=values["locality"])
            if locality is None:
                raise ValidationError(
                    {"new_person": {"locality": ["Choose one of your localities."]}}
                )
        return NewPerson(
            first_name=values["first_name"],
            last_name=values["last_name"],
            date_of_birth=values.get("date_of_birth"),
            postcode=values["postcode"],
            phone=values["phone"],
            health_number=values["health_number"],
            locality=locality,
            consent=values["consent"],
        )


class SessionVisitsView(generics.ListAPIView):
    """Who has been seen at a session (yours to run), latest first."""

    permission_classes = [RoleAction]
    scope_model = HubSession
    scope_kwarg = "session_pk"
    required_action = "hub_session.run"
    serializer_class = s.VisitOut

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        session = hub_session_get(user=self.request.user, pk=self.kwargs["session_pk"])
        return session_conversations(session=session)


class SessionFootfallView(APIView):
    """A session's footfall: people seen by name (once each) plus the head-count."""

    permission_classes = [RoleAction]
    scope_model = HubSession
    scope_kwarg = "session_pk"
    required_action = "hub_session.run"

    @extend_schema(responses=s.FootfallOut)
    def get(self, request: Request, session_pk: int) -> Response:
        session = hub_session_get(user=request.user, pk=session_pk)
        footfall = session_footfall(session=session)
        return Response(
            s.FootfallOut(
                {"named": footfall.named, "anonymous": footfall.anonymous, "total": footfall.total}
            ).data
        )


class SignpostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Signposts in your localities. The list shows those waiting for a check (``show``: due,
    upcoming or all); ``follow-up`` records how one went."""

    permission_classes = [RoleAction]
    scope_model = Signpost
    required_action = "signpost.change"
    serializer_class = s.SignpostOut

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Signpost.objects.none()
        if self.action == "list":
            show = choice_from_query(self.request, "show", FOLLOW_UP_VIEWS) or "due"
            return signpost_follow_up_list(user=self.request.user, which=show)
        return signpost_list_for_user(user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("show", OpenApiTypes.STR, enum=list(FOLLOW_UP_VIEWS), default="due")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        audit_view_many(actor=request.user, records=page)  # one row per person on the page
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        signpost = self.get_object()
        audit_view(actor=request.user, obj=signpost)  # the access log: one person's record
        return Response(self.get_serializer(signpost).data)

    @extend_schema(request=s.SignpostFollowUpIn, responses=s.SignpostOut)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str | None = None) -> Response:
        signpost = self.get_object()
        data = s.SignpostFollowUpIn(data=request.data)
        data.is_valid(raise_exception=True)
        signpost = signpost_follow_up_record(
            actor=request.user, signpost=signpost, **data.validated_data
        )
        return Response(s.SignpostOut(signpost).data)
