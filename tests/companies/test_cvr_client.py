"""The CVR client: the stub's documents, their reading, and the HTTP client over real HTTP."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from stdnum.dk import cvr as stdnum_cvr

from companies.cvr import CvrError, get_cvr_client
from companies.cvr.documents import COMPANIES, UNITS, parse_company
from companies.cvr.generated import (
    LARGE_COMPANY_UNITS,
    generated_cvr,
    generated_p_numbers,
    seed_of_cvr,
)
from companies.cvr.http import HttpCvrClient
from companies.cvr.stub import STUB_DIR, StubCvrClient
from companies.cvr_stub import build_stub
from demo import data
from demo.numbers import cvr_from_seed
from demo.services import p_number_for

KOMMUNE = cvr_from_seed(101)
BYG = cvr_from_seed(303)
BAGERI = cvr_from_seed(404)  # in the register only, with one closed unit
MASKINFABRIK = cvr_from_seed(505)  # closed company


def http_client(server, **overrides) -> HttpCvrClient:
    options = {"url": server.url, "user": server.user, "password": server.password, "timeout": 5}
    return HttpCvrClient(**{**options, **overrides})


# --- The stub ---------------------------------------------------------------------------


def test_it_ships_the_documents_build_stub_writes() -> None:
    """The committed JSON is the script's output: edit build_stub.py, then rerun it."""
    expected = build_stub.documents()
    committed = {
        f"{folder}/{path.name}": path.read_text(encoding="utf-8")
        for folder in ("virksomhed", "produktionsenhed")
        for path in (STUB_DIR / folder).glob("*.json")
    }
    assert committed == {name: build_stub.render(doc) for name, doc in expected.items()}
    assert sum(len(text.encode()) for text in committed.values()) < 1_000_000


def test_it_answers_with_the_demo_companies_as_the_demo_seeds_them() -> None:
    companies = StubCvrClient().companies([cvr_from_seed(s["seed"]) for s in data.COMPANIES])
    for spec in data.COMPANIES:
        record = companies[cvr_from_seed(spec["seed"])]
        assert record.name == spec["name"]
        assert record.address.street == spec["address"]
        assert (record.address.postal_code, record.address.city) == (
            spec["postal_code"],
            spec["city"],
        )
        assert record.email == spec["cvr_email"]
        assert record.p_numbers == tuple(
            p_number_for(spec["seed"], i) for i in range(1, len(spec["workplaces"]) + 1)
        )


def test_it_reads_production_units() -> None:
    units = StubCvrClient().units([p_number_for(101, 1), p_number_for(404, 3)])
    assert units[p_number_for(101, 1)].name == "Plejecenter Solgården"
    assert units[p_number_for(101, 1)].address.street == "Solgårdsvej 12"
    assert units[p_number_for(101, 1)].is_active
    assert not units[p_number_for(404, 3)].is_active


def test_it_never_keeps_a_secret_email() -> None:
    document = StubCvrClient().search(COMPANIES, [BYG])[0]
    assert document["elektroniskPost"][0]["hemmelig"] is True
    assert StubCvrClient().companies([BYG])[BYG].email == ""


def test_it_lists_only_current_units_and_knows_closed_companies() -> None:
    records = StubCvrClient().companies([BAGERI, MASKINFABRIK])
    assert records[BAGERI].p_numbers == (p_number_for(404, 1), p_number_for(404, 2))
    assert records[BAGERI].is_active
    assert not records[MASKINFABRIK].is_active
    assert records[MASKINFABRIK].p_numbers == ()


def test_it_leaves_out_numbers_the_register_does_not_know() -> None:
    assert StubCvrClient().companies(["10000003", "12345674"]) == {}
    assert StubCvrClient().units(["1999999999"]) == {}


def test_it_refuses_a_path_instead_of_a_number(tmp_path) -> None:
    assert StubCvrClient(tmp_path).search(COMPANIES, ["../../etc/passwd"]) == []


def test_it_reports_a_broken_stub_document(stub) -> None:
    stub.path(COMPANIES, KOMMUNE).write_text("{not json", encoding="utf-8")
    with pytest.raises(CvrError, match="kan ikke læses"):
        stub.client().companies([KOMMUNE])


def test_it_synthesises_the_benchmark_companies_deterministically() -> None:
    for seed in (0, 1, 2, 3, 4, 12_345, 99_999):
        number = generated_cvr(seed)
        assert stdnum_cvr.is_valid(number), number
        assert seed_of_cvr(number) == seed
    assert seed_of_cvr(KOMMUNE) is None
    record = StubCvrClient().companies([generated_cvr(7)])[generated_cvr(7)]
    assert record.p_numbers == tuple(generated_p_numbers(7))
    units = StubCvrClient().units(record.p_numbers)
    assert set(units) == set(record.p_numbers)
    assert StubCvrClient().companies([generated_cvr(7)]) == {generated_cvr(7): record}


def test_the_benchmark_has_40000_companies_with_about_100000_units() -> None:
    total = sum(len(generated_p_numbers(seed)) for seed in range(40_000))
    assert 95_000 <= total <= 105_000
    assert len(generated_p_numbers(10_000)) == LARGE_COMPANY_UNITS


def test_it_reads_the_registers_address_forms() -> None:
    document = {
        "cvrNummer": 10001129,
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": "X"},
            "sammensatStatus": "OPLØST EFTER KONKURS",
            "nyesteBeliggenhedsadresse": {
                "vejnavn": "Hovedgaden",
                "husnummerFra": 12,
                "bogstavFra": "A",
                "husnummerTil": 14,
                "etage": "2",
                "sidedoer": "tv",
                "postnummer": 8000,
                "postdistrikt": "Aarhus C",
            },
        },
        "elektroniskPost": [
            {"kontaktoplysning": "old@x.dk", "hemmelig": False, "periode": {"gyldigTil": "2020"}},
            {"kontaktoplysning": "new@x.dk", "hemmelig": False, "periode": {"gyldigTil": None}},
        ],
    }
    record = parse_company(document)
    assert record.address.street == "Hovedgaden 12A-14, 2. tv"
    assert record.email == "new@x.dk"
    assert not record.is_active


def test_it_says_which_document_is_broken() -> None:
    with pytest.raises(CvrError, match="10001129"):
        parse_company({"cvrNummer": 10001129, "virksomhedMetadata": {}})


# --- Choosing the client ----------------------------------------------------------------


def test_it_uses_the_stub_by_default(settings) -> None:
    settings.CVR_CLIENT = "stub"
    assert isinstance(get_cvr_client(), StubCvrClient)


def test_it_refuses_the_http_client_without_a_url(settings) -> None:
    settings.CVR_CLIENT = "http"
    settings.CVR_API_URL = ""
    with pytest.raises(ImproperlyConfigured, match="CVR_API_URL"):
        get_cvr_client()


def test_it_refuses_an_unknown_client(settings) -> None:
    settings.CVR_CLIENT = "soap"
    with pytest.raises(ImproperlyConfigured, match="stub"):
        get_cvr_client()


def test_it_builds_the_http_client_from_settings(settings) -> None:
    settings.CVR_CLIENT = "http"
    settings.CVR_API_URL = "https://cvr.example.test/cvr-permanent/"
    client = get_cvr_client()
    assert isinstance(client, HttpCvrClient)
    assert client.url == "https://cvr.example.test/cvr-permanent"


# --- The HTTP client against a local server ---------------------------------------------


def test_the_http_client_finds_what_the_stub_finds(cvr_server, stub) -> None:
    numbers = [KOMMUNE, BYG, BAGERI, "12345674"]
    assert http_client(cvr_server).companies(numbers) == stub.client().companies(numbers)
    p_numbers = [p_number_for(101, i) for i in range(1, 6)]
    assert http_client(cvr_server).units(p_numbers) == stub.client().units(p_numbers)


def test_the_http_client_posts_a_terms_query_with_basic_auth(cvr_server) -> None:
    http_client(cvr_server).companies([KOMMUNE])
    request = cvr_server.requests[-1]
    assert request["path"] == "/cvr-permanent/virksomhed/_search"
    assert request["body"]["query"] == {"terms": {"Vrvirksomhed.cvrNummer": [int(KOMMUNE)]}}
    assert request["body"]["size"] == 1


def test_the_http_client_asks_for_every_hit_of_a_large_company(cvr_server) -> None:
    """Elasticsearch answers 10 hits unless asked for more: 500 units need `size`."""
    number = generated_cvr(0)
    client = http_client(cvr_server)
    record = client.companies([number])[number]
    assert len(client.units(record.p_numbers)) == LARGE_COMPANY_UNITS
    unit_requests = [r for r in cvr_server.requests if "produktionsenhed" in r["path"]]
    assert unit_requests[-1]["body"]["size"] == LARGE_COMPANY_UNITS


def test_the_http_client_batches_many_numbers(cvr_server) -> None:
    client = http_client(cvr_server)
    client.batch_size = 2
    found = client.companies([KOMMUNE, BYG, BAGERI, MASKINFABRIK, cvr_from_seed(202)])
    assert len(found) == 5
    assert len(cvr_server.requests) == 3


def test_the_http_client_reports_wrong_credentials(cvr_server) -> None:
    with pytest.raises(CvrError, match="401"):
        http_client(cvr_server, password="forkert").companies([KOMMUNE])


def test_the_http_client_reports_a_server_error(cvr_server) -> None:
    cvr_server.fail_with = 503
    with pytest.raises(CvrError, match="503"):
        http_client(cvr_server).companies([KOMMUNE])


def test_the_http_client_reports_an_unreachable_register(cvr_server) -> None:
    # Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    with pytest.raises(CvrError, match="kunne ikke nås"):
        http_client(cvr_server, url="http://127.0.0.1:9/cvr-permanent").companies([KOMMUNE])


def test_the_http_client_reports_an_unexpected_answer(cvr_server) -> None:
    with pytest.raises(CvrError, match="404"):
        http_client(cvr_server, url=cvr_server.url + "/wrong").companies([KOMMUNE])


def test_the_http_client_refuses_a_url_that_is_not_http() -> None:
    with pytest.raises(ImproperlyConfigured):
        HttpCvrClient(url="file:///etc/passwd", user="", password="", timeout=1)


def test_the_stub_documents_are_valid_json_for_the_register_shape() -> None:
    for path in (STUB_DIR / "produktionsenhed").glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))[UNITS.source_key]
        assert UNITS.number(document) == path.stem
