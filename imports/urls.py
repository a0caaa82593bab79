from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_index, name="import_index"),
    path("columns/", views.import_columns, name="import_columns"),
    path("template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_job_detail, name="job_detail"),
    path("<int:pk>/import/", views.import_job_apply, name="job_apply"),
]
