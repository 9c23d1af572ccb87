"""Staff login over real HTTP (R-HA-1) with the R-LK-1 lockout, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from typing import Any

from account_service.cli import main
from account_service.clock import ManualClock
from account_service.demo import DEMO_STAFF
from kiosk.domain.lockout import SHANGHAI
from kiosk.domain.passwords import check_password
from tests.support.signed_client import SignedClient

STAFF = DEMO_STAFF[0]


def _login(client: SignedClient, staff_no: str, password: str, **kwargs: Any) -> Any:
    return client.post("/v1/staff/login", {"staff_no": staff_no, "password": password}, **kwargs)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def test_R_HA_1_demo_staff_logs_in(signed_client: SignedClient) -> None:
    response = _login(signed_client, STAFF.staff_no, STAFF.password)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["staff_no"] == "S0001"
    assert body["name_masked"] == "王*"
    assert len(body["staff_token"]) >= 32
    assert body["expires_in_s"] > 0
    # Staff numbers are matched case-insensitively.
    assert _login(signed_client, "s0001", STAFF.password).status_code == 200
    assert check_password(STAFF.password).ok


def test_unknown_staff_is_refused_without_naming_a_person(signed_client: SignedClient) -> None:
    response = _login(signed_client, "S9999", "Whatever@1")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "STAFF_UNKNOWN"
    assert "工号" in error["message_zh"]
    assert "staff number" in error["message_en"]


def test_staff_number_with_a_nul_character_is_a_validation_error(
    signed_client: SignedClient,
) -> None:
    """Found by test_openapi_fuzz: PostgreSQL refused the NUL in the lookup (500)."""
    for staff_no in ("S\x000001", "S0001\n"):
        response = _login(signed_client, staff_no, STAFF.password)
        assert response.status_code == 422, response.text
        assert _code(response) == "VALIDATION_ERROR"
        assert "staff_no" in response.json()["error"]["message_en"]


def test_staff_login_must_be_signed(signed_client: SignedClient) -> None:
    response = _login(signed_client, STAFF.staff_no, STAFF.password, signed=False)
    assert response.status_code == 401
    assert _code(response) == "TERMINAL_UNAUTHORIZED"


def test_R_LK_1_staff_five_wrong_passwords_lock_until_shanghai_midnight(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    manual_clock.set(datetime(2026, 11, 22, 23, 0, tzinfo=SHANGHAI))
    remaining = []
    for _ in range(4):
        response = _login(signed_client, STAFF.staff_no, "Wrong@pass1")
        assert response.status_code == 401
        assert _code(response) == "WRONG_PASSWORD"
        remaining.append(response.json()["error"]["details"]["remaining"])
    assert remaining == [4, 3, 2, 1]
    fifth = _login(signed_client, STAFF.staff_no, "Wrong@pass1")
    assert fifth.status_code == 423
    assert fifth.json()["error"]["details"] == {
        "unlock_at": "2026-11-23T00:00:00+08:00",
        "retry_after_s": 3600,
        "unlock_text": "明天 00:00（11月23日）",
        "unlock_text_en": "00:00 tomorrow (23 Nov)",
    }
    assert "明天 00:00（11月23日）" in fifth.json()["error"]["message_zh"]
    assert _code(_login(signed_client, STAFF.staff_no, STAFF.password)) == "STAFF_LOCKED"
    manual_clock.set(datetime(2026, 11, 23, 0, 0, tzinfo=SHANGHAI))
    assert _login(signed_client, STAFF.staff_no, STAFF.password).status_code == 200


def test_R_LK_1_staff_success_resets_and_a_retry_does_not_count_twice(
    signed_client: SignedClient,
) -> None:
    for _ in range(3):
        assert _code(_login(signed_client, STAFF.staff_no, "Wrong@pass1")) == "WRONG_PASSWORD"
    assert _login(signed_client, STAFF.staff_no, STAFF.password).status_code == 200
    key = str(uuid.uuid4())
    first = _login(signed_client, STAFF.staff_no, "Wrong@pass1", idempotency_key=key)
    again = _login(signed_client, STAFF.staff_no, "Wrong@pass1", idempotency_key=key)
    assert first.json() == again.json()
    assert first.json()["error"]["details"]["remaining"] == 4
    nxt = _login(signed_client, STAFF.staff_no, "Wrong@pass1")
    assert nxt.json()["error"]["details"]["remaining"] == 3


def test_cli_staff_add_then_login(signed_client: SignedClient, database_url: str) -> None:
    out = io.StringIO()
    argv = ["staff", "add", "--staff-no", "s0042", "--name", "李明", "--password", "Hall#2024a"]
    assert main([*argv, "--database-url", database_url], out=out) == 0
    assert "added staff S0042" in out.getvalue()
    assert main([*argv, "--database-url", database_url], out=io.StringIO()) == 1
    response = _login(signed_client, "S0042", "Hall#2024a")
    assert response.status_code == 200, response.text
    assert response.json()["name_masked"] == "李*"
