"""API plumbing shared by every app: pagination and the permission class that wraps
``cls_portal.permissions`` so the API answers exactly as the pages do."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, pagination, permissions

from cls_portal.permissions import has_role_permission, in_scope


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RoleAction(permissions.BasePermission):
    """Set ``required_action`` (or ``required_actions`` keyed by HTTP method) on the view.

    Objects outside the user's scope are never in the view's queryset (selectors scope them),
    so they answer 404; ``has_object_permission`` double-checks scope all the same.

    Views of one object also set ``scope_model`` (and ``scope_kwarg`` if the URL does not call
    it ``pk``): then an object outside the user's scope answers 404 even to a role that may not
    act, exactly as the pages do (which look the object up first), so the answers agree and
    the access-control matrix can say "another partnership's object: always 404".
    """

    SAFE = ("GET", "HEAD", "OPTIONS")

    def _action(self, request: Any, view: Any) -> str:
        actions = getattr(view, "required_actions", None)
        if actions:
            key = "read" if request.method in self.SAFE else "write"
            return actions[key]
        return view.required_action

    def has_permission(self, request: Any, view: Any) -> bool:
        if has_role_permission(request.user, self._action(request, view)):
            return True
        self._not_found_outside_scope(request, view)
        return False

    def _not_found_outside_scope(self, request: Any, view: Any) -> None:
        model = getattr(view, "scope_model", None)
        key = (getattr(view, "kwargs", None) or {}).get(getattr(view, "scope_kwarg", "pk"))
        user = request.user
        if model is None or key is None or not getattr(user, "is_authenticated", False):
            return
        try:
            visible = model.objects.visible_to(user).filter(pk=key).exists()
        except (ValueError, TypeError):
            visible = False
        if not visible:
            raise exceptions.NotFound("No such record.")

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return in_scope(request.user, obj)
