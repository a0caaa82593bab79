"""Pages of the outcomes app, mounted at /outcomes/."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

from outcomes.views import board, cost_benefit, dashboard, programme, pulse, reports, stories

app_name = "outcomes"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # One outcome at a time, each at its own address (no URL argument: the place and month are
    # the query string, checked by scope_for like the overview's).
    *[
        path(
            f"dashboard/outcome-{n}/",
            dashboard.dashboard,
            {"number": n},
            name=f"dashboard_outcome_{n}",
        )
        for n in range(1, 7)
    ],
    path("figures.csv", dashboard.figures_csv, name="figures_csv"),
    path(
        "core-data-set/",
        login_required(TemplateView.as_view(template_name="outcomes/core_data_set.html")),
        name="core_data_set_help",
    ),
    path("fidelity/", board.fidelity, name="fidelity"),
    path("fidelity/assess/", board.fidelity_assess, name="fidelity_assess"),
    path("targets/", board.targets, name="targets"),
    path("targets/<int:pk>/remove/", board.target_remove_view, name="target_remove"),
    path("reports/", reports.report_list_view, name="report_list"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/retry/", reports.report_retry_view, name="report_retry"),
    path("stories/", stories.story_list, name="story_list"),
    path("stories/new/", stories.story_create, name="story_create"),
    path("stories/<int:pk>/", stories.story_detail, name="story_detail"),
    path("stories/<int:pk>/edit/", stories.story_edit, name="story_edit"),
    path("staff-pulse/", pulse.staff_pulse, name="staff_pulse"),
    path("cost-benefit/", cost_benefit.study_list_view, name="study_list"),
    path("cost-benefit/new/", cost_benefit.study_create, name="study_create"),
    path("cost-benefit/<int:pk>/", cost_benefit.study_detail, name="study_detail"),
    path("cost-benefit/<int:pk>/edit/", cost_benefit.study_edit, name="study_edit"),
    path(
        "cost-benefit/<int:pk>/costs/<int:line_pk>/remove/",
        cost_benefit.cost_line_remove_view,
        name="cost_line_remove",
    ),
    # ---- programme: a national programme's view; a partnership's sharing with it ----
    path("programme/", programme.programme_view, name="programme"),
    path("programme/figures.csv", programme.programme_csv, name="programme_csv"),
    path("programme/reports/", programme.programme_reports, name="programme_reports"),
    path(
        "programme/reports/<int:pk>/download/",
        programme.programme_report_download,
        name="programme_report_download",
    ),
    path("programme/sharing/", programme.programme_sharing, name="programme_sharing"),
]
