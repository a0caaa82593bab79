from django.urls import path

from today import views

app_name = "today"

urlpatterns = [
    path("settings/", views.your_settings, name="settings"),
]
