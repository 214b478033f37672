from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprenticeshipConfig(AppConfig):
    name = "apprenticeship"
    verbose_name = _("Lærlinge og uddannelsesaftaler")

    def ready(self) -> None:
        from accesslog.purposes import register_purpose
        from accounts.organisations import register_directory
        from accounts.roles import register_front_links, register_role_provider
        from apprenticeship import roles
        from apprenticeship.directory import SchoolDirectory

        register_role_provider(roles.school_and_apprentice_roles)
        register_front_links(*roles.FRONT_LINKS)
        register_directory(SchoolDirectory())
        for code, label in roles.PURPOSES:
            register_purpose(code, label)
