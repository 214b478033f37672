from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere og roller")

    def ready(self) -> None:
        from accounts import roles

        roles.register_role_provider(roles.portal_admin_roles)
        roles.register_role_provider(roles.local_admin_roles)
        roles.register_front_links(*roles.FRONT_LINKS)
