"""How a signed-in user is read on each request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Django's ``ModelBackend``, reading the signed-in user with their partnership: every page
    names it beside the user, which was a query of its own on each request."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("partnership")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
