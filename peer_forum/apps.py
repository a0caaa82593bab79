from __future__ import annotations

from django.apps import AppConfig


class PeerForumConfig(AppConfig):
    name = "peer_forum"

    def ready(self) -> None:
        # Funding requests join a person's timeline through conversations' plug-in point, so
        # conversations (a lower app) never imports peer_forum.
        from conversations.person_page import person_page_part_register
        from peer_forum.timeline import PERSON_PAGE_PART

        person_page_part_register(PERSON_PAGE_PART)

        # The administrator's set-up page lists forums as a step (accounts is a lower app).
        from cls_portal.accounts.setup import setup_step_register
        from peer_forum.selectors.forums import FORUM_SETUP_STEP

        setup_step_register(FORUM_SETUP_STEP)
