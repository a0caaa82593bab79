from django.urls import path

from conversations.views import dropins, intake, people, signposts

urlpatterns = [
    path("people/", people.person_list, name="person_list"),
    path("people/new/", intake.person_intake, name="person_intake"),
    path("people/new/referral/", intake.person_intake, {"referral": True}, name="referral_intake"),
    path("people/<int:pk>/details/", intake.person_edit, name="person_edit"),
    path("people/<int:pk>/consent/", intake.person_consent, name="person_consent"),
    path("hub-sessions/<int:session_pk>/drop-in/", dropins.dropin, name="dropin"),
    path(
        "hub-sessions/<int:session_pk>/seen/", dropins.session_dashboard, name="session_dashboard"
    ),
    path("follow-ups/", signposts.signpost_follow_ups, name="signpost_follow_ups"),
    path("follow-ups/<int:pk>/", signposts.signpost_follow_up, name="signpost_follow_up"),
]
