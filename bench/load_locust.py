"""Load run (issue 11): concurrent users on the demo data browse their main pages.

    make load    # database laereportal_load, gunicorn on 127.0.0.1, 50 users for 60 s

or by hand against a running portal with the demo data (`manage.py seed_demo`):

    .venv/bin/locust -f bench/load_locust.py --headless -u 50 -r 10 -t 60s \\
        --host http://127.0.0.1:8000 --only-summary

Each simulated user is one of the demo accounts (round robin). The accounts log in through
the real login form (CSRF token from the form, terms accepted like a person does); all users
of an account share its session, because the portal's login rate limit (30 a minute per IP,
allauth) would otherwise refuse 50 logins from one machine. Each user then opens the front
page and the pages it links to (the role's list pages), one every 0.5–2 s. Any answer other
than 200, or a page that sends the user back to the login, counts as a failure, and locust
exits with 1 when there was any failure or error.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PASSWORD = "demo-portal-2026"  # noqa: S105 - the public demo password (README)
ROLES = ["admin", "virksomhed", "leder", "skole", "elev", "fylke", "kontor", "oplaering"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HREF = re.compile(r'href="(/[^"#]*)"')
# Not browsed: logging out, language, allauth's account pages, the admin, static files.
NOT_FOLLOWED = ("/konto/", "/i18n/", "/admin/", "/static/", "/vilkaar/")

_next_role = itertools.cycle(ROLES)
_sessions: dict[str, tuple[dict[str, str], list[str]]] = {}
_lock = threading.Lock()  # gevent-patched under locust


class LoginFailed(Exception):
    pass


class DemoUser(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.role = next(_next_role)
        with _lock:
            if self.role not in _sessions:
                _sessions[self.role] = self._login()
        cookies, self.pages = _sessions[self.role]
        self.client.cookies.update(cookies)

    def _login(self) -> tuple[dict[str, str], list[str]]:
        response = self._post_form(
            "/konto/login/",
            {"login": f"{self.role}@demo.test", "password": PASSWORD},
            name="login",
        )
        for _ in range(3):  # the terms, then for organisation users the obligations
            if "/vilkaar/" not in response.url:
                break
            parts = urlsplit(response.url)
            response = self._post_form(
                f"{parts.path}?{parts.query}", {"accept": "on"}, name="terms"
            )
        if response.status_code != 200 or "/konto/login/" in response.url:
            raise LoginFailed(f"{self.role}: {response.status_code} {response.url}")
        front = self.client.get("/", name="/ (front page)")
        pages = ["/"]
        for href in HREF.findall(front.text):
            href = href.replace("&amp;", "&")
            if not href.startswith(NOT_FOLLOWED) and href not in pages:
                pages.append(href)
        return dict(self.client.cookies), pages

    def _post_form(self, path: str, data: dict[str, str], *, name: str):
        form = self.client.get(path, name=f"{name} (form)")
        token = CSRF_INPUT.search(form.text)
        if not token:
            raise LoginFailed(f"{self.role}: no CSRF token on {path}")
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": self.host + path},
            name=name,
        )

    @task
    def browse(self) -> None:
        page = random.choice(self.pages)
        with self.client.get(page, name=f"{self.role} {page}", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.error or ''}".strip())
            elif "/konto/login/" in response.url:
                response.failure("sent back to the login")
            else:
                response.success()


@events.quitting.add_listener
def _fail_on_errors(environment, **_kwargs) -> None:
    """Exit 1 on any failed request or exception (also those outside a request)."""
    stats = environment.stats.total
    if stats.num_failures or environment.runner.exceptions:
        environment.process_exit_code = 1
    print(
        f"load: {stats.num_requests} requests, {stats.num_failures} failures, "
        f"median {stats.get_response_time_percentile(0.5):.0f} ms, "
        f"p95 {stats.get_response_time_percentile(0.95):.0f} ms, "
        f"{stats.total_rps:.1f} requests/s"
    )
