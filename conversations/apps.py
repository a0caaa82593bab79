from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"

    def ready(self) -> None:
        # Merges, corrections and carers on a person's page (conversations' own part of it).
        from conversations import records_page

        records_page.register()
