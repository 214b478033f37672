"""Large exports as background jobs: the threshold, the task, the owner-only download, expiry."""

from __future__ import annotations

import datetime as dt
import os
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accesslog import export_jobs, exports
from accesslog.models import AccessLogEntry, ExportJob
from accesslog.tasks import expire_exports, export_entries
from accounts.models import User
from accounts.roles import RoleKind
from companies.models import CompanyStaff
from tests.accesslog.xlsx import read_rows, response_bytes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
EXPORT = reverse("accesslog:export")
COMPANY_EXPORT = reverse("accesslog:company_export")
HOSTILE = {
    "user_name": '=HYPERLINK("http://evil.example","klik")',
    "user_email": "+45@evil.example",
    "organisation_name": "-2+3",
    "url_name": "=1+1",
}


@pytest.fixture(autouse=True)
def small_exports(settings, tmp_path):
    settings.ACCESS_LOG_EXPORT_INLINE_MAX_ROWS = 2
    settings.ACCESS_LOG_EXPORT_DIR = tmp_path / "exports"
    return tmp_path / "exports"


def _period(days: int = 7) -> dict[str, str]:
    today = timezone.localdate()
    return {"fra": (today - dt.timedelta(days=days)).isoformat(), "til": today.isoformat()}


def _urls(job: ExportJob) -> list[str]:
    names = ("export_job", "export_job_status", "export_download")
    return [reverse(f"accesslog:{name}", kwargs={"export_id": job.pk}) for name in names]


def _admin_job(world, **search: object) -> ExportJob:
    now = timezone.now()
    values = {
        "since": now - dt.timedelta(days=7),
        "until": now + dt.timedelta(days=1),
        "apprentice_id": None,
        "user_email": "",
        "organisation_type": "",
        "organisation_id": None,
    }
    return export_jobs.job_create(
        owner=world.users["admin"], kind=ExportJob.Kind.ADMIN, search=values | search
    )


def _export_as(client, url: str, query: dict, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url, query)


# --- The threshold --------------------------------------------------------------------------


def test_small_exports_stay_inline(as_user, make_entry) -> None:
    make_entry(apprentice_ids=[5])
    make_entry(apprentice_ids=[6])
    response = as_user("admin").get(EXPORT, _period())
    assert response.status_code == 200
    assert len(read_rows(response_bytes(response))) == 3
    assert not ExportJob.objects.exists()


def test_large_exports_become_a_job_with_a_download(
    world, as_user, make_entry, django_capture_on_commit_callbacks
) -> None:
    for n in range(3):
        make_entry(apprentice_ids=[n + 1])
    client = as_user("admin")
    response = _export_as(client, EXPORT, _period(), django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accesslog:export_job", kwargs={"export_id": job.pk})
    assert (job.owner, job.kind, job.status, job.row_count) == (
        world.users["admin"],
        ExportJob.Kind.ADMIN,
        ExportJob.Status.DONE,
        3,
    )
    assert job.finished_at is not None
    # Writing the file is not a read by anyone: only the download is logged.
    assert not AccessLogEntry.objects.filter(purpose="accesslog.export").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Eksporten er klar" in page and "Hent fil" in page
    assert "Regnearket har 3 rækker" in page


def test_a_second_click_returns_the_running_job(
    as_user, make_entry, django_capture_on_commit_callbacks
) -> None:
    for n in range(3):
        make_entry(apprentice_ids=[n + 1])
    client = as_user("admin")
    with mock.patch("accesslog.export_jobs._enqueue"):  # the worker has not started yet
        first = _export_as(client, EXPORT, _period(), django_capture_on_commit_callbacks)
        second = _export_as(client, EXPORT, _period(), django_capture_on_commit_callbacks)
        other = _export_as(client, EXPORT, _period(3), django_capture_on_commit_callbacks)
    assert first["Location"] == second["Location"] != other["Location"]
    assert ExportJob.objects.count() == 2


def test_a_large_company_export_becomes_a_job_for_that_company(
    world, as_user, make_entry, django_capture_on_commit_callbacks
) -> None:
    ours = world.companies["kommune"].pk
    for n in range(3):
        make_entry(apprentice_ids=[n + 1], organisation_id=ours)
    make_entry(apprentice_ids=[50], organisation_id=world.companies["snedker"].pk)
    client = as_user("leder")
    response = _export_as(client, COMPANY_EXPORT, _period(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.kind, job.parameters["organisation_id"], job.row_count) == ("company", ours, 3)
    download = client.get(_urls(job)[2])
    assert download.status_code == 200
    rows = read_rows(response_bytes(download))
    assert sorted(row[6].value for row in rows[1:]) == ["1", "2", "3"]
    logged = AccessLogEntry.objects.latest("id")
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.export", [1, 2, 3])
    assert (logged.role_kind, logged.organisation_id) == (RoleKind.COMPANY_MANAGER, ours)


# --- The task --------------------------------------------------------------------------------


def test_the_task_writes_a_formula_safe_file(world, make_entry, small_exports) -> None:
    make_entry(apprentice_ids=[3, 4], **HOSTILE)
    make_entry(apprentice_ids=[9])
    make_entry(apprentice_ids=[99], age=dt.timedelta(days=30))  # outside the period
    job = _admin_job(world)
    assert export_entries.delay(job.pk).get() is True
    job.refresh_from_db()
    assert (job.status, job.row_count, job.apprentice_ids) == ("done", 2, [3, 4, 9])
    path = small_exports / job.file_name
    assert [p.name for p in small_exports.iterdir()] == [job.file_name]  # no .part left
    rows = read_rows(path.read_bytes())
    assert [c.value for c in rows[0]] == exports.headers()
    assert len(rows) == 3
    hostile = rows[2]
    assert hostile[1].value == HOSTILE["user_name"]
    assert hostile[4].value == HOSTILE["organisation_name"]
    assert hostile[7].value == HOSTILE["url_name"]
    for cell in hostile[1:]:
        assert cell.data_type == "s", cell.coordinate


def test_running_the_task_twice_writes_once(world, make_entry, small_exports) -> None:
    make_entry(apprentice_ids=[1])
    job = _admin_job(world)
    with mock.patch("accesslog.exports.write_xlsx", wraps=exports.write_xlsx) as write:
        assert export_entries.delay(job.pk).get() is True
        job.refresh_from_db()
        written = (small_exports / job.file_name).stat().st_mtime_ns
        assert export_entries.delay(job.pk).get() is False
        assert export_jobs.job_run(job.pk) is False
    assert write.call_count == 1
    job.refresh_from_db()
    assert (small_exports / job.file_name).stat().st_mtime_ns == written
    assert len(list(small_exports.iterdir())) == 1


def test_a_job_running_elsewhere_is_left_alone_until_it_is_stale(world, make_entry) -> None:
    make_entry(apprentice_ids=[1])
    job = _admin_job(world)
    ExportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    assert export_jobs.job_run(job.pk) is False
    stale = timezone.now() - export_jobs.STALE_AFTER - dt.timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(started_at=stale)  # its worker died
    assert export_jobs.job_run(job.pk) is True
    assert ExportJob.objects.get(pk=job.pk).status == "done"


def test_a_failed_job_says_so(world, as_user, make_entry, small_exports) -> None:
    make_entry(apprentice_ids=[1])
    job = _admin_job(world)
    with mock.patch("accesslog.exports.write_xlsx", side_effect=OSError("disk full")):
        assert export_entries.delay(job.pk).get() is False
    job.refresh_from_db()
    assert job.status == "failed" and "disk full" in job.error
    assert not list(small_exports.iterdir())
    client = as_user("admin")
    page = client.get(_urls(job)[0]).content.decode()
    assert "Eksporten mislykkedes" in page and "Hent fil" not in page
    assert "hx-get" not in page
    assert client.get(_urls(job)[2]).status_code == 302  # back to the status page


def test_a_running_job_polls_its_status(world, as_user) -> None:
    with mock.patch("accesslog.export_jobs._enqueue"):
        job = _admin_job(world)
    client = as_user("admin")
    page = client.get(_urls(job)[0]).content.decode()
    assert "Eksporten er i gang" in page
    assert f'hx-get="{_urls(job)[1]}"' in page
    box = client.get(_urls(job)[1]).content.decode()
    assert box.lstrip().startswith('<div id="export-status"') and "<h1>" not in box
    download = client.get(_urls(job)[2])
    assert download.status_code == 302 and download["Location"] == _urls(job)[0]


# --- Who may download -----------------------------------------------------------------------


@pytest.fixture
def done_job(world, make_entry) -> ExportJob:
    make_entry(apprentice_ids=[7, 8])
    job = _admin_job(world)
    export_jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


def test_the_download_is_logged(world, as_user, done_job) -> None:
    response = as_user("admin").get(_urls(done_job)[2])
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert len(read_rows(response_bytes(response))) == 2
    logged = AccessLogEntry.objects.latest("id")
    assert (logged.purpose, logged.apprentice_ids) == ("accesslog.export", [7, 8])
    assert logged.role_kind == RoleKind.PORTAL_ADMIN
    assert logged.user_id == world.users["admin"].pk
    assert logged.url_name == "accesslog:export_download"


def test_another_portal_admin_gets_404(done_job) -> None:
    other = User.objects.create_superuser("admin2@demo.test", "x" * 16, full_name="Anden Admin")
    client = client_for(other)
    for url in _urls(done_job):
        assert client.get(url).status_code == 404, url
    assert not AccessLogEntry.objects.filter(purpose="accesslog.export").exists()


@pytest.mark.parametrize("persona", ["leder", "virksomhed", "skole", "elev", "fylke"])
def test_other_users_get_404(as_user, done_job, persona) -> None:
    client = as_user(persona)
    for url in _urls(done_job):
        assert client.get(url).status_code == 404, url


def test_a_manager_of_another_company_gets_404_on_a_company_job(world, make_entry) -> None:
    ours = world.companies["kommune"].pk
    make_entry(apprentice_ids=[1], organisation_id=ours)
    now = timezone.now()
    search = {
        "organisation_type": "company",
        "organisation_id": ours,
        "since": now - dt.timedelta(days=1),
        "until": now + dt.timedelta(days=1),
    }
    job = export_jobs.job_create(owner=world.users["leder"], kind="company", search=search)
    export_jobs.job_run(job.pk)
    other = User.objects.create_user("leder2@snedker.test", "x" * 16, full_name="Anden Leder")
    CompanyStaff.objects.create(
        user=other, company=world.companies["snedker"], role=CompanyStaff.Role.MANAGER
    )
    admin = client_for(world.users["admin"])
    for client in (client_for(other), admin):
        for url in _urls(job):
            assert client.get(url).status_code == 404, url
    assert client_for(world.users["leder"]).get(_urls(job)[2]).status_code == 200


def test_the_owner_who_may_no_longer_export_gets_404(world, done_job) -> None:
    User.objects.filter(pk=world.users["admin"].pk).update(is_superuser=False)
    client = client_for(User.objects.get(pk=world.users["admin"].pk))
    for url in _urls(done_job):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, done_job) -> None:
    for url in _urls(done_job):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


# --- Expiry ----------------------------------------------------------------------------------


def test_expiry_deletes_the_file_and_marks_the_job(
    world, as_user, make_entry, done_job, small_exports
) -> None:
    fresh = _admin_job(world, apprentice_id=7)
    export_jobs.job_run(fresh.pk)
    fresh.refresh_from_db()
    old_file = small_exports / done_job.file_name
    ExportJob.objects.filter(pk=done_job.pk).update(
        finished_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert expire_exports.delay().get() == 1
    done_job.refresh_from_db()
    assert (done_job.status, done_job.file_name, done_job.apprentice_ids) == ("expired", "", [])
    assert not old_file.exists()
    assert (small_exports / fresh.file_name).exists()
    assert ExportJob.objects.get(pk=fresh.pk).status == "done"
    assert expire_exports.delay().get() == 0  # nothing left to do
    client = as_user("admin")
    assert "Filen er slettet" in client.get(_urls(done_job)[0]).content.decode()
    assert client.get(_urls(done_job)[2]).status_code == 302


def test_expiry_gives_up_on_jobs_that_never_finished(world, small_exports) -> None:
    with mock.patch("accesslog.export_jobs._enqueue"):
        job = _admin_job(world)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    small_exports.mkdir(parents=True)
    orphan = small_exports / "adgangslog-999-abc.xlsx.part"
    orphan.write_bytes(b"x")
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    export_jobs.jobs_expire()
    assert ExportJob.objects.get(pk=job.pk).status == "failed"
    assert not orphan.exists()


# --- Query count -----------------------------------------------------------------------------


def test_the_status_page_query_count_is_constant(world, as_user, make_entry) -> None:
    client = as_user("admin")
    make_entry(apprentice_ids=[1])
    small = _admin_job(world)
    export_jobs.job_run(small.pk)
    client.get(_urls(small)[0])  # warm the session and role caches alike for both
    counts = []
    for job in (small, None):
        if job is None:
            for n in range(40):
                make_entry(apprentice_ids=list(range(n, n + 30)))
            for _ in range(5):  # more jobs of the same owner
                ExportJob.objects.create(owner=world.users["admin"], kind="admin", parameters={})
            job = _admin_job(world, apprentice_id=None, user_email="test@demo.test")
            export_jobs.job_run(job.pk)
        for url in _urls(job)[:2]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
