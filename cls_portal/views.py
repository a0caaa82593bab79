"""The home page's quick links by role, sign-in and out, and the error pages."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.views import SpectacularSwaggerSplitView

from cls_portal.forms import SignInForm
from cls_portal.middleware import session_refresh, session_seconds_left
from cls_portal.permissions import Role, has_role_permission, is_platform_operator
from cls_portal.redirects import next_or
from cls_portal.templatetags.rows import fixed_url


class HomeLink(NamedTuple):
    label: str
    url_name: str
    action: str
    description: str


HOME_LINKS: dict[str, list[HomeLink]] = {
    Role.HUB_WORKER: [
        HomeLink(
            "Open today's session",
            "hubs:hub_list",
            "hub_session.run",
            "Choose your hub and start logging drop-ins.",
        ),
        HomeLink(
            "Find a person",
            "conversations:person_list",
            "person.view",
            "Search by name, date of birth, postcode or CHI/NHS number.",
        ),
        HomeLink(
            "Follow-ups due",
            "conversations:signpost_follow_ups",
            "signpost.change",
            "Check how people got on with the solutions they were connected to.",
        ),
        HomeLink(
            "Community directory",
            "hubs:solution_list",
            "directory.view",
            "Local solutions people can be connected to.",
        ),
        HomeLink(
            "Staff pulse",
            "outcomes:staff_pulse",
            "staff_pulse.respond",
            "Five quick statements, once a month: how empowered and confident you feel.",
        ),
        HomeLink(
            "Change stories",
            "outcomes:story_list",
            "change_story.record",
            "Record the difference you made for someone, told without names.",
        ),
    ],
    Role.PRACTITIONER: [
        HomeLink(
            "Crisis board",
            "conversations:crisis_board",
            "crisis_board.view",
            "Open crisis plans in your localities, by status and review date.",
        ),
        HomeLink(
            "Find a person",
            "conversations:person_list",
            "person.view",
            "Search and open a person's timeline.",
        ),
        HomeLink(
            "Waiting lists",
            "conversations:waiting_list_index",
            "waiting_list.view",
            "Who is waiting, and for how long.",
        ),
        HomeLink(
            "Peer forums", "peer_forum:forum_list", "forum.view", "Funding requests and decisions."
        ),
        HomeLink("Hub sessions", "hubs:hub_list", "hub_session.run", "Log conversations at a hub."),
        HomeLink(
            "Staff pulse",
            "outcomes:staff_pulse",
            "staff_pulse.respond",
            "Five quick statements, once a month: how empowered and confident you feel.",
        ),
        HomeLink(
            "Change stories",
            "outcomes:story_list",
            "change_story.record",
            "Record the difference you made for someone, told without names.",
        ),
    ],
    Role.FORUM_MANAGER: [
        HomeLink(
            "Peer forums",
            "peer_forum:forum_list",
            "forum.view",
            "Your forums' queues of funding requests.",
        ),
        HomeLink(
            "Crisis board",
            "conversations:crisis_board",
            "crisis_board.view",
            "Open crisis plans in your localities.",
        ),
        HomeLink(
            "Find a person",
            "conversations:person_list",
            "person.view",
            "Search and open a person's timeline.",
        ),
        HomeLink(
            "Staff pulse",
            "outcomes:staff_pulse",
            "staff_pulse.respond",
            "Five quick statements, once a month: how empowered and confident you feel.",
        ),
        HomeLink(
            "Change stories",
            "outcomes:story_list",
            "change_story.record",
            "Record the difference you made for someone, told without names.",
        ),
    ],
    Role.HSCP_LEAD: [
        HomeLink(
            "Outcomes dashboard",
            "outcomes:dashboard",
            "outcomes.view",
            "The six CLS outcomes for a month and a place.",
        ),
        HomeLink(
            "Reports",
            "outcomes:report_list",
            "reports.view",
            "Monthly waiting-list and outcomes reports (PDF).",
        ),
        HomeLink(
            "Cost-benefit studies",
            "outcomes:study_list",
            "cost_benefit.manage",
            "What a hub costs against the costs it avoids.",
        ),
        HomeLink(
            "Community directory",
            "hubs:solution_list",
            "directory.view",
            "What is available locally.",
        ),
    ],
    Role.ADMIN: [
        HomeLink(
            "Set up",
            "accounts:setup",
            "partnership.manage",
            "Localities, hubs, staff, forums and settings: what a new partnership needs, in order.",
        ),
        HomeLink(
            "Users",
            "accounts:user_list",
            "users.manage",
            "Who can sign in, their role and localities.",
        ),
        HomeLink(
            "Waiting lists",
            "conversations:waiting_list_manage",
            "waiting_list.manage",
            "Name the waiting lists people can be added to.",
        ),
        HomeLink("Hubs", "hubs:hub_list", "hub.view", "Venues and their sessions."),
        HomeLink(
            "Community directory",
            "hubs:solution_list",
            "directory.view",
            "Add, edit and review directory entries.",
        ),
        HomeLink(
            "Reports",
            "outcomes:report_list",
            "reports.view",
            "Monthly reports for the partnership.",
        ),
        HomeLink(
            "Records past retention",
            "conversations:retention_review",
            "retention.manage",
            "How long records are kept, and who is due to be removed.",
        ),
        # ---- programme ----
        HomeLink(
            "Programme sharing",
            "outcomes:programme_sharing",
            "programme.share",
            "Share the partnership's figures with a national programme, or stop.",
        ),
    ],
    # ---- programme ----
    Role.PROGRAMME_LEAD: [
        HomeLink(
            "Programme view",
            "outcomes:programme",
            "programme.view",
            "The sharing partnerships' figures side by side, with totals and trends.",
        ),
        HomeLink(
            "Annual reports",
            "outcomes:programme_reports",
            "programme.view",
            "A financial year's report for the programme's board.",
        ),
    ],
}


def home_links_for(user) -> list[dict[str, str]]:
    """The role's quick links that exist and the user may follow (below the due work on the
    home page, ``today.views.home``); for the installation's operator, the partnerships."""
    links = _operator_links(user)
    for link in HOME_LINKS.get(user.role, []):
        if not has_role_permission(user, link.action):
            continue
        try:
            url = fixed_url(link.url_name)
        except NoReverseMatch:
            continue
        links.append({"label": link.label, "url": url, "description": link.description})
    return links


def _operator_links(user) -> list[dict[str, str]]:
    """The installation's operator (a superuser) sets up partnerships; that is not a role."""
    if not is_platform_operator(user):
        return []
    try:
        url = reverse("platform:partnership_list")
    except NoReverseMatch:
        return []
    return [
        {
            "label": "Partnerships",
            "url": url,
            "description": "Set up a partnership and its first administrator.",
        }
    ]


class SignInView(auth_views.LoginView):
    """Django's sign-in, going on to ``next`` only if it is a path on this site."""

    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_redirect_url(self) -> str:
        return next_or(self.request, "")


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, going on to ``next`` only if it is a path on this site."""

    def get_redirect_url(self) -> str:
        return next_or(self.request, "")


@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": push the idle limit on and say how long the session now has. Not
    signed in (it has already ended): 401, so the page's script says so instead of following a
    redirect to the sign-in page."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    session_refresh(request)
    return JsonResponse({"signed_in": True, "seconds_left": session_seconds_left(request)})


@require_GET
@login_required
def signed_in_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's second floor: the cheapest page a signed-in user can ask for (every
    middleware, the session and the user looked up; no query of its own, no template)."""
    return HttpResponse("ok", content_type="text/plain")


class APIDocsView(SpectacularSwaggerSplitView):
    """The API's documentation page (Swagger UI). OPTIONS answers with the methods it allows;
    DRF's own answer (a description as data) cannot be shown through the page's template."""

    def options(self, request, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        return HttpResponse()  # DRF adds the Allow header


def _is_api(request: HttpRequest) -> bool:
    """API clients get errors as JSON, like every other API answer (the schema says so)."""
    return request.path.startswith("/api/")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    # No context processors: the database may be the thing that failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
