from django.urls import path

from conversations.views import timeline

urlpatterns = [
    path("people/<int:pk>/", timeline.person_detail, name="person_detail"),
]
