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
