from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"

    def ready(self) -> None:
        # Merges, corrections and carers on a person's page (conversations' own part of it).
        from conversations import records_page

        records_page.register()
        # Who is expected shows on the session page through hubs' plug-in point, so hubs (a
        # lower app) never imports conversations.
        from conversations.views.bookings import session_expected_section
        from hubs.session_page import SessionPagePart, session_page_part_register

        session_page_part_register(
            SessionPagePart(name="expected", render=session_expected_section)
        )
