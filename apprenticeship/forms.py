from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.params import parse_id

MAX_BULK = 500


class SelectionChangeForm(forms.Form):
    """The ticked apprentices of a bulk "Tilføj"/"Fjern" on Mine lærlinge. Which of them may
    be chosen is the service's decision; the form only checks the shape."""

    def clean(self) -> dict[str, object]:
        raw = self.data.getlist("apprentices") if hasattr(self.data, "getlist") else []
        if not raw:
            raise forms.ValidationError(_("Markér mindst én lærling først."))
        ids = [parse_id(value) for value in raw]
        if len(raw) > MAX_BULK or None in ids:
            raise forms.ValidationError(_("Markeringen kunne ikke læses. Prøv igen."))
        return {"apprentices": sorted(set(ids))}
