from django.urls import path  # noqa: F401

app_name = "peer_forum"

urlpatterns: list = []
