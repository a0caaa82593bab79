"""Episodes through the API: list, open, read, close and reopen (``services.pathway``)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import RoleAction, choice_from_query, id_from_query
from conversations.api import pathway_serializers as s
from conversations.api.common import PERSON_PARAM, READ_CASE, logged, valid
from conversations.models import Episode
from conversations.selectors.pathway import episode_get, episode_list
from conversations.selectors.people import person_get
from conversations.services import pathway


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
            person_id=id_from_query(request, "person"),
            state=choice_from_query(request, "state", s.Episode.State.values),
        )
        page = self.paginate_queryset(episodes)
        return self.get_paginated_response(s.EpisodeOut(logged(request.user, page), many=True).data)

    @extend_schema(
        summary="Open an episode (first contact)",
        request=s.EpisodeOpenIn,
        responses={201: s.EpisodeOut},
    )
    def post(self, request: Request) -> Response:
        data = valid(s.EpisodeOpenIn, request).validated_data
        person = person_get(user=request.user, pk=data.pop("person"), action="episode.work")
        episode = pathway.episode_open(
            actor=request.user,
            person=person,
            locality_id=pathway.locality_for_new_episode(user=request.user, person=person),
            **data,
        )
        return Response(s.EpisodeOut(episode).data, status=status.HTTP_201_CREATED)


class EpisodeDetailView(APIView):
    permission_classes = [RoleAction]
    scope_model = Episode
    required_action = READ_CASE

    @extend_schema(summary="One episode", responses=s.EpisodeOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            s.EpisodeOut(logged(request.user, [episode_get(user=request.user, pk=pk)])[0]).data
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
        data = valid(s.EpisodeCloseIn, request).validated_data
        episode = pathway.episode_close(actor=request.user, episode=episode, **data)
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
        data = valid(s.EpisodeReopenIn, request).validated_data
        new = pathway.episode_reopen(actor=request.user, episode=episode, **data)
        return Response(s.EpisodeOut(new).data, status=status.HTTP_201_CREATED)
