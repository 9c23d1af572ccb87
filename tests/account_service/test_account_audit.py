"""Issue 7: an audit event for every lock, unlock, password change, phone move and
deregistration — who, which terminal, when; no secret and no unmasked personal data —
on SQLite and PostgreSQL, through the real routes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.trail.models import AuditEvent
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
WANG = DEMO_PERSONS[2]
NEW_PASSWORD = "Reset#2026a"
CHANGED_PASSWORD = "Change#2026b"
CONFIRM = "/v1/account/confirmations"
RESET = "/v1/account/password-reset"


def _ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _person_id(service: EmbeddedService, number: str) -> uuid.UUID:
    with service.session_factory() as session:
        return session.scalars(select(Person.id).where(Person.document_number == number)).one()


def _confirm(client: SignedClient, token: str, action: str, sms_to: str, **fields: Any) -> None:
    vid = _ok(client.post(CONFIRM, {"action": action, **fields}, bearer=token))["verification_id"]
    _ok(client.post(f"{CONFIRM}/{vid}/verify", {"code": client.outbox_code(sms_to)}, bearer=token))


def test_lock_unlock_password_phone_move_and_deregistration_are_audited(
    account_service: EmbeddedService, signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    assert ZHANG.phone is not None and WANG.phone is not None
    # Lock (R-LK-1), then unlock by 忘记密码 (R-PW-4).
    for _ in range(5):
        signed_client.login(ZHANG.document_number, "Wrong.pass1")
    vid = _ok(
        signed_client.post(
            RESET,
            {"document_type": ZHANG.document_type.value, "document_number": ZHANG.document_number},
        )
    )["verification_id"]
    _ok(signed_client.post(f"{RESET}/{vid}/sms", {}))
    token = _ok(
        signed_client.post(
            f"{RESET}/{vid}/verify", {"code": signed_client.outbox_code(ZHANG.phone)}
        )
    )["reset_token"]
    _ok(
        signed_client.post(
            f"{RESET}/{vid}/password", {"reset_token": token, "new_password": NEW_PASSWORD}
        )
    )
    # Password change (R-PW-5), a phone move (R-PH-2), deregistration (R-AC-1).
    manual_clock.advance(seconds=60)
    session = signed_client.full_login(ZHANG.document_number, NEW_PASSWORD, ZHANG.phone)
    bearer = str(session["session_token"])
    _ok(
        signed_client.post(
            "/v1/account/password",
            {"old_password": NEW_PASSWORD, "new_password": CHANGED_PASSWORD},
            bearer=bearer,
        )
    )
    _confirm(signed_client, bearer, "add_phone", WANG.phone, phone=WANG.phone)
    manual_clock.advance(seconds=60)
    _confirm(signed_client, bearer, "deregister", ZHANG.phone)

    zhang, wang = (_person_id(account_service, p.document_number) for p in (ZHANG, WANG))
    with account_service.session_factory() as db:
        rows = db.scalars(select(AuditEvent).order_by(AuditEvent.at)).all()
    by_person = {person: [r for r in rows if r.record_id == person] for person in (zhang, wang)}
    kinds = [r.event for r in by_person[zhang]]
    for kind in (
        "lock.engaged",
        "lock.cleared",
        "password.reset",
        "password.changed",
        "phone.added",
        "account.deregistered",
    ):
        assert kind in kinds, (kind, kinds)
    assert "phone.moved_away" in [r.event for r in by_person[wang]]
    terminal = uuid.UUID(signed_client.terminal_id)
    watched = [
        r
        for r in by_person[zhang] + by_person[wang]
        if r.event != "login"  # logins are audited too; not what this test is about
    ]
    # Who (record_id), which terminal, when — for every one of them.
    assert all(r.terminal_id == terminal and r.at is not None for r in watched)
    text = " ".join(r.detail for r in watched)
    for secret in (
        "Wrong.pass1",
        NEW_PASSWORD,
        CHANGED_PASSWORD,
        ZHANG.phone,
        WANG.phone,
        ZHANG.document_number,
        ZHANG.name,
    ):
        assert secret not in text
    moved = next(r for r in by_person[wang] if r.event == "phone.moved_away")
    assert json.loads(moved.detail) == {"phone_masked": "138****0003"}
