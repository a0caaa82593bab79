from django.urls import path

from cls_portal.accounts import platform_views

app_name = "platform"

urlpatterns = [
    path("", platform_views.partnership_list, name="partnership_list"),
    path("partnerships/new/", platform_views.partnership_create, name="partnership_create"),
    path("admins/<int:pk>/send-link/", platform_views.admin_send_link, name="admin_send_link"),
]
