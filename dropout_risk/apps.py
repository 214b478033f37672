from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropoutRiskConfig(AppConfig):
    name = "dropout_risk"
    verbose_name = _("Frafaldsrisiko")
