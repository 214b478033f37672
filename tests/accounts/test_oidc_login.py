"""Login through an identity broker (OpenID Connect), end to end against a local provider."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from django.test import Client
from django.urls import reverse

from accounts.models import LoginEvent, User
from accounts.roles import roles_for
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings) -> Iterator[LocalProvider]:
    local = LocalProvider().start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "idporten",
                    "name": "ID-porten",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": local.issuer,
                        "required_acr": ["idporten-loa-high"],
                        "token_auth_method": "client_secret_post",
                    },
                }
            ]
        }
    }
    yield local
    local.stop()


def broker_login(client: Client) -> object:
    """Start at the portal, follow the provider's redirect, come back with the code."""
    start = client.post(reverse("openid_connect_login", args=["idporten"]))
    assert start.status_code == 302, start.content
    at_provider = requests.get(start.url, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    callback = at_provider.headers["Location"].replace("http://testserver", "")
    return client.get(callback)


def test_the_broker_login_maps_to_the_registered_user_and_role(world, provider) -> None:
    fylke = world.users["fylke"]
    User.objects.filter(pk=fylke.pk).update(external_id="09087612345")
    provider.claims = {"sub": "09087612345", "acr": "idporten-loa-high"}
    client = Client()
    response = broker_login(client)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == fylke.pk
    assert "survey_admin" in [r.kind for r in roles_for(fylke)]


def test_a_verified_email_maps_when_no_identifier_is_registered(world, provider) -> None:
    provider.claims = {
        "sub": "unknown-sub",
        "email": "kontor@demo.test",
        "email_verified": True,
        "acr": "idporten-loa-high",
    }
    client = Client()
    broker_login(client)
    assert int(client.session["_auth_user_id"]) == world.users["kontor"].pk


def test_nobody_is_created_through_a_broker(world, provider) -> None:
    provider.claims = {
        "sub": "stranger",
        "email": "stranger@example.org",
        "acr": "idporten-loa-high",
    }
    before = User.objects.count()
    client = Client()
    response = broker_login(client)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before
    event = LoginEvent.objects.get()  # the refusal is on record for the admin
    assert (event.kind, event.email, event.user) == ("broker_refused", "stranger@example.org", None)


def test_a_login_below_the_required_assurance_level_is_refused(world, provider) -> None:
    User.objects.filter(pk=world.users["fylke"].pk).update(external_id="09087612345")
    provider.claims = {"sub": "09087612345", "acr": "idporten-loa-substantial"}
    client = Client()
    response = broker_login(client)
    assert response.status_code == 403
    assert "sikringsniveau" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.BROKER_REFUSED).count() == 1


def test_a_suspended_user_cannot_log_in_through_a_broker(world, provider) -> None:
    User.objects.filter(pk=world.users["fylke"].pk).update(
        external_id="09087612345", is_active=False
    )
    provider.claims = {"sub": "09087612345", "acr": "idporten-loa-high"}
    client = Client()
    broker_login(client)
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_the_configured_broker(world, provider) -> None:
    body = Client().get(reverse("account_login")).content.decode()
    assert "ID-porten" in body
