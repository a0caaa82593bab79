"""What the pathway API's views share: the read action for case records, the access log for
records read through the API, input validation and the common query parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from cls_portal.api import id_parameter
from cls_portal.audit.services import audit_view_many

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

READ_CASE = "person.view"

EPISODE_PARAM = id_parameter("episode", "Only this episode.")
PERSON_PARAM = id_parameter("person", "Only this person.")
AS_AT_PARAM = OpenApiParameter(
    "as_at", OpenApiTypes.DATE, description="On the list on this day (added ≤ day < removed)."
)


def logged(user: User, records: Any) -> Any:
    """The access log for case records read through the API: one entry per person whose
    records were returned, written in one insert (the same rows ``audit_view`` writes)."""
    audit_view_many(actor=user, records=records)
    return records


def valid(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    """The request body checked by ``serializer_class`` (400 with a message per field)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer
