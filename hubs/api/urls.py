from django.urls import path
from rest_framework.routers import SimpleRouter

from hubs.api import views

router = SimpleRouter()
router.register("hubs", views.HubViewSet, basename="api_hub")
router.register("hub-sessions", views.HubSessionViewSet, basename="api_hub_session")
router.register("solutions", views.SolutionViewSet, basename="api_solution")

urlpatterns = [
    path("directory/hsds/", views.DirectoryHsdsView.as_view(), name="api_directory_hsds"),
    *router.urls,
]
