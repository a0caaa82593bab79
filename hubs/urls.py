from django.urls import path

from hubs.views import calendar, directory, hsds, partnership, sessions

app_name = "hubs"

urlpatterns = [
    path("", sessions.hub_list, name="hub_list"),
    path("new/", sessions.hub_add, name="hub_create"),
    path("<int:pk>/", sessions.hub_detail, name="hub_detail"),
    path("<int:pk>/edit/", sessions.hub_edit, name="hub_edit"),
    path("<int:pk>/sessions/open/", sessions.session_open, name="session_open"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/tally/", sessions.session_tally, name="session_tally"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
    path("<int:pk>/calendar/", calendar.hub_calendar, name="hub_calendar"),
    path("<int:pk>/calendar/regular/", calendar.schedule_add, name="schedule_add"),
    path("<int:pk>/calendar/one-off/", calendar.session_plan, name="session_plan"),
    path("schedules/<int:pk>/end/", calendar.schedule_end, name="schedule_end"),
    path("sessions/<int:pk>/open/", calendar.session_open_planned, name="session_open_planned"),
    path("directory/", directory.solution_list, name="solution_list"),
    path("directory/new/", directory.solution_create, name="solution_create"),
    path("directory/review/", directory.solution_review, name="solution_review"),
    path("directory/<int:pk>/", directory.solution_detail, name="solution_detail"),
    path("directory/<int:pk>/edit/", directory.solution_edit, name="solution_edit"),
    path("directory/<int:pk>/verify/", directory.solution_verify_view, name="solution_verify"),
    path("directory/share/", hsds.directory_exchange, name="directory_exchange"),
    path("directory/share/export.json", hsds.directory_export, name="directory_export"),
    path("directory/share/import/", hsds.directory_import, name="directory_import"),
    # ---- golive-admin: localities and the partnership's settings ----
    path("localities/", partnership.locality_list, name="locality_list"),
    path("localities/new/", partnership.locality_add, name="locality_create"),
    path("localities/<int:pk>/", partnership.locality_edit, name="locality_edit"),
    path("settings/", partnership.partnership_settings, name="partnership_settings"),
]
