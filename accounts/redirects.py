"""The `next` parameter of a form: where to go after it, if that is a page of this portal."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request: HttpRequest, target: str | None) -> str | None:
    """`target` if it is a path on this site ("/…"), else None.

    Only a path: `redirect()` would take a bare word ("0", "home") for a view name and fail
    on one it cannot reverse, and a line break in a Location header is a server error.
    """
    if not target or not target.startswith("/"):
        return None
    if any(unicodedata.category(char)[0] == "C" for char in target):
        return None
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return None
    return target
