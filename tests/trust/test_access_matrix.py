"""The access-control matrix: every page, htmx fragment, API endpoint (each method it has)
and file download, for every role, in the user's own locality, another locality of their
partnership and another partnership.

The rows come from the URL configuration (``tests/trust/matrix.py``): a new URL pattern, or a
new method on an API view, fails ``test_every_url_pattern_has_a_row`` until it has a row here.
One readable table says what each role gets for the object in its own place; the other places
follow two rules, checked for every row:

- another partnership's object: **404** for every role (405 where the method does not exist);
- another locality's object, for URLs whose object is case data tied to a place
  (``LOCALITY`` below): **404** for roles bound to their localities (hub workers,
  practitioners, forum managers); HSCP leads and admins see the whole partnership, so they get
  what they get in their own locality. Other objects (``PARTNERSHIP``): the same as their own.

Every answer is also checked for leaks: nothing of another partnership ever shows; no case
notes of another locality show to a role bound to its localities; and an HSCP lead never
sees a person's name, notes or case-note fields (pages and API alike). Requests that change
something run inside a transaction that is rolled back, so each role meets the same world.
Write methods are sent an empty body: an allowed role gets past the permission check (400 or a
form re-rendered, or the action done), a role that may not act gets 403.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client

from cls_portal.audit.personal import person_linked_models
from cls_portal.permissions import PARTNERSHIP_WIDE_ROLES, Role
from tests.trust.matrix import (
    Answer,
    Pattern,
    call,
    project_patterns,
    unnamed_routes,
    url_for,
)
from tests.trust.places import (
    NAMES,
    NOTES,
    OTHER_LOCALITY,
    OTHER_PARTNERSHIP,
    OWN,
    ROLES,
    build_places,
    build_users,
)

LOCALITY, PARTNERSHIP = "locality", "partnership"

# What each role gets for the object in its own locality (or the page, if there is no object).
#                                                    hub   prac  mgr   lead  admin
EXPECTED: dict[tuple[str, str], tuple[int, int, int, int, int]] = {
    # ---- core ----------------------------------------------------------------------------
    ("home", "GET"): (200, 200, 200, 200, 200),
    ("home", "POST"): (200, 200, 200, 200, 200),
    # (before "logout", which signs each role's client out for the rows after it)
    ("session_keep_alive", "GET"): (405, 405, 405, 405, 405),
    ("session_keep_alive", "POST"): (200, 200, 200, 200, 200),
    ("signed_in_floor", "GET"): (200, 200, 200, 200, 200),
    ("signed_in_floor", "POST"): (405, 405, 405, 405, 405),
    ("login", "GET"): (302, 302, 302, 302, 302),
    ("login", "POST"): (302, 302, 302, 302, 302),
    ("logout", "GET"): (405, 405, 405, 405, 405),
    ("logout", "POST"): (302, 302, 302, 302, 302),
    # ---- accounts ------------------------------------------------------------------------
    ("accounts:user_list", "GET"): (403, 403, 403, 403, 200),
    ("accounts:user_list", "POST"): (403, 403, 403, 403, 200),
    ("accounts:user_create", "GET"): (403, 403, 403, 403, 200),
    ("accounts:user_create", "POST"): (403, 403, 403, 403, 200),
    ("accounts:user_edit", "GET"): (403, 403, 403, 403, 200),
    ("accounts:user_edit", "POST"): (403, 403, 403, 403, 200),
    # ---- hubs ----------------------------------------------------------------------------
    ("hubs:hub_list", "GET"): (200, 200, 200, 200, 200),
    ("hubs:hub_list", "POST"): (200, 200, 200, 200, 200),
    ("hubs:hub_create", "GET"): (403, 403, 403, 403, 200),
    ("hubs:hub_create", "POST"): (403, 403, 403, 403, 200),
    ("hubs:hub_detail", "GET"): (200, 200, 200, 200, 200),
    ("hubs:hub_detail", "POST"): (200, 200, 200, 200, 200),
    ("hubs:hub_edit", "GET"): (403, 403, 403, 403, 200),
    ("hubs:hub_edit", "POST"): (403, 403, 403, 403, 200),
    ("hubs:session_open", "GET"): (200, 200, 403, 403, 403),
    ("hubs:session_open", "POST"): (200, 200, 403, 403, 403),
    ("hubs:session_detail", "GET"): (200, 200, 403, 403, 403),
    ("hubs:session_detail", "POST"): (200, 200, 403, 403, 403),
    ("hubs:session_tally", "GET"): (405, 405, 405, 405, 405),
    ("hubs:session_tally", "POST"): (302, 302, 403, 403, 403),
    ("hubs:session_close", "GET"): (200, 200, 403, 403, 403),
    ("hubs:session_close", "POST"): (302, 302, 403, 403, 403),
    ("hubs:solution_list", "GET"): (200, 200, 200, 200, 200),
    ("hubs:solution_list", "POST"): (200, 200, 200, 200, 200),
    ("hubs:solution_create", "GET"): (200, 403, 403, 403, 200),
    ("hubs:solution_create", "POST"): (200, 403, 403, 403, 200),
    ("hubs:solution_review", "GET"): (200, 403, 403, 403, 200),
    ("hubs:solution_review", "POST"): (200, 403, 403, 403, 200),
    ("hubs:solution_detail", "GET"): (200, 200, 200, 200, 200),
    ("hubs:solution_detail", "POST"): (200, 200, 200, 200, 200),
    ("hubs:solution_edit", "GET"): (200, 403, 403, 403, 200),
    ("hubs:solution_edit", "POST"): (200, 403, 403, 403, 200),
    ("hubs:solution_verify", "GET"): (405, 405, 405, 405, 405),
    ("hubs:solution_verify", "POST"): (302, 403, 403, 403, 302),
    ("hubs:directory_exchange", "GET"): (200, 403, 403, 403, 200),
    ("hubs:directory_exchange", "POST"): (405, 405, 405, 405, 405),
    ("hubs:directory_export", "GET"): (200, 403, 403, 403, 200),
    ("hubs:directory_export", "POST"): (405, 405, 405, 405, 405),
    ("hubs:directory_import", "GET"): (405, 405, 405, 405, 405),
    ("hubs:directory_import", "POST"): (200, 403, 403, 403, 200),
    # ---- conversations -------------------------------------------------------------------
    ("conversations:person_list", "GET"): (200, 200, 200, 403, 200),
    ("conversations:person_list", "POST"): (200, 200, 200, 403, 200),
    ("conversations:dropin", "GET"): (200, 200, 403, 403, 403),
    ("conversations:dropin", "POST"): (200, 200, 403, 403, 403),
    ("conversations:session_dashboard", "GET"): (200, 200, 403, 403, 403),
    ("conversations:session_dashboard", "POST"): (200, 200, 403, 403, 403),
    ("conversations:signpost_follow_ups", "GET"): (200, 200, 200, 403, 403),
    ("conversations:signpost_follow_ups", "POST"): (200, 200, 200, 403, 403),
    ("conversations:signpost_follow_up", "GET"): (200, 200, 200, 403, 403),
    ("conversations:signpost_follow_up", "POST"): (200, 200, 200, 403, 403),
    ("conversations:person_detail", "GET"): (200, 200, 200, 403, 200),
    ("conversations:person_detail", "POST"): (200, 200, 200, 403, 200),
    ("conversations:episode_start", "GET"): (403, 200, 200, 403, 403),
    ("conversations:episode_start", "POST"): (403, 200, 200, 403, 403),
    ("conversations:conversation_create", "GET"): (200, 200, 200, 403, 403),
    ("conversations:conversation_create", "POST"): (200, 200, 200, 403, 403),
    ("conversations:episode_close", "GET"): (403, 200, 200, 403, 403),
    ("conversations:episode_close", "POST"): (403, 200, 200, 403, 403),
    ("conversations:episode_reopen", "GET"): (403, 200, 200, 403, 403),
    ("conversations:episode_reopen", "POST"): (403, 200, 200, 403, 403),
    ("conversations:outcome_create", "GET"): (200, 200, 200, 403, 403),
    ("conversations:outcome_create", "POST"): (200, 200, 200, 403, 403),
    ("conversations:wellbeing_create", "GET"): (200, 200, 200, 403, 403),
    ("conversations:wellbeing_create", "POST"): (200, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_add", "GET"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_add", "POST"): (403, 200, 200, 403, 403),
    ("conversations:outcome_review", "GET"): (200, 200, 200, 403, 403),
    ("conversations:outcome_review", "POST"): (200, 200, 200, 403, 403),
    ("conversations:crisis_board", "GET"): (403, 200, 200, 403, 403),
    ("conversations:crisis_board", "POST"): (403, 200, 200, 403, 403),
    ("conversations:crisis_plan_update", "GET"): (403, 200, 200, 403, 403),
    ("conversations:crisis_plan_update", "POST"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_index", "GET"): (200, 200, 200, 403, 403),
    ("conversations:waiting_list_index", "POST"): (200, 200, 200, 403, 403),
    ("conversations:waiting_list_manage", "GET"): (403, 403, 403, 403, 200),
    ("conversations:waiting_list_manage", "POST"): (403, 403, 403, 403, 200),
    ("conversations:waiting_list_detail", "GET"): (200, 200, 200, 403, 403),
    ("conversations:waiting_list_detail", "POST"): (200, 200, 200, 403, 403),
    ("conversations:waiting_list_edit", "GET"): (403, 403, 403, 403, 200),
    ("conversations:waiting_list_edit", "POST"): (403, 403, 403, 403, 200),
    ("conversations:waiting_list_offer", "GET"): (405, 405, 405, 405, 405),
    ("conversations:waiting_list_offer", "POST"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_remove", "GET"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_remove", "POST"): (403, 200, 200, 403, 403),
    ("conversations:person_history", "GET"): (403, 403, 403, 403, 200),
    ("conversations:person_history", "POST"): (403, 403, 403, 403, 200),
    ("conversations:person_export_json", "GET"): (403, 403, 403, 403, 200),
    ("conversations:person_export_json", "POST"): (403, 403, 403, 403, 200),
    ("conversations:person_export_pdf", "GET"): (403, 403, 403, 403, 200),
    ("conversations:person_export_pdf", "POST"): (403, 403, 403, 403, 200),
    ("conversations:person_erase", "GET"): (403, 403, 403, 403, 200),
    ("conversations:person_erase", "POST"): (403, 403, 403, 403, 200),
    ("conversations:retention_review", "GET"): (403, 403, 403, 403, 200),
    ("conversations:retention_review", "POST"): (403, 403, 403, 403, 302),
    # ---- peer_forum ----------------------------------------------------------------------
    ("peer_forum:forum_list", "GET"): (403, 200, 200, 403, 200),
    ("peer_forum:forum_list", "POST"): (403, 200, 200, 403, 200),
    ("peer_forum:forum_create", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:forum_create", "POST"): (403, 403, 200, 403, 200),
    ("peer_forum:forum_detail", "GET"): (403, 200, 200, 403, 200),
    ("peer_forum:forum_detail", "POST"): (403, 200, 200, 403, 200),
    ("peer_forum:forum_edit", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:forum_edit", "POST"): (403, 403, 200, 403, 200),
    ("peer_forum:meeting_create", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:meeting_create", "POST"): (403, 403, 200, 403, 200),
    ("peer_forum:meeting_detail", "GET"): (403, 200, 200, 403, 200),
    ("peer_forum:meeting_detail", "POST"): (403, 200, 200, 403, 200),
    ("peer_forum:meeting_attendance", "GET"): (405, 405, 405, 405, 405),
    ("peer_forum:meeting_attendance", "POST"): (403, 403, 302, 403, 302),
    ("peer_forum:meeting_hold", "GET"): (405, 405, 405, 405, 405),
    ("peer_forum:meeting_hold", "POST"): (403, 403, 302, 403, 302),
    ("peer_forum:queue", "GET"): (403, 403, 200, 403, 403),
    ("peer_forum:queue", "POST"): (403, 403, 200, 403, 403),
    ("peer_forum:dashboard", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:dashboard", "POST"): (403, 403, 200, 403, 200),
    ("peer_forum:request_list", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:request_list", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:request_create", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:request_create", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:request_detail", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:request_detail", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:request_edit", "GET"): (403, 302, 302, 403, 403),
    ("peer_forum:request_edit", "POST"): (403, 302, 302, 403, 403),
    ("peer_forum:request_submit", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:request_submit", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:request_schedule", "GET"): (405, 405, 405, 405, 405),
    ("peer_forum:request_schedule", "POST"): (403, 302, 302, 403, 403),
    ("peer_forum:request_decide", "GET"): (403, 403, 200, 403, 403),
    ("peer_forum:request_decide", "POST"): (403, 403, 200, 403, 403),
    ("peer_forum:escalation_list", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:escalation_list", "POST"): (403, 403, 200, 403, 200),
    ("peer_forum:escalation_panel", "GET"): (403, 403, 403, 403, 200),
    ("peer_forum:escalation_panel", "POST"): (403, 403, 403, 403, 200),
    ("peer_forum:escalation_detail", "GET"): (403, 403, 200, 403, 200),
    ("peer_forum:escalation_detail", "POST"): (403, 403, 403, 403, 403),  # panel members only
    ("peer_forum:reviews_due", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:reviews_due", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:request_review", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:request_review", "POST"): (403, 200, 200, 403, 403),
    ("peer_forum:person_requests", "GET"): (403, 200, 200, 403, 403),
    ("peer_forum:person_requests", "POST"): (403, 200, 200, 403, 403),
    # ---- outcomes ------------------------------------------------------------------------
    ("outcomes:dashboard", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:dashboard", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:figures_csv", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:figures_csv", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:core_data_set_help", "GET"): (200, 200, 200, 200, 200),
    ("outcomes:core_data_set_help", "POST"): (405, 405, 405, 405, 405),
    ("outcomes:report_list", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:report_list", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:report_download", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:report_download", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:report_retry", "GET"): (405, 405, 405, 405, 405),
    ("outcomes:report_retry", "POST"): (403, 403, 403, 302, 302),
    ("outcomes:story_list", "GET"): (200, 200, 200, 200, 200),
    ("outcomes:story_list", "POST"): (200, 200, 200, 200, 200),
    ("outcomes:story_create", "GET"): (200, 200, 200, 403, 403),
    ("outcomes:story_create", "POST"): (200, 200, 200, 403, 403),
    ("outcomes:story_detail", "GET"): (200, 200, 200, 200, 200),
    ("outcomes:story_detail", "POST"): (200, 200, 200, 200, 200),
    ("outcomes:story_edit", "GET"): (200, 200, 200, 403, 403),
    ("outcomes:story_edit", "POST"): (200, 200, 200, 403, 403),
    ("outcomes:staff_pulse", "GET"): (200, 200, 200, 403, 403),
    ("outcomes:staff_pulse", "POST"): (200, 200, 200, 403, 403),
    ("outcomes:study_list", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:study_list", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:study_create", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:study_create", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:study_detail", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:study_detail", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:study_edit", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:study_edit", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:cost_line_remove", "GET"): (405, 405, 405, 405, 405),
    ("outcomes:cost_line_remove", "POST"): (403, 403, 403, 302, 302),
    # ---- api -----------------------------------------------------------------------------
    ("api_directory_hsds", "GET"): (200, 403, 403, 403, 200),
    ("api_directory_hsds", "POST"): (400, 403, 403, 403, 400),
    ("api_hub-list", "GET"): (200, 200, 200, 200, 200),
    ("api_hub-detail", "GET"): (200, 200, 200, 200, 200),
    ("api_hub_session-list", "GET"): (200, 200, 403, 403, 403),
    ("api_hub_session-list", "POST"): (400, 400, 403, 403, 403),
    ("api_hub_session-detail", "GET"): (200, 200, 403, 403, 403),
    ("api_hub_session-close", "POST"): (200, 200, 403, 403, 403),
    ("api_hub_session-tally", "POST"): (200, 200, 403, 403, 403),
    ("api_solution-list", "GET"): (200, 200, 200, 200, 200),
    ("api_solution-list", "POST"): (400, 403, 403, 403, 400),
    ("api_solution-detail", "GET"): (200, 200, 200, 200, 200),
    ("api_solution-detail", "PATCH"): (200, 403, 403, 403, 200),
    ("api_solution-detail", "PUT"): (400, 403, 403, 403, 400),
    ("api_solution-verify", "POST"): (200, 403, 403, 403, 200),
    ("api_person_search", "GET"): (200, 200, 200, 403, 200),
    ("api_person_detail", "GET"): (200, 200, 200, 403, 200),
    ("api_dropin", "POST"): (400, 400, 400, 403, 403),
    ("api_session_visits", "GET"): (200, 200, 403, 403, 403),
    ("api_session_footfall", "GET"): (200, 200, 403, 403, 403),
    ("api_signpost-list", "GET"): (200, 200, 200, 403, 403),
    ("api_signpost-detail", "GET"): (200, 200, 200, 403, 403),
    ("api_signpost-follow-up", "POST"): (400, 400, 400, 403, 403),
    ("api_episode_list", "GET"): (200, 200, 200, 403, 200),
    ("api_episode_list", "POST"): (403, 400, 400, 403, 403),
    ("api_episode_detail", "GET"): (200, 200, 200, 403, 200),
    ("api_episode_close", "POST"): (403, 400, 400, 403, 403),
    ("api_episode_reopen", "POST"): (403, 400, 400, 403, 403),
    ("api_episode_conversations", "POST"): (400, 400, 400, 403, 403),
    ("api_conversation_list", "GET"): (200, 200, 200, 403, 200),
    ("api_conversation_detail", "GET"): (200, 200, 200, 403, 200),
    ("api_crisis_plan_list", "GET"): (200, 200, 200, 403, 200),
    ("api_crisis_plan_detail", "GET"): (200, 200, 200, 403, 200),
    ("api_crisis_plan_detail", "PATCH"): (403, 400, 400, 403, 403),
    ("api_crisis_board", "GET"): (403, 200, 200, 403, 403),
    ("api_support_plan_list", "GET"): (200, 200, 200, 403, 200),
    ("api_personal_outcome_list", "GET"): (200, 200, 200, 403, 200),
    ("api_personal_outcome_list", "POST"): (400, 400, 400, 403, 403),
    ("api_personal_outcome_detail", "GET"): (200, 200, 200, 403, 200),
    ("api_outcome_review_create", "POST"): (400, 400, 400, 403, 403),
    ("api_wellbeing_list", "GET"): (200, 200, 200, 403, 200),
    ("api_wellbeing_list", "POST"): (400, 400, 400, 403, 403),
    ("api_waiting_list_list", "GET"): (200, 200, 200, 403, 403),
    ("api_waiting_list_offer", "POST"): (403, 400, 400, 403, 403),
    ("api_waiting_list_entry_list", "GET"): (200, 200, 200, 403, 403),
    ("api_waiting_list_entry_list", "POST"): (403, 400, 400, 403, 403),
    ("api_waiting_list_entry_detail", "GET"): (200, 200, 200, 403, 403),
    ("api_waiting_list_entry_remove", "POST"): (403, 400, 400, 403, 403),
    ("api_forum_list", "GET"): (403, 200, 200, 403, 200),
    ("api_forum_detail", "GET"): (403, 200, 200, 403, 200),
    ("api_meeting_list", "GET"): (403, 200, 200, 403, 200),
    ("api_meeting_list", "POST"): (403, 403, 400, 403, 400),
    ("api_meeting_detail", "GET"): (403, 200, 200, 403, 200),
    ("api_meeting_attendance", "POST"): (403, 403, 400, 403, 400),
    ("api_request_list", "GET"): (403, 200, 200, 403, 403),
    ("api_request_list", "POST"): (403, 400, 400, 403, 403),
    ("api_request_detail", "GET"): (403, 200, 200, 403, 403),
    ("api_request_submit", "POST"): (403, 400, 400, 403, 403),
    ("api_request_decide", "POST"): (403, 403, 400, 403, 403),
    ("api_decision_list", "GET"): (403, 200, 200, 403, 403),
    ("api_savings", "GET"): (403, 403, 400, 403, 400),
    ("api_outcomes_figures", "GET"): (403, 403, 403, 200, 200),
    ("api_outcomes_reports", "GET"): (403, 403, 403, 200, 200),
    ("api_outcomes_reports", "POST"): (403, 403, 403, 400, 400),
    ("api_outcomes_report", "GET"): (403, 403, 403, 200, 200),
    ("api_outcomes_stories", "GET"): (200, 200, 200, 200, 200),
    ("api_outcomes_stories", "POST"): (400, 400, 400, 403, 403),
    ("api_outcomes_story", "GET"): (200, 200, 200, 200, 200),
    ("api_outcomes_pulse", "POST"): (400, 400, 400, 403, 403),
    ("api_outcomes_studies", "GET"): (403, 403, 403, 200, 200),
    ("api_outcomes_studies", "POST"): (403, 403, 403, 400, 400),
    ("api_outcomes_study", "GET"): (403, 403, 403, 200, 200),
    ("api_outcomes_study_costs", "POST"): (403, 403, 403, 400, 400),
    ("api_me", "GET"): (200, 200, 200, 200, 200),
    ("api_token", "POST"): (400, 400, 400, 400, 400),
    # ---- core ----------------------------------------------------------------------------
    ("schema", "GET"): (200, 200, 200, 200, 200),
    # ---- api -----------------------------------------------------------------------------
    ("api_docs", "GET"): (200, 200, 200, 200, 200),
    # ---- admin ---------------------------------------------------------------------------
    ("admin:index", "GET"): (302, 302, 302, 302, 302),
    ("admin:index", "POST"): (302, 302, 302, 302, 302),
    # ---- programme ----------------------------------------------------------------------
    # Programme pages are for programme leads only (tests/trust/test_programme_lead_access.py);
    # a partnership's administrator turns its sharing on or off.
    ("outcomes:programme", "GET"): (403, 403, 403, 403, 403),
    ("outcomes:programme", "POST"): (403, 403, 403, 403, 403),
    ("outcomes:programme_csv", "GET"): (403, 403, 403, 403, 403),
    ("outcomes:programme_csv", "POST"): (403, 403, 403, 403, 403),
    ("outcomes:programme_reports", "GET"): (403, 403, 403, 403, 403),
    ("outcomes:programme_reports", "POST"): (403, 403, 403, 403, 403),
    ("outcomes:programme_report_download", "GET"): (404, 404, 404, 404, 404),
    ("outcomes:programme_report_download", "POST"): (404, 404, 404, 404, 404),
    ("outcomes:programme_sharing", "GET"): (403, 403, 403, 403, 200),
    ("outcomes:programme_sharing", "POST"): (403, 403, 403, 403, 200),
    ("api_programme_figures", "GET"): (403, 403, 403, 403, 403),
    # ---- intake ----
    ("conversations:person_intake", "GET"): (403, 200, 200, 403, 403),
    ("conversations:person_intake", "POST"): (403, 200, 200, 403, 403),
    ("conversations:referral_intake", "GET"): (403, 200, 200, 403, 403),
    ("conversations:referral_intake", "POST"): (403, 200, 200, 403, 403),
    ("conversations:person_edit", "GET"): (200, 200, 200, 403, 403),
    ("conversations:person_edit", "POST"): (200, 200, 200, 403, 403),
    ("conversations:person_consent", "GET"): (200, 200, 200, 403, 403),
    ("conversations:person_consent", "POST"): (200, 200, 200, 403, 403),
    ("api_intake", "POST"): (403, 400, 400, 403, 403),
    ("api_person_detail", "PATCH"): (200, 200, 200, 403, 403),
    ("api_person_consents", "GET"): (200, 200, 200, 403, 403),
    ("api_person_consents", "POST"): (400, 400, 400, 403, 403),
    # ---- records ------------------------------------------------------------------------
    ("conversations:person_merge_propose", "GET"): (403, 200, 200, 403, 403),
    ("conversations:person_merge_propose", "POST"): (403, 200, 200, 403, 403),
    ("conversations:person_merge_list", "GET"): (403, 200, 200, 403, 200),
    ("conversations:person_merge_list", "POST"): (403, 200, 200, 403, 200),
    ("conversations:person_merge_detail", "GET"): (403, 200, 200, 403, 200),
    ("conversations:person_merge_detail", "POST"): (403, 200, 200, 403, 200),
    ("conversations:person_links", "GET"): (200, 200, 200, 403, 200),
    ("conversations:person_links", "POST"): (200, 200, 200, 403, 200),
    ("conversations:carer_link_create", "GET"): (200, 200, 200, 403, 403),
    ("conversations:carer_link_create", "POST"): (200, 200, 200, 403, 403),
    ("conversations:carer_link_end", "GET"): (200, 200, 200, 403, 403),
    ("conversations:carer_link_end", "POST"): (200, 200, 200, 403, 403),
    ("conversations:episode_as_carer", "GET"): (405, 405, 405, 405, 405),
    ("conversations:episode_as_carer", "POST"): (302, 302, 302, 403, 403),
    ("conversations:conversation_correct", "GET"): (403, 200, 200, 403, 403),
    ("conversations:conversation_correct", "POST"): (403, 200, 200, 403, 403),
    ("conversations:crisis_plan_correct", "GET"): (403, 200, 200, 403, 403),
    ("conversations:crisis_plan_correct", "POST"): (403, 200, 200, 403, 403),
    ("conversations:support_plan_correct", "GET"): (403, 200, 200, 403, 403),
    ("conversations:support_plan_correct", "POST"): (403, 200, 200, 403, 403),
    ("conversations:outcome_correct", "GET"): (403, 200, 200, 403, 403),
    ("conversations:outcome_correct", "POST"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_correct", "GET"): (403, 200, 200, 403, 403),
    ("conversations:waiting_list_entry_correct", "POST"): (403, 200, 200, 403, 403),
    ("api_person_merge_propose", "POST"): (403, 400, 400, 403, 403),
    ("api_person_merge_list", "GET"): (403, 200, 200, 403, 200),
    ("api_person_merge_detail", "GET"): (403, 200, 200, 403, 200),
    ("api_person_merge_confirm", "POST"): (403, 200, 200, 403, 200),
    ("api_person_merge_decline", "POST"): (403, 200, 200, 403, 200),
    ("api_person_carers", "GET"): (200, 200, 200, 403, 200),
    ("api_person_carers", "POST"): (400, 400, 400, 403, 403),
    ("api_carer_link_end", "POST"): (400, 400, 400, 403, 403),
    ("api_episode_as_carer", "POST"): (400, 400, 400, 403, 403),
    ("api_conversation_correct", "POST"): (403, 400, 400, 403, 403),
    ("api_crisis_plan_correct", "POST"): (403, 400, 400, 403, 403),
    ("api_support_plan_correct", "POST"): (403, 400, 400, 403, 403),
    ("api_outcome_correct", "POST"): (403, 400, 400, 403, 403),
    ("api_waiting_list_entry_correct", "POST"): (403, 400, 400, 403, 403),
    # ---- golive-admin ----------------------------------------------------------------------
    ("accounts:setup", "GET"): (403, 403, 403, 403, 200),
    ("accounts:setup", "POST"): (403, 403, 403, 403, 200),
    ("accounts:user_send_link", "GET"): (405, 405, 405, 405, 405),
    ("accounts:user_send_link", "POST"): (403, 403, 403, 403, 302),
    ("accounts:user_revoke_link", "GET"): (405, 405, 405, 405, 405),
    ("accounts:user_revoke_link", "POST"): (403, 403, 403, 403, 302),
    # a made-up link is 404 to everyone (tests/accounts walk a real one)
    ("accounts:set_password", "GET"): (404, 404, 404, 404, 404),
    ("accounts:set_password", "POST"): (404, 404, 404, 404, 404),
    ("hubs:locality_list", "GET"): (403, 403, 403, 403, 200),
    ("hubs:locality_list", "POST"): (403, 403, 403, 403, 200),
    ("hubs:locality_create", "GET"): (403, 403, 403, 403, 200),
    ("hubs:locality_create", "POST"): (403, 403, 403, 403, 200),
    ("hubs:locality_edit", "GET"): (403, 403, 403, 403, 200),
    ("hubs:locality_edit", "POST"): (403, 403, 403, 403, 200),
    ("hubs:partnership_settings", "GET"): (403, 403, 403, 403, 200),
    ("hubs:partnership_settings", "POST"): (403, 403, 403, 403, 200),
    # the installation's operator (a superuser) only: no role of a partnership
    ("platform:partnership_list", "GET"): (403, 403, 403, 403, 403),
    ("platform:partnership_list", "POST"): (403, 403, 403, 403, 403),
    ("platform:partnership_create", "GET"): (403, 403, 403, 403, 403),
    ("platform:partnership_create", "POST"): (403, 403, 403, 403, 403),
    ("platform:admin_send_link", "GET"): (405, 405, 405, 405, 405),
    ("platform:admin_send_link", "POST"): (403, 403, 403, 403, 403),
    # ---- golive-import -------------------------------------------------------------------
    ("imports:import_index", "GET"): (403, 403, 403, 403, 200),
    ("imports:import_index", "POST"): (403, 403, 403, 403, 200),
    ("imports:import_columns", "GET"): (403, 403, 403, 403, 200),
    ("imports:import_columns", "POST"): (405, 405, 405, 405, 405),
    ("imports:import_template", "GET"): (403, 403, 403, 403, 200),
    ("imports:import_template", "POST"): (405, 405, 405, 405, 405),
    ("imports:job_detail", "GET"): (403, 403, 403, 403, 200),
    ("imports:job_detail", "POST"): (403, 403, 403, 403, 200),
    ("imports:job_apply", "GET"): (405, 405, 405, 405, 405),
    ("imports:job_apply", "POST"): (403, 403, 403, 403, 302),
    # ---- today ---------------------------------------------------------------------------
    # Your settings: each user's own (no object in the URL); an empty POST turns the digest off.
    ("today:settings", "GET"): (200, 200, 200, 200, 200),
    ("today:settings", "POST"): (302, 302, 302, 302, 302),
    # ---- sessions ------------------------------------------------------------------------
    ("hubs:hub_calendar", "GET"): (200, 200, 403, 403, 403),
    ("hubs:hub_calendar", "POST"): (200, 200, 403, 403, 403),
    ("hubs:schedule_add", "GET"): (200, 200, 403, 403, 403),
    ("hubs:schedule_add", "POST"): (200, 200, 403, 403, 403),
    ("hubs:session_plan", "GET"): (200, 200, 403, 403, 403),
    ("hubs:session_plan", "POST"): (200, 200, 403, 403, 403),
    ("hubs:schedule_end", "GET"): (200, 200, 403, 403, 403),
    ("hubs:schedule_end", "POST"): (200, 200, 403, 403, 403),
    # next week's planned session: the form, and "open it on the day"
    ("hubs:session_open_planned", "GET"): (200, 200, 403, 403, 403),
    ("hubs:session_open_planned", "POST"): (200, 200, 403, 403, 403),
    ("conversations:booking_create", "GET"): (200, 200, 403, 403, 403),
    ("conversations:booking_create", "POST"): (200, 200, 403, 403, 403),
    ("conversations:booking_not_attended", "GET"): (405, 405, 405, 405, 405),
    ("conversations:booking_not_attended", "POST"): (302, 302, 403, 403, 403),
    ("conversations:booking_cancel", "GET"): (200, 200, 403, 403, 403),
    ("conversations:booking_cancel", "POST"): (302, 302, 403, 403, 403),
    # ---- figures ----
    **{
        (f"outcomes:dashboard_outcome_{n}", method): (403, 403, 403, 200, 200)
        for n in range(1, 7)
        for method in ("GET", "POST")
    },
    ("outcomes:fidelity", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:fidelity", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:fidelity_assess", "GET"): (403, 403, 403, 403, 200),
    ("outcomes:fidelity_assess", "POST"): (403, 403, 403, 403, 200),
    ("outcomes:targets", "GET"): (403, 403, 403, 200, 200),
    ("outcomes:targets", "POST"): (403, 403, 403, 200, 200),
    ("outcomes:target_remove", "GET"): (405, 405, 405, 405, 405),
    ("outcomes:target_remove", "POST"): (403, 403, 403, 302, 302),
}

# URL name -> (what ``pk`` names, whether another locality's object is out of scope).
OBJECTS: dict[str, tuple[str, str]] = {
    "accounts:user_edit": ("staff", PARTNERSHIP),
    "hubs:hub_detail": ("hub", PARTNERSHIP),
    "hubs:hub_edit": ("hub", PARTNERSHIP),
    "hubs:session_open": ("hub", LOCALITY),
    "hubs:session_detail": ("session", LOCALITY),
    "hubs:session_tally": ("session", LOCALITY),
    "hubs:session_close": ("session", LOCALITY),
    "hubs:solution_detail": ("solution", PARTNERSHIP),
    "hubs:solution_edit": ("solution", PARTNERSHIP),
    "hubs:solution_verify": ("solution", PARTNERSHIP),
    "conversations:dropin": ("session", LOCALITY),
    "conversations:session_dashboard": ("session", LOCALITY),
    "conversations:signpost_follow_up": ("signpost", LOCALITY),
    "conversations:person_detail": ("person", LOCALITY),
    "conversations:episode_start": ("person", LOCALITY),
    "conversations:conversation_create": ("episode", LOCALITY),
    "conversations:episode_close": ("episode", LOCALITY),
    "conversations:episode_reopen": ("episode", LOCALITY),
    "conversations:outcome_create": ("episode", LOCALITY),
    "conversations:wellbeing_create": ("episode", LOCALITY),
    "conversations:waiting_list_entry_add": ("episode", LOCALITY),
    "conversations:outcome_review": ("outcome", LOCALITY),
    "conversations:crisis_plan_update": ("crisis_plan", LOCALITY),
    "conversations:waiting_list_detail": ("waiting_list", PARTNERSHIP),
    "conversations:waiting_list_edit": ("waiting_list", PARTNERSHIP),
    "conversations:waiting_list_offer": ("waiting_list", PARTNERSHIP),
    "conversations:waiting_list_entry_remove": ("entry", LOCALITY),
    "conversations:person_history": ("person", LOCALITY),
    "conversations:person_export_json": ("person", LOCALITY),
    "conversations:person_export_pdf": ("person", LOCALITY),
    "conversations:person_erase": ("person", LOCALITY),
    "peer_forum:forum_detail": ("forum", LOCALITY),
    "peer_forum:forum_edit": ("forum", LOCALITY),
    "peer_forum:meeting_create": ("forum", LOCALITY),
    "peer_forum:meeting_detail": ("meeting", LOCALITY),
    "peer_forum:meeting_attendance": ("meeting", LOCALITY),
    "peer_forum:meeting_hold": ("forum", LOCALITY),
    "peer_forum:request_detail": ("open_request", LOCALITY),
    "peer_forum:request_edit": ("open_request", LOCALITY),
    "peer_forum:request_submit": ("open_request", LOCALITY),
    "peer_forum:request_schedule": ("open_request", LOCALITY),
    "peer_forum:request_decide": ("open_request", LOCALITY),
    "peer_forum:escalation_detail": ("escalation", LOCALITY),
    "peer_forum:request_review": ("funding_request", LOCALITY),
    "peer_forum:person_requests": ("person", LOCALITY),
    "outcomes:report_download": ("report", PARTNERSHIP),
    "outcomes:report_retry": ("report", PARTNERSHIP),
    "outcomes:story_detail": ("story", LOCALITY),
    "outcomes:story_edit": ("story", LOCALITY),
    "outcomes:study_detail": ("study", PARTNERSHIP),
    "outcomes:study_edit": ("study", PARTNERSHIP),
    "outcomes:cost_line_remove": ("study", PARTNERSHIP),
    "api_hub-detail": ("hub", PARTNERSHIP),
    "api_hub_session-detail": ("session", LOCALITY),
    "api_hub_session-close": ("session", LOCALITY),
    "api_hub_session-tally": ("session", LOCALITY),
    "api_solution-detail": ("solution", PARTNERSHIP),
    "api_solution-verify": ("solution", PARTNERSHIP),
    "api_person_detail": ("person", LOCALITY),
    "api_session_visits": ("session", LOCALITY),
    "api_session_footfall": ("session", LOCALITY),
    "api_signpost-detail": ("signpost", LOCALITY),
    "api_signpost-follow-up": ("signpost", LOCALITY),
    "api_episode_detail": ("episode", LOCALITY),
    "api_episode_close": ("episode", LOCALITY),
    "api_episode_reopen": ("episode", LOCALITY),
    "api_episode_conversations": ("episode", LOCALITY),
    "api_conversation_detail": ("conversation", LOCALITY),
    "api_crisis_plan_detail": ("crisis_plan", LOCALITY),
    "api_personal_outcome_detail": ("outcome", LOCALITY),
    "api_outcome_review_create": ("outcome", LOCALITY),
    "api_waiting_list_offer": ("waiting_list", PARTNERSHIP),
    "api_waiting_list_entry_detail": ("entry", LOCALITY),
    "api_waiting_list_entry_remove": ("entry", LOCALITY),
    "api_forum_detail": ("forum", LOCALITY),
    "api_meeting_detail": ("meeting", LOCALITY),
    "api_meeting_attendance": ("meeting", LOCALITY),
    "api_request_detail": ("open_request", LOCALITY),
    "api_request_submit": ("open_request", LOCALITY),
    "api_request_decide": ("open_request", LOCALITY),
    "api_outcomes_report": ("report", PARTNERSHIP),
    "api_outcomes_story": ("story", LOCALITY),
    "api_outcomes_study": ("study", PARTNERSHIP),
    "api_outcomes_study_costs": ("study", PARTNERSHIP),
    # ---- programme ----
    "outcomes:programme_report_download": ("report", PARTNERSHIP),
    # ---- intake ----
    "conversations:person_edit": ("person", LOCALITY),
    "conversations:person_consent": ("person", LOCALITY),
    "api_person_consents": ("person", LOCALITY),
    # ---- records ----
    "conversations:person_merge_propose": ("person", LOCALITY),
    "conversations:person_merge_detail": ("merge", LOCALITY),
    "conversations:person_links": ("person", LOCALITY),
    "conversations:carer_link_create": ("person", LOCALITY),
    "conversations:carer_link_end": ("carer_link", LOCALITY),
    "conversations:episode_as_carer": ("episode", LOCALITY),
    "conversations:conversation_correct": ("conversation", LOCALITY),
    "conversations:crisis_plan_correct": ("crisis_plan", LOCALITY),
    "conversations:support_plan_correct": ("support_plan", LOCALITY),
    "conversations:outcome_correct": ("outcome", LOCALITY),
    "conversations:waiting_list_entry_correct": ("entry", LOCALITY),
    "api_person_merge_propose": ("person", LOCALITY),
    "api_person_merge_detail": ("merge", LOCALITY),
    "api_person_merge_confirm": ("merge", LOCALITY),
    "api_person_merge_decline": ("merge", LOCALITY),
    "api_person_carers": ("person", LOCALITY),
    "api_carer_link_end": ("carer_link", LOCALITY),
    "api_episode_as_carer": ("episode", LOCALITY),
    "api_conversation_correct": ("conversation", LOCALITY),
    "api_crisis_plan_correct": ("crisis_plan", LOCALITY),
    "api_support_plan_correct": ("support_plan", LOCALITY),
    "api_outcome_correct": ("outcome", LOCALITY),
    "api_waiting_list_entry_correct": ("entry", LOCALITY),
    # ---- golive-admin ----
    "accounts:user_send_link": ("staff", PARTNERSHIP),
    "accounts:user_revoke_link": ("staff", PARTNERSHIP),
    "accounts:set_password": ("staff", PARTNERSHIP),  # its argument is a token (FIXED_ARGS)
    "hubs:locality_edit": ("locality", PARTNERSHIP),
    "platform:admin_send_link": ("staff", PARTNERSHIP),
    # ---- golive-import ----
    "imports:job_detail": ("import_job", PARTNERSHIP),
    "imports:job_apply": ("import_job", PARTNERSHIP),
    # ---- sessions ----
    "hubs:hub_calendar": ("hub", LOCALITY),
    "hubs:schedule_add": ("hub", LOCALITY),
    "hubs:session_plan": ("hub", LOCALITY),
    "hubs:schedule_end": ("schedule", LOCALITY),
    "hubs:session_open_planned": ("planned_session", LOCALITY),
    "conversations:booking_create": ("person", LOCALITY),
    "conversations:booking_not_attended": ("booking", LOCALITY),
    "conversations:booking_cancel": ("booking", LOCALITY),
    # ---- figures ----
    "outcomes:target_remove": ("target", PARTNERSHIP),
}

# The other URL arguments.
FIXED_ARGS = {"kind": 1, "measure": "ons4", "token": "a-made-up-link"}
# Query strings a route needs: the person search looks for another partnership's person, whom
# the leak check must then not find in any answer.
QUERIES = {
    "api_person_search": f"?q={NAMES[OTHER_PARTNERSHIP]}",
    "imports:import_template": "?name=people.csv",  # golive-import
}

# What someone not signed in gets where it is not "sign in first".
PUBLIC = {
    ("login", "GET"): 200,
    ("login", "POST"): 200,
    ("logout", "GET"): 405,
    ("logout", "POST"): 302,
    ("session_keep_alive", "POST"): 401,
    ("api_token", "POST"): 400,
    ("schema", "GET"): 200,
    ("api_docs", "GET"): 200,
    ("admin:index", "GET"): 302,
    ("admin:index", "POST"): 302,
    ("accounts:set_password", "GET"): 404,  # golive-admin: a made-up link
    ("accounts:set_password", "POST"): 404,
}

# Field names that would carry a person's identity or case notes: never in a lead's answers.
# (Postcode, phone and email are also a hub's or directory entry's, so for those only the
# values — the secret words — are looked for.)
PERSONAL_FIELD_NAMES = {name for model in person_linked_models() for name in model.PERSONAL_FIELDS}
CASE_NOTE_FIELDS = PERSONAL_FIELD_NAMES - {"postcode", "phone", "email"} | {"full_name", "person"}


PATTERNS = {pattern.name: pattern for pattern in project_patterns()}


def _group(name: str) -> str:
    """Pages by app; the API by its first path segment (one test each, for readable failures)."""
    route = PATTERNS[name].route if name in PATTERNS else ""
    if route.startswith("api/v1/"):
        return "api " + route.removeprefix("api/v1/").lstrip("^").split("/")[0]
    return name.split(":")[0] if ":" in name else "core"


GROUPS = sorted({_group(name) for name, _ in EXPECTED})


def test_every_url_pattern_has_a_row():
    missing = [
        (pattern.name, method)
        for pattern in PATTERNS.values()
        for method in sorted(pattern.implemented_methods or {"GET", "POST"})
        if (pattern.name, method) not in EXPECTED
    ]
    assert not missing, f"Add rows to EXPECTED for {missing}"
    unknown = sorted({name for name, _ in EXPECTED} - set(PATTERNS))
    assert not unknown, f"Rows for URLs that no longer exist: {unknown}"


def test_every_url_pattern_has_a_name():
    """The rows are keyed by URL name, so an unnamed pattern would escape the matrix."""
    unnamed = unnamed_routes()
    assert not unnamed, f"Name these URL patterns (and add their rows): {unnamed}"


def test_each_api_row_lists_exactly_the_methods_its_view_has():
    for pattern in PATTERNS.values():
        implemented = pattern.implemented_methods
        if implemented is not None:
            listed = {method for name, method in EXPECTED if name == pattern.name}
            assert listed == implemented, pattern.name


def test_every_url_with_an_object_says_which():
    with_object = {pattern.name for pattern in PATTERNS.values() if pattern.params}
    assert with_object == set(OBJECTS)


def test_api_views_of_one_object_name_its_model():
    """So a role that may not act still gets 404 for an object outside its scope."""
    for name in OBJECTS:
        pattern = PATTERNS[name]
        if pattern.is_api:
            assert getattr(pattern.callback.cls, "scope_model", None), name


def _kwargs(pattern: Pattern, place) -> dict:
    kwargs = {}
    for param in pattern.params:
        if param in ("pk", "session_pk"):
            kwargs[param] = getattr(place, OBJECTS[pattern.name][0]).pk
        elif param == "line_pk":
            kwargs[param] = place.line.pk
        else:
            kwargs[param] = FIXED_ARGS[param]
    return kwargs


def _elsewhere(name: str, own: tuple[int, ...], place: str) -> tuple[int, ...]:
    """The answers expected for another place's object (see the module docstring)."""
    if place == OTHER_PARTNERSHIP:
        return tuple(405 if status == 405 else 404 for status in own)
    if OBJECTS[name][1] == PARTNERSHIP:
        return own
    return tuple(
        status if status == 405 or role in PARTNERSHIP_WIDE_ROLES else 404
        for role, status in zip(ROLES, own, strict=True)
    )


def _json_keys(body: str) -> set[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return set()
    keys: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys |= set(item)
            stack += item.values()
        elif isinstance(item, list):
            stack += item
    return keys


def _leaks(role: str, answer: Answer) -> list[str]:
    if answer.status >= 300:
        return []
    body = answer.body
    found = [word for word in (NAMES[OTHER_PARTNERSHIP], NOTES[OTHER_PARTNERSHIP]) if word in body]
    if role not in PARTNERSHIP_WIDE_ROLES and NOTES[OTHER_LOCALITY] in body:
        found.append(NOTES[OTHER_LOCALITY])
    if role == Role.HSCP_LEAD:
        found += [word for place in (OWN, OTHER_LOCALITY) for word in (NAMES[place], NOTES[place])
                  if word in body]  # fmt: skip
        found += sorted(_json_keys(body) & CASE_NOTE_FIELDS)
    return found


class Matrix:
    def __init__(self, world, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        self.places = build_places(world)
        self.users = build_users(world)
        own = self.places[OWN]
        own.forum.members.add(*self.users.values())  # deciding needs forum members
        own.meeting.attendees.add(*self.users.values())
        self.clients = {}
        for role, user in self.users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)
        self.failures: list[str] = []

    def ask(self, client: Client, method: str, url: str, *, api: bool, htmx=False) -> Answer:
        with transaction.atomic():
            answer = call(client, method, url, api=api, htmx=htmx)
            transaction.set_rollback(True)
        return answer

    def check(self, pattern: Pattern, method: str, place: str, expected: tuple[int, ...]):
        url = url_for(pattern.name, _kwargs(pattern, self.places[place]))
        url += QUERIES.get(pattern.name, "")
        for role, want in zip(ROLES, expected, strict=True):
            answer = self.ask(self.clients[role], method, url, api=pattern.is_api)
            where = f"{method} {pattern.name} ({place}) as {role}"
            if answer.status != want:
                self.failures.append(f"{where}: {answer.status}, expected {want}")
            for word in _leaks(role, answer):
                self.failures.append(f"{where}: shows {word!r}")
            if place == OWN and method == "GET" and not pattern.is_api:
                fragment = self.ask(self.clients[role], method, url, api=False, htmx=True)
                if fragment.status != answer.status:
                    self.failures.append(f"{where} (htmx): {fragment.status}, expected {want}")
                for word in _leaks(role, fragment):
                    self.failures.append(f"{where} (htmx): shows {word!r}")

    def check_anonymous(self, pattern: Pattern, method: str):
        url = url_for(pattern.name, _kwargs(pattern, self.places[OWN]))
        answer = self.ask(Client(), method, url, api=pattern.is_api)
        where = f"{method} {pattern.name} not signed in"
        if (pattern.name, method) in PUBLIC:
            if answer.status != PUBLIC[(pattern.name, method)]:
                self.failures.append(f"{where}: {answer.status}")
        elif pattern.is_api:
            if answer.status not in (401, 403, 405):
                self.failures.append(f"{where}: {answer.status}, expected 401 or 403")
        elif answer.status != 405 and not (
            answer.status == 302 and answer.location.startswith("/login/")
        ):
            self.failures.append(f"{where}: {answer.status} {answer.location}, expected sign-in")


@pytest.mark.parametrize("group", GROUPS)
def test_the_matrix(group, world, settings, tmp_path):
    matrix = Matrix(world, settings, tmp_path)
    for (name, method), own in EXPECTED.items():
        if _group(name) != group:
            continue
        pattern = PATTERNS[name]
        matrix.check(pattern, method, OWN, own)
        if pattern.params:
            for place in (OTHER_LOCALITY, OTHER_PARTNERSHIP):
                matrix.check(pattern, method, place, _elsewhere(name, own, place))
        matrix.check_anonymous(pattern, method)
    assert not matrix.failures, "\n".join(matrix.failures)
