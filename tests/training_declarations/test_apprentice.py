"""The apprentice's pages: "Opret erklæring om oplæring", "Se erklæringer", the detail,
renewal and the profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessLogEntry
from accounts.models import User
from apprenticeship.models import Apprentice
from tests.conftest import client_for
from tests.training_declarations.conftest import (
    SCHOOL_CONTACTS,
    make_request,
    sosu_catalogue,
    token_from,
)
from training_declarations.models import Declaration, DeclarationProfile

pytestmark = pytest.mark.django_db

CREATE = reverse("training_declarations:declaration_create")
LIST = reverse("training_declarations:apprentice_list")
PROFILE = reverse("training_declarations:profile")


def form_data(world, **changes) -> dict:
    data = {
        "training_type": "company",
        "catalogue": sosu_catalogue(world).pk,
        "period_end": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "main_course": "2",
        "school": world.schools["sosu"].pk,
        "team": "ASS-24",
        "responsible_email": "Jens.Ege@Snedkeriet.demo.test",
        "school_emails": "kontakt@sosu-havnestad.demo.test, vejleder@sosu-havnestad.demo.test",
        "cvr": world.companies["kommune"].cvr,
    }
    data.update(changes)
    return data


def test_the_request_is_created_and_the_link_emailed_to_the_training_responsible(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("elev").post(CREATE, form_data(td_world))
    declaration = Declaration.objects.get(apprentice=td_world.users["elev"].apprentice)
    assert response.url == reverse("training_declarations:apprentice_detail", args=[declaration.pk])
    assert declaration.responsible_email == "jens.ege@snedkeriet.demo.test"
    assert sorted(declaration.school_contacts.values_list("email", flat=True)) == sorted(
        SCHOOL_CONTACTS
    )
    assert declaration.company_name == "Havnestad Kommune"
    assert declaration.status == Declaration.Status.SENT
    assert [m.to for m in mail.outbox] == [["jens.ege@snedkeriet.demo.test"]]
    assert token_from(mail.outbox[0])


def test_the_goal_texts_are_copied_into_the_declaration(
    td_world, django_capture_on_commit_callbacks
) -> None:
    made = make_request(td_world, django_capture_on_commit_callbacks)
    catalogue = sosu_catalogue(td_world)
    expected = list(catalogue.goals.values_list("position", "code", "text"))
    assert list(made.declaration.goals.values_list("position", "code", "text")) == expected
    catalogue.goals.filter(position=1).update(text="Ændret senere")
    assert made.declaration.goals.get(position=1).text == expected[0][2]


@pytest.mark.parametrize(
    "field",
    [
        "training_type",
        "catalogue",
        "period_end",
        "main_course",
        "school",
        "team",
        "responsible_email",
        "school_emails",
        "cvr",
    ],
)
def test_every_field_is_required(td_world, as_user, field: str) -> None:
    response = as_user("elev").post(CREATE, form_data(td_world, **{field: ""}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Declaration.objects.filter(apprentice=td_world.users["elev"].apprentice).exists()


@pytest.mark.parametrize("cvr", ["12345678", "1234567", "abcdefgh", "100000330"])
def test_the_cvr_number_is_modulus_11_checked(td_world, as_user, cvr: str) -> None:
    response = as_user("elev").post(CREATE, form_data(td_world, cvr=cvr))
    assert response.status_code == 200
    assert "cvr" in response.context["form"].errors
    assert "gyldigt CVR-nummer" in response.content.decode()


def test_a_cvr_number_with_spaces_is_accepted(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    cvr = td_world.companies["kommune"].cvr
    spaced = f"DK {cvr[:4]} {cvr[4:]}"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("elev").post(CREATE, form_data(td_world, cvr=spaced))
    assert response.status_code == 302
    assert Declaration.objects.get(apprentice=td_world.users["elev"].apprentice).cvr == cvr


@pytest.mark.parametrize(
    "emails", ["ikke-en-adresse", "a@b.dk, nope", ",".join(f"k{n}@s.dk" for n in range(11))]
)
def test_school_contacts_must_be_valid_addresses(td_world, as_user, emails: str) -> None:
    response = as_user("elev").post(CREATE, form_data(td_world, school_emails=emails))
    assert list(response.context["form"].errors) == ["school_emails"]


def test_the_form_is_prefilled_from_the_current_agreement(td_world, as_user) -> None:
    response = as_user("elev").get(CREATE)
    assert response.status_code == 200
    initial = response.context["form"].initial
    agreement = td_world.users["elev"].apprentice.agreements.get()
    assert initial["school"] == agreement.school_id
    assert initial["team"] == agreement.team
    assert initial["cvr"] == td_world.companies["kommune"].cvr
    assert initial["catalogue"] == sosu_catalogue(td_world).pk
    assert initial["training_type"] == "company"


def test_the_next_request_reuses_the_addresses_of_the_last(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    make_request(td_world, django_capture_on_commit_callbacks)
    initial = as_user("elev").get(CREATE).context["form"].initial
    assert initial["responsible_email"] == "jens.ege@snedkeriet.demo.test"
    assert initial["school_emails"].split() == SCHOOL_CONTACTS


def test_the_list_shows_each_request_with_its_status(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    sent = make_request(td_world, capture)
    opened = make_request(td_world, capture)
    Declaration.objects.filter(pk=opened.declaration.pk).update(status="opened")
    expired = make_request(td_world, capture)
    Declaration.objects.filter(pk=expired.declaration.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    submitted = make_request(td_world, capture)
    Declaration.objects.filter(pk=submitted.declaration.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    response = as_user("elev").get(LIST)
    assert response.status_code == 200
    shown = {d.pk: d.shown_status_label for d in response.context["page"].object_list}
    assert shown == {
        sent.declaration.pk: "Sendt",
        opened.declaration.pk: "Åbnet",
        expired.declaration.pk: "Udløbet",
        submitted.declaration.pk: "Udfyldt",
    }
    body = response.content.decode()
    for label in ("Sendt", "Åbnet", "Udløbet", "Udfyldt"):
        assert label in body


def test_the_detail_shows_the_submitted_declaration(
    td_world, made, as_user, django_capture_on_commit_callbacks
) -> None:
    from tests.training_declarations.test_rating import submit

    detail = reverse("training_declarations:apprentice_detail", args=[made.declaration.pk])
    before = as_user("elev").get(detail)
    assert "Hjemmeplejen, aftenvagt" not in before.content.decode()
    assert before.context["can_renew"] is True
    submit(made, django_capture_on_commit_callbacks)
    after = as_user("elev").get(detail)
    assert "Hjemmeplejen, aftenvagt" in after.content.decode()
    assert len(after.context["goals"]) == made.declaration.goals.count()
    assert after.context["can_renew"] is False


def test_a_submitted_declaration_cannot_be_renewed(
    made, as_user, django_capture_on_commit_callbacks
) -> None:
    from tests.training_declarations.test_rating import submit

    submit(made, django_capture_on_commit_callbacks)
    links = made.declaration.links.count()
    response = as_user("elev").post(
        reverse("training_declarations:declaration_renew", args=[made.declaration.pk]),
        follow=True,
    )
    assert "allerede udfyldt" in response.content.decode()
    assert made.declaration.links.count() == links


def test_an_expired_request_is_renewed_with_a_new_token(
    made, as_user, django_capture_on_commit_callbacks
) -> None:
    Declaration.objects.filter(pk=made.declaration.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        as_user("elev").post(
            reverse("training_declarations:declaration_renew", args=[made.declaration.pk])
        )
    made.declaration.refresh_from_db()
    assert not made.declaration.is_expired()
    assert made.declaration.status == Declaration.Status.SENT
    assert token_from(mail.outbox[0]) != made.token
    assert "Dette er et nyt link" in mail.outbox[0].body


@pytest.fixture
def other_apprentice(td_world) -> Apprentice:
    user = User.objects.create_user("anden.elev@demo.test", "x" * 16, full_name="Anden Elev")
    apprentice = td_world.apprentices[5]
    Apprentice.objects.filter(pk=apprentice.pk).update(user=user)
    apprentice.refresh_from_db()
    return apprentice


def test_another_apprentices_declaration_is_a_404(
    td_world, other_apprentice, as_user, django_capture_on_commit_callbacks
) -> None:
    theirs = make_request(td_world, django_capture_on_commit_callbacks, apprentice=other_apprentice)
    client = as_user("elev")
    detail = reverse("training_declarations:apprentice_detail", args=[theirs.declaration.pk])
    renew = reverse("training_declarations:declaration_renew", args=[theirs.declaration.pk])
    assert client.get(detail).status_code == 404
    assert client.post(renew).status_code == 404
    assert theirs.declaration.pk not in [d.pk for d in client.get(LIST).context["page"].object_list]
    assert client_for(other_apprentice.user).get(detail).status_code == 200


@pytest.mark.parametrize("key", ["virksomhed", "skole", "admin", "oplaering"])
def test_only_apprentices_have_these_pages(made, as_user, key: str) -> None:
    client = as_user(key)
    detail = reverse("training_declarations:apprentice_detail", args=[made.declaration.pk])
    for url in (LIST, CREATE, PROFILE, detail):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_login(made, client) -> None:
    detail = reverse("training_declarations:apprentice_detail", args=[made.declaration.pk])
    for url in (LIST, CREATE, PROFILE, detail):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_wrong_methods_are_refused(made, as_user) -> None:
    client = as_user("elev")
    renew = reverse("training_declarations:declaration_renew", args=[made.declaration.pk])
    assert client.get(renew).status_code == 405
    assert client.put(LIST).status_code == 405
    assert client.delete(CREATE).status_code == 405


def test_the_apprentices_pages_are_logged(made, as_user) -> None:
    client = as_user("elev")
    me = made.declaration.apprentice_id
    client.get(LIST)
    client.get(CREATE)
    client.get(PROFILE)
    client.get(reverse("training_declarations:apprentice_detail", args=[made.declaration.pk]))
    entries = AccessLogEntry.objects.order_by("id")
    assert [e.purpose for e in entries] == [
        "training_declarations.list",
        "training_declarations.create",
        "training_declarations.profile",
        "training_declarations.detail",
    ]
    assert all(e.apprentice_ids == [me] and e.role_kind == "apprentice" for e in entries)


def test_the_profile_changes_name_email_and_preferred_specialty(td_world, as_user) -> None:
    catalogue = td_world.specialties["SNED-MOB"].goal_catalogues.get()
    response = as_user("elev").post(
        PROFILE,
        {
            "first_name": "Sofie M.",
            "last_name": "Nielsen-Holm",
            "email": "sofie@privat.demo.test",
            "catalogue": catalogue.pk,
        },
    )
    assert response.url == PROFILE
    apprentice = td_world.users["elev"].apprentice
    apprentice.refresh_from_db()
    assert apprentice.full_name == "Sofie M. Nielsen-Holm"
    assert apprentice.email == "sofie@privat.demo.test"
    assert DeclarationProfile.objects.get(apprentice=apprentice).catalogue == catalogue
    # The preferred specialty is what a new request starts from.
    assert as_user("elev").get(CREATE).context["form"].initial["catalogue"] == catalogue.pk


def test_the_profile_requires_name_and_a_valid_email(td_world, as_user) -> None:
    response = as_user("elev").post(
        PROFILE, {"first_name": "", "last_name": "N", "email": "nope", "catalogue": ""}
    )
    assert set(response.context["form"].errors) == {"first_name", "email"}


def test_the_front_page_links_to_the_declarations(td_world, as_user) -> None:
    body = as_user("elev").get("/").content.decode()
    assert "Opret erklæring om oplæring" in body
    assert "Se erklæringer" in body
    assert "Se erklæringer" not in as_user("virksomhed").get("/").content.decode()


def test_the_list_pages_with_a_bounded_number_of_queries(
    td_world, as_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
) -> None:
    for _ in range(55):
        make_request(td_world, django_capture_on_commit_callbacks)
    client = as_user("elev")
    client.get(LIST)  # warms the session's terms check
    # A fixed cost (session, user, terms, the role providers of every app) and three of
    # this page's own; what matters is that 50 rows do not add a query each.
    with django_assert_max_num_queries(20):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    assert len(client.get(LIST, {"side": 2}).context["page"].object_list) == 5
