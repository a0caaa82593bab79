"""The pathway API: episodes (with close and reopen), conversations of every kind (recording
one is how an episode moves), crisis plans and the crisis board, support plans, personal
outcomes with reviews, wellbeing scores, waiting lists and their entries (with offering hub
appointments). Same selectors, services and permissions as the pages: outsiders get 404,
roles that may not act 403, bad input 400 with a message per field and nothing changed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import (
    RoleAction,
    choice_from_query,
    date_from_query,
    flag_from_query,
    id_from_query,
    id_parameter,
)
from cls_portal.audit.services import audit_view_many
from cls_portal.permissions import require
from conversations.api import pathway_serializers as s
from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    PersonalOutcome,
    WaitingList,
    WaitingListEntry,
)
from conversations.selectors.crisis import crisis_board, crisis_plan_get, crisis_plan_list
from conversations.selectors.pathway import (
    conversation_get,
    conversation_list,
    episode_get,
    episode_list,
    support_plan_list,
)
from conversations.selectors.people import person_get
from conversations.selectors.personal_outcomes import (
    personal_outcome_get,
    personal_outcome_list,
    personal_outcomes_chosen,
    wellbeing_score_list,
)
from conversations.selectors.waiting_lists import (
    waiting_list_entries_chosen,
    waiting_list_entry_get,
    waiting_list_entry_list,
    waiting_list_get,
    waiting_list_index,
)
from conversations.services import pathway
from conversations.services.crisis import crisis_plan_update
from conversations.services.personal_outcomes import outcome_review_record, personal_outcome_add
from conversations.services.recording import ACTION_FOR_KIND, conversation_record_any
from conversations.services.waiting_lists import (
    waiting_list_entry_add,
    waiting_list_entry_remove,
    waiting_list_offer_hub_appointments,
)
from conversations.services.wellbeing import wellbeing_score_record
from hubs.selectors import hub_session_choice, solutions_chosen

READ_CASE = "person.view"


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    """A service's refusal as a 400 with its messages, keyed by field where it names one."""
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {
                "non_field_errors" if name == "__all__" else name: messages
                for name, messages in exc.message_dict.items()
            }
        )
    return ValidationError({"non_field_errors": exc.messages})


def _int_param(request: Request, name: str) -> int | None:
    return id_from_query(request, name)


def _date_param(request: Request, name: str) -> datetime.date | None:
    return date_from_query(request, name)


def _logged(user: Any, records: Any) -> Any:
    """The access log for case records read through the API: one entry per person whose
    records were returned, written in one insert (the same rows ``audit_view`` writes)."""
    audit_view_many(actor=user, records=records)
    return records


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


EPISODE_PARAM = id_parameter("episode", "Only this episode.")
PERSON_PARAM = id_parameter("person", "Only this person.")
AS_AT_PARAM = OpenApiParameter(
    "as_at", OpenApiTypes.DATE, description="On the list on this day (added ≤ day < removed)."
)


# ---- episodes and conversations ----------------------------------------------------------


class EpisodeListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_actions = {"read": READ_CASE, "write": "episode.work"}
    serializer_class = s.EpisodeOut

    @extend_schema(
        summary="Episodes you may see, newest first",
        parameters=[
            PERSON_PARAM,
            OpenApiParameter(
                "state", OpenApiTypes.STR, enum=[c[0] for c in s.Episode.State.choices]
            ),
        ],
        responses=s.EpisodeOut(many=True),
    )
    def get(self, request: Request) -> Response:
        episodes = episode_list(
            user=request.user,
            person_id=_int_param(request, "person"),
            state=choice_from_query(request, "state", s.Episode.State.values),
        )
        page = self.paginate_queryset(episodes)
        return self.get_paginated_response(
            s.EpisodeOut(_logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Open an episode (first contact)",
        request=s.EpisodeOpenIn,
        responses={201: s.EpisodeOut},
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.EpisodeOpenIn, request).validated_data
        person = person_get(user=request.user, pk=data.pop("person"), action="episode.work")
        try:
            episode = pathway.episode_open(
                actor=request.user,
                person=person,
                locality_id=pathway.locality_for_new_episode(user=request.user, person=person),
                **data,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.EpisodeOut(episode).data, status=status.HTTP_201_CREATED)


class EpisodeDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = READ_CASE

    @extend_schema(summary="One episode", responses=s.EpisodeOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            s.EpisodeOut(_logged(request.user, [episode_get(user=request.user, pk=pk)])[0]).data
        )


class EpisodeCloseView(APIView):
    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = "episode.work"

    @extend_schema(
        summary="Close an episode with a reason", request=s.EpisodeCloseIn, responses=s.EpisodeOut
    )
    def post(self, request: Request, pk: int) -> Response:
        episode = episode_get(user=request.user, pk=pk, action="episode.work")
        data = _valid(s.EpisodeCloseIn, request).validated_data
        try:
            episode = pathway.episode_close(actor=request.user, episode=episode, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.EpisodeOut(episode).data)


class EpisodeReopenView(APIView):
    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = "episode.work"

    @extend_schema(
        summary="Reopen a closed episode as a new one",
        request=s.EpisodeReopenIn,
        responses={201: s.EpisodeOut},
    )
    def post(self, request: Request, pk: int) -> Response:
        episode = episode_get(user=request.user, pk=pk, action="episode.work")
        data = _valid(s.EpisodeReopenIn, request).validated_data
        try:
            new = pathway.episode_reopen(actor=request.user, episode=episode, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.EpisodeOut(new).data, status=status.HTTP_201_CREATED)


def _record(request: Request, episode: Any, data: dict[str, Any]) -> Conversation:
    """The request's ids made records in the user's scope, then the one recording service."""
    kind = data.pop("kind")
    require(request.user, ACTION_FOR_KIND[kind])
    session_id = data.pop("hub_session", None)
    session = hub_session_choice(user=request.user, pk=session_id)
    if session_id and session is None:
        raise ValidationError({"hub_session": "Choose a hub session in your localities."})
    outcome_ids, solution_ids = data.pop("outcomes"), data.pop("community_solutions")
    outcomes, solutions = [], []
    if kind == Conversation.Kind.GOOD_LIFE:  # only a support plan names outcomes and solutions
        outcomes = personal_outcomes_chosen(user=request.user, ids=outcome_ids)
        solutions = solutions_chosen(user=request.user, ids=solution_ids)
        if len(outcomes) != len(set(outcome_ids)):
            raise ValidationError({"outcomes": "Choose outcomes of this person."})
        if len(solutions) != len(set(solution_ids)):
            raise ValidationError({"community_solutions": "Choose solutions from your directory."})
    return conversation_record_any(
        actor=request.user,
        episode=episode,
        kind=kind,
        hub_session=session,
        new_outcomes="\n".join(data.pop("new_outcomes")),
        outcomes=outcomes,
        community_solutions=solutions,
        **data,
    )


class EpisodeConversationsView(APIView):
    """Recording a conversation is how an episode moves: kind 1, 2 or 3 moves it to that
    conversation if the pathway allows it, else 400 with the reason and nothing changed."""

    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = "conversation.record"

    @extend_schema(
        summary="Record a conversation (moves the episode)",
        request=s.ConversationIn,
        responses={201: s.ConversationOut},
    )
    def post(self, request: Request, pk: int) -> Response:
        episode = episode_get(user=request.user, pk=pk, action="conversation.record")
        data = dict(_valid(s.ConversationIn, request).validated_data)
        try:
            conversation = _record(request, episode, data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.ConversationOut(conversation).data, status=status.HTTP_201_CREATED)


class ConversationListView(generics.GenericAPIView):
    permission_classes = [RoleAction]
    required_action = READ_CASE
    serializer_class = s.ConversationOut

    @extend_schema(
        summary="Conversations you may see, newest first",
        parameters=[EPISODE_PARAM],
        responses=s.ConversationOut(many=True),
    )
    def get(self, request: Request) -> Response:
        conversations = conversation_list(
            user=request.user, episode_id=_int_param(request, "episode")
        )
        page = self.paginate_queryset(conversations)
        return self.get_paginated_response(
            s.ConversationOut(_logged(request.user, page), many=True).data
        )


class ConversationDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = Conversation
    required_action = READ_CASE

    @extend_schema(summary="One conversation", responses=s.ConversationOut)
    def get(self, request: Request, pk: int) -> Response:
        conversation = conversation_get(user=request.user, pk=pk)
        return Response(s.ConversationOut(_logged(request.user, [conversation])[0]).data)


# ---- crisis plans and support plans -------------------------------------------------------


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
            episode_id=_int_param(request, "episode"),
            open_only=flag_from_query(request, "open"),
        )
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(
            s.CrisisPlanOut(_logged(request.user, page), many=True).data
        )


class CrisisPlanDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = CrisisPlan
    required_actions = {"read": READ_CASE, "write": "episode.work"}

    @extend_schema(summary="One crisis plan", responses=s.CrisisPlanOut)
    def get(self, request: Request, pk: int) -> Response:
        plan = crisis_plan_get(user=request.user, pk=pk)
        return Response(s.CrisisPlanOut(_logged(request.user, [plan])[0]).data)

    @extend_schema(
        summary="Update status and review date on a later contact",
        request=s.CrisisPlanUpdateIn,
        responses=s.CrisisPlanOut,
    )
    def patch(self, request: Request, pk: int) -> Response:
        plan = crisis_plan_get(user=request.user, pk=pk, action="episode.work")
        data = _valid(s.CrisisPlanUpdateIn, request).validated_data
        try:
            plan = crisis_plan_update(actor=request.user, crisis_plan=plan, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
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
        plans = support_plan_list(user=request.user, episode_id=_int_param(request, "episode"))
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(
            s.SupportPlanOut(_logged(request.user, page), many=True).data
        )


# ---- personal outcomes and wellbeing --------------------------------------------------------


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
            episode_id=_int_param(request, "episode"),
            person_id=_int_param(request, "person"),
        )
        page = self.paginate_queryset(outcomes)
        return self.get_paginated_response(
            s.PersonalOutcomeOut(_logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Add a personal outcome in the person's words",
        request=s.PersonalOutcomeIn,
        responses={201: s.PersonalOutcomeOut},
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.PersonalOutcomeIn, request).validated_data
        episode = episode_get(
            user=request.user, pk=data.pop("episode"), action="conversation.record"
        )
        try:
            outcome = personal_outcome_add(actor=request.user, episode=episode, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.PersonalOutcomeOut(outcome).data, status=status.HTTP_201_CREATED)


class PersonalOutcomeDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = PersonalOutcome
    required_action = READ_CASE

    @extend_schema(summary="One personal outcome with its reviews", responses=s.PersonalOutcomeOut)
    def get(self, request: Request, pk: int) -> Response:
        outcome = personal_outcome_get(user=request.user, pk=pk)
        return Response(s.PersonalOutcomeOut(_logged(request.user, [outcome])[0]).data)


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
        data = _valid(s.OutcomeReviewIn, request).validated_data
        try:
            review = outcome_review_record(actor=request.user, outcome=outcome, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.OutcomeReviewOut(review).data, status=status.HTTP_201_CREATED)


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
            episode_id=_int_param(request, "episode"),
            person_id=_int_param(request, "person"),
        )
        page = self.paginate_queryset(scores)
        return self.get_paginated_response(
            s.WellbeingScoreOut(_logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Record ONS4 (or, under licence, SWEMWBS) scores",
        request=s.WellbeingScoreIn,
        responses={201: s.WellbeingScoreOut},
    )
    def post(self, request: Request) -> Response:
        serializer = _valid(s.WellbeingScoreIn, request)
        data = serializer.validated_data
        episode = episode_get(user=request.user, pk=data["episode"], action="conversation.record")
        try:
            score = wellbeing_score_record(
                actor=request.user,
                episode=episode,
                measure=data["measure"],
                scores=serializer.scores(),
                recorded_on=data.get("recorded_on"),
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.WellbeingScoreOut(score).data, status=status.HTTP_201_CREATED)


# ---- waiting lists --------------------------------------------------------------------------


class WaitingListListView(APIView):
    permission_classes = [RoleAction]
    required_action = "waiting_list.view"

    @extend_schema(
        summary="The waiting lists, with how many you may see waiting on a day",
        parameters=[AS_AT_PARAM],
        responses=s.WaitingListOut(many=True),
    )
    def get(self, request: Request) -> Response:
        day = _date_param(request, "as_at") or timezone.localdate()
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
        data = _valid(s.OfferHubAppointmentIn, request).validated_data
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
        try:
            offered = waiting_list_offer_hub_appointments(
                actor=request.user,
                waiting_list=waiting_list,
                entries=entries,
                offered_on=data.get("offered_on"),
                appointment_session=session,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
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
            waiting_list_id=_int_param(request, "waiting_list"),
            episode_id=_int_param(request, "episode"),
            day=_date_param(request, "as_at"),
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(
            s.WaitingListEntryOut(_logged(request.user, page), many=True).data
        )

    @extend_schema(
        summary="Add a person to a waiting list",
        request=s.WaitingListEntryIn,
        responses={201: s.WaitingListEntryOut},
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.WaitingListEntryIn, request).validated_data
        episode = episode_get(
            user=request.user, pk=data.pop("episode"), action="waiting_list.change"
        )
        waiting_list = waiting_list_get(
            user=request.user, pk=data.pop("waiting_list"), action="waiting_list.change"
        )
        try:
            entry = waiting_list_entry_add(
                actor=request.user, episode=episode, waiting_list=waiting_list, **data
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.WaitingListEntryOut(entry).data, status=status.HTTP_201_CREATED)


class WaitingListEntryDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = WaitingListEntry
    required_action = "waiting_list.view"

    @extend_schema(summary="One waiting-list entry", responses=s.WaitingListEntryOut)
    def get(self, request: Request, pk: int) -> Response:
        entry = waiting_list_entry_get(user=request.user, pk=pk)
        return Response(s.WaitingListEntryOut(_logged(request.user, [entry])[0]).data)


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
        data = _valid(s.WaitingListEntryRemoveIn, request).validated_data
        try:
            entry = waiting_list_entry_remove(actor=request.user, entry=entry, **data)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(s.WaitingListEntryOut(entry).data)
