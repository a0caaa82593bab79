from django.urls import path  # noqa: F401

urlpatterns: list = [
    # --- people search, signposts (issue 3) ---
    # --- episodes, conversations, crisis plans, outcomes, waiting lists (issue 4) ---
]
