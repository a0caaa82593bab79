"""Serializers for merges, corrections and carers (input checked here for shape only: the
rules are the services')."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cls_portal.api import IdField
from conversations.models import Amendment, CarerLink, PersonMerge
from conversations.services.amendments import Amendable


class MergeProposeIn(serializers.Serializer):
    kept = IdField(help_text="The record to keep (its id).")
    reason = serializers.CharField(max_length=250)


class MergeOut(serializers.ModelSerializer):
    class Meta:
        model = PersonMerge
        fields = [
            "id", "duplicate", "kept", "reason", "state", "proposed_by", "proposed_at",
            "decided_by", "decided_at",
        ]  # fmt: skip


class AmendmentOut(serializers.ModelSerializer):
    class Meta:
        model = Amendment
        fields = ["id", "episode", "record_model", "record_id", "field_names", "reason",
                  "amended_at", "amended_by"]  # fmt: skip


def amend_serializer(kind: Amendable) -> type[serializers.Serializer]:
    """The input of one kind's correction: its correctable fields (each optional: send only
    what changes) and a required ``correction_reason``."""

    class Meta:
        model = kind.model
        fields = [*kind.fields, "correction_reason"]
        extra_kwargs = {name: {"required": False} for name in kind.fields}

    attrs: dict[str, Any] = {
        "Meta": Meta,
        # Not "reason": a waiting-list entry has a field of that name (why they wait).
        "correction_reason": serializers.CharField(max_length=250),
    }
    name = "".join(part.title() for part in kind.slug.split("-")) + "CorrectionIn"
    return type(name, (serializers.ModelSerializer,), attrs)


class CarerLinkIn(serializers.Serializer):
    other = IdField(help_text="The other person (their id).")
    direction = serializers.ChoiceField(
        choices=[
            ("is_carer", "This person cares for them"),
            ("has_carer", "They care for this person"),
        ]
    )
    relationship = serializers.ChoiceField(choices=CarerLink.Relationship.choices)
    started_on = serializers.DateField()


class CarerLinkEndIn(serializers.Serializer):
    ended_on = serializers.DateField()


class CarerLinkOut(serializers.ModelSerializer):
    class Meta:
        model = CarerLink
        fields = ["id", "carer", "cared_for", "relationship", "started_on", "ended_on"]


class AsCarerIn(serializers.Serializer):
    as_carer = serializers.BooleanField()


class AsCarerOut(serializers.Serializer):
    episode = serializers.IntegerField(source="pk")
    as_carer = serializers.BooleanField()
