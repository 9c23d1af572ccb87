"""Issue 14, sessions and secrets: a reader of the database or its backups gets no usable
token; a session works only from the terminal that opened it; the SQLite file is private.
On SQLite and PostgreSQL, over real HTTP."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from account_service.models import Base
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG_ID, ZHANG_PASSWORD, ZHANG_PHONE = "11010519491231002X", "Zhang@2024", "13800000001"
LI_ID, LI_PASSWORD, LI_PHONE = "110101199003076528", "076528", "13800000002"
RESET = "/v1/account/password-reset"


def _dump(service: EmbeddedService) -> str:
    """Every value of every table, as a reader of a backup would see it."""
    parts: list[str] = []
    with service.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.extend(repr(value) for value in row)
    return "\n".join(parts)


def test_a_database_dump_holds_no_live_token(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """Session, reset and change tokens all travel in stored answers (idempotency): the
    reproduction read 4 live sessions out of 10 stored answers."""
    tokens: list[str] = []
    logged_in = signed_client.full_login(ZHANG_ID, ZHANG_PASSWORD, ZHANG_PHONE)
    tokens.append(logged_in["session_token"])
    reset = signed_client.post(RESET, {"document_type": "RESIDENT_ID", "document_number": ZHANG_ID})
    vid = reset.json()["verification_id"]
    signed_client.post(f"{RESET}/{vid}/sms", {})
    verified = signed_client.post(
        f"{RESET}/{vid}/verify", {"code": signed_client.outbox_code(ZHANG_PHONE)}
    )
    tokens.append(verified.json()["reset_token"])
    li = signed_client.login(LI_ID, LI_PASSWORD).json()["attempt_id"]
    signed_client.send_sms(li)
    change = signed_client.verify(li, signed_client.outbox_code(LI_PHONE)).json()
    tokens.append(change["change_token"])
    dump = _dump(account_service)
    assert dump  # the dump is real: it holds the stored answers, sealed
    for token in tokens:
        assert token not in dump


def test_a_retry_with_the_same_key_gets_the_same_answer(signed_client: SignedClient) -> None:
    started = signed_client.login(ZHANG_ID, ZHANG_PASSWORD).json()["attempt_id"]
    signed_client.send_sms(started)
    code = signed_client.outbox_code(ZHANG_PHONE)
    key = str(uuid.uuid4())
    first = signed_client.verify(started, code, idempotency_key=key)
    again = signed_client.verify(started, code, idempotency_key=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()  # the same session token, from the sealed answer


def test_a_session_works_only_from_the_terminal_that_opened_it(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    token = signed_client.full_login(ZHANG_ID, ZHANG_PASSWORD, ZHANG_PHONE)["session_token"]
    assert signed_client.get("/v1/account", bearer=token).status_code == 200
    with SignedClient(account_service.base_url, now=manual_clock.now) as other:
        other.enroll(account_service.create_enroll_code("another enrolled terminal"))
        for answer in (
            other.get("/v1/account", bearer=token),
            other.get("/v1/session", bearer=token),
            other.post("/v1/account/username", {"username": "stolen2026"}, bearer=token),
            other.post("/v1/auth/logout", {}, bearer=token),
        ):
            assert answer.status_code == 401, answer.text
            assert answer.json()["error"]["code"] == "SESSION_INVALID"
    assert signed_client.get("/v1/account", bearer=token).status_code == 200  # still live


def test_the_sqlite_database_is_private_to_its_user(
    sqlite_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> None:
    previous = os.umask(0o022)  # a usual umask: files would be 0644
    try:
        with live_service(sqlite_database_url, manual_clock, tmp_path) as service:
            database = Path(service.settings.database_url.removeprefix("sqlite:///"))
            files = [database, *database.parent.glob(database.name + "-*")]
            modes: dict[str, Any] = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    finally:
        os.umask(previous)
    assert modes[database.name] == 0o600
    assert all(mode == 0o600 for mode in modes.values()), modes
