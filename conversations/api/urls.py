from django.urls import include, path

urlpatterns = [
    path("", include("conversations.api.people_urls")),
    path("", include("conversations.api.pathway_urls")),
    path("", include("conversations.api.records_urls")),
]
