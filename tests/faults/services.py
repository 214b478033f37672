"""Private services for the fault tests: a Redis server, a PostgreSQL cluster, the portal
under gunicorn and a Celery worker, each a subprocess on a free port owned by one test.
Nothing here touches the shared PostgreSQL (5432) or Redis (6379)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DEMO_PASSWORD = "demo-portal-2026"
ROLES = ["admin", "virksomhed", "leder", "skole", "elev", "fylke", "kontor", "oplaering"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 30.0, up: bool = True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} is still {'down' if up else 'up'} after {timeout} s")


def stop_process(process: subprocess.Popen, *, sig: int = signal.SIGTERM) -> None:
    """Stop a process started in its own session (and its children) by its group id."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- Redis ---------------------------------------------------------------------------------


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            wait_for_port(self.port, up=False)


@contextmanager
def private_redis() -> Iterator[Redis]:
    redis = Redis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


# --- PostgreSQL ----------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster: initdb into a temporary directory, trust auth, fsync off."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="laereportal-faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/laereportal_faults"

    def _run(self, *args: str) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=self.dir)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self._run("createdb", "-h", str(self.dir), "-p", str(self.port), "-U", "postgres",
                  "laereportal_faults")  # fmt: skip

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
        )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  self._options(), "start")  # fmt: skip

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-m", "fast",
                  "-o", self._options(), "restart")  # fmt: skip

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def private_postgres() -> Iterator[Postgres]:
    postgres = Postgres()
    try:
        postgres.init()
        yield postgres
    finally:
        postgres.destroy()


# --- The portal ----------------------------------------------------------------------------


def portal_env(*, database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP, against the private services."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_", "DATABASE_URL", "REDIS_URL", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="faults-only-secret-key-" + "x" * 40,
        ACCESS_LOG_HMAC_KEY="faults-only-access-log-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        MFA_REQUIRED_FOR_ADMINS="0",
        EMAIL_BACKEND="locmem",
        SURVEYS_SMS_BACKEND="null",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def prepare_demo(env: dict[str, str]) -> None:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "seed_demo")


def django_shell(env: dict[str, str], code: str) -> str:
    """Run Python with Django set up against the private services; returns its stdout."""
    return manage(env, "shell", "-c", code)


class Gunicorn:
    def __init__(self, env: dict[str, str], *, workers: int = 2, log: Path | None = None):
        self.env = env
        self.port = free_port()
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


@contextmanager
def gunicorn(env: dict[str, str], **kwargs) -> Iterator[Gunicorn]:
    server = Gunicorn(env, **kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Worker:
    def __init__(self, env: dict[str, str], *, concurrency: int = 2) -> None:
        self.env = env
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "worker",
                f"--concurrency={self.concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


# --- A browser without a browser -----------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HREF = re.compile(r'href="(/[^"#]*)"')
# Links a crawl of the main pages does not follow: logging out, switching language,
# allauth's account pages, the admin, static files and downloads.
NOT_FOLLOWED = ("/konto/", "/i18n/", "/admin/", "/static/", "/vilkaar/")


class PortalClient:
    """A requests session that logs in through the real login form (CSRF included) and
    accepts the terms the way a person does."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(urljoin(self.base, path), timeout=30, **kwargs)

    def post_form(self, path: str, data: dict[str, str], *, page: str | None = None):
        """POST to `path` with the CSRF token from `page` (default: `path` itself)."""
        form_page = self.get(page or path)
        token = CSRF_INPUT.search(form_page.text)
        assert token, f"no CSRF token on {page or path}"
        return self.session.post(
            urljoin(self.base, path),
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": urljoin(self.base, page or path)},
            timeout=30,
        )

    def login(self, role: str) -> requests.Response:
        response = self.post_form(
            "/konto/login/", {"login": f"{role}@demo.test", "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.status_code
        assert "/konto/login/" not in response.url, f"{role} was not logged in"
        # The terms (and, for organisation users, the obligations) come first.
        for _ in range(3):
            if "/vilkaar/" not in response.url:
                break
            path = urlsplit(response.url).path + "?" + urlsplit(response.url).query
            response = self.post_form(path, {"accept": "on"})
            assert response.status_code == 200, response.status_code
        assert "/vilkaar/" not in response.url, f"{role} is stuck at the terms"
        return response

    def main_pages(self) -> list[str]:
        """The front page and every page it links to (each role's list pages)."""
        front = self.get("/")
        assert front.status_code == 200, front.status_code
        paths = ["/"]
        for href in HREF.findall(front.text):
            if href.startswith(NOT_FOLLOWED) or href in paths:
                continue
            paths.append(href.replace("&amp;", "&"))
        return paths
