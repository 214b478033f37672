"""Invitations and reminders: scope, exactly-once messages, the 3-reminder cap, the last
day, progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys import sending, tasks
from surveys.models import (
    Organisation,
    OutgoingMessage,
    Participant,
    SendChunk,
    SendJob,
    SurveyRound,
)
from tests.surveys.factories import make_participant, make_round, orgnr

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    round: SurveyRound
    county: Organisation
    office: Organisation
    other_county: Organisation
    other_office: Organisation
    groups: dict[str, list[Participant]]


@pytest.fixture
def scene(world) -> Scene:
    survey_round = make_round()
    county, office = world.organisations["fylke"], world.organisations["kontor"]
    other_county = Organisation.objects.create(kind="county", orgnr=orgnr(301), name="Annet")
    other_office = Organisation.objects.create(
        kind="training_office", orgnr=orgnr(302), name="Annet kontor", county=other_county
    )

    def people(n: int, **kw) -> list[Participant]:
        return [make_participant(survey_round, **kw) for _ in range(n)]

    groups = {
        "county_standalone": people(3, county=county),
        "office_in_county": people(2, county=county, office=office),
        "office_elsewhere": people(2, county=other_county, office=office),
        "other_county": people(1, county=other_county),
        "other_office_in_county": people(1, county=county, office=other_office),
    }
    return Scene(survey_round, county, office, other_county, other_office, groups)


def run_job(job: SendJob) -> None:
    for chunk_id in job.chunks.values_list("pk", flat=True):
        sending.chunk_send(chunk_id=chunk_id)


def invite(scene: Scene, world, key: str = "fylke") -> SendJob:
    organisation = scene.county if key == "fylke" else scene.office
    job = sending.invitations_send(
        acting_user=world.users[key], survey_round=scene.round, organisation=organisation
    )
    run_job(job)
    return job


def recipients(number: int = 0) -> set[int]:
    return set(
        OutgoingMessage.objects.filter(number=number, status="sent").values_list(
            "participant_id", flat=True
        )
    )


def ids(*people_lists: list[Participant]) -> set[int]:
    return {p.pk for people in people_lists for p in people}


def test_a_county_invites_the_standalone_companies_in_its_county(scene, world, sms_outbox):
    invite(scene, world, "fylke")
    assert recipients() == ids(scene.groups["county_standalone"])
    assert len(mail.outbox) == 3
    assert len(sms_outbox) == 3
    assert "/laerlingundersokelsen/svar/" in mail.outbox[0].body
    assert "/laerlingundersokelsen/svar/" in sms_outbox[0].body


def test_a_training_office_invites_its_apprentices_whatever_their_county(scene, world):
    invite(scene, world, "kontor")
    assert recipients() == ids(scene.groups["office_in_county"], scene.groups["office_elsewhere"])


def test_the_same_chunk_task_twice_sends_each_message_once(scene, world, sms_outbox):
    job = invite(scene, world)
    run_job(job)  # a duplicated task, after the first finished
    chunk = job.chunks.get()
    SendChunk.objects.filter(pk=chunk.pk).update(done=False)  # even one that looks unfinished
    sending.chunk_send(chunk_id=chunk.pk)
    tasks.dispatch_job(job.pk)
    assert OutgoingMessage.objects.count() == 6
    assert len(mail.outbox) == 3
    assert len(sms_outbox) == 3
    job.refresh_from_db()
    assert (job.status, job.processed, job.total, job.messages_sent) == ("done", 3, 3, 6)


def test_the_database_refuses_a_second_copy_of_a_message(scene, world):
    invite(scene, world)
    message = OutgoingMessage.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMessage.objects.create(
            participant=message.participant, job=message.job, channel=message.channel, number=0
        )


def test_a_crash_after_inserting_leaves_rows_that_a_retry_sends_once(scene, world, sms_outbox):
    job = sending.invitations_send(
        acting_user=world.users["fylke"], survey_round=scene.round, organisation=scene.county
    )
    chunk = job.chunks.get()
    sending._insert_messages(job, chunk.participant_ids)  # then the worker died
    assert OutgoingMessage.objects.filter(status="pending").count() == 6
    sending.chunk_send(chunk_id=chunk.pk)
    assert OutgoingMessage.objects.filter(status="sent").count() == 6
    assert len(mail.outbox) + len(sms_outbox) == 6


def test_a_live_claim_is_not_taken_over(scene, world):
    job = sending.invitations_send(
        acting_user=world.users["fylke"], survey_round=scene.round, organisation=scene.county
    )
    chunk = job.chunks.get()
    sending._insert_messages(job, chunk.participant_ids)
    OutgoingMessage.objects.update(status="sending", claimed_at=timezone.now())
    with pytest.raises(sending.RetryLater):
        sending.chunk_send(chunk_id=chunk.pk)
    assert not mail.outbox
    # Once the claim is stale (its worker died), the retry sends.
    OutgoingMessage.objects.update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    sending.chunk_send(chunk_id=chunk.pk)
    assert len(mail.outbox) == 3


def test_reminders_go_only_to_those_who_have_not_answered(scene, world):
    invite(scene, world)
    answered = scene.groups["county_standalone"][0]
    Participant.objects.filter(pk=answered.pk).update(has_answered=True)
    job = sending.reminder_send(
        acting_user=world.users["fylke"],
        survey_round=scene.round,
        organisation=scene.county,
        number=1,
    )
    run_job(job)
    assert recipients(1) == ids(scene.groups["county_standalone"]) - {answered.pk}


def test_someone_who_answers_after_the_reminder_started_gets_none(scene, world):
    invite(scene, world)
    job = sending.reminder_send(
        acting_user=world.users["fylke"],
        survey_round=scene.round,
        organisation=scene.county,
        number=1,
    )
    late = scene.groups["county_standalone"][1]
    Participant.objects.filter(pk=late.pk).update(has_answered=True)
    run_job(job)
    assert late.pk not in recipients(1)
    assert OutgoingMessage.objects.filter(participant=late, number=1, status="sent").count() == 0


def test_at_most_three_reminders(scene, world):
    invite(scene, world)
    for number in (1, 2, 3):
        run_job(
            sending.reminder_send(
                acting_user=world.users["fylke"],
                survey_round=scene.round,
                organisation=scene.county,
                number=number,
            )
        )
    assert all(
        OutgoingMessage.objects.filter(participant=p, channel="email").count() == 4
        for p in scene.groups["county_standalone"]
    )
    with pytest.raises(ValidationError):
        sending.reminder_send(
            acting_user=world.users["fylke"],
            survey_round=scene.round,
            organisation=scene.county,
            number=4,
        )
    # and the database refuses a fourth reminder whatever the code does
    person = scene.groups["county_standalone"][0]
    job = SendJob.objects.filter(number=3).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMessage.objects.create(participant=person, job=job, channel="sms", number=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        SendJob.objects.create(
            round=scene.round,
            organisation=scene.county,
            number=4,
            created_at=timezone.now(),
            total=1,
        )


def test_the_same_reminder_cannot_be_started_twice(scene, world):
    invite(scene, world)
    kwargs = {
        "acting_user": world.users["fylke"],
        "survey_round": scene.round,
        "organisation": scene.county,
    }
    run_job(sending.reminder_send(number=1, **kwargs))
    with pytest.raises(ValidationError):
        sending.reminder_send(number=1, **kwargs)  # a stale page or a double click


def test_no_reminders_after_the_last_day(scene, world):
    invite(scene, world)
    SurveyRound.objects.filter(pk=scene.round.pk).update(
        last_day=timezone.localdate() - dt.timedelta(days=1)
    )
    scene.round.refresh_from_db()
    with pytest.raises(ValidationError):
        sending.reminder_send(
            acting_user=world.users["fylke"],
            survey_round=scene.round,
            organisation=scene.county,
            number=1,
        )


def test_a_job_still_queued_at_the_last_day_stops(scene, world):
    invite(scene, world)
    job = sending.reminder_send(
        acting_user=world.users["fylke"],
        survey_round=scene.round,
        organisation=scene.county,
        number=1,
    )
    SurveyRound.objects.filter(pk=scene.round.pk).update(
        last_day=timezone.localdate() - dt.timedelta(days=1)
    )
    run_job(job)
    job.refresh_from_db()
    assert job.status == "stopped"
    assert not OutgoingMessage.objects.filter(number=1).exists()


def test_sending_is_refused_before_the_distribution_opens(world):
    survey_round = make_round(opens_in=2)
    make_participant(survey_round, county=world.organisations["fylke"])
    with pytest.raises(ValidationError):
        sending.invitations_send(
            acting_user=world.users["fylke"],
            survey_round=survey_round,
            organisation=world.organisations["fylke"],
        )


def test_chunks_hold_at_most_the_chunk_size(scene, world, settings):
    settings.SURVEYS_SEND_CHUNK_SIZE = 2
    job = sending.invitations_send(
        acting_user=world.users["kontor"], survey_round=scene.round, organisation=scene.office
    )
    assert [len(c.participant_ids) for c in job.chunks.order_by("index")] == [2, 2]


def test_the_resume_task_re_enqueues_a_lost_chunk(scene, world, settings):
    settings.SURVEYS_RESUME_AFTER_SECONDS = 0
    job = sending.invitations_send(
        acting_user=world.users["fylke"], survey_round=scene.round, organisation=scene.county
    )
    # The dispatch never ran (broker down at commit time).
    assert tasks.resume_send_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert len(mail.outbox) == 3
    assert tasks.resume_send_jobs() == 0


def test_a_gateway_failure_leaves_the_messages_to_a_retry(scene, world, settings):
    settings.SURVEYS_SMS_BACKEND = "http"
    settings.SURVEYS_SMS_URL = "ftp://nowhere"  # refused as configuration: temporary
    job = sending.invitations_send(
        acting_user=world.users["fylke"], survey_round=scene.round, organisation=scene.county
    )
    with pytest.raises(sending.RetryLater):
        run_job(job)
    assert OutgoingMessage.objects.filter(channel="sms", status="sent").count() == 0
    settings.SURVEYS_SMS_BACKEND = "locmem"
    run_job(job)
    job.refresh_from_db()
    assert job.status == "done"
    assert OutgoingMessage.objects.filter(status="sent").count() == 6


# --- Through the pages ------------------------------------------------------------------


def test_the_dashboard_button_says_how_many_and_how_many_reminders_are_left(scene, world, as_user):
    client = as_user("fylke")
    url = f"/laerlingundersokelsen/runder/{scene.round.pk}/"
    page = client.get(url).content.decode()
    assert "Send invitation til 3 personer" in page
    invite(scene, world)
    Participant.objects.filter(pk=scene.groups["county_standalone"][0].pk).update(has_answered=True)
    page = client.get(url).content.decode()
    assert "Send purring 1 af 3 til 2 personer, der ikke har svaret" in page
    assert "3 purringer tilbage før denne." in page


def test_starting_a_sending_shows_its_progress(
    scene, world, as_user, django_capture_on_commit_callbacks
):
    client = as_user("fylke")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/laerlingundersokelsen/runder/{scene.round.pk}/invitasjoner/",
            {"organisasjon": scene.county.pk},
        )
    job = SendJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/laerlingundersokelsen/utsendelser/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "hx-get" not in page  # finished (tasks ran in-process): polling stops
    progress = client.get(f"/laerlingundersokelsen/utsendelser/{job.pk}/fremdrift/")
    body = progress.content.decode()
    assert progress.status_code == 200
    assert '<progress id="job-progress-bar" max="3" value="3">' in body
    assert "3 af 3 modtagere behandlet (100 %)" in body
    assert len(mail.outbox) == 3


def test_the_progress_endpoint_reads_the_job_row_while_running(scene, world, as_user):
    job = sending.invitations_send(
        acting_user=world.users["kontor"], survey_round=scene.round, organisation=scene.office
    )
    SendJob.objects.filter(pk=job.pk).update(processed=2)
    response = as_user("kontor").get(f"/laerlingundersokelsen/utsendelser/{job.pk}/fremdrift/")
    body = response.content.decode()
    assert "2 af 4 modtagere behandlet (50 %)" in body
    assert 'hx-trigger="every 1s"' in body


def test_another_organisations_job_is_not_found(scene, world, as_user):
    job = invite(scene, world, "kontor")
    client = as_user("fylke")
    assert client.get(f"/laerlingundersokelsen/utsendelser/{job.pk}/").status_code == 404
    assert client.get(f"/laerlingundersokelsen/utsendelser/{job.pk}/fremdrift/").status_code == 404


def test_the_message_greets_the_person_and_carries_their_own_link(world, sms_outbox):
    from surveys import links

    survey_round = make_round()
    person = make_participant(
        survey_round, county=world.organisations["fylke"], name="<Åse> Ødegård"
    )
    job = sending.invitations_send(
        acting_user=world.users["fylke"],
        survey_round=survey_round,
        organisation=world.organisations["fylke"],
    )
    run_job(job)
    (email,) = mail.outbox
    link = links.answer_url(person.token_nonce)
    assert email.to == [person.email]
    assert "<Åse>" in email.body and link in email.body
    html, _mime = email.alternatives[0]
    assert "&lt;Åse&gt;" in html and "<Åse>" not in html
    assert link in sms_outbox[0].body
    assert sms_outbox[0].to == "+4791234567"
