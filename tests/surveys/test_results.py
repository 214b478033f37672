"""Results: per question with charts, from the publication date, small groups suppressed
together with whatever would give them away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from surveys import results, tasks
from surveys.models import Answer, Question, Response, SurveyRound
from tests.surveys.factories import make_company, make_round

pytestmark = pytest.mark.django_db


def groups(*sizes: int) -> tuple[list[results.Group], results.Group]:
    parts = [results.Group(i, f"g{i}", {3: n} if n else {}) for i, n in enumerate(sizes)]
    total = results.Group(None, "total", {3: sum(sizes)}, is_total=True)
    return parts, total


def hidden(parts, total) -> list[int | str]:
    out: list[int | str] = [g.key for g in parts if g.suppressed]
    return out + (["total"] if total.suppressed else [])


def test_groups_of_five_or_more_are_shown() -> None:
    parts, total = groups(5, 9)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == []


def test_a_single_small_group_takes_the_next_smallest_with_it() -> None:
    parts, total = groups(3, 12, 7)
    results.suppress(parts, total, 5)
    # total − 12 − 7 would give the 3 away: the 7 is hidden too, and says why.
    assert hidden(parts, total) == [0, 2]
    assert [g.protective for g in parts] == [False, False, True]


def test_two_small_groups_that_together_stay_below_the_minimum_need_a_third() -> None:
    parts, total = groups(1, 2, 6, 20)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == [0, 1, 2]


def test_two_small_groups_that_together_reach_the_minimum_protect_each_other() -> None:
    parts, total = groups(3, 4, 20)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == [0, 1]


def test_when_nothing_else_can_be_hidden_the_total_goes() -> None:
    parts, total = groups(3, 0)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == [0, "total"]


def test_a_small_total_is_suppressed() -> None:
    parts, total = groups(4)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == [0, "total"]


def test_empty_groups_show_zero_and_protect_nothing() -> None:
    parts, total = groups(0, 8)
    results.suppress(parts, total, 5)
    assert hidden(parts, total) == []


def seed_answers(survey_round: SurveyRound, organisation, sizes: dict[object, int]) -> Question:
    question = survey_round.questions.filter(kind="scale").first()
    for company, size in sizes.items():
        for i in range(size):
            response = Response.objects.create(
                round=survey_round,
                organisation=organisation,
                company=company,
                answered_on=timezone.localdate(),
            )
            Answer.objects.create(response=response, question=question, value=1 + i % 5)
    return question


@pytest.fixture
def published(world) -> SurveyRound:
    today = timezone.localdate()
    survey_round = make_round(
        opens_in=-40, last_day=today - dt.timedelta(days=10), results_on=today
    )
    county = world.organisations["fylke"]
    a, b, c = make_company(county), make_company(county), make_company(county)
    a.name, b.name, c.name = "Alfa AS", "Beta AS", "Gamma AS"
    for company in (a, b, c):
        company.save()
    seed_answers(survey_round, county, {a: 12, b: 6, c: 3})
    seed_answers(survey_round, world.organisations["kontor"], {None: 30})
    return survey_round


def test_results_wait_for_the_publication_date(published, as_user) -> None:
    SurveyRound.objects.filter(pk=published.pk).update(
        results_on=timezone.localdate() + dt.timedelta(days=1)
    )
    tasks.advance_rounds()
    page = as_user("fylke").get(f"/laerlingundersokelsen/runder/{published.pk}/resultater/")
    assert page.status_code == 200
    assert "Alfa AS" not in page.content.decode()


def test_results_show_per_question_with_small_groups_suppressed(published, as_user) -> None:
    assert "published" in " ".join(tasks.advance_rounds())
    page = as_user("fylke").get(f"/laerlingundersokelsen/runder/{published.pk}/resultater/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in body and "<title" in body
    alfa = body.split("Alfa AS</th>")[1].split("</tr>")[0]
    assert '<td class="align-text-right">12</td>' in alfa

    def row(name: str) -> str:
        return body.split(f"{name}</th>")[1].split("</tr>")[0]

    # Gamma (3) is too small; Beta (6) is hidden to protect it, and the page says so.
    assert "Skjult: for få svar" in row("Gamma AS")
    assert "Skjult, så små grupper ikke kan regnes ud" in row("Beta AS")
    total = body.split("I alt</th>")[1].split("</tr>")[0]
    assert '<td class="align-text-right">21</td>' in total
    assert "30" not in total  # the training office's answers are not the county's


def test_each_organisation_sees_only_its_own_results(published, as_user) -> None:
    tasks.advance_rounds()
    body = (
        as_user("kontor")
        .get(f"/laerlingundersokelsen/runder/{published.pk}/resultater/")
        .content.decode()
    )
    assert "Alfa AS" not in body
    assert '<td class="align-text-right">30</td>' in body.split("I alt</th>")[1]


def test_free_text_is_shown_only_from_the_minimum_number_of_answers(world) -> None:
    survey_round = make_round()
    county = world.organisations["fylke"]
    text_question = survey_round.questions.get(kind="text")
    for i in range(4):
        response = Response.objects.create(
            round=survey_round, organisation=county, answered_on=timezone.localdate()
        )
        Answer.objects.create(response=response, question=text_question, text=f"tekst {i}")
    assert results.free_texts(survey_round, county) == {}
    response = Response.objects.create(
        round=survey_round, organisation=county, answered_on=timezone.localdate()
    )
    Answer.objects.create(response=response, question=text_question, text="tekst 4")
    assert len(results.free_texts(survey_round, county)[text_question.pk]) == 5


def test_the_results_page_runs_a_fixed_number_of_queries(
    published, as_user, django_assert_max_num_queries
) -> None:
    tasks.advance_rounds()
    client = as_user("fylke")
    with django_assert_max_num_queries(25):
        client.get(f"/laerlingundersokelsen/runder/{published.pk}/resultater/")
