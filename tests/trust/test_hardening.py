"""Hardening settings the issue names, pinned so a change to them is a deliberate one:
Argon2 hashes every new password, and django-axes's lock-out is set explicitly (not left to
the library's defaults). Behaviour (lock-out, sessions, CSP) is in tests/core/test_security.py;
secure cookies and HSTS in production in tests/core/test_settings.py (check --deploy)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import get_hasher


def test_argon2_is_the_first_password_hasher():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert get_hasher("default").algorithm == "argon2"


def test_a_new_password_is_stored_as_an_argon2_hash(make_user):
    user = make_user()  # the factory stores a ready-made hash, for speed
    user.set_password("a-new-password-456")
    assert user.password.startswith("argon2$")
    assert user.check_password("a-new-password-456")


def test_the_lock_out_is_set_explicitly():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", ["ip_address", "user_agent"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
