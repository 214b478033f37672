from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import request_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """`user_roles` for the header; computed only if a template uses it."""
    return {"user_roles": SimpleLazyObject(lambda: request_roles(request))}
