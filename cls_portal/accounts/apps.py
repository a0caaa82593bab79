from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cls_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"
