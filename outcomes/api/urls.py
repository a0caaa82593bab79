"""The outcomes API, under /api/v1/outcomes/."""

from django.urls import path

from outcomes.api import programme, views

urlpatterns = [
    path("outcomes/figures/", views.FiguresView.as_view(), name="api_outcomes_figures"),
    path("outcomes/reports/", views.ReportListView.as_view(), name="api_outcomes_reports"),
    path(
        "outcomes/reports/<int:pk>/",
        views.ReportDetailView.as_view(),
        name="api_outcomes_report",
    ),
    path("outcomes/stories/", views.ChangeStoryListView.as_view(), name="api_outcomes_stories"),
    path(
        "outcomes/stories/<int:pk>/",
        views.ChangeStoryDetailView.as_view(),
        name="api_outcomes_story",
    ),
    path("outcomes/staff-pulse/", views.StaffPulseView.as_view(), name="api_outcomes_pulse"),
    path(
        "outcomes/cost-benefit/",
        views.CostBenefitListView.as_view(),
        name="api_outcomes_studies",
    ),
    path(
        "outcomes/cost-benefit/<int:pk>/",
        views.CostBenefitDetailView.as_view(),
        name="api_outcomes_study",
    ),
    path(
        "outcomes/cost-benefit/<int:pk>/costs/",
        views.CostLineCreateView.as_view(),
        name="api_outcomes_study_costs",
    ),
    # ---- programme ----
    path(
        "outcomes/programme/figures/",
        programme.ProgrammeFiguresView.as_view(),
        name="api_programme_figures",
    ),
]
