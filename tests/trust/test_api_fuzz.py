"""API fuzzing: schemathesis generates requests from ``/api/schema/`` (valid ones and invalid
ones) for every operation, sends each as every role with its API token, and runs every one of
its checks on every answer: no server errors, every status and body as documented, invalid
input refused, valid input not refused for its shape, authentication enforced.

Two things are ours:

- Path parameters are drawn half the time from real records of the small world the access
  matrix uses, so the fuzzing reaches records rather than only ever getting 404.
- The object-level authorization check with two users: whatever a user of partnership A was
  answered about one of A's records, the same request from a user of partnership B with the
  same role must get 404 (schemathesis's own check needs peers declared in a config file and
  compares ownership of created objects; ours states the rule this product has).

Valid input that a rule of the service refuses (a move the pathway does not allow, a session
already closed, wrong credentials) gets 400 with messages: that is part of the contract, so
``positive_data_acceptance`` counts 400 as a refusal it expects, alongside 401/403/404/409/429.

Runs in ``.ci/run`` (``CLS_API_FUZZ=1``; ``CLS_API_FUZZ_EXAMPLES`` examples per operation and
mode, 8 by default); skipped in the ordinary suite so that stays fast.
"""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("CLS_API_FUZZ"), reason="API fuzzing runs in .ci/run (CLS_API_FUZZ=1)"
)

EXAMPLES = int(os.environ.get("CLS_API_FUZZ_EXAMPLES", "8"))
EXPECTED_REFUSALS = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]


def _config():
    from schemathesis.config import SchemathesisConfig

    return SchemathesisConfig.from_dict(
        {
            "generation": {
                # Our tokens authenticate every request; generated (random) credentials would
                # only make schemathesis's ignored_auth check misread which one was used.
                "with-security-parameters": False,
                "database": "none",
            },
            "checks": {"positive_data_acceptance": {"expected-statuses": EXPECTED_REFUSALS}},
        }
    )


def _url_name(path_template: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        return resolve(re.sub(r"\{[^}]+\}", "1", path_template)).url_name
    except Resolver404:
        return None


def _real_ids(operation, place) -> dict[str, int] | None:
    """Path parameters naming a real record of the own place (None if the path has none)."""
    from tests.trust.test_access_matrix import OBJECTS

    names = re.findall(r"\{([^}]+)\}", operation.path)
    url_name = _url_name(operation.path)
    if not names or url_name not in OBJECTS:
        return None
    return {name: getattr(place, OBJECTS[url_name][0]).pk for name in names}


def _titles(error: BaseException) -> list[str]:
    text = str(error)
    return sorted(set(re.findall(r"- (ST\d+ [^\n]+)", text))) or [text[:400]]


def _fuzzer(strategy, *, real, tokens, outsiders, checks):
    """One hypothesis test for one operation and mode: each example is sent as every role."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings

    @given(case=strategy)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        for role, token in tokens.items():
            response = case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, checks=checks
            )
            if real and response.status_code not in (404, 405):
                # The object-level authorization check with two users.
                outsider = case.call(headers={"Authorization": f"Token {outsiders[role]}"})
                assert outsider.status_code == 404, (
                    f"{case.method} {case.formatted_path} answered {role} of another "
                    f"partnership {outsider.status_code}, not 404"
                )

    return fuzz


def test_the_api_survives_fuzzing_as_every_role(world, settings, tmp_path):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import strategies as st
    from hypothesis.errors import Unsatisfiable
    from rest_framework.authtoken.models import Token
    from schemathesis import GenerationMode
    from schemathesis.checks import CHECKS, load_all_checks

    from cls_portal.permissions import Role
    from tests.factories import UserFactory
    from tests.trust.places import OWN, build_places, build_users

    settings.MEDIA_ROOT = tmp_path
    place = build_places(world)[OWN]
    users = build_users(world)
    place.forum.members.add(*users.values())
    place.meeting.attendees.add(*users.values())
    tokens = {role: Token.objects.get(user=user).key for role, user in users.items()}
    outsiders = {}
    for role in Role:
        outsider = UserFactory(
            role=role,
            partnership=world.outsider_partnership,
            localities=[world.outsider_locality],
        )
        outsiders[role] = Token.objects.create(user=outsider).key

    load_all_checks()
    checks = [check for check in CHECKS.get_all() if not isinstance(check, type)]
    assert {"not_a_server_error", "response_schema_conformance", "ignored_auth"} <= {
        check.__name__ for check in checks
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", get_wsgi_application(), config=_config()
    )
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60  # the whole API, not a slice of it

    for operation in operations:
        real = _real_ids(operation, place)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)
            if real is not None and mode == GenerationMode.POSITIVE:
                strategy = st.one_of(
                    strategy, operation.as_strategy(generation_mode=mode, path_parameters=real)
                )

            fuzz = _fuzzer(strategy, real=real, tokens=tokens, outsiders=outsiders, checks=checks)
            try:
                fuzz()
            except Unsatisfiable:
                continue  # nothing about this operation can be made invalid (no inputs)
            except (Exception, BaseExceptionGroup) as error:  # every operation, then report
                failures.append(f"{operation.label} ({mode}): {'; '.join(_titles(error))}")
                print(f"\n{operation.label} ({mode})\n{str(error)[:3000]}")

    assert not failures, "\n".join(failures)
