"""The three walkthroughs of the guide (seeds/001), click by click through links and forms:
Virksomheder registers, Skolen follows up, Eleven looks it up. All three see the same
assessment, with the same date and the same employee's name."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.dropout_risk.conftest import elev

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """Every <a>: (visible text without tags, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def click(client, response, text: str, *, within: str | None = None):
    """Follow the first link whose text starts with `text` (inside `within` if given)."""
    html = response.content.decode()
    if within is not None:
        html = html[html.index(within) :]
    parser = Links()
    parser.feed(html)
    href = next(href for label, href in parser.links if label.startswith(text))
    page = client.get(href)
    assert page.status_code == 200, href
    return page


def test_virksomhed_skole_and_elev_see_the_same_assessment(world, as_user) -> None:
    sofie = elev(world)
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")

    # Virksomheder: 2. "Frafaldsrisiko (SOSU)" on the front page, 3. "Rediger" by the
    # student, 4. choose a level and "Gem", 5. the row shows level, date and employee.
    company = as_user("virksomhed")
    overview = click(company, company.get("/"), "Frafaldsrisiko (SOSU)")
    assert "Seneste vurdering" in overview.content.decode()
    form = click(company, overview, "Rediger", within=f'id="risk-row-{sofie.pk}"')
    html = form.content.decode()
    action = re.search(r'action="([^"]+)" data-risk-form', html)[1]
    risk_form = html[html.index("data-risk-form") :]
    next_url = re.search(r'name="next" value="([^"]*)"', risk_form)[1]
    saved = company.post(action, {"level": "high", "next": next_url}, follow=True)
    body = saved.content.decode()
    row = body[body.index(f'id="risk-row-{sofie.pk}"') :].split("</tr>")[0]
    assert "Høj" in row and today in row and "Karen Holm" in row

    # Skolen: 2. "Elevoversigt", 3. tick "Høj" in "Frafaldsrisiko SOSU", 4. click the
    # name, 5. the profile shows who registered it.
    school = as_user("skole")
    students = click(school, school.get("/"), "Elevoversigt")
    filtered = school.get(students.request["PATH_INFO"], {"risk": ["high"]})
    profile = click(school, filtered, sofie.full_name)
    latest = profile.content.decode().split('data-testid="latest-details"')[1].split("</dl>")[0]
    assert "Høj" in latest and today in latest and "Karen Holm" in latest

    # Eleven: 2. "Min side", then "Vis uddannelsesforløb"; 3. the tab "Uddannelsesaftale".
    student = as_user("elev")
    min_side = click(student, student.get("/"), "Min side")
    course = click(student, min_side, "Vis uddannelsesforløb")
    tab = click(student, course, "Uddannelsesaftale")
    latest = tab.content.decode().split('data-testid="latest-details"')[1].split("</dl>")[0]
    assert "Høj" in latest and today in latest and "Karen Holm" in latest


def test_min_side_links_to_vis_uddannelsesforloeb(world, as_user) -> None:
    body = as_user("elev").get(reverse("apprenticeship:my_page")).content.decode()
    assert f'href="{reverse("dropout_risk:my_course")}"' in body
