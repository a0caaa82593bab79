from django.urls import path  # noqa: F401

app_name = "conversations"

urlpatterns: list = [
    # --- people, hub drop-ins, signposts and follow-ups (issue 3) ---
    # --- pathway, timeline, crisis board, outcomes, waiting lists (issue 4) ---
]
