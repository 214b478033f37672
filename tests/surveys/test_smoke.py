from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_renders_every_admin_page(survey, as_user) -> None:
    client = as_user("fylke")
    for key in ("previous", "current", "next"):
        r = survey.rounds[key]
        for name in ("round_dashboard", "data_quality", "register_import", "results"):
            response = client.get(
                f"/laerlingundersokelsen/runder/{r.pk}/"
                + {
                    "round_dashboard": "",
                    "data_quality": "datakvalitet/",
                    "register_import": "import/",
                    "results": "resultater/",
                }[name]
            )
            assert response.status_code == 200, (key, name)


def _breadcrumb_items(body: str) -> list[str]:
    nav = body.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    return nav.split('<li class="breadcrumbs__list-item"')[1:]


def test_breadcrumbs_separate_their_items_and_mark_the_current_page(survey, as_user) -> None:
    """The design system draws no separator: without one the last two crumbs ran together
    ("Lærlingundersøkelsen 2027Resultater"), seen in the browser walkthrough."""
    client = as_user("fylke")
    r = survey.rounds["previous"].pk
    for url in (
        "/laerlingundersokelsen/",
        f"/laerlingundersokelsen/runder/{r}/",
        f"/laerlingundersokelsen/runder/{r}/datakvalitet/",
        f"/laerlingundersokelsen/runder/{r}/import/",
        f"/laerlingundersokelsen/runder/{r}/resultater/",
    ):
        *links, current = _breadcrumb_items(client.get(url).content.decode())
        for item in links:
            assert '<span aria-hidden="true"> ›</span>' in item, (url, item)
        assert 'aria-current="page"' in current and "›" not in current, (url, current)


def test_number_columns_are_right_aligned_with_the_design_systems_class(
    survey, as_user, settings
) -> None:
    """`text-align-right` is no class of DKFDS (its class is `align-text-right`): the
    numbers of the dashboard and the results were left-aligned."""
    client = as_user("fylke")
    for key, page in (("current", ""), ("previous", "resultater/")):
        r = survey.rounds[key].pk
        body = client.get(f"/laerlingundersokelsen/runder/{r}/{page}").content.decode()
        assert 'class="align-text-right"' in body, key
        assert "text-align-right" not in body, key
    css = settings.BASE_DIR / "node_modules" / "dkfds" / "dist" / "css" / "dkfds-virkdk.min.css"
    if css.exists():
        assert ".align-text-right{" in css.read_text(encoding="utf-8")
