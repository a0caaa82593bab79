from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from cls_portal import views
from today import views as today_views

api_v1 = [
    path("", include("hubs.api.urls")),
    path("", include("conversations.api.urls")),
    path("", include("peer_forum.api.urls")),
    path("", include("outcomes.api.urls")),
    path("", include("cls_portal.accounts.api_urls")),
]

urlpatterns = [
    path("", today_views.home, name="home"),
    path("", include("today.urls")),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("healthz/signed-in", views.signed_in_floor, name="signed_in_floor"),
    path("accounts/", include("cls_portal.accounts.urls")),
    path("platform/", include("cls_portal.accounts.platform_urls")),  # golive-admin
    path("hubs/", include("hubs.urls")),
    path("", include("conversations.urls")),
    path("peer-forum/", include("peer_forum.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("imports/", include("imports.urls")),  # golive-import
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", views.APIDocsView.as_view(url_name="schema"), name="api_docs"),
    path("django-admin/", admin.site.urls),
]

handler403 = "cls_portal.views.error_403"
handler404 = "cls_portal.views.error_404"
handler500 = "cls_portal.views.error_500"
