"""The CVR sync: manage.py sync_cvr, the nightly task, and the service underneath."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from companies.cvr import CvrClient, CvrError
from companies.cvr.documents import COMPANIES, UNITS, CvrCompany
from companies.models import Company, Workplace
from companies.services import companies_sync, companies_sync_all
from companies.tasks import sync_all_companies
from demo.numbers import cvr_from_seed
from demo.services import p_number_for

pytestmark = pytest.mark.django_db

KOMMUNE = cvr_from_seed(101)
SNEDKER = cvr_from_seed(202)
BYG = cvr_from_seed(303)
BAGERI = cvr_from_seed(404)


def snapshot() -> dict:
    """Every company and workplace row, except the time of the last sync."""
    companies = {c.cvr: model_to_dict(c, exclude=["last_synced_at"]) for c in Company.objects.all()}
    workplaces = {w.p_number: model_to_dict(w) for w in Workplace.objects.all()}
    return {"companies": companies, "workplaces": workplaces}


def edit_contact(p_number: str) -> Workplace:
    workplace = Workplace.objects.get(p_number=p_number)
    workplace.contact_person = "Lone Berg"
    workplace.email = "lone@solgaarden.test"
    workplace.phone = "+4522334455"
    workplace.website = "https://solgaarden.test"
    workplace.save()
    return workplace


class RefusingClient(CvrClient):
    """A client that fails the test if anything asks the register."""

    def search(self, index, numbers):
        raise AssertionError("the register must not be asked")


class FlakyClient(CvrClient):
    """Delegates to the stub, but breaks the answers for chosen numbers."""

    def __init__(self, inner: CvrClient, *, broken_units=(), unreachable=False) -> None:
        self.inner, self.broken_units, self.unreachable = inner, set(broken_units), unreachable

    def search(self, index, numbers):
        if self.unreachable:
            raise CvrError("CVR-registeret kunne ikke nås: timeout")
        documents = self.inner.search(index, numbers)
        if index is UNITS:
            for document in documents:
                if f"{document['pNummer']:010d}" in self.broken_units:
                    document["produktionsEnhedMetadata"]["nyesteNavn"]["navn"] = ""
        return documents


def test_it_changes_nothing_when_the_demo_is_synced(world, stub) -> None:
    before = snapshot()
    report = companies_sync_all()
    assert report.failed == {}
    assert sorted(report.unchanged) == sorted([KOMMUNE, SNEDKER, BYG])
    assert report.updated == report.created == []
    assert snapshot() == before


def test_it_is_idempotent(world, stub) -> None:
    document = stub.read(COMPANIES, KOMMUNE)
    document["virksomhedMetadata"]["nyesteNavn"]["navn"] = "Havnestad Storkommune"
    stub.write(COMPANIES, KOMMUNE, document)
    first = companies_sync(cvr_numbers=[KOMMUNE, BAGERI])
    after_first = snapshot()
    second = companies_sync(cvr_numbers=[KOMMUNE, BAGERI])
    assert (first.updated, first.created) == ([KOMMUNE], [BAGERI])
    assert second.unchanged == [KOMMUNE, BAGERI]
    assert second.updated == second.created == []
    assert snapshot() == after_first


def test_it_follows_the_register_and_keeps_the_contact_data(world, stub) -> None:
    """The issue's check: a changed name, a new production unit, the edited contact data kept."""
    edited = edit_contact(p_number_for(101, 1))
    document = stub.read(COMPANIES, KOMMUNE)
    document["virksomhedMetadata"]["nyesteNavn"]["navn"] = "Havnestad Storkommune"
    new_p = p_number_for(101, 6)
    document["penheder"].append({"pNummer": int(new_p), "periode": {"gyldigTil": None}})
    stub.write(COMPANIES, KOMMUNE, document)
    unit = stub.read(UNITS, p_number_for(101, 5))
    unit["pNummer"] = int(new_p)
    unit["produktionsEnhedMetadata"]["nyesteNavn"]["navn"] = "Plejecenter Nyhavn"
    stub.write(UNITS, new_p, unit)

    out = StringIO()
    call_command("sync_cvr", KOMMUNE, stdout=out)

    assert f"updated: {KOMMUNE}" in out.getvalue()
    company = Company.objects.get(cvr=KOMMUNE)
    assert company.name == "Havnestad Storkommune"
    new = Workplace.objects.get(p_number=new_p)
    assert (new.company, new.name, new.status) == (company, "Plejecenter Nyhavn", "active")
    kept = Workplace.objects.get(pk=edited.pk)
    assert (kept.contact_person, kept.email, kept.phone, kept.website) == (
        "Lone Berg",
        "lone@solgaarden.test",
        "+4522334455",
        "https://solgaarden.test",
    )


def test_it_updates_a_units_name_and_address_but_not_its_contact_data(world, stub) -> None:
    p_number = p_number_for(101, 1)
    edit_contact(p_number)
    unit = stub.read(UNITS, p_number)
    unit["produktionsEnhedMetadata"]["nyesteNavn"]["navn"] = "Plejecenter Solgården Øst"
    unit["produktionsEnhedMetadata"]["nyesteBeliggenhedsadresse"]["husnummerFra"] = 14
    stub.write(UNITS, p_number, unit)
    companies_sync(cvr_numbers=[KOMMUNE])
    workplace = Workplace.objects.get(p_number=p_number)
    assert (workplace.name, workplace.address) == ("Plejecenter Solgården Øst", "Solgårdsvej 14")
    assert workplace.contact_person == "Lone Berg"


def test_it_closes_units_the_company_no_longer_has_and_keeps_them(world, stub) -> None:
    p_number = p_number_for(101, 2)
    agreements = Workplace.objects.get(p_number=p_number).agreements.count()
    document = stub.read(COMPANIES, KOMMUNE)
    for entry in document["penheder"]:
        if f"{entry['pNummer']:010d}" == p_number:
            entry["periode"]["gyldigTil"] = "2026-01-31"
    stub.write(COMPANIES, KOMMUNE, document)

    report = companies_sync(cvr_numbers=[KOMMUNE])

    assert report.updated == [KOMMUNE]
    workplace = Workplace.objects.get(p_number=p_number)
    assert workplace.status == Workplace.Status.CLOSED
    assert workplace.agreements.count() == agreements > 0


def test_it_reopens_a_unit_that_is_current_again(world, stub) -> None:
    Workplace.objects.filter(p_number=p_number_for(101, 3)).update(status="closed")
    companies_sync(cvr_numbers=[KOMMUNE])
    assert Workplace.objects.get(p_number=p_number_for(101, 3)).status == "active"


def test_it_adds_a_company_with_its_current_units_only(db, stub) -> None:
    report = companies_sync(cvr_numbers=[BAGERI])
    assert report.created == [BAGERI]
    company = Company.objects.get(cvr=BAGERI)
    assert company.name == "Bageriet Morgenbrød ApS"
    assert company.cvr_email == "ordre@morgenbroed.demo.test"
    assert sorted(company.workplaces.values_list("p_number", flat=True)) == [
        p_number_for(404, 1),
        p_number_for(404, 2),
    ]


def test_it_never_stores_a_secret_email(world, stub) -> None:
    Company.objects.filter(cvr=BYG).update(cvr_email="gammel@nordlysbyg.demo.test")
    companies_sync(cvr_numbers=[BYG])
    assert Company.objects.get(cvr=BYG).cvr_email == ""
    assert not Company.objects.filter(cvr_email="direktion@nordlysbyg.demo.test").exists()


def test_it_marks_a_closed_company(db, stub) -> None:
    companies_sync(cvr_numbers=[cvr_from_seed(505)])
    assert Company.objects.get(cvr=cvr_from_seed(505)).status == Company.Status.CLOSED


def test_a_failure_half_way_leaves_that_company_untouched(world, stub) -> None:
    """One transaction per company: the name change of a company whose unit is broken is
    rolled back; the other company is fully updated; the report says which and why."""
    for cvr, name in ((KOMMUNE, "Havnestad Storkommune"), (SNEDKER, "Ege & Søn A/S")):
        document = stub.read(COMPANIES, cvr)
        document["virksomhedMetadata"]["nyesteNavn"]["navn"] = name
        stub.write(COMPANIES, cvr, document)
    broken = p_number_for(101, 4)
    client = FlakyClient(stub.client(), broken_units=[broken])

    report = companies_sync(cvr_numbers=[KOMMUNE, SNEDKER], client=client)

    assert report.updated == [SNEDKER]
    assert list(report.failed) == [KOMMUNE]
    assert report.failed[KOMMUNE] == f"P-nummer {broken}: navn: Dette felt kan ikke være tomt."
    assert Company.objects.get(cvr=KOMMUNE).name == "Havnestad Kommune"
    assert Company.objects.get(cvr=SNEDKER).name == "Ege & Søn A/S"


def test_it_leaves_a_company_untouched_when_a_unit_is_missing(world, stub) -> None:
    """A partial answer must not close units: the whole company waits for the next run."""
    stub.path(UNITS, p_number_for(101, 5)).unlink()
    document = stub.read(COMPANIES, KOMMUNE)
    document["virksomhedMetadata"]["nyesteNavn"]["navn"] = "Havnestad Storkommune"
    stub.write(COMPANIES, KOMMUNE, document)

    report = companies_sync(cvr_numbers=[KOMMUNE])

    assert p_number_for(101, 5) in report.failed[KOMMUNE]
    assert Company.objects.get(cvr=KOMMUNE).name == "Havnestad Kommune"
    assert not Workplace.objects.filter(status="closed").exists()


def test_it_reports_every_company_of_a_batch_when_the_register_is_down(world, stub) -> None:
    client = FlakyClient(stub.client(), unreachable=True)
    report = companies_sync(cvr_numbers=[KOMMUNE, SNEDKER], client=client)
    assert set(report.failed) == {KOMMUNE, SNEDKER}
    assert "kunne ikke nås" in report.failed[KOMMUNE]


def test_it_reports_a_number_the_register_does_not_know(db, stub) -> None:
    report = companies_sync(cvr_numbers=["12345674"])
    assert report.failed == {"12345674": "CVR-nummeret findes ikke i CVR-registeret."}


def test_it_refuses_an_invalid_cvr_number_before_asking_the_register(db) -> None:
    report = companies_sync(cvr_numbers=["12345678"], client=RefusingClient())
    assert "ikke et gyldigt CVR-nummer" in report.failed["12345678"]


def test_the_command_refuses_an_invalid_cvr_number_before_any_call(db, settings) -> None:
    settings.CVR_CLIENT = "http"
    settings.CVR_API_URL = "http://127.0.0.1:9/nobody-listens"
    with pytest.raises(CommandError, match="12345678 er ikke et gyldigt CVR-nummer"):
        call_command("sync_cvr", KOMMUNE, "12345678")


def test_the_command_fails_loudly_and_names_the_failures(db, stub) -> None:
    err = StringIO()
    with pytest.raises(CommandError, match="1 CVR number"):
        call_command("sync_cvr", "12345674", BAGERI, stdout=StringIO(), stderr=err)
    assert "failed 12345674: CVR-nummeret findes ikke" in err.getvalue()
    assert Company.objects.filter(cvr=BAGERI).exists()


def test_the_command_accepts_numbers_written_with_spaces(db, stub) -> None:
    call_command("sync_cvr", f"DK {BAGERI[:4]} {BAGERI[4:]}", stdout=StringIO())
    assert Company.objects.filter(cvr=BAGERI).exists()


def test_it_warns_about_a_unit_that_belongs_to_another_company_in_the_portal(world, stub) -> None:
    document = stub.read(COMPANIES, SNEDKER)
    moved = p_number_for(101, 5)
    document["penheder"].append({"pNummer": int(moved), "periode": {"gyldigTil": None}})
    stub.write(COMPANIES, SNEDKER, document)

    report = companies_sync(cvr_numbers=[SNEDKER])

    assert report.unchanged == [SNEDKER]
    assert moved in report.warnings[0]
    assert Workplace.objects.get(p_number=moved).company.cvr == KOMMUNE


def test_the_nightly_task_syncs_every_company(world, stub) -> None:
    document = stub.read(COMPANIES, BYG)
    document["virksomhedMetadata"]["nyesteNavn"]["navn"] = "Nordlys Byg og Anlæg A/S"
    stub.write(COMPANIES, BYG, document)
    counts = sync_all_companies.delay().get()
    assert counts == {"created": 0, "updated": 1, "unchanged": 2, "failed": 0, "warnings": 0}
    assert Company.objects.get(cvr=BYG).name == "Nordlys Byg og Anlæg A/S"


def test_the_nightly_task_is_the_one_the_beat_schedule_names(settings) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert sync_all_companies.name in tasks


def test_it_syncs_a_generated_benchmark_company_with_500_units(db, stub) -> None:
    from companies.cvr.generated import generated_cvr

    number = generated_cvr(10_000)
    assert companies_sync(cvr_numbers=[number]).created == [number]
    assert Company.objects.get(cvr=number).workplaces.count() == 500
    assert companies_sync(cvr_numbers=[number]).unchanged == [number]


def test_a_record_is_a_value(db) -> None:
    # The report compares records from both clients; they must compare by value.
    assert CvrCompany.__dataclass_params__.frozen
