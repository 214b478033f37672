"""Reads of apprentice data through the Django admin are logged like the portal's own pages:
the list logs the apprentices on the page shown, the change page its object's apprentice."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accesslog.services import record


class AccessLoggedAdminMixin:
    """Mix into a ModelAdmin whose rows name apprentices; override apprentice_ids_of() when
    the object is not linked by an `apprentice_id`."""

    access_log_purpose = "admin.read"

    def apprentice_ids_of(self, obj: object) -> Iterable[int]:
        return [obj.apprentice_id]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if isinstance(response, TemplateResponse) and changelist is not None:
            ids = [i for obj in changelist.result_list for i in self.apprentice_ids_of(obj)]
            record(request=request, purpose=self.access_log_purpose, apprentice_ids=ids)
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if isinstance(response, TemplateResponse) and original is not None:
            record(
                request=request,
                purpose=self.access_log_purpose,
                apprentice_ids=self.apprentice_ids_of(original),
            )
        return response
