from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingDeclarationsConfig(AppConfig):
    name = "training_declarations"
    verbose_name = _("Oplæringserklæringer")
