from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Lærlingundersøkelsen")

    def ready(self) -> None:
        from accounts.roles import register_front_links, register_role_provider
        from surveys import roles

        register_role_provider(roles.survey_roles)
        register_front_links(*roles.FRONT_LINKS)
