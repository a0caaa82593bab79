"""The API for intake outside a hub, a person's details and their consent: the same services,
selectors and permissions as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cls_portal.api import IdField, RoleAction
from cls_portal.audit.services import audit_view
from conversations.api import people_serializers as s
from conversations.models import ConsentRecord, Episode, Person
from conversations.selectors.consent import consent_history
from conversations.selectors.people import person_get, person_get_in_partnership
from conversations.services.consent import consent_record
from conversations.services.dropins import NewPerson
from conversations.services.intake import INTAKE_CHANNELS, ReferralDetails, intake_record
from conversations.services.people import PossibleDuplicates
from conversations.services.person_details import person_update
from hubs.selectors import locality_choice


class ReferralIn(serializers.Serializer):
    referred_on = serializers.DateField(help_text="The wait to first conversation counts from it.")
    organisation = serializers.CharField(max_length=150, required=False, allow_blank=True)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    role = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=4000, help_text="Why they were referred.")


class IntakeNewPersonIn(s.NewPersonIn):
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class IntakeIn(serializers.Serializer):
    person = IdField(
        required=False, allow_null=True, help_text="Someone already known; else new_person."
    )
    new_person = IntakeNewPersonIn(required=False, allow_null=True)
    confirm_new = serializers.BooleanField(default=False)
    candidates_seen = serializers.ListField(
        child=IdField(), required=False, allow_null=True, max_length=50
    )
    channel = serializers.ChoiceField(
        choices=Episode.Channel.choices,
        help_text="Outside a hub: " + ", ".join(c.value for c in INTAKE_CHANNELS) + ".",
    )
    source = serializers.ChoiceField(choices=Episode.Source.choices, default=Episode.Source.SELF)
    contacted_on = serializers.DateField(required=False, help_text="Default today.")
    referral = ReferralIn(required=False, allow_null=True, help_text="For channel “referral”.")

    def validate(self, data: dict) -> dict:
        if not data.get("person") and not data.get("new_person"):
            raise serializers.ValidationError("Give either person or new_person.")
        return data


class ReferralOut(serializers.Serializer):
    referred_on = serializers.DateField()
    organisation = serializers.CharField(source="referrer_organisation")
    name = serializers.CharField(source="referrer_name")
    role = serializers.CharField(source="referrer_role")
    contact = serializers.CharField(source="referrer_contact")
    reason = serializers.CharField(source="reason_for_referral")


class IntakeOut(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    details_kept = serializers.SerializerMethodField()
    episode = serializers.IntegerField(source="episode.pk")
    episode_state = serializers.CharField(source="episode.state")
    first_contact_on = serializers.DateField(source="episode.first_contact_on")
    referral = ReferralOut(allow_null=True)

    def get_details_kept(self, intake: Any) -> bool:
        return not intake.person.is_anonymised


class IntakeView(APIView):
    """Someone new got in touch outside a hub (phone, email, home visit, duty desk) or was
    referred: add them by the drop-in's rules (409 with likely duplicates: send ``person``, or
    ``confirm_new``) and open an episode waiting for its first conversation."""

    permission_classes = [RoleAction]
    required_action = "episode.work"

    @extend_schema(request=IntakeIn, responses={201: IntakeOut, 409: s.DuplicatesOut})
    def post(self, request: Request) -> Response:
        data = IntakeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = None
        if values.get("person"):
            person = person_get_in_partnership(
                user=request.user, pk=values["person"], action="episode.work"
            )
        referral = values.get("referral")
        try:
            result = intake_record(
                actor=request.user,
                person=person,
                new_person=None if person else self._new_person(values["new_person"]),
                confirm_new=values["confirm_new"],
                candidates_seen=values.get("candidates_seen"),
                channel=values["channel"],
                source=values["source"],
                contacted_on=values.get("contacted_on"),
                referral=ReferralDetails(**referral) if referral else None,
            )
        except PossibleDuplicates as duplicates:
            body = s.DuplicatesOut(
                {"detail": duplicates.messages[0], "candidates": duplicates.candidates}
            ).data
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(IntakeOut(result).data, status=status.HTTP_201_CREATED)

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
            email=values["email"],
            health_number=values["health_number"],
            locality=locality,
            consent=values["consent"],
        )


class PersonDetailsIn(serializers.Serializer):
    """Send only what changes; every detail but the first name may be blank."""

    first_name = serializers.CharField(max_length=80, required=False)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    preferred_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    pronouns = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    locality = IdField(required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    health_number = serializers.CharField(
        max_length=14, required=False, allow_blank=True,
        help_text="CHI number (Scotland) or NHS number (England, Wales): 10 digits.",
    )  # fmt: skip
    language = serializers.CharField(max_length=60, required=False, allow_blank=True)
    communication_needs = serializers.CharField(max_length=250, required=False, allow_blank=True)


def person_details_update(request: Request, pk: int) -> Response:
    """PATCH on a person (``PersonDetailView``): change some of their details, audited."""
    person = person_get(user=request.user, pk=pk, action="person.change")
    data = PersonDetailsIn(data=request.data)
    data.is_valid(raise_exception=True)
    changes = dict(data.validated_data)
    if "locality" in changes:
        changes["locality"] = locality_choice(user=request.user, pk=changes["locality"])
        if changes["locality"] is None:
            raise ValidationError({"locality": ["Choose one of your localities."]})
    person = person_update(actor=request.user, person=person, **changes)
    person.can_open = True
    return Response(s.PersonOut(person).data)


class ConsentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsentRecord.Kind.choices)
    partner_organisation = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    agreed = serializers.BooleanField()
    how = serializers.ChoiceField(choices=ConsentRecord.How.choices)
    given_by = serializers.ChoiceField(
        choices=ConsentRecord.GivenBy.choices, default=ConsentRecord.GivenBy.THEMSELVES
    )
    given_on = serializers.DateField(required=False, help_text="Default today.")


class ConsentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    partner_organisation = serializers.CharField()
    agreed = serializers.BooleanField()
    how = serializers.CharField()
    given_by = serializers.CharField()
    given_on = serializers.DateField()
    recorded_at = serializers.DateTimeField()


class PersonConsentView(APIView):
    """A person's consent answers, newest first (the latest of each kind holds); POST records
    a new answer (a change of mind: earlier answers stay)."""

    permission_classes = [RoleAction]
    scope_model = Person
    required_action = "person.change"

    @extend_schema(operation_id="people_consents_list", responses=ConsentOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = person_get(user=request.user, pk=pk, action="person.change")
        audit_view(actor=request.user, obj=person)
        return Response(ConsentOut(consent_history(person=person), many=True).data)

    @extend_schema(
        operation_id="people_consents_create", request=ConsentIn, responses={201: ConsentOut}
    )
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(user=request.user, pk=pk, action="person.change")
        data = ConsentIn(data=request.data)
        data.is_valid(raise_exception=True)
        record = consent_record(actor=request.user, person=person, **data.validated_data)
        return Response(ConsentOut(record).data, status=status.HTTP_201_CREATED)
