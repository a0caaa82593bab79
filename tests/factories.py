"""Factories shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cls_portal.accounts.models import User
from cls_portal.permissions import Role
from conversations.models import Conversation, Episode, HubBooking, Person, WaitingList
from hubs.models import (
    CommunitySolution,
    Hub,
    HubSchedule,
    HubSession,
    Locality,
    Partnership,
    SolutionCategory,
)

TEST_PASSWORD = "a-test-password-123"
_HASHED = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Locality {n}")
    slug = factory.Sequence(lambda n: f"locality-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    role = Role.HUB_WORKER
    partnership = factory.SubFactory(PartnershipFactory)
    password = _HASHED

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create and extracted:
            self.localities.set(extracted)


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    locality = factory.SubFactory(LocalityFactory)
    partnership = factory.SelfAttribute("locality.partnership")
    name = factory.Sequence(lambda n: f"Hub {n}")
    venue_type = Hub.VenueType.LIBRARY
    postcode = "EH1 1AA"


class HubSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubSession

    hub = factory.SubFactory(HubFactory)
    date = factory.LazyFunction(timezone.localdate)
    mode = HubSession.Mode.DROP_IN


class SolutionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SolutionCategory
        django_get_or_create = ("slug",)

    slug = "befriending"
    name = "Befriending"


class CommunitySolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySolution

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Solution {n}")
    organisation = "Befriending Network"
    category = factory.SubFactory(SolutionCategoryFactory)
    last_verified = factory.LazyFunction(timezone.localdate)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    locality = factory.SubFactory(LocalityFactory)
    partnership = factory.SelfAttribute("locality.partnership")
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Morrison"
    date_of_birth = datetime.date(1950, 5, 17)
    postcode = "EH1 1AA"


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    person = factory.SubFactory(PersonFactory)
    partnership = factory.SelfAttribute("person.partnership")
    locality = factory.SelfAttribute("person.locality")
    state = Episode.State.CONVERSATION_1
    first_contact_on = factory.LazyFunction(timezone.localdate)
    channel = Episode.Channel.HUB_DROP_IN


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    episode = factory.SubFactory(EpisodeFactory)
    kind = Conversation.Kind.LISTEN_AND_CONNECT
    held_on = factory.LazyFunction(timezone.localdate)
    place = Conversation.Place.HUB_SESSION
    what_matters = "Getting out of the house more."


class WaitingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingList

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Waiting list {n}")
    slug = factory.Sequence(lambda n: f"waiting-list-{n}")


# ---- sessions: hub sessions planned ahead and bookings ------------------------------------


class HubScheduleFactory(factory.django.DjangoModelFactory):
    """Every Tuesday 10:00–12:00, appointments, from today."""

    class Meta:
        model = HubSchedule

    hub = factory.SubFactory(HubFactory)
    weekday = HubSchedule.Weekday.TUESDAY
    starts_at = datetime.time(10)
    ends_at = datetime.time(12)
    mode = HubSession.Mode.APPOINTMENT
    valid_from = factory.LazyFunction(timezone.localdate)


class PlannedSessionFactory(HubSessionFactory):
    """A session on the calendar a week ahead, 10:00–12:00, not opened yet."""

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    starts_at = datetime.time(10)
    ends_at = datetime.time(12)
    mode = HubSession.Mode.APPOINTMENT
    planned = True


class HubBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubBooking

    session = factory.SubFactory(PlannedSessionFactory)
    person = factory.SubFactory(
        PersonFactory,
        locality=factory.SelfAttribute("..session.hub.locality"),
        partnership=factory.SelfAttribute("..session.hub.partnership"),
    )
    at = factory.SelfAttribute("session.starts_at")
