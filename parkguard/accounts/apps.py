from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parkguard.accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the lockout receiver)
