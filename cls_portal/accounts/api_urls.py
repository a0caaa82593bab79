from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cls_portal.accounts.lockout import locked_out_message
from cls_portal.api import JSONParser, TokenRateThrottle


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    partnership = serializers.CharField(allow_null=True)
    localities = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=MeSerializer, summary="Who am I: role, partnership and localities")
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    data = {
        "username": user.username,
        "name": str(user),
        "role": user.role,
        "partnership": user.partnership.slug if user.partnership_id else None,
        "localities": list(user.localities.values_list("slug", flat=True)),
    }
    return Response(MeSerializer(data).data)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token. Limited tightly by address
    (the ``token`` rate), as well as by django-axes's lock-out of a username."""

    throttle_classes = [TokenRateThrottle]
    parser_classes = [parsers.FormParser, parsers.MultiPartParser, JSONParser]

    @extend_schema(
        summary="Get an API token",
        responses=inline_serializer("Token", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks DRF's request object, which its middleware never sees.
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": locked_out_message()}, status=429)
            raise


urlpatterns = [
    path("me/", me, name="api_me"),
    path("auth/token/", TokenView.as_view(), name="api_token"),
]
