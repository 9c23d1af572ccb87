"""R-LK-1 under concurrency: the fifth failure holds through the database, not memory."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select

from account_service.auth.models import FailureCounter
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.persons.service import create_person
from account_service.security import make_password_hasher
from kiosk.domain.lockout import AuthMethod
from tests.support.signed_client import SignedClient

THREADS = 10


@pytest.fixture
def fresh_person(account_service: EmbeddedService) -> uuid.UUID:
    with account_service.session_factory.begin() as session:
        person = create_person(
            session=session,
            hasher=make_password_hasher(account_service.settings),
            clock=account_service.clock,
            name="并发测试",
            document_type="RESIDENT_ID",
            document_number="110102198506120713",
            password="Right.pass1",
            phones=("13800000009",),
        )
        return person.id


def test_R_LK_1_ten_simultaneous_wrong_passwords_lock_exactly_once(
    account_service: EmbeddedService, signed_client: SignedClient, fresh_person: uuid.UUID
) -> None:
    barrier = threading.Barrier(THREADS)

    def wrong_password(_: int) -> httpx.Response:
        barrier.wait(timeout=10)
        return signed_client.login("110102198506120713", "Wrong.pass1")

    with ThreadPoolExecutor(THREADS) as pool:
        responses = list(pool.map(wrong_password, range(THREADS)))

    codes = Counter(r.json()["error"]["code"] for r in responses)
    assert codes == {"WRONG_PASSWORD": 4, "ACCOUNT_LOCKED": 6}
    remaining = sorted(
        r.json()["error"]["details"]["remaining"] for r in responses if r.status_code == 401
    )
    assert remaining == [1, 2, 3, 4]  # each count seen exactly once: no lost update
    with account_service.session_factory() as session:
        counter = session.get(FailureCounter, (fresh_person, AuthMethod.PASSWORD.value))
        assert counter is not None
        assert counter.count == 5
        locked = session.scalars(select(Person.locked_until).where(Person.id == fresh_person))
        assert locked.one() is not None
