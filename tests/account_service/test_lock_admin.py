"""Hall staff show and lift a lock from the account-service CLI (issue 7, R-LK-1)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from account_service.cli import main as service_main
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.trail.models import AuditEvent
from kiosk.domain.lockout import SHANGHAI
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def _cli(service: EmbeddedService, clock: ManualClock, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    argv = ["lock", args[0], "--database-url", service.settings.database_url, *args[1:]]
    code = service_main(argv, out=out, clock=clock)
    return code, out.getvalue()


def test_R_LK_1_staff_see_the_lock_then_lift_it_and_the_person_logs_in(
    account_service: EmbeddedService, signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    manual_clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI))
    for _ in range(5):
        signed_client.login("zhangsan01", "Wrong.pass1")
    assert _code(signed_client.login("zhangsan01", ZHANG.password)) == "ACCOUNT_LOCKED"

    code, out = _cli(account_service, manual_clock, "show", "13800000001")  # by phone
    assert code == 0
    assert "LOCKED until 2026-11-23 00:00 (Asia/Shanghai)" in out
    assert "password 5" in out
    assert ZHANG.document_number not in out and "张三" not in out  # masked

    code, out = _cli(account_service, manual_clock, "clear", "zhangsan01", "--staff", "s0001")
    assert code == 0 and out.startswith("lock lifted: ") and "not locked" in out
    # The person logs in now; one more mistake does not lock again at once.
    assert _code(signed_client.login("zhangsan01", "Wrong.pass1")) == "WRONG_PASSWORD"
    assert signed_client.login("zhangsan01", ZHANG.password).status_code == 200
    with account_service.session_factory() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.event == "lock.cleared"))
        details = [json.loads(e.detail) for e in events]
        engaged = session.scalars(select(AuditEvent).where(AuditEvent.event == "lock.engaged"))
        engaged_details = [json.loads(e.detail) for e in engaged]
    assert details == [{"staff_no": "S0001", "was_locked": "true"}]
    assert engaged_details == [{"method": "password"}]


def test_an_unknown_identifier_is_said_plainly(
    account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    code, out = _cli(account_service, manual_clock, "show", "11010519491231003X")
    assert code == 1 and "no registered person" in out
