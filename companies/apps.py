from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Virksomheder")

    def ready(self) -> None:
        from accounts.organisations import register_directory
        from accounts.roles import register_front_links, register_role_provider
        from companies import roles
        from companies.directory import CompanyDirectory

        register_role_provider(roles.company_roles)
        register_front_links(*roles.FRONT_LINKS)
        register_directory(CompanyDirectory())
