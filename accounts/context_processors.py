from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import front_links_for, request_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """`user_roles` and `menu_links` for the header; computed only if a template uses them."""
    return {
        "user_roles": SimpleLazyObject(lambda: request_roles(request)),
        "menu_links": SimpleLazyObject(
            lambda: [link for link in front_links_for(request_roles(request)) if link.in_menu]
        ),
    }
