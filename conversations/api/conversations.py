"""Conversations through the API: recording one of any kind (how an episode moves, through
``services.recording``), the list and one conversation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, id_from_query
from cls_portal.permissions import require
from conversations.api import pathway_serializers as s
from conversations.api.common import EPISODE_PARAM, READ_CASE, logged, valid
from conversations.models import Conversation, Episode
from conversations.selectors.pathway import conversation_get, conversation_list, episode_get
from conversations.selectors.personal_outcomes import personal_outcomes_chosen
from conversations.services.recording import ACTION_FOR_KIND, conversation_record_any
from hubs.selectors import hub_session_choice, solutions_chosen


def _record(request: Request, episode: Episode, data: dict[str, Any]) -> Conversation:
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
        data = dict(valid(s.ConversationIn, request).validated_data)
        conversation = _record(request, episode, data)
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
            user=request.user, episode_id=id_from_query(request, "episode")
        )
        page = self.paginate_queryset(conversations)
        return self.get_paginated_response(
            s.ConversationOut(logged(request.user, page), many=True).data
        )


class ConversationDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = Conversation
    required_action = READ_CASE

    @extend_schema(summary="One conversation", responses=s.ConversationOut)
    def get(self, request: Request, pk: int) -> Response:
        conversation = conversation_get(user=request.user, pk=pk)
        return Response(s.ConversationOut(logged(request.user, [conversation])[0]).data)
