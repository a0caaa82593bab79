from django.urls import path

from conversations.views import dropins, people, signposts

urlpatterns = [
    path("people/", people.person_list, name="person_list"),
    path("hub-sessions/<int:session_pk>/drop-in/", dropins.dropin, name="dropin"),
    path(
        "hub-sessions/<int:session_pk>/seen/", dropins.session_dashboard, name="session_dashboard"
    ),
    path("follow-ups/", signposts.signpost_follow_ups, name="signpost_follow_ups"),
    path("follow-ups/<int:pk>/", signposts.signpost_follow_up, name="signpost_follow_up"),
]
