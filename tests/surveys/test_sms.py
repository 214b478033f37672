"""The HTTP SMS backend against a real local HTTP server (no mocks)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from surveys import sms


class Gateway(BaseHTTPRequestHandler):
    status = 202
    received: list[dict[str, object]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {
                "path": self.path,
                "body": json.loads(self.rfile.read(length)),
                "auth": self.headers["Authorization"],
                "key": self.headers["Idempotency-Key"],
                "type": self.headers["Content-Type"],
            }
        )
        self.send_response(Gateway.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def gateway(settings) -> Iterator[type[Gateway]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.status, Gateway.received = 202, []
    settings.SURVEYS_SMS_BACKEND = "http"
    settings.SURVEYS_SMS_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.SURVEYS_SMS_TOKEN = "secret-token"
    settings.SURVEYS_SMS_SENDER = "Udir"
    settings.SURVEYS_SMS_TIMEOUT = 2
    yield Gateway
    server.shutdown()
    server.server_close()


def test_it_posts_the_message_as_json(gateway) -> None:
    sms.send_sms(to="+4791234567", body="Hei", key="survey-message-7")
    (request,) = gateway.received
    assert request["path"] == "/sms"
    assert request["body"] == {"to": "+4791234567", "from": "Udir", "text": "Hei"}
    assert request["auth"] == "Bearer secret-token"
    assert request["key"] == "survey-message-7"
    assert request["type"] == "application/json"


def test_a_refusal_is_permanent(gateway) -> None:
    gateway.status = 400
    with pytest.raises(sms.SmsError):
        sms.send_sms(to="+4791234567", body="Hei", key="k")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_gateway_failure_is_temporary(gateway, status) -> None:
    gateway.status = status
    with pytest.raises(sms.SmsTemporaryError):
        sms.send_sms(to="+4791234567", body="Hei", key="k")


def test_an_unreachable_gateway_is_temporary(settings) -> None:
    settings.SURVEYS_SMS_BACKEND = "http"
    settings.SURVEYS_SMS_URL = "http://127.0.0.1:9/sms"  # discard port: nobody listens
    settings.SURVEYS_SMS_TIMEOUT = 1
    with pytest.raises(sms.SmsTemporaryError):
        sms.send_sms(to="+4791234567", body="Hei", key="k")


def test_the_file_backend_appends_json_lines(settings, tmp_path) -> None:
    settings.SURVEYS_SMS_BACKEND = "file"
    settings.SURVEYS_SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    sms.send_sms(to="+4791234567", body="En", key="1")
    sms.send_sms(to="+4791234567", body="To", key="2")
    lines = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert [json.loads(line)["body"] for line in lines] == ["En", "To"]


@pytest.mark.django_db
def test_a_refused_sms_is_marked_failed_and_the_job_finishes(gateway, world) -> None:
    from surveys import sending
    from surveys.models import OutgoingMessage
    from tests.surveys.factories import make_participant, make_round

    gateway.status = 400
    survey_round = make_round()
    make_participant(survey_round, county=world.organisations["fylke"])
    job = sending.invitations_send(
        acting_user=world.users["fylke"],
        survey_round=survey_round,
        organisation=world.organisations["fylke"],
    )
    sending.chunk_send(chunk_id=job.chunks.get().pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert (job.messages_sent, job.messages_failed) == (1, 1)
    assert OutgoingMessage.objects.get(channel="sms").status == "failed"
