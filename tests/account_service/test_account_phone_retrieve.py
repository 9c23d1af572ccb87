"""Retrieve phone number over real HTTP on SQLite and PostgreSQL (R-PH-5, R-PW-3, R-PH-2,
R-LK-1), and the race for one number (R-PH-2) on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from account_service.account.models import AccountVerification, Purpose
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person, Phone
from account_service.persons.service import create_person
from account_service.security import code_digest, make_password_hasher
from account_service.trail.models import PersonNotice
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
LI = DEMO_PERSONS[1]
WANG = DEMO_PERSONS[2]
CHEN = DEMO_PERSONS[4]
RETRIEVE = "/v1/account/phone-retrieve"
NEW_NUMBER = "13900000011"


def _error(response: httpx.Response, code: str) -> dict[str, Any]:
    """The catalog's error (its HTTP status too) with the shared envelope."""
    assert response.status_code == message_for(ErrorCode(code)).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    return error


def _start(client: SignedClient, identifier: str, password: str) -> httpx.Response:
    return client.post(RETRIEVE, {"identifier": identifier, "password": password})


def _retrieve(client: SignedClient, person: Any, number: str) -> dict[str, Any]:
    """The whole flow for ``person`` onto ``number``; the verify answer."""
    started = _start(client, person.document_number, person.password)
    assert started.status_code == 200, started.text
    vid = started.json()["verification_id"]
    sent = client.post(f"{RETRIEVE}/{vid}/sms", {"phone": number})
    assert sent.status_code == 200, sent.text
    verified = client.post(f"{RETRIEVE}/{vid}/verify", {"code": client.outbox_code(number)})
    assert verified.status_code == 200, verified.text
    body: dict[str, Any] = verified.json()
    return body


def _phones(service: EmbeddedService, document_number: str) -> list[tuple[str, bool]]:
    with service.session_factory() as session:
        rows = session.execute(
            select(Phone.number, Phone.is_default)
            .join(Person, Person.id == Phone.person_id)
            .where(Person.document_number == document_number)
            .order_by(Phone.id)
        ).all()
    return [(number, default) for number, default in rows]


def test_R_PH_5_retrieve_binds_a_new_default_number(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    started = _start(signed_client, "zhangsan01", ZHANG.password)  # by username
    assert started.status_code == 200, started.text
    vid = started.json()["verification_id"]
    sent = signed_client.post(f"{RETRIEVE}/{vid}/sms", {"phone": "139 0000 0011"})
    assert sent.json() == {"phone_masked": "139****0011", "resend_after_s": 60, "expires_in_s": 300}
    verified = signed_client.post(
        f"{RETRIEVE}/{vid}/verify", {"code": signed_client.outbox_code(NEW_NUMBER)}
    )
    assert verified.json() == {
        "status": "phone_bound",
        "phone_masked": "139****0011",
        "moved_from_another_person": False,
    }
    assert _phones(account_service, ZHANG.document_number) == [
        ("13800000001", False),
        (NEW_NUMBER, True),
    ]
    login = signed_client.login(ZHANG.document_number, ZHANG.password)
    assert login.json()["sms_phone_masked"] == "139****0011"  # the new default (R-2F-2)
    # Finished: the same verification cannot be used again.
    again = signed_client.post(f"{RETRIEVE}/{vid}/verify", {"code": "000000"})
    _error(again, "VERIFICATION_EXPIRED")


def test_R_PH_5_a_number_already_yours_just_becomes_default(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    _retrieve(signed_client, ZHANG, NEW_NUMBER)
    again = _retrieve(signed_client, ZHANG, "13800000001")
    assert again["moved_from_another_person"] is False
    assert _phones(account_service, ZHANG.document_number) == [
        ("13800000001", True),
        (NEW_NUMBER, False),
    ]


def test_R_PH_2_retrieve_moves_a_number_and_tells_the_loser(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    _retrieve(signed_client, CHEN, "13900000012")  # CHEN: 05 (old), 12 (default)
    manual_clock.advance(seconds=61)  # history is newest first
    moved = _retrieve(signed_client, WANG, "13900000012")
    assert moved["moved_from_another_person"] is True
    # The loser's oldest remaining number became default; the winner owns the number.
    assert _phones(account_service, CHEN.document_number) == [("13800000005", True)]
    assert ("13900000012", True) in _phones(account_service, WANG.document_number)
    token = signed_client.full_login(CHEN.document_number, CHEN.password, "13800000005")[
        "session_token"
    ]
    view = signed_client.get("/v1/account", bearer=token).json()
    assert [(n["kind"], n["phone_masked"]) for n in view["notices"]] == [
        ("phone_moved", "139****0012")
    ]
    history = signed_client.get("/v1/account/history", bearer=token).json()["events"]
    history = [e for e in history if e["kind"] != "login"]  # auth's own events aside
    assert [e["kind"] for e in history][:2] == ["phone.moved_away", "phone.retrieved"]
    assert "139****0012" in history[0]["detail_zh"]
    assert history[0]["terminal_name"] == "test terminal"


def test_R_PH_5_wrong_password_counts_and_locks(signed_client: SignedClient) -> None:
    remaining = [
        _error(_start(signed_client, ZHANG.document_number, "Wrong.pass1"), "WRONG_PASSWORD")[
            "details"
        ]["remaining"]
        for _ in range(4)
    ]
    assert remaining == [4, 3, 2, 1]
    _error(_start(signed_client, ZHANG.document_number, "Wrong.pass1"), "ACCOUNT_LOCKED")
    # One lock state: the right password is refused too, here and at login.
    _error(_start(signed_client, ZHANG.document_number, ZHANG.password), "ACCOUNT_LOCKED")
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "ACCOUNT_LOCKED")


def test_R_PH_5_initial_password_not_accepted_and_not_counted(
    signed_client: SignedClient,
) -> None:
    error = _error(
        _start(signed_client, LI.document_number, LI.password), "INITIAL_PASSWORD_NOT_ACCEPTED"
    )
    assert error["rule"] == "R-PH-5"
    for _ in range(5):
        _start(signed_client, LI.document_number, LI.password)
    # Still not locked: the initial password matched, so nothing was counted.
    assert signed_client.login(LI.document_number, LI.password).status_code == 200


def test_R_PH_3_unknown_identifiers(signed_client: SignedClient) -> None:
    _error(_start(signed_client, "13900000099", "Whatever1"), "PHONE_NOT_FOUND")
    _error(_start(signed_client, "110101199003076536", "Whatever1"), "USER_NOT_REGISTERED")
    _error(_start(signed_client, "!!", "Whatever1"), "INVALID_IDENTIFIER")


def test_R_PH_1_new_number_format(signed_client: SignedClient) -> None:
    vid = _start(signed_client, ZHANG.document_number, ZHANG.password).json()["verification_id"]
    error = _error(
        signed_client.post(f"{RETRIEVE}/{vid}/sms", {"phone": "1380000"}), "PHONE_FORMAT"
    )
    assert error["details"]["reason"]
    assert error["details"]["reason_en"] in error["message_en"]
    _error(signed_client.post(f"{RETRIEVE}/{vid}/sms", {"phone": "12800000001"}), "PHONE_FORMAT")


def test_R_LK_1_wrong_retrieve_codes_are_sms_failures(signed_client: SignedClient) -> None:
    vid = _start(signed_client, ZHANG.document_number, ZHANG.password).json()["verification_id"]
    signed_client.post(f"{RETRIEVE}/{vid}/sms", {"phone": NEW_NUMBER})
    code = signed_client.outbox_code(NEW_NUMBER)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for expected in (4, 3, 2, 1):
        error = _error(
            signed_client.post(f"{RETRIEVE}/{vid}/verify", {"code": wrong}), "SMS_CODE_WRONG"
        )
        assert error["details"]["remaining"] == expected
    _error(signed_client.post(f"{RETRIEVE}/{vid}/verify", {"code": wrong}), "ACCOUNT_LOCKED")
    _error(signed_client.post(f"{RETRIEVE}/{vid}/verify", {"code": code}), "ACCOUNT_LOCKED")


# The race for one number (R-PH-2) -------------------------------------------------------

RACERS = 50
RACED_NUMBER = "13800000001"  # ZHANG's: every racer takes it from whoever holds it
RACE_CODE = "246810"


@pytest.fixture
def pg_service(
    postgres_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    with live_service(postgres_database_url, manual_clock, tmp_path) as service:
        yield service


def _racing_verifications(service: EmbeddedService, clock: ManualClock) -> list[str]:
    """RACERS persons, each with a retrieve verification whose code for RACED_NUMBER is
    already sent (stored directly: R-SMS-1 would not let 50 codes reach one phone)."""
    settings = service.settings
    hasher = make_password_hasher(settings)
    secret = settings.secret_key.get_secret_value()
    ids: list[str] = []
    with service.session_factory.begin() as session:
        for index in range(RACERS):
            person = create_person(
                session=session,
                hasher=hasher,
                clock=clock,
                name="赛跑者",
                document_type="RESIDENT_ID",
                document_number=f"RACER{index:04d}",
                password="Racer.pass1",
            )
            vid = uuid.uuid4()
            session.add(
                AccountVerification(
                    id=vid,
                    person_id=person.id,
                    purpose=Purpose.PHONE_RETRIEVE.value,
                    action=None,
                    phone=RACED_NUMBER,
                    phone_id=None,
                    code_hash=code_digest(secret, f"account-verification:{vid}", RACE_CODE),
                    code_sent_at=clock.now(),
                    verified_at=None,
                    token_hash=None,
                    used_at=None,
                    created_at=clock.now(),
                )
            )
            ids.append(str(vid))
    return ids


@pytest.mark.postgres
def test_R_PH_2_fifty_racers_for_one_number_leave_exactly_one_owner(
    pg_service: EmbeddedService, manual_clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    verification_ids = _racing_verifications(pg_service, manual_clock)
    with ExitStack() as stack:
        clients = []
        for index in range(RACERS):
            client = stack.enter_context(SignedClient(pg_service.base_url, now=manual_clock.now))
            client.enroll(pg_service.create_enroll_code(f"racer {index}"), f"racer {index}")
            clients.append(client)
        barrier = threading.Barrier(RACERS)

        def run(index: int) -> httpx.Response:
            barrier.wait(timeout=30)
            return clients[index].post(
                f"{RETRIEVE}/{verification_ids[index]}/verify", {"code": RACE_CODE}
            )

        with ThreadPoolExecutor(RACERS) as pool:
            responses = list(pool.map(run, range(RACERS)))
    outcome = Counter(r.status_code for r in responses)
    with capsys.disabled():  # the counts the issue asks to see, past pytest's capture
        print(f"\nR-PH-2 race: {RACERS} verifications of one number → {dict(outcome)}")
    assert outcome == {200: RACERS}, [r.text for r in responses if r.status_code != 200]
    assert all(r.json()["moved_from_another_person"] for r in responses)
    with pg_service.session_factory() as session:
        owners = session.scalars(select(Phone.person_id).where(Phone.number == RACED_NUMBER)).all()
        notices = session.scalar(select(func.count()).select_from(PersonNotice))
        zhang_phones = session.scalar(
            select(func.count())
            .select_from(Phone)
            .join(Person, Person.id == Phone.person_id)
            .where(Person.document_number == ZHANG.document_number)
        )
    assert len(owners) == 1
    assert zhang_phones == 0
    assert notices == RACERS  # every move told its loser (ZHANG, then each racer but one)
