"""Issue 7: the security rules hold when many terminals act on one person at once.

The races run on PostgreSQL only (SQLite takes one writer at a time, so it cannot race):
50 enrolled terminals, each with its own signed client and connection, are released
together by a ``threading.Barrier`` against the real service over HTTP. Every test
prints how many requests raced and how they were answered (run with ``-s`` to see it).

- R-LK-1: racing wrong passwords lock at exactly five, through one lock state shared by
  every entry (ID number, phone, username).
- R-SMS-1: racing SMS sends never put more than five codes for a phone in the window,
  counted in the development outbox.
- Hardening: a new SMS code never resets the SMS failure count (both backends).

Racing for one phone number (R-PH-2: 50 terminals verify the same number at once, one
owner remains) lives with the other phone tests:
``test_account_phone_retrieve.py::test_R_PH_2_fifty_racers_for_one_number_leave_exactly_one_owner``.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from account_service.auth.models import AttemptStatus, FailureCounter, LoginAttempt
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.sms.gateway import OutboxGateway, SmsPurpose
from account_service.sms.models import OutboxMessage, SmsWindowRow
from account_service.sms.service import send_code, take_window_slot
from kiosk.domain.lockout import SHANGHAI, AuthMethod
from kiosk.domain.sms_window import MAX_PER_WINDOW, RESEND_COUNTDOWN
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

RACERS = 50
BARRIER_TIMEOUT_S = 30
ZHANG = DEMO_PERSONS[0]
WANG = DEMO_PERSONS[2]
WRONG_PASSWORD = "Wrong.pass1"
# The manual clock starts at 2026-11-22 10:00 Shanghai: the lock lifts at the next midnight.
NEXT_SHANGHAI_MIDNIGHT = datetime(2026, 11, 23, 0, 0, tzinfo=SHANGHAI)

Action = Callable[[int, SignedClient], httpx.Response]


@pytest.fixture
def pg_service(
    postgres_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    """The real service on PostgreSQL (skips loudly without a server; fails under CI)."""
    with live_service(postgres_database_url, manual_clock, tmp_path) as service:
        yield service


@pytest.fixture
def racers(pg_service: EmbeddedService, manual_clock: ManualClock) -> Iterator[list[SignedClient]]:
    """RACERS enrolled terminals, each with its own key and HTTP connection."""
    with ExitStack() as stack:
        clients = []
        for index in range(RACERS):
            client = stack.enter_context(SignedClient(pg_service.base_url, now=manual_clock.now))
            client.enroll(pg_service.create_enroll_code(f"racer {index}"), f"racer {index}")
            clients.append(client)
        yield clients


def race(clients: Sequence[SignedClient], action: Action) -> list[httpx.Response]:
    """Run ``action`` once per client, all released together by one barrier."""
    barrier = threading.Barrier(len(clients))

    def run(index: int, client: SignedClient) -> httpx.Response:
        barrier.wait(timeout=BARRIER_TIMEOUT_S)
        return action(index, client)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, range(len(clients)), clients))


def _code(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    return "OK" if response.status_code == 200 else str(body["error"]["code"])


def _codes(responses: Sequence[httpx.Response]) -> Counter[str]:
    return Counter(_code(r) for r in responses)


def _person_id(service: EmbeddedService, document_number: str) -> uuid.UUID:
    with service.session_factory() as session:
        return session.scalars(
            select(Person.id).where(Person.document_number == document_number)
        ).one()


def _outbox_count(service: EmbeddedService, phone: str) -> int:
    with service.session_factory() as session:
        return session.scalars(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.phone == phone)
        ).one()


def _window_count(service: EmbeddedService, phone: str) -> int:
    with service.session_factory() as session:
        row = session.get(SmsWindowRow, phone)
        return 0 if row is None else row.count


def _say(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """The counts the issue asks to see, printed past pytest's capture."""
    with capsys.disabled():
        print(text)


@pytest.mark.postgres
def test_R_LK_1_fifty_racing_wrong_passwords_lock_at_exactly_five(
    pg_service: EmbeddedService,
    racers: list[SignedClient],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # One lock state shared by every entry: the racers mix ID number, phone and username.
    entries = (ZHANG.document_number, ZHANG.phone, ZHANG.username)

    def wrong_password(index: int, client: SignedClient) -> httpx.Response:
        entry = entries[index % len(entries)]
        assert entry is not None
        return client.login(entry, WRONG_PASSWORD)

    responses = race(racers, wrong_password)
    codes = _codes(responses)
    wrong = [r for r in responses if _code(r) == "WRONG_PASSWORD"]
    locked = [r for r in responses if _code(r) == "ACCOUNT_LOCKED"]
    _say(
        capsys,
        f"\nraced {len(responses)} wrong-password logins: {len(wrong)} WRONG_PASSWORD, "
        f"{len(locked)} ACCOUNT_LOCKED (one of them the fifth failure, which locks)",
    )
    # Failures 1-4 answer WRONG_PASSWORD with what is left; the 5th answers the lock.
    assert codes == {"WRONG_PASSWORD": 4, "ACCOUNT_LOCKED": RACERS - 4}
    assert sorted(r.json()["error"]["details"]["remaining"] for r in wrong) == [1, 2, 3, 4]
    assert {r.status_code for r in wrong} == {401}
    assert {r.status_code for r in locked} == {423}
    assert {r.json()["error"]["details"]["unlock_at"] for r in locked} == {
        NEXT_SHANGHAI_MIDNIGHT.isoformat()
    }

    person_id = _person_id(pg_service, ZHANG.document_number)
    with pg_service.session_factory() as session:
        counter = session.get(FailureCounter, (person_id, AuthMethod.PASSWORD.value))
        assert counter is not None
        assert (counter.count, counter.day) == (5, date(2026, 11, 22))  # no lost update
        person = session.get(Person, person_id)
        assert person is not None
        assert person.locked_until == NEXT_SHANGHAI_MIDNIGHT
    # The lock holds for the right password too, by any entry.
    assert _code(racers[0].login(ZHANG.username or "", ZHANG.password)) == "ACCOUNT_LOCKED"


@pytest.mark.postgres
def test_R_SMS_1_fifty_racing_sends_on_one_attempt_send_one_code(
    pg_service: EmbeddedService,
    racers: list[SignedClient],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """R-2F-3's resend countdown is per attempt: one code, every other racer told to wait."""
    assert WANG.phone is not None
    started = racers[0].login(WANG.document_number, WANG.password)
    assert started.status_code == 200, started.text
    attempt_id = started.json()["attempt_id"]

    responses = race(racers, lambda _i, client: client.send_sms(attempt_id))
    codes = _codes(responses)
    sent = _outbox_count(pg_service, WANG.phone)
    _say(capsys, f"\nraced {len(responses)} SMS sends on one attempt: {dict(codes)}; outbox {sent}")
    assert codes == {"OK": 1, "SMS_RESEND_TOO_SOON": RACERS - 1}
    assert {
        r.json()["error"]["details"]["retry_after_s"] for r in responses if _code(r) != "OK"
    } == {int(RESEND_COUNTDOWN.total_seconds())}
    assert sent == _window_count(pg_service, WANG.phone) == 1


@pytest.mark.postgres
def test_R_SMS_1_racing_password_and_send_rounds_never_exceed_five_codes(
    pg_service: EmbeddedService,
    racers: list[SignedClient],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each racer enters the password and asks for a code, in rounds, the clock standing
    still: every round at least the last attempt opened sends, so the window fills, and
    it never holds more than five codes however the requests interleave."""
    phone = WANG.phone
    assert phone is not None

    def password_then_send(_index: int, client: SignedClient) -> httpx.Response:
        started = client.login(WANG.document_number, WANG.password)
        assert started.status_code == 200, started.text
        return client.send_sms(started.json()["attempt_id"])

    rounds: list[Counter[str]] = []
    while not rounds or rounds[-1]["OK"] > 0:
        assert len(rounds) <= MAX_PER_WINDOW, f"the window never filled: {rounds}"
        responses = race(racers, password_then_send)
        rounds.append(_codes(responses))
        # Only a voided attempt or the full window may refuse a send.
        assert set(rounds[-1]) <= {"OK", "SMS_CODE_VOID", "SMS_RATE_LIMITED"}, rounds[-1]
        assert _outbox_count(pg_service, phone) == _window_count(pg_service, phone)
        assert _window_count(pg_service, phone) <= MAX_PER_WINDOW

    sent = sum(r["OK"] for r in rounds)
    _say(
        capsys,
        f"\nraced {len(rounds)} rounds of {RACERS} password+SMS requests "
        f"({len(rounds) * RACERS * 2} requests): "
        + "; ".join(f"round {n}: {dict(c)}" for n, c in enumerate(rounds, 1))
        + f"; codes in the outbox: {_outbox_count(pg_service, phone)}",
    )
    assert sent == _outbox_count(pg_service, phone) == MAX_PER_WINDOW
    assert rounds[-1]["SMS_RATE_LIMITED"] >= 1  # the last attempt opened met the full window
    person_id = _person_id(pg_service, WANG.document_number)
    with pg_service.session_factory() as session:
        open_attempts = session.scalars(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.person_id == person_id, LoginAttempt.status == AttemptStatus.OPEN)
        ).one()
    assert open_attempts == 1  # R-2F-3: every racing password entry voided the older ones


@pytest.mark.postgres
def test_R_SMS_1_fifty_racing_window_slots_for_one_phone_grant_exactly_five(
    pg_service: EmbeddedService,
    manual_clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The per-phone window every purpose shares, raced directly: 5 granted, 45 refused."""
    phone = "13900000050"
    gateway = OutboxGateway(pg_service.session_factory, manual_clock)
    barrier = threading.Barrier(RACERS)

    def take_slot(_index: int) -> str:
        barrier.wait(timeout=BARRIER_TIMEOUT_S)
        try:
            with pg_service.session_factory.begin() as session:
                take_window_slot(session=session, clock=manual_clock, phone=phone)
                send_code(session=session, gateway=gateway, phone=phone, purpose=SmsPurpose.LOGIN)
        except UserError as error:
            return error.code.value
        return "OK"

    with ThreadPoolExecutor(RACERS) as pool:
        codes = Counter(pool.map(take_slot, range(RACERS)))
    sent = _outbox_count(pg_service, phone)
    _say(capsys, f"\nraced {RACERS} window slots for one phone: {dict(codes)}; outbox {sent}")
    assert codes == {"OK": MAX_PER_WINDOW, ErrorCode.SMS_RATE_LIMITED.value: RACERS - 5}
    assert sent == _window_count(pg_service, phone) == MAX_PER_WINDOW


@pytest.mark.parametrize("new_code_by", ["resend", "password-again"])
def test_R_LK_1_a_new_sms_code_never_resets_the_sms_failure_count(
    account_service: EmbeddedService,
    signed_client: SignedClient,
    manual_clock: ManualClock,
    new_code_by: str,
) -> None:
    """Four wrong codes, then a fresh code (resent, or by entering the password again):
    the next wrong code is the fifth failure and locks."""
    assert ZHANG.phone is not None
    attempt = signed_client.login(ZHANG.document_number, ZHANG.password).json()["attempt_id"]
    assert signed_client.send_sms(attempt).status_code == 200
    real = signed_client.outbox_code(ZHANG.phone)
    wrong = "000000" if real != "000000" else "111111"
    remaining = [
        signed_client.verify(attempt, wrong).json()["error"]["details"]["remaining"]
        for _ in range(4)
    ]
    assert remaining == [4, 3, 2, 1]

    if new_code_by == "resend":
        manual_clock.advance(RESEND_COUNTDOWN)
    else:
        started = signed_client.login(ZHANG.username or "", ZHANG.password)
        assert started.status_code == 200, started.text
        attempt = started.json()["attempt_id"]
    assert signed_client.send_sms(attempt).status_code == 200
    fresh = signed_client.outbox_code(ZHANG.phone)
    assert _outbox_count(account_service, ZHANG.phone) == 2  # a second code really went out
    wrong = "000000" if fresh != "000000" else "111111"

    locked = signed_client.verify(attempt, wrong)
    assert (locked.status_code, _code(locked)) == (423, "ACCOUNT_LOCKED")
    assert _code(signed_client.verify(attempt, fresh)) == "ACCOUNT_LOCKED"
    person_id = _person_id(account_service, ZHANG.document_number)
    with account_service.session_factory() as session:
        counter = session.get(FailureCounter, (person_id, AuthMethod.SMS.value))
        assert counter is not None
        assert counter.count == 5
