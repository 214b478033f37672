"""Steps 1–9 of the ministry's guide ("Registrering af afslagsbegrundelser") as
virksomhed@demo.test, through the pages a person clicks."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rejections.demo import seed_demo_rejections
from rejections.models import Rejection
from tests.rejections.conftest import form_data

pytestmark = pytest.mark.django_db


def test_the_guide_can_be_followed(as_user, world, staff, reasons) -> None:
    client = as_user("virksomhed")  # 1. logged in
    home = client.get(reverse("home")).content.decode()
    register = reverse("rejections:register")
    assert "Registrér afslag" in home and f'href="{register}"' in home  # 2.
    page = client.get(register)  # 3. the registration page
    assert page.status_code == 200
    data = form_data(  # 4.–7. education, applicant, primary and secondary reason
        world,
        staff,
        reasons,
        education=world.educations["SOSU-ASS"].pk,
        applicant_name="Sara Dahl",
        applicant_mobile="31 22 33 44",
        primary_reason=reasons["personlige-sociale-kompetencer"].pk,
        secondary_reason=reasons["danskkundskaber"].pk,
    )
    saved = client.post(register, data, follow=True)  # 8. "Gem"
    assert "Afslaget er gemt" in saved.content.decode()
    assert not saved.context["form"].is_bound  # the form is emptied
    assert 'value="Sara Dahl"' not in saved.content.decode()
    export = saved.content.decode().index("Hent tidligere afslag som regneark")  # 9.
    assert export > 0
    response = client.get(reverse("rejections:export"))
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "Vurdering af personlige og sociale kompetencer ved samtale" in values
    assert not any("Sara" in v or "31 22" in v or "+4531" in v for v in values)
    assert Rejection.objects.get().applicant_name == "Sara Dahl"


def test_the_demo_seed_is_idempotent(world) -> None:
    first = seed_demo_rejections(world)
    assert len(first) == 200
    assert seed_demo_rejections(world) == []
    assert Rejection.objects.count() == 200
    assert Rejection.objects.filter(cancellation__isnull=False).count() == 1
    assert Rejection.objects.filter(is_late=True).exists()
