from django.apps import AppConfig


class PeerForumConfig(AppConfig):
    name = "peer_forum"
