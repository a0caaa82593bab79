"""Bad input, generated: for each of the main forms and API inputs, hypothesis takes a valid
submission and breaks one thing in it (a field missing, out of range, of the wrong type, too
long, another partnership's record, a date that cannot be, money with three decimals…). Every
such submission must be refused with a clear message — the form again with its error summary
(200), or 400 with a message per field — and change nothing in the database.

Each target also has a test that its valid submission is accepted and does what it asks (adds
its row, or sets exactly the fields sent), so the refusals are down to the one thing that was
broken. Examples are bounded (``BAD_INPUT_EXAMPLES``, 25 by default)
and derandomised, so the suite stays fast and repeatable.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cls_portal.api import MAX_ID
from cls_portal.permissions import Role
from conversations.models import Episode
from conversations.validators import validate_chi_number
from outcomes.models import CostBenefitStudy
from tests.factories import WaitingListFactory
from tests.trust.places import OTHER_PARTNERSHIP, OWN, build_places, build_users

EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "25"))
BAD_IDS = [0, -3, MAX_ID + 1, "abc", 1.5, [1], {"id": 1}]
NOT_DATES = ["", "not a date", "2026-02-30", "2026-13-01", "30/02/2026", 20260101]
BAD_MONEY = ["-0.01", "-250", "12.345", "abc", "", "NaN", "Infinity", "12345678901.00"]


def _ten_digits_failing_the_check_digit() -> st.SearchStrategy[str]:
    def invalid(text: str) -> bool:
        try:
            validate_chi_number(text)
        except Exception:
            return True
        return False

    return st.from_regex(r"\A\d{10}\Z").filter(invalid)


def snapshot() -> list[tuple]:
    """Every table's row count and newest id, in one query (sessions aside: every request
    touches them). Ids are compared as text: some keys are (API tokens), and PostgreSQL will
    not put numbers and text in one column."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT '{model._meta.label}', COUNT(*), "  # noqa: S608
        f"CAST(MAX({quote(model._meta.pk.column)}) AS TEXT) FROM {quote(model._meta.db_table)}"
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return sorted(cursor.fetchall())


@dataclass
class Target:
    """What to send where, and how to break it."""

    url: str
    valid: dict[str, Any]
    breakers: dict[str, st.SearchStrategy]  # a (dotted) field name -> values that are wrong
    api: bool
    watch: Callable[[], Any] = lambda: None  # values of a record an update would change
    outsiders: tuple = ()  # ids of another partnership's records among the breakers
    # What the valid submission must do: add one row of ``creates`` (a model label), or, for
    # an update, set exactly ``changes`` on the watched record.
    creates: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def _break(valid: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    payload = json.loads(json.dumps(valid))
    *path, last = name.split(".")
    node = payload
    for part in path:
        node = node[part]
    if value is _MISSING:
        node.pop(last, None)
    else:
        node[last] = value
    return payload


_MISSING = object()


def broken(target_breakers: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    return st.sampled_from(sorted(target_breakers)).flatmap(
        lambda name: target_breakers[name].map(lambda value: (name, value))
    )


def _send(client, target: Target, payload: dict[str, Any]):
    if target.api:
        return client.post(target.url, data=json.dumps(payload), content_type="application/json")
    return client.post(target.url, data=payload)


def _clearly_refused(response, target: Target, value: Any) -> None:
    body = response.content.decode()
    if target.api and response.status_code == 404 and value in target.outsiders:
        # Another partnership's record named in the body: "no such record", as for a URL.
        assert json.loads(body) == {"detail": "No such record."}
    elif target.api:
        assert response.status_code == 400, (response.status_code, body[:300])
        messages = json.loads(body)
        assert messages and isinstance(messages, dict), body
        flat = json.dumps(messages)
        assert any(char.isalpha() for char in flat), body  # words, not just codes
    else:
        assert response.status_code == 200, (response.status_code, body[:300])
        shown = (
            re.search(r'class="error"[^>]*>\s*(<p>)?\s*\w', body) or "There is a problem" in body
        )
        assert shown, "the form came back without saying what was wrong"
    assert "Traceback" not in body


def check_refusal(client, target: Target, name: str, value: Any) -> None:
    before, watched = snapshot(), target.watch()
    response = _send(client, target, _break(target.valid, name, value))
    _clearly_refused(response, target, value)
    assert snapshot() == before, f"{name}={value!r} changed the database"
    assert target.watch() == watched, f"{name}={value!r} changed the record"


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def trust_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    places = build_places(world)
    users = build_users(world)
    return places, users


def _client(client_factory, user):
    client = client_factory()
    client.force_login(user)
    return client


@pytest.fixture
def as_role(trust_world):
    from django.test import Client

    _places, users = trust_world
    return lambda role: _client(Client, users[role])


# ---- the targets ------------------------------------------------------------------------------


@pytest.fixture
def dropin(trust_world, today):
    places, _ = trust_world
    future = (today + datetime.timedelta(days=400)).isoformat()
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    valid = {
        "session": own.session.pk,
        "new_person": {
            "first_name": "Ailsa",
            "last_name": "Grant",
            "date_of_birth": "1950-05-17",
            "postcode": "EH1 1AA",
            "consent": "verbal",
        },
        "confirm_new": True,
        "what_matters": "Getting to the shops again",
        "what_happened": "resolved",
    }
    return Target(
        url=reverse("api_dropin"),
        creates="conversations.Conversation",
        valid=valid,
        api=True,
        outsiders=(other.session.pk,),
        breakers={
            "session": st.sampled_from([*BAD_IDS, None, other.session.pk]),
            "what_matters": st.sampled_from(["", "   ", None, "x" * 4001, 42]),
            "what_happened": st.sampled_from(["", "maybe", None, "waiting_list", "connected"]),
            "new_person.first_name": st.sampled_from(["", None, "x" * 81, _MISSING]),
            "new_person.date_of_birth": st.sampled_from([*NOT_DATES, future, "1850-01-01"]),
            "new_person.health_number": _ten_digits_failing_the_check_digit()
            | st.sampled_from(["123", "ABCDEFGHIJ", "1" * 15]),
            "new_person.locality": st.sampled_from([*BAD_IDS, other.episode.locality_id]),
            "new_person.consent": st.sampled_from(["", "maybe", None]),
            "solutions": st.sampled_from([[0], ["a"], [MAX_ID + 1], [other.solution.pk], "1"]),
            "follow_up_on": st.sampled_from(NOT_DATES[1:]),
        },
    )


@pytest.fixture
def conversation(trust_world, today):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    episode = Episode.objects.create(
        person=own.person.__class__.objects.create(
            partnership=own.person.partnership, locality=own.person.locality, first_name="Iona"
        ),
        partnership=own.person.partnership,
        locality=own.person.locality,
        state=Episode.State.WAITING,
        first_contact_on=today - datetime.timedelta(days=3),
        channel=Episode.Channel.PHONE,
    )
    valid = {
        "kind": 1,
        "held_on": today.isoformat(),
        "place": "phone",
        "what_matters": "Company in the afternoons",
    }
    return Target(
        url=reverse("api_episode_conversations", args=[episode.pk]),
        creates="conversations.Conversation",
        valid=valid,
        api=True,
        breakers={
            "kind": st.sampled_from([0, 4, "one", None, 2, 3]),  # 2 and 3 need their plans
            "held_on": st.sampled_from([*NOT_DATES, None]),
            "place": st.sampled_from(["", "moon", None]),
            "what_matters": st.sampled_from(["", None, _MISSING]),
            "hub_session": st.sampled_from([*BAD_IDS, other.session.pk]),
            "new_outcomes": st.sampled_from([["x" * 251], "not a list", [None]]),
            "next_step": st.just("x" * 251),
        },
        watch=lambda: Episode.objects.filter(pk=episode.pk).values().get(),
    )


@pytest.fixture
def crisis_update(trust_world, today):
    places, _ = trust_world
    plan = places[OWN].crisis_plan
    review_by = today + datetime.timedelta(days=14)  # not the plan's own: the change shows
    return Target(
        url=reverse("conversations:crisis_plan_update", args=[plan.pk]),
        valid={"rag": "red", "review_by": review_by.isoformat()},
        api=False,
        breakers={
            "rag": st.sampled_from(["", "purple", "RED", _MISSING]),
            "review_by": st.sampled_from([*NOT_DATES[:5], _MISSING]),
        },
        watch=lambda: plan.__class__.objects.filter(pk=plan.pk).values().get(),
        changes={"rag": "red", "review_by": review_by},
    )


@pytest.fixture
def wellbeing(trust_world):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    valid = {
        "episode": own.episode.pk,
        "measure": "ons4",
        "life_satisfaction": 6,
        "worthwhile": 7,
        "happiness": 5,
        "anxiety": 3,
    }
    out_of_range = st.integers(min_value=-(2**40), max_value=-1) | st.integers(
        min_value=11, max_value=2**40
    )
    return Target(
        url=reverse("api_wellbeing_list"),
        creates="conversations.WellbeingScore",
        valid=valid,
        api=True,
        outsiders=(other.episode.pk,),
        breakers={
            "life_satisfaction": out_of_range | st.sampled_from([None, "six", 6.5]),
            "anxiety": out_of_range | st.sampled_from([None, _MISSING]),
            "swemwbs_3": st.integers(min_value=1, max_value=5),  # not part of ONS4
            "measure": st.sampled_from(["", "swemwbs", "outcome-star", None]),
            "episode": st.sampled_from([*BAD_IDS, other.episode.pk]),
            "recorded_on": st.sampled_from(NOT_DATES[1:]),
        },
    )


@pytest.fixture
def funding_request(trust_world, today):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    valid = {
        "outcomes_sought": "To stay at home",
        "intervention_type": "long_term",
        "counterfactual_service": "home_care",
        "counterfactual_weekly_cost": "450.00",
        "proposed_weekly_cost": "120.00",
        "sds_option": "3",
        "start_on": today.isoformat(),
        "review_on": (today + datetime.timedelta(weeks=12)).isoformat(),
    }
    return Target(
        url=reverse("peer_forum:request_create") + f"?episode={own.episode.pk}",
        creates="peer_forum.FundingRequest",
        valid=valid,
        api=False,
        breakers={
            "counterfactual_weekly_cost": st.sampled_from([*BAD_MONEY, _MISSING]),
            "proposed_weekly_cost": st.sampled_from([*BAD_MONEY, _MISSING]),
            "intervention_type": st.sampled_from(["", "forever", "short_term", "one_off"]),
            "counterfactual_service": st.sampled_from(["", "castle"]),
            "sds_option": st.sampled_from(["0", "5", "x", ""]),
            "start_on": st.sampled_from(NOT_DATES),
            "review_on": st.sampled_from(
                [*NOT_DATES, (today - datetime.timedelta(days=1)).isoformat()]
            ),
            "outcomes_sought": st.sampled_from(["", "   "]),
            "proposed_solutions": st.sampled_from([str(other.solution.pk), "0", "x"]),
        },
    )


@pytest.fixture
def waiting_list_add(trust_world):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    social_work = WaitingListFactory(partnership=own.person.partnership, name="Social work")
    return Target(
        url=reverse("api_waiting_list_entry_list"),
        creates="conversations.WaitingListEntry",
        valid={"episode": own.episode.pk, "waiting_list": social_work.pk, "reason": "OT"},
        api=True,
        outsiders=(other.episode.pk, other.waiting_list.pk),
        breakers={
            "episode": st.sampled_from([*BAD_IDS, other.episode.pk, _MISSING]),
            "waiting_list": st.sampled_from([*BAD_IDS, other.waiting_list.pk, _MISSING]),
            "priority": st.sampled_from(["", "whenever", None]),
            "reason": st.just("x" * 251),
            "added_on": st.sampled_from(NOT_DATES[1:]),
        },
    )


@pytest.fixture
def waiting_list_remove(trust_world, today):
    places, _ = trust_world
    entry = places[OWN].entry
    before_added = (entry.added_on - datetime.timedelta(days=1)).isoformat()
    return Target(
        url=reverse("api_waiting_list_entry_remove", args=[entry.pk]),
        valid={"removal_reason": "seen", "removed_on": today.isoformat()},
        api=True,
        breakers={
            "removal_reason": st.sampled_from(["", "bored", None, _MISSING]),
            "removed_on": st.sampled_from([*NOT_DATES[1:], before_added]),
        },
        watch=lambda: entry.__class__.objects.filter(pk=entry.pk).values().get(),
        changes={"removal_reason": "seen", "removed_on": today},
    )


@pytest.fixture
def directory_entry(trust_world):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    valid = {
        "name": "Tuesday lunch club",
        "organisation": "Riverside Community Trust",
        "category": str(own.solution.category_id),
        "description": "Soup and company.",
        "localities": [str(own.episode.locality_id)],
        "email": "lunch@example.org",
        "website": "https://example.org/lunch",
    }
    return Target(
        url=reverse("hubs:solution_create"),
        creates="hubs.CommunitySolution",
        valid=valid,
        api=False,
        breakers={
            "name": st.sampled_from(["", "x" * 151, _MISSING]),
            "organisation": st.sampled_from(["", "x" * 151]),
            "category": st.sampled_from(["", "0", "x", _MISSING]),
            "email": st.sampled_from(["not-an-email", "a@", "@b.org"]),
            "website": st.sampled_from(["not a url", "javascript:alert(1)", "http://"]),
            "localities": st.sampled_from([[str(other.episode.locality_id)], ["x"], ["0"]]),
        },
    )


@pytest.fixture
def cost_line(trust_world):
    places, _ = trust_world
    study = places[OWN].study
    return Target(
        url=reverse("outcomes:study_detail", args=[study.pk]),
        creates="outcomes.CostLine",
        valid={"category": "revenue", "description": "Hall hire", "amount": "1200.00"},
        api=False,
        breakers={
            "amount": st.sampled_from([*BAD_MONEY, "123456789012.00", _MISSING]),
            "category": st.sampled_from(["", "snacks", _MISSING]),
            "description": st.sampled_from(["", "x" * 201, _MISSING]),
        },
        watch=lambda: CostBenefitStudy.objects.filter(pk=study.pk).values().get(),
    )


# ---- intake ----


@pytest.fixture
def intake(trust_world, today):
    places, _ = trust_world
    other = places[OTHER_PARTNERSHIP]
    future = (today + datetime.timedelta(days=3)).isoformat()
    valid = {
        "new_person": {"first_name": "Fionnuala", "last_name": "Quist", "consent": "verbal"},
        "channel": "referral",
        "source": "gp",
        "referral": {
            "referred_on": (today - datetime.timedelta(days=2)).isoformat(),
            "organisation": "Riverside Medical Practice",
            "reason": "Lonely since a bereavement",
        },
    }
    return Target(
        url=reverse("api_intake"),
        creates="conversations.Referral",
        valid=valid,
        api=True,
        outsiders=(other.person.pk,),
        breakers={
            "channel": st.sampled_from(["", "hub_drop_in", "moon", None, "phone", _MISSING]),
            "source": st.sampled_from(["", "aliens", None]),
            "contacted_on": st.sampled_from([*NOT_DATES, future]),
            "referral.referred_on": st.sampled_from([*NOT_DATES, future, "1850-01-01", _MISSING]),
            "referral.reason": st.sampled_from(["", "  ", None, "x" * 4001, _MISSING]),
            "referral.organisation": st.sampled_from(["x" * 151, ""]),
            "new_person.first_name": st.sampled_from(["", None, "x" * 81, _MISSING]),
            "new_person.email": st.sampled_from(["not-an-email", "a@", 42]),
            "new_person.health_number": _ten_digits_failing_the_check_digit(),
            "new_person.locality": st.sampled_from([*BAD_IDS, other.episode.locality_id]),
            "person": st.sampled_from([*BAD_IDS, other.person.pk]),
        },
    )


@pytest.fixture
def person_details(trust_world, today):
    from conversations.forms.intake import _initial
    from conversations.models import Person

    places, _ = trust_world
    person, other = places[OWN].person, places[OTHER_PARTNERSHIP]
    valid = {name: value or "" for name, value in _initial(person).items()}
    if person.date_of_birth:
        valid["date_of_birth"] = person.date_of_birth.strftime("%d/%m/%Y")
    valid["phone"] = "07700 900999"
    future = (today + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    return Target(
        url=reverse("conversations:person_edit", args=[person.pk]),
        valid=valid,
        api=False,
        changes={"phone": "07700 900999"},
        breakers={
            "first_name": st.sampled_from(["", "   ", "x" * 81, _MISSING]),
            "date_of_birth": st.sampled_from([*NOT_DATES[1:], future, "01/01/1850"]),
            "health_number": _ten_digits_failing_the_check_digit()
            | st.sampled_from(["123", "ABCDEFGHIJ"]),
            "email": st.sampled_from(["not-an-email", "a@", "@b.org"]),
            "locality": st.sampled_from([str(other.episode.locality_id), "x", "0", _MISSING]),
            "postcode": st.just("x" * 11),
            "phone": st.just("1" * 31),
        },
        watch=lambda: Person.objects.filter(pk=person.pk).values().get(),
    )


@pytest.fixture
def consent(trust_world, today):
    places, _ = trust_world
    person = places[OWN].person
    future = (today + datetime.timedelta(days=3)).isoformat()
    return Target(
        url=reverse("api_person_consents", args=[person.pk]),
        creates="conversations.ConsentRecord",
        valid={
            "kind": "share",
            "partner_organisation": "Age Scotland",
            "agreed": True,
            "how": "phone",
            "given_on": today.isoformat(),
        },
        api=True,
        breakers={
            "kind": st.sampled_from(["", "everything", None, _MISSING]),
            "agreed": st.sampled_from(["maybe", None, _MISSING, 7]),
            "how": st.sampled_from(["", "telepathy", None, _MISSING]),
            "given_by": st.sampled_from(["", "a stranger"]),
            "given_on": st.sampled_from([*NOT_DATES, future, "1850-01-01"]),
            "partner_organisation": st.sampled_from(["", "   ", "x" * 151]),
        },
    )


# Which role sends each target.
SENDERS = {
    "dropin": Role.HUB_WORKER,
    "conversation": Role.PRACTITIONER,
    "crisis_update": Role.PRACTITIONER,
    "wellbeing": Role.PRACTITIONER,
    "funding_request": Role.PRACTITIONER,
    "waiting_list_add": Role.PRACTITIONER,
    "waiting_list_remove": Role.PRACTITIONER,
    "directory_entry": Role.HUB_WORKER,
    "cost_line": Role.HSCP_LEAD,
    # ---- intake ----
    "intake": Role.PRACTITIONER,
    "person_details": Role.PRACTITIONER,
    "consent": Role.HUB_WORKER,
}


@pytest.mark.parametrize("name", sorted(SENDERS))
def test_the_valid_submission_is_accepted(name, request, as_role):
    """So each refusal below is down to the one thing that was broken."""
    target = request.getfixturevalue(name)
    rows, watched = _row_counts(), target.watch()
    response = _send(as_role(SENDERS[name]), target, target.valid)
    assert response.status_code in (200, 201, 302), response.content.decode()[:500]
    if not target.api:
        assert response.status_code == 302, "the valid form was refused"
    if target.changes:  # an update: the record differs in exactly the fields sent
        after = target.watch()
        changed = {
            key: value
            for key, value in after.items()
            if watched[key] != value and key != "updated_at"  # stamped by every save
        }
        assert changed == target.changes
    else:
        assert _row_counts()[target.creates] == rows[target.creates] + 1


def _row_counts() -> dict[str, int]:
    return {label: count for label, count, _newest in snapshot()}


def _refusal_test(name: str):
    @HYPOTHESIS
    @given(case=st.data())
    def test(case, request, as_role):
        target = request.getfixturevalue(name)
        field, value = case.draw(broken(target.breakers), label="broken field")
        check_refusal(as_role(SENDERS[name]), target, field, value)

    test.__name__ = f"test_a_broken_{name}_is_refused_clearly_and_changes_nothing"
    return test


for _name in SENDERS:
    globals()[f"test_a_broken_{_name}_is_refused_clearly_and_changes_nothing"] = _refusal_test(
        _name
    )


# ---- records: merges, corrections, carers ------------------------------------------------------


@pytest.fixture
def merge_propose(trust_world):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    return Target(
        url=reverse("conversations:person_merge_propose", args=[own.cared_for.pk]),
        creates="conversations.PersonMerge",
        valid={"q": own.person.full_name, "kept": own.person.pk, "reason": "Same person"},
        api=False,
        breakers={
            "kept": st.sampled_from(["", "x", "0", str(other.person.pk), _MISSING]),
            "reason": st.sampled_from(["", "   ", "x" * 251, _MISSING]),
        },
    )


@pytest.fixture
def entry_correction(trust_world, today):
    places, _ = trust_world
    entry = places[OWN].entry
    earlier = entry.added_on - datetime.timedelta(days=2)
    future = (today + datetime.timedelta(days=1)).isoformat()
    return Target(
        url=reverse("conversations:waiting_list_entry_correct", args=[entry.pk]),
        valid={
            "added_on": earlier.isoformat(),
            "priority": entry.priority,
            "reason": entry.reason,
            "correction_reason": "Typed the wrong day",
        },
        api=False,
        breakers={
            "added_on": st.sampled_from([*NOT_DATES, future, _MISSING]),
            "removed_on": st.sampled_from([earlier.isoformat(), "2026-02-30"]),
            "priority": st.sampled_from(["", "whenever"]),
            "correction_reason": st.sampled_from(["", "   ", "x" * 251, _MISSING]),
        },
        watch=lambda: entry.__class__.objects.filter(pk=entry.pk).values().get(),
        changes={"added_on": earlier},
    )


@pytest.fixture
def outcome_correction(trust_world, today):
    places, _ = trust_world
    outcome = places[OWN].outcome
    future = (today + datetime.timedelta(days=1)).isoformat()
    return Target(
        url=reverse("api_outcome_correct", args=[outcome.pk]),
        valid={"statement": "Not to be alone", "correction_reason": "Misheard"},
        api=True,
        breakers={
            "statement": st.sampled_from(["", None, "x" * 251, "   "]),
            "created_on": st.sampled_from([*NOT_DATES, future]),
            "correction_reason": st.sampled_from(["", None, "   ", "x" * 251, _MISSING]),
        },
        watch=lambda: outcome.__class__.objects.filter(pk=outcome.pk).values().get(),
        changes={"statement": "Not to be alone"},
    )


@pytest.fixture
def carer_link(trust_world, today):
    places, _ = trust_world
    own, other = places[OWN], places[OTHER_PARTNERSHIP]
    future = (today + datetime.timedelta(days=1)).isoformat()
    return Target(
        url=reverse("api_person_carers", args=[own.person.pk]),
        creates="conversations.CarerLink",
        valid={
            "other": own.duplicate.pk,
            "direction": "has_carer",
            "relationship": "friend",
            "started_on": (today - datetime.timedelta(days=100)).isoformat(),
        },
        api=True,
        outsiders=(other.person.pk,),
        breakers={
            "other": st.sampled_from([*BAD_IDS, other.person.pk, own.person.pk, _MISSING]),
            "direction": st.sampled_from(["", "both", None]),
            "relationship": st.sampled_from(["", "butler", None]),
            "started_on": st.sampled_from([*NOT_DATES, future, _MISSING]),
        },
    )


RECORDS_SENDERS = {
    "merge_propose": Role.PRACTITIONER,
    "entry_correction": Role.PRACTITIONER,
    "outcome_correction": Role.PRACTITIONER,
    "carer_link": Role.HUB_WORKER,
}
SENDERS.update(RECORDS_SENDERS)


@pytest.mark.parametrize("name", sorted(RECORDS_SENDERS))
def test_the_valid_records_submission_is_accepted(name, request, as_role):
    test_the_valid_submission_is_accepted(name, request, as_role)


for _name in RECORDS_SENDERS:
    globals()[f"test_a_broken_{_name}_is_refused_clearly_and_changes_nothing"] = _refusal_test(
        _name
    )
