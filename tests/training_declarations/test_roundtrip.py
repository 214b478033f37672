"""The whole round trip, through the pages only, as in a browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.training_declarations.conftest import code_from, sosu_catalogue, token_from

pytestmark = pytest.mark.django_db


def test_request_rate_submit_and_read_in_the_back_office(
    td_world, as_user, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    mail.outbox.clear()
    # 1. elev@demo.test creates the request.
    elev = as_user("elev")
    form = elev.get(reverse("training_declarations:declaration_create")).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}}
    data.update(
        period_end=(timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        main_course="3",
        responsible_email="oplaering@havnestad.demo.test",
        school_emails="kontakt@sosu-havnestad.demo.test",
    )
    with capture(execute=True):
        created = elev.post(reverse("training_declarations:declaration_create"), data)
    assert created.status_code == 302, created.context["form"].errors
    # 2. The e-mail holds the link.
    (request_mail,) = mail.outbox
    assert request_mail.to == ["oplaering@havnestad.demo.test"]
    token = token_from(request_mail)
    # 3. The training responsible rates every goal and submits, without an account.
    responsible = Client()
    page = responsible.get(reverse("training_declarations:rating_form", args=[token]))
    assert page.status_code == 200
    answers = {name: "3" for name in page.context["form"].fields if name.startswith("goal_")}
    assert len(answers) == sosu_catalogue(td_world).goals.count()
    answers.update(work_areas="Plejecenter Solgården, dagvagt", special_needs="Ingen")
    review = responsible.post(reverse("training_declarations:rating_review", args=[token]), answers)
    assert responsible.get(review.url).status_code == 200
    mail.outbox.clear()
    with capture(execute=True):
        sent = responsible.post(reverse("training_declarations:rating_submit", args=[token]))
    assert responsible.get(sent.url).status_code == 200
    # 4. The school contact and the apprentice receive it.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "elev@demo.test",
        "kontakt@sosu-havnestad.demo.test",
    ]
    school_mail = next(m for m in mail.outbox if m.to == ["kontakt@sosu-havnestad.demo.test"])
    detail_path = school_mail.body.split("http://127.0.0.1:8000")[1].split()[0]
    # The apprentice sees it under "Se erklæringer".
    mine = elev.get(reverse("training_declarations:apprentice_list"))
    assert [d.shown_status_label for d in mine.context["page"].object_list] == ["Udfyldt"]
    # 5. The school contact follows the link, logs in with an e-mailed code and sees it.
    school = Client()
    login = school.get(detail_path)
    mail.outbox.clear()
    with capture(execute=True):
        school.post(login.url, {"email": "kontakt@sosu-havnestad.demo.test", "next": detail_path})
    response = school.post(
        reverse("training_declarations:backoffice_code"), {"code": code_from(mail.outbox[0])}
    )
    assert response.url == detail_path
    shown = school.get(detail_path)
    assert shown.status_code == 200
    body = shown.content.decode()
    assert "Sofie Nielsen" in body
    assert "Plejecenter Solgården, dagvagt" in body
    assert "Udfyldt" in body
    overview = school.get(reverse("training_declarations:backoffice_overview"))
    assert len(overview.context["page"].object_list) == 1
