"""Access-log purpose codes of dropout_risk, and their labels (registered in apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PURPOSE_COMPANY_OVERVIEW = "dropout_risk.company_overview"
PURPOSE_ASSESSMENT = "dropout_risk.assessment"
PURPOSE_SCHOOL_OVERVIEW = "dropout_risk.school_overview"
PURPOSE_EXPORT = "dropout_risk.school_export"
PURPOSE_PROFILE = "dropout_risk.student_profile"
PURPOSE_MY_COURSE = "dropout_risk.my_course"
PURPOSE_REMINDER = "dropout_risk.revisit_reminder"

LABELS = {
    PURPOSE_COMPANY_OVERVIEW: _("Frafaldsrisiko (SOSU) – virksomhedens oversigt"),
    PURPOSE_ASSESSMENT: _("Frafaldsrisiko – registrering af vurdering"),
    PURPOSE_SCHOOL_OVERVIEW: _("Elevoversigt"),
    PURPOSE_EXPORT: _("Elevoversigt – eksport til regneark"),
    PURPOSE_PROFILE: _("Elevens profil med frafaldsrisiko"),
    PURPOSE_MY_COURSE: _("Mit uddannelsesforløb"),
    PURPOSE_REMINDER: _("Frafaldsrisiko – påmindelse pr. e-mail"),
}
