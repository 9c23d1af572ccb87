"""Forgot password over real HTTP on SQLite and PostgreSQL (R-PW-4, R-LK-1, R-PH-6,
docs/account-self-service.md): SMS and face verification, the lock it clears, the
single-use code, the SMS exhaustion that leaves face open."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.persons.service import restore_deregistered
from account_service.trail.events import EventKind
from account_service.trail.models import AccountHistory
from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
LI = DEMO_PERSONS[1]
ZHAO = DEMO_PERSONS[3]
ZHANG_PHONE = "13800000001"
RESET = "/v1/account/password-reset"
REFERENCE = [0.01 * i for i in range(128)]
NEW_PASSWORD = "Zhang.new2025"


def _error(response: httpx.Response, code: str) -> dict[str, Any]:
    """The catalog's error (its HTTP status too) with the shared envelope."""
    assert response.status_code == message_for(ErrorCode(code)).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    return error


def _start(client: SignedClient, document_type: str, number: str) -> httpx.Response:
    return client.post(RESET, {"document_type": document_type, "document_number": number})


def _start_ok(client: SignedClient, person: Any = ZHANG) -> dict[str, Any]:
    started = _start(client, person.document_type.value, person.document_number)
    assert started.status_code == 200, started.text
    body: dict[str, Any] = started.json()
    return body


def _sms(client: SignedClient, vid: str) -> httpx.Response:
    return client.post(f"{RESET}/{vid}/sms", {})


def _verify(client: SignedClient, vid: str, code: str) -> httpx.Response:
    return client.post(f"{RESET}/{vid}/verify", {"code": code})


def _new_password(client: SignedClient, vid: str, token: str, pw: str) -> httpx.Response:
    return client.post(f"{RESET}/{vid}/password", {"reset_token": token, "new_password": pw})


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _add_face_reference(client: SignedClient, person: Any) -> None:
    """A hall collection with a face template for ``person`` (the ingest route)."""
    client.collect_in_hall(
        person.document_type.value, person.document_number, name=person.name, template=REFERENCE
    )


def _lock_by_password(client: SignedClient, person: Any) -> None:
    for _ in range(5):
        client.login(person.document_number, "Wrong.pass1")
    _error(client.login(person.document_number, person.password), "ACCOUNT_LOCKED")


def test_R_PW_4_sms_reset_sets_password_and_ends_sessions(signed_client: SignedClient) -> None:
    token = signed_client.full_login(ZHANG.document_number, ZHANG.password, ZHANG_PHONE)[
        "session_token"
    ]
    started = _start_ok(signed_client)
    assert started["phone_masked"] == "138****0001"
    assert started["methods"] == ["sms"]
    assert started["expires_in_s"] == 1800
    vid = started["verification_id"]
    sent = _sms(signed_client, vid)
    assert sent.json() == {"phone_masked": "138****0001", "resend_after_s": 60, "expires_in_s": 300}
    verified = _verify(signed_client, vid, signed_client.outbox_code(ZHANG_PHONE))
    assert verified.status_code == 200, verified.text
    reset_token = verified.json()["reset_token"]
    done = _new_password(signed_client, vid, reset_token, NEW_PASSWORD)
    assert done.json() == {"status": "password_reset", "unlocked": False}

    _error(signed_client.get("/v1/session", bearer=token), "SESSION_INVALID")
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "WRONG_PASSWORD")
    signed_client.full_login(ZHANG.document_number, NEW_PASSWORD, ZHANG_PHONE)
    # The token is single use: the verification is finished.
    again = _new_password(signed_client, vid, reset_token, "Zhang.other2025")
    _error(again, "VERIFICATION_EXPIRED")


def test_R_PW_4_new_password_may_equal_the_old_one(signed_client: SignedClient) -> None:
    vid = _start_ok(signed_client)["verification_id"]
    _sms(signed_client, vid)
    reset_token = _verify(signed_client, vid, signed_client.outbox_code(ZHANG_PHONE)).json()[
        "reset_token"
    ]
    assert _new_password(signed_client, vid, reset_token, ZHANG.password).status_code == 200


def test_R_PW_4_password_rules_on_the_new_password(signed_client: SignedClient) -> None:
    started = _start_ok(signed_client, LI)
    vid = started["verification_id"]
    _sms(signed_client, vid)
    reset_token = _verify(signed_client, vid, signed_client.outbox_code("13800000002")).json()[
        "reset_token"
    ]
    _error(_new_password(signed_client, vid, reset_token, LI.password), "PASSWORD_SAME_AS_INITIAL")
    _error(_new_password(signed_client, vid, reset_token, "abcdefgh"), "PASSWORD_RULE")
    _error(
        _new_password(signed_client, vid, "not-the-token", "Li.new2025x"), "VERIFICATION_EXPIRED"
    )
    assert _new_password(signed_client, vid, reset_token, "Li.new2025x").status_code == 200
    # R-PW-3 done by the reset: the initial-password flag is gone.
    started_login = signed_client.login(LI.document_number, "Li.new2025x")
    assert started_login.json()["initial_password"] is False


def test_R_ID_6_unknown_person_or_wrong_type_is_not_registered(
    signed_client: SignedClient,
) -> None:
    _error(_start(signed_client, "RESIDENT_ID", "110101199003076536"), "USER_NOT_REGISTERED")
    # The right number with another document type: no hint which part was wrong.
    _error(
        _start(signed_client, "HK_MACAO_TRAVEL_PERMIT", ZHANG.document_number),
        "USER_NOT_REGISTERED",
    )
    _error(_start(signed_client, "NO_SUCH_TYPE", ZHANG.document_number), "USER_NOT_REGISTERED")


def test_R_LK_1_reset_works_while_locked_and_clears_the_lock(
    signed_client: SignedClient,
) -> None:
    _lock_by_password(signed_client, ZHANG)
    vid = _start_ok(signed_client)["verification_id"]
    _sms(signed_client, vid)
    reset_token = _verify(signed_client, vid, signed_client.outbox_code(ZHANG_PHONE)).json()[
        "reset_token"
    ]
    done = _new_password(signed_client, vid, reset_token, NEW_PASSWORD)
    assert done.json() == {"status": "password_reset", "unlocked": True}
    # Unlocked and every counter at zero: four wrong passwords do not lock again.
    for _ in range(4):
        _error(signed_client.login(ZHANG.document_number, "Wrong.pass1"), "WRONG_PASSWORD")
    signed_client.full_login(ZHANG.document_number, NEW_PASSWORD, ZHANG_PHONE)


def test_R_LK_1_wrong_reset_codes_count_and_exhaust_sms(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    manual_clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI))
    vid = _start_ok(signed_client)["verification_id"]
    _sms(signed_client, vid)
    code = signed_client.outbox_code(ZHANG_PHONE)
    remaining = []
    for index in range(4):
        if index == 2:
            # A new code never resets the failure count.
            manual_clock.advance(seconds=61)
            assert _sms(signed_client, vid).status_code == 200
            code = signed_client.outbox_code(ZHANG_PHONE)
        error = _error(_verify(signed_client, vid, _wrong(code)), "SMS_CODE_WRONG")
        remaining.append(error["details"]["remaining"])
    assert remaining == [4, 3, 2, 1]
    fifth = _error(_verify(signed_client, vid, _wrong(code)), "RESET_SMS_EXHAUSTED")
    assert fifth["details"]["unlock_at"] == "2026-11-23T00:00:00+08:00"
    # SMS is closed for today, even with the right code, and no new code is sent.
    _error(_verify(signed_client, vid, code), "RESET_SMS_EXHAUSTED")
    manual_clock.advance(seconds=61)
    _error(_sms(signed_client, vid), "RESET_SMS_EXHAUSTED")
    # The fifth failure locked the account (one lock state with login).
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "ACCOUNT_LOCKED")


def test_R_PW_4_code_is_single_use_and_expires_in_five_minutes(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    vid = _start_ok(signed_client)["verification_id"]
    _sms(signed_client, vid)
    code = signed_client.outbox_code(ZHANG_PHONE)
    manual_clock.advance(timedelta(minutes=5))
    _error(_verify(signed_client, vid, code), "SMS_CODE_EXPIRED")
    _sms(signed_client, vid)
    code = signed_client.outbox_code(ZHANG_PHONE)
    assert _verify(signed_client, vid, code).status_code == 200
    _error(_verify(signed_client, vid, code), "VERIFICATION_EXPIRED")


def test_R_PW_4_verification_expires_and_unknown_id(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    vid = _start_ok(signed_client)["verification_id"]
    manual_clock.advance(timedelta(minutes=30))
    _error(_sms(signed_client, vid), "VERIFICATION_EXPIRED")
    _error(_sms(signed_client, str(uuid.uuid4())), "VERIFICATION_EXPIRED")
    _error(_sms(signed_client, "not-a-uuid"), "VERIFICATION_EXPIRED")


def test_R_SMS_1_resend_countdown_per_verification(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    vid = _start_ok(signed_client)["verification_id"]
    assert _sms(signed_client, vid).status_code == 200
    error = _error(_sms(signed_client, vid), "SMS_RESEND_TOO_SOON")
    assert error["details"]["retry_after_s"] == 60


def test_R_PH_6_no_phone_and_no_face(signed_client: SignedClient) -> None:
    started = _start_ok(signed_client, ZHAO)
    assert started["phone_masked"] is None
    assert started["methods"] == []
    vid = started["verification_id"]
    error = _error(_sms(signed_client, vid), "RESET_PHONE_EMPTY")
    assert error["rule"] == "R-PH-6"
    face = signed_client.post(f"{RESET}/{vid}/face", {"template": REFERENCE})
    _error(face, "FACE_NO_REFERENCE")


def test_R_PH_6_face_reset_with_a_hall_reference(signed_client: SignedClient) -> None:
    _add_face_reference(signed_client, ZHAO)
    started = _start_ok(signed_client, ZHAO)
    assert started["methods"] == ["face"]
    vid = started["verification_id"]
    far = [v + 0.1 for v in REFERENCE]  # distance 0.1 * sqrt(128) ≈ 1.13 > 0.5
    mismatch = _error(signed_client.post(f"{RESET}/{vid}/face", {"template": far}), "FACE_MISMATCH")
    assert mismatch["details"]["remaining"] == 4
    near = [v + 0.01 for v in REFERENCE]  # ≈ 0.11
    verified = signed_client.post(f"{RESET}/{vid}/face", {"template": near})
    assert verified.status_code == 200, verified.text
    done = _new_password(signed_client, vid, verified.json()["reset_token"], "Zhao.new2025")
    assert done.status_code == 200, done.text
    assert signed_client.login(ZHAO.document_number, "Zhao.new2025").status_code == 200


def test_R_LK_1_face_mismatches_count_and_face_still_works_after_sms_exhausted(
    signed_client: SignedClient,
) -> None:
    _add_face_reference(signed_client, ZHANG)
    started = _start_ok(signed_client)
    assert started["methods"] == ["sms", "face"]
    vid = started["verification_id"]
    _sms(signed_client, vid)
    code = signed_client.outbox_code(ZHANG_PHONE)
    for _ in range(4):
        _verify(signed_client, vid, _wrong(code))
    _error(_verify(signed_client, vid, _wrong(code)), "RESET_SMS_EXHAUSTED")
    far = [v + 0.1 for v in REFERENCE]
    remaining = [
        _error(signed_client.post(f"{RESET}/{vid}/face", {"template": far}), "FACE_MISMATCH")[
            "details"
        ]["remaining"]
        for _ in range(2)
    ]
    assert remaining == [4, 3]
    verified = signed_client.post(f"{RESET}/{vid}/face", {"template": REFERENCE})
    assert verified.status_code == 200, verified.text
    done = _new_password(signed_client, vid, verified.json()["reset_token"], NEW_PASSWORD)
    assert done.json() == {"status": "password_reset", "unlocked": True}


def test_R_RN_4_face_template_must_have_128_finite_numbers(signed_client: SignedClient) -> None:
    vid = _start_ok(signed_client)["verification_id"]
    short = signed_client.post(f"{RESET}/{vid}/face", {"template": [0.0] * 127})
    _error(short, "VALIDATION_ERROR")


def test_R_AC_1_deregistered_person_cannot_reset(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    with account_service.session_factory.begin() as session:
        person = session.scalars(
            select(Person).where(Person.document_number == ZHANG.document_number)
        ).one()
        person.deregistered_at = manual_clock.now()
        person_id = person.id
    _error(
        _start(signed_client, ZHANG.document_type.value, ZHANG.document_number),
        "USER_NOT_REGISTERED",
    )
    with account_service.session_factory.begin() as session:
        restore_deregistered(
            session=session, person_id=person_id, now=manual_clock.now(), terminal_id=None
        )
    with account_service.session_factory() as session:
        kinds = session.scalars(
            select(AccountHistory.kind).where(AccountHistory.person_id == person_id)
        ).all()
    assert kinds == [EventKind.ACCOUNT_RESTORED.value]
    assert (
        _start(signed_client, ZHANG.document_type.value, ZHANG.document_number).status_code == 200
    )
