from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_no_control_characters
from accounts.widgets import (
    FIELD_TEMPLATE,
    INPUT_TEMPLATES,
    LABEL_TEMPLATE,
    SELECT_TEMPLATE,
    render_field_group,
    render_input,
    render_label,
    render_select,
)


class PortalFormRenderer(TemplatesSetting):
    """Renders every field as a DKFDS form group (label, hint, error, input). The form
    group, labels, drop-downs and inputs are built in Python with the templates' exact markup
    (accounts.widgets: a template per field, label and option was most of a filter form's
    cost)."""

    field_template_name = "includes/field.html"

    def render(self, template_name: str, context: dict, request: object = None) -> str:
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        if template_name == FIELD_TEMPLATE and set(context) == {"field"}:
            return render_field_group(context["field"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


_CLASS_BY_WIDGET = {
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.Textarea: "form-input",
}


class StyledFormMixin:
    """Adds DKFDS classes to each widget so forms look like the design system's, and refuses
    control characters in every text field (accounts.validators)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)
            css = next(
                (c for widget, c in _CLASS_BY_WIDGET.items() if isinstance(field.widget, widget)),
                "form-input",
            )
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{existing} {css}".strip()


class LoginForm(StyledFormMixin, AllauthLoginForm):
    pass


class TermsAcceptForm(StyledFormMixin, forms.Form):
    accept = forms.BooleanField(
        label=_("Jeg har læst og accepterer vilkårene"),
        error_messages={"required": _("Du skal acceptere vilkårene for at bruge portalen.")},
    )


class FilterForm(StyledFormMixin, forms.Form):
    """Base form for django-filter FilterSets (`class Meta: form = FilterForm`)."""


class UserCreateForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Rolle"))
    external_id = forms.CharField(
        label=_("Ekstern identitet"),
        max_length=128,
        required=False,
        help_text=_(
            "Brugerens id hos MitID Erhverv, Unilogin eller ID-porten, hvis brugeren skal "
            "logge ind den vej."
        ),
    )

    def __init__(self, *args: object, role_choices: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices
