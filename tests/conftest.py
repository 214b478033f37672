"""Shared fixtures: the demo world and one persona per role (STYLE.md)."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import translation

from accounts.models import TermsAcceptance, TermsVersion, User
from demo.services import DemoWorld, seed_demo

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """Each test starts with no cached choice lists: ids are reused between tests."""
    caches["local"].clear()
    yield
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language: a request with a language cookie activates
    that language in the test's thread, and LocaleMiddleware does not switch back (a test
    with "en" made the next test's direct service calls answer in English)."""
    yield
    translation.deactivate()


@pytest.fixture
def world(db) -> DemoWorld:
    """The shared demo world without the feature apps' demo rows (they seed their own)."""
    return seed_demo(features=False)


@pytest.fixture
def full_world(db) -> DemoWorld:
    """Everything `make run` shows: the shared world and every feature's demo data."""
    return seed_demo()


def accept_terms(user: User) -> None:
    for terms in TermsVersion.objects.all():
        TermsAcceptance.objects.get_or_create(user=user, terms=terms)


def client_for(user: User, *, accepted: bool = True) -> Client:
    if accepted:
        accept_terms(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user(world):
    """as_user("virksomhed") → a logged-in client for that demo account (terms accepted)."""

    def make(key: str, *, accepted: bool = True) -> Client:
        return client_for(world.users[key], accepted=accepted)

    return make


@pytest.fixture
def requires_postgres(db) -> None:
    """PostgreSQL-only behaviour (triggers): skipped on SQLite locally, mandatory in CI."""
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run the PostgreSQL-only tests: DATABASE_URL is not PostgreSQL.")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
