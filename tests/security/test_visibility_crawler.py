"""Walk every URL pattern as every demo role and fail if a page shows an apprentice outside
that role's visibility policy (issue 4). New URL parameters must be registered in
parameter_values(), so no page escapes the walk."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accesslog.models import ExportJob
from apprenticeship.models import Apprentice, School, SchoolStaff
from companies.models import Company, CompanyStaff, Workplace
from rejections.models import Rejection
from surveys.models import Organisation, SendJob, SurveyRound
from tests.conftest import client_for
from training_declarations.models import Declaration

pytestmark = pytest.mark.django_db

ROLES = ["admin", "virksomhed", "leder", "skole", "elev", "fylke", "kontor", "oplaering"]
# allauth's own pages show no apprentice data; the admin is walked by the access-control
# test of issue 11 (only portal admins get in, and they may see everyone).
SKIPPED_PREFIXES = ("admin/", "konto/", "i18n/")
# Pages that show more than the policy's set, and what they may show instead.
WIDER_SCOPE = {
    # The selection page lists the company's current apprentices so staff can choose.
    "apprenticeship:my_apprentices": "selectable",
}


def parameter_values() -> dict[frozenset[str], list[dict[str, object]]]:
    """For each set of URL parameters, the real values to try (from the demo data)."""
    organisations = [
        {"org_type": "company", "organisation_id": pk}
        for pk in Company.objects.values_list("pk", flat=True)
    ] + [
        {"org_type": "school", "organisation_id": pk}
        for pk in School.objects.values_list("pk", flat=True)
    ]
    members = [
        {"org_type": "company", "organisation_id": m.company_id, "user_id": m.user_id}
        for m in CompanyStaff.objects.all()
    ] + [
        {"org_type": "school", "organisation_id": m.school_id, "user_id": m.user_id}
        for m in SchoolStaff.objects.all()
    ]
    return {
        frozenset({"apprentice_id"}): [
            {"apprentice_id": pk} for pk in Apprentice.objects.values_list("pk", flat=True)
        ],
        frozenset({"workplace_id"}): [
            {"workplace_id": pk} for pk in Workplace.objects.values_list("pk", flat=True)
        ],
        frozenset({"rejection_id"}): [
            {"rejection_id": pk} for pk in Rejection.objects.values_list("pk", flat=True)
        ],
        frozenset({"declaration_id"}): [
            {"declaration_id": pk} for pk in Declaration.objects.values_list("pk", flat=True)
        ],
        # Only hashes of link tokens are stored: a well-formed token that matches nothing.
        frozenset({"token"}): [{"token": "A" * 43}],
        frozenset({"round_id"}): [
            {"round_id": pk} for pk in SurveyRound.objects.values_list("pk", flat=True)
        ],
        frozenset({"job_id"}): [
            {"job_id": pk} for pk in SendJob.objects.values_list("pk", flat=True)
        ],
        frozenset({"organisation_id"}): [
            {"organisation_id": pk} for pk in Organisation.objects.values_list("pk", flat=True)
        ],
        frozenset({"export_id"}): [
            {"export_id": pk} for pk in ExportJob.objects.values_list("pk", flat=True)
        ],
        frozenset({"org_type", "organisation_id"}): organisations,
        frozenset({"org_type", "organisation_id", "user_id"}): members,
    }


def walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, view name) for every pattern, with nested includes flattened."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}"


def concrete_urls(values: dict[frozenset[str], list[dict]]) -> Iterator[tuple[str, str]]:
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        params = frozenset(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if not params:
            yield "/" + route.lstrip("^").rstrip("$"), name
            continue
        assert params in values, f"{name}: register {sorted(params)} in parameter_values()"
        for combination in values[params]:
            url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, c=combination: str(c[m[1]]), route)
            yield "/" + url, name


def mark_names() -> dict[int, str]:
    """Give every apprentice a unique token in their name, so a page that shows them is
    recognised whatever else is on it."""
    tokens = {}
    for apprentice in Apprentice.objects.all():
        tokens[apprentice.pk] = f"Qx{apprentice.pk}x"
        Apprentice.objects.filter(pk=apprentice.pk).update(
            last_name=f"{apprentice.last_name} {tokens[apprentice.pk]}"
        )
    return tokens


def allowed_for(user, scope: str) -> set[int]:
    visible = set(Apprentice.objects.visible_to(user).values_list("pk", flat=True))
    if scope == "selectable":
        for staff in CompanyStaff.objects.filter(user=user):
            visible |= set(Apprentice.objects.selectable_for(staff).values_list("pk", flat=True))
    return visible


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_an_apprentice_outside_the_policy(full_world, role: str) -> None:
    world = full_world
    tokens = mark_names()
    user = world.users[role]
    client = client_for(user)
    values = parameter_values()
    checked = 0
    for url, name in concrete_urls(values):
        response = client.get(url)
        assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        shown = {pk for pk, token in tokens.items() if token in body}
        allowed = allowed_for(user, WIDER_SCOPE.get(name, "policy"))
        assert shown <= allowed, f"{url} as {role} shows apprentices {sorted(shown - allowed)}"
        checked += 1
    assert checked > 0
