from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import StyledFormMixin
from surveys.imports import max_bytes
from surveys.models import OrganisationMember, Question, SurveyRound


class RegisterImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Registerudtræk"),
        help_text=_(
            "CSV (UTF-8, semikolon eller komma) eller Excel (.xlsx) med kolonnerne fra "
            "eksempelfilen. Hele filen indlæses, eller intet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("Filen er for stor (højst %(mb)d MB)."),
                params={"mb": max_bytes() // (1024 * 1024)},
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(
                _("Forkert filtype: upload registerudtrækket som CSV (UTF-8) eller Excel (.xlsx).")
            )
        return upload


class ReminderForm(forms.Form):
    """The reminder number the page showed: a stale page cannot send a different one."""

    number = forms.IntegerField(min_value=1, max_value=3, widget=forms.HiddenInput)


class RoleChangeForm(forms.Form):
    user = forms.TypedChoiceField(coerce=int, label=_("Bruger"))

    def __init__(self, *args: object, organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        members = OrganisationMember.objects.filter(organisation=organisation).select_related(
            "user"
        )
        self.fields["user"].choices = [(m.user_id, str(m.user)) for m in members]


class AnswerForm(StyledFormMixin, forms.Form):
    """Every question may be skipped: no field is required."""

    def __init__(self, *args: object, survey_round: SurveyRound, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(survey_round.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SCALE:
                # A radio cannot be unticked: "no answer" lets a participant take a choice back.
                choices = [(str(v), str(v)) for v in range(1, 6)] + [("", _("Vil ikke svare"))]
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=choices,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.RadioSelect(attrs={"class": "form-radio"}),
                    help_text=_scale_hint(question),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def answers(self) -> dict[int, tuple[int | None, str]]:
        out: dict[int, tuple[int | None, str]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.SCALE:
                out[question.pk] = (value, "")
            else:
                out[question.pk] = (None, value or "")
        return out


def _scale_hint(question: Question) -> str:
    if question.low_label and question.high_label:
        # field.html marks help text safe: escape what the admin typed.
        return format_html("1 = {}, 5 = {}", question.low_label, question.high_label)
    return ""
