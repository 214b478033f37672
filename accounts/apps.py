from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere og roller")

    def ready(self) -> None:
        from django.contrib.auth import signals

        from accounts import roles
        from accounts.adapters import record_login, record_logout

        signals.user_logged_in.connect(record_login, dispatch_uid="accounts.record_login")
        signals.user_logged_out.connect(record_logout, dispatch_uid="accounts.record_logout")

        roles.register_role_provider(roles.portal_admin_roles)
        roles.register_role_provider(roles.local_admin_roles)
        roles.register_front_links(*roles.FRONT_LINKS)
