"""HMAC key rotation: each seal records its key id; verification uses each entry's own key."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from accesslog.chain import hmac_keys, sealing_key
from accesslog.models import AccessLogEntry, AccessLogSeal
from accesslog.services import entries_seal
from tests.accesslog.conftest import without_append_only_triggers

pytestmark = pytest.mark.django_db
ENTRY, SEAL = "accesslog_accesslogentry", "accesslog_accesslogseal"
KEY_A = "a:secret-number-one"
KEY_B = "b:secret-number-two"


def verify() -> str:
    out = StringIO()
    call_command("verify_access_log", stdout=out, chunk_size=2)
    return out.getvalue()


def failure() -> CommandError:
    with pytest.raises(CommandError) as raised:
        verify()
    return raised.value


@pytest.fixture
def rotated(make_entry, settings) -> list[AccessLogEntry]:
    """Three entries sealed with the old single key, two with A, then two with B."""
    entries = [make_entry(apprentice_ids=[n]) for n in range(1, 4)]
    assert entries_seal() == 3
    settings.ACCESS_LOG_HMAC_KEYS = KEY_A
    entries += [make_entry(apprentice_ids=[n]) for n in range(4, 6)]
    assert entries_seal() == 2
    settings.ACCESS_LOG_HMAC_KEYS = f"{KEY_B},{KEY_A}"
    entries += [make_entry(apprentice_ids=[n]) for n in range(6, 8)]
    assert entries_seal() == 2
    return entries


def test_each_seal_records_its_key_and_verify_passes(rotated) -> None:
    key_ids = list(AccessLogSeal.objects.order_by("entry_id").values_list("key_id", flat=True))
    assert key_ids == ["", "", "", "a", "a", "b", "b"]
    assert "OK: 7 sealed entries" in verify()


def test_tampering_is_still_detected_under_each_key(rotated) -> None:
    without_append_only_triggers(ENTRY)
    for victim in (rotated[1], rotated[3], rotated[6]):
        original = victim.user_email
        AccessLogEntry.objects.filter(pk=victim.pk).update(user_email="someone@else.dk")
        error = failure()
        assert error.returncode == 1
        assert f"entry #{victim.pk}: content was modified" in str(error)
        AccessLogEntry.objects.filter(pk=victim.pk).update(user_email=original)
    assert "OK: 7" in verify()


def test_a_seal_moved_to_another_key_is_detected(rotated) -> None:
    without_append_only_triggers(SEAL)
    AccessLogSeal.objects.filter(entry_id=rotated[3].pk).update(key_id="b")
    error = failure()
    assert f"entry #{rotated[3].pk}: content was modified" in str(error)


def test_a_removed_key_is_reported_not_crashed(rotated, settings) -> None:
    settings.ACCESS_LOG_HMAC_KEYS = KEY_B  # A retired too early
    error = failure()
    assert error.returncode == 2
    message = str(error)
    assert "UNVERIFIED: 2 sealed entries" in message
    assert f"#{rotated[3].pk} to #{rotated[4].pk}" in message
    assert "'a'" in message
    assert "5 entries verified" in message


def test_a_removed_key_does_not_hide_tampering_after_it(rotated, settings) -> None:
    settings.ACCESS_LOG_HMAC_KEYS = KEY_B
    without_append_only_triggers(ENTRY)
    AccessLogEntry.objects.filter(pk=rotated[6].pk).update(user_email="someone@else.dk")
    error = failure()
    assert error.returncode == 1
    assert f"entry #{rotated[6].pk}: content was modified" in str(error)


def test_new_seals_use_the_newest_key(settings) -> None:
    settings.ACCESS_LOG_HMAC_KEYS = "new:n3w, old:o1d:with:colons"
    assert sealing_key() == ("new", "n3w")
    assert hmac_keys() == {
        "new": "n3w",
        "old": "o1d:with:colons",
        "": settings.ACCESS_LOG_HMAC_KEY,
    }
    settings.ACCESS_LOG_HMAC_KEYS = ""
    assert sealing_key() == ("", settings.ACCESS_LOG_HMAC_KEY)


@pytest.mark.parametrize("value", ["nocolon", "a:1,a:2", ":secret", "a:", "x" * 33 + ":s"])
def test_malformed_keys_fail_loudly(settings, value) -> None:
    settings.ACCESS_LOG_HMAC_KEYS = value
    with pytest.raises(ImproperlyConfigured):
        hmac_keys()
