"""API plumbing shared by every app: pagination and the permission class that wraps
``cls_portal.permissions`` so the API answers exactly as the pages do."""

from __future__ import annotations

from typing import Any

from rest_framework import pagination, permissions

from cls_portal.permissions import has_role_permission, in_scope


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RoleAction(permissions.BasePermission):
    """Set ``required_action`` (or ``required_actions`` keyed by HTTP method) on the view.

    Objects outside the user's scope are never in the view's queryset (selectors scope them),
    so they answer 404; ``has_object_permission`` double-checks scope all the same.
    """

    SAFE = ("GET", "HEAD", "OPTIONS")

    def _action(self, request: Any, view: Any) -> str:
        actions = getattr(view, "required_actions", None)
        if actions:
            key = "read" if request.method in self.SAFE else "write"
            return actions[key]
        return view.required_action

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_role_permission(request.user, self._action(request, view))

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return in_scope(request.user, obj)
