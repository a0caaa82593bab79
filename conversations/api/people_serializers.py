"""Input and output shapes of the people, drop-in and signpost API."""

from __future__ import annotations

from rest_framework import serializers

from cls_portal.api import IdField
from conversations.models import Conversation, Person, Signpost


class PersonFoundOut(serializers.Serializer):
    """What a search shows: enough to recognise someone, no case notes."""

    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    postcode = serializers.CharField()
    locality = serializers.CharField(source="locality.name")
    has_open_episode = serializers.BooleanField(required=False)
    can_open = serializers.BooleanField(
        required=False, help_text="Whether you may open this person's record."
    )


class PersonMergedOut(serializers.Serializer):
    """A record merged into another of the same person: the kept one is at ``Location``."""

    detail = serializers.CharField()
    merged_into = serializers.IntegerField(help_text="The id of the record that was kept.")


class PersonSearchOut(serializers.Serializer):
    count = serializers.IntegerField()
    more = serializers.BooleanField(help_text="More people match than are shown: refine it.")
    results = PersonFoundOut(many=True)


class PersonOut(PersonFoundOut):
    phone = serializers.CharField()
    email = serializers.CharField()
    chi_number = serializers.CharField()
    nhs_number = serializers.CharField()
    consent = serializers.CharField()
    communication_needs = serializers.CharField()
    preferred_name = serializers.CharField()
    pronouns = serializers.CharField()
    language = serializers.CharField()


class NewPersonIn(serializers.Serializer):
    """Someone new. Consent "declined" (did not agree to us keeping their details): no name is
    needed, and none of these details is kept."""

    first_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    health_number = serializers.CharField(
        max_length=14, required=False, allow_blank=True, default="",
        help_text="CHI number (Scotland) or NHS number (England, Wales): 10 digits.",
    )  # fmt: skip
    locality = IdField(required=False, allow_null=True)
    consent = serializers.ChoiceField(choices=Person.Consent.choices, default=Person.Consent.VERBAL)

    def validate(self, data: dict) -> dict:
        if data["consent"] == Person.Consent.DECLINED:
            return data | {"first_name": "", "last_name": ""}
        missing = {
            name: ["Enter their first name." if name == "first_name" else "Enter their last name."]
            for name in ("first_name", "last_name")
            if not (data.get(name) or "").strip()
        }
        if missing:
            raise serializers.ValidationError(missing)
        return data


class DropInIn(serializers.Serializer):
    session = IdField()
    person = IdField(
        required=False, allow_null=True, help_text="Someone already known; else new_person."
    )
    new_person = NewPersonIn(required=False, allow_null=True)
    confirm_new = serializers.BooleanField(
        default=False, help_text="Add the new person even though similar people exist."
    )
    candidates_seen = serializers.ListField(
        child=IdField(), required=False, allow_null=True, max_length=50,
        help_text="With confirm_new: the candidates you were shown (their ids). Someone likely "
        "to be them added since, e.g. at another hub, gets 409 again; left out: add anyway.",
    )  # fmt: skip
    what_matters = serializers.CharField(max_length=4000)
    what_happened = serializers.ChoiceField(choices=Conversation.WhatHappened.choices)
    solutions = serializers.ListField(child=IdField(), required=False, default=list)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    next_step = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    waiting_list = IdField(required=False, allow_null=True)
    submission_token = serializers.UUIDField(
        required=False, allow_null=True,
        help_text="A fresh UUID per visit: sending it again returns the first result.",
    )  # fmt: skip

    def validate(self, data: dict) -> dict:
        if not data.get("person") and not data.get("new_person"):
            raise serializers.ValidationError("Give either person or new_person.")
        return data


class SignpostOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="episode.person_id")
    person_name = serializers.CharField(source="episode.person.full_name")
    episode = serializers.IntegerField(source="episode_id")
    conversation = serializers.IntegerField(source="conversation_id")
    solution = serializers.IntegerField(source="solution_id")
    solution_name = serializers.CharField(source="solution.name")
    status = serializers.CharField()
    not_taken_up_reason = serializers.CharField()
    created_on = serializers.DateField()
    follow_up_on = serializers.DateField(allow_null=True)
    followed_up_on = serializers.DateField(allow_null=True)
    difference_made = serializers.CharField()


class DropInOut(serializers.Serializer):
    created = serializers.BooleanField(help_text="False when this repeated an earlier submission.")
    conversation = serializers.IntegerField(source="conversation.pk")
    kind = serializers.IntegerField(source="conversation.kind")
    person = serializers.IntegerField(source="person.pk")
    episode = serializers.IntegerField(source="episode.pk")
    episode_state = serializers.CharField(source="episode.state")
    close_reason = serializers.CharField(source="episode.close_reason")
    signposts = SignpostOut(many=True)
    waiting_list_entry = serializers.IntegerField(
        source="waiting_list_entry.pk", allow_null=True, default=None
    )


class DuplicatesOut(serializers.Serializer):
    detail = serializers.CharField()
    candidates = PersonFoundOut(many=True)


class SignpostFollowUpIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=Signpost.Status.choices)
    on = serializers.DateField(required=False, allow_null=True)
    not_taken_up_reason = serializers.ChoiceField(
        choices=Signpost.NotTakenUpReason.choices, required=False, allow_blank=True, default=""
    )
    difference_made = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    next_follow_up_on = serializers.DateField(required=False, allow_null=True)


class FootfallOut(serializers.Serializer):
    named = serializers.IntegerField(help_text="People seen by name (each counted once).")
    anonymous = serializers.IntegerField(help_text="The head-count of people not named.")
    total = serializers.IntegerField()


class VisitOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="episode.person_id")
    person_name = serializers.CharField(source="episode.person.full_name")
    kind = serializers.IntegerField()
    what_happened = serializers.CharField()
    created_at = serializers.DateTimeField()
    signposts = serializers.SerializerMethodField()

    def get_signposts(self, conversation: Conversation) -> list[str]:
        return [signpost.solution.name for signpost in conversation.signposts.all()]
