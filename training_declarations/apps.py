from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingDeclarationsConfig(AppConfig):
    name = "training_declarations"
    verbose_name = _("Oplæringserklæringer")

    def ready(self) -> None:
        from accesslog.purposes import register_purpose
        from accounts.roles import register_front_links
        from training_declarations import roles

        register_front_links(*roles.FRONT_LINKS)
        for code, label in roles.PURPOSES:
            register_purpose(code, label)
