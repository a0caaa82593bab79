"""The story of issue 16, in the browser's place (the test client): a practitioner merges a
duplicate found at a hub, corrects a mistyped "what matters" and links a carer — each from the
pages, and each visible on the person's timeline."""

from __future__ import annotations

import datetime

from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import CarerLink, Conversation, Person, PersonMerge
from tests.factories import (
    ConversationFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
)


def test_merge_a_duplicate_correct_what_matters_and_link_a_carer(world, make_user, login, today):
    practitioner = make_user(Role.PRACTITIONER)
    colleague = make_user(Role.PRACTITIONER)
    hub = HubFactory(locality=world.locality, partnership=world.partnership)
    # Known since the spring (a closed episode); added again at today's hub session as "Jeannie".
    jean = PersonFactory(locality=world.locality, first_name="Jean", last_name="Paterson")
    spring = today - datetime.timedelta(days=200)
    EpisodeFactory(
        person=jean, first_contact_on=spring, state="closed", closed_on=spring,
        close_reason="resolved_first_contact",
    )  # fmt: skip
    jeannie = PersonFactory(
        locality=world.locality, first_name="Jeannie", last_name="Paterson", phone="07700 900456"
    )
    session = HubSessionFactory(hub=hub, date=today)
    conversation = ConversationFactory(
        episode=EpisodeFactory(person=jeannie, first_contact_on=today, first_contact_session=session),
        held_on=today, hub_session=session, hub=hub, practitioner=practitioner,
        what_matters="Gettign to the lunhc club",
    )  # fmt: skip

    me = login(practitioner)
    # 1. The duplicate: propose from Jeannie's record; a colleague confirms.
    propose = reverse("conversations:person_merge_propose", args=[jeannie.pk])
    me.post(propose, {"q": "Jean Paterson", "kept": jean.pk, "reason": "Same person, at the hub"})
    merge = PersonMerge.objects.get(duplicate=jeannie)
    confirmed = login(colleague).post(
        reverse("conversations:person_merge_detail", args=[merge.pk]), {"decision": "confirm"}
    )
    assert confirmed["Location"] == reverse("conversations:person_detail", args=[jean.pk])
    jean_page = reverse("conversations:person_detail", args=[jean.pk])
    page = me.get(jean_page).content.decode()
    assert "Moved here from a duplicate record" in page and "Same person, at the hub" in page
    assert Person.objects.get(pk=jean.pk).phone == "07700 900456"

    # 2. The mistyped "what matters": corrected with a reason.
    me.post(
        reverse("conversations:conversation_correct", args=[conversation.pk]),
        {"what_matters": "Getting to the lunch club", "place": "hub_session",
         "correction_reason": "Typed in a hurry at the hub"},
    )  # fmt: skip
    assert Conversation.objects.get(pk=conversation.pk).what_matters == "Getting to the lunch club"
    page = me.get(jean_page).content.decode()
    assert "Getting to the lunch club" in page and "Gettign" not in page
    assert "Amended on" in page and "Typed in a hurry at the hub" in page

    # 3. Her daughter cares for her: linked from Jean's record.
    daughter = PersonFactory(locality=world.locality, first_name="Fiona", last_name="Paterson")
    me.post(
        reverse("conversations:carer_link_create", args=[jean.pk]),
        {"q": "Fiona", "other": daughter.pk, "direction": "has_carer", "relationship": "child",
         "started_on": (today - datetime.timedelta(days=365)).isoformat()},
    )  # fmt: skip
    assert CarerLink.objects.filter(carer=daughter, cared_for=jean).exists()
    page = me.get(jean_page).content.decode()
    assert "Carer linked: Fiona Paterson" in page  # on the open episode's timeline
    section = me.get(reverse("conversations:person_links", args=[jean.pk])).content.decode()
    assert "Cared for by" in section
    assert f"Record #{jeannie.pk} was merged into this one" in section
    # The old address of the duplicate leads to Jean.
    old = me.get(reverse("conversations:person_detail", args=[jeannie.pk]))
    assert old["Location"] == jean_page
