from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RejectionsConfig(AppConfig):
    name = "rejections"
    verbose_name = _("Afslag")

    def ready(self) -> None:
        from accounts.roles import register_front_links
        from rejections import roles

        register_front_links(*roles.FRONT_LINKS)
