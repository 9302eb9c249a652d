from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mobilize.accounts"
    label = "accounts"
    verbose_name = "Accounts"
