from django.urls import path

from cls_portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    # ---- golive-admin: set-up, set-password links ----
    path("setup/", views.setup, name="setup"),
    path("users/<int:pk>/send-link/", views.user_send_link, name="user_send_link"),
    path("users/<int:pk>/revoke-link/", views.user_revoke_link, name="user_revoke_link"),
    path("set-password/<str:token>/", views.set_password, name="set_password"),
]
