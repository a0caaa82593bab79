from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cls_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from cls_portal.accounts.setup import setup_step_register
        from cls_portal.accounts.setup_steps import STEPS

        for step in STEPS:
            setup_step_register(step)
