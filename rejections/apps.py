from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RejectionsConfig(AppConfig):
    name = "rejections"
    verbose_name = _("Afslag")
