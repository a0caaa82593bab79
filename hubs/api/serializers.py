"""Input and output shapes of the hubs API (separate, as STYLE.md asks)."""

from __future__ import annotations

from rest_framework import serializers

from cls_portal.api import IdField
from hubs.models import HubSession, SolutionCategory


class LocalityOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HubOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    locality = LocalityOut()
    venue_type = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    accessibility_notes = serializers.CharField()


class HubSessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    hub = serializers.IntegerField(source="hub_id")
    hub_name = serializers.CharField(source="hub.name")
    date = serializers.DateField()
    starts_at = serializers.TimeField(allow_null=True)
    ends_at = serializers.TimeField(allow_null=True)
    mode = serializers.CharField()
    staff = serializers.SerializerMethodField()
    partner_organisations = serializers.CharField()
    anonymous_count = serializers.IntegerField(help_text="The head-count of people not named.")
    is_open = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_staff(self, session: HubSession) -> list[int]:
        return sorted(member.pk for member in session.staff.all())


class HubSessionOpenIn(serializers.Serializer):
    hub = IdField()
    mode = serializers.ChoiceField(choices=HubSession.Mode.choices, default=HubSession.Mode.DROP_IN)
    staff = serializers.ListField(child=IdField(), required=False, default=list)
    partner_organisations = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )


class TallyIn(serializers.Serializer):
    change = serializers.ChoiceField(choices=[(1, "add one"), (-1, "take one off")], default=1)


class SolutionOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    localities = LocalityOut(many=True, source="localities.all")
    schedule = serializers.CharField()
    cost_to_person = serializers.CharField()
    contact_name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    address = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    last_verified = serializers.DateField(allow_null=True)
    needs_review = serializers.BooleanField()
    is_active = serializers.BooleanField()
    hsds_service_id = serializers.UUIDField()


class SolutionIn(serializers.Serializer):
    """Create needs name, organisation and category; an update changes only what it sends."""

    name = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=150)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=SolutionCategory.objects.all()
    )
    localities = serializers.ListField(child=IdField(), required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    schedule = serializers.CharField(max_length=250, required=False, allow_blank=True)
    cost_to_person = serializers.CharField(max_length=120, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=250, required=False, allow_blank=True)
    town = serializers.CharField(max_length=80, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    last_verified = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class ImportProblemOut(serializers.Serializer):
    record = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportResultOut(serializers.Serializer):
    ok = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    problems = ImportProblemOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())
