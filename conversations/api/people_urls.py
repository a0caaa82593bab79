from django.urls import path
from rest_framework.routers import SimpleRouter

from conversations.api import intake
from conversations.api import people_views as views

router = SimpleRouter()
router.register("signposts", views.SignpostViewSet, basename="api_signpost")

urlpatterns = [
    path("people/", views.PersonSearchView.as_view(), name="api_person_search"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="api_person_detail"),
    path("drop-ins/", views.DropInView.as_view(), name="api_dropin"),
    path("intake/", intake.IntakeView.as_view(), name="api_intake"),
    path(
        "people/<int:pk>/consents/", intake.PersonConsentView.as_view(), name="api_person_consents"
    ),
    path(
        "hub-sessions/<int:session_pk>/visits/",
        views.SessionVisitsView.as_view(),
        name="api_session_visits",
    ),
    path(
        "hub-sessions/<int:session_pk>/footfall/",
        views.SessionFootfallView.as_view(),
        name="api_session_footfall",
    ),
    *router.urls,
]
