"""URLs of the training declarations (Logbog): apprentice pages, the training responsible's
link and the back office. Mounted under /logbog/."""

from __future__ import annotations

app_name = "training_declarations"

urlpatterns: list = []
