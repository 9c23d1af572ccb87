"""R-LK-1 (5 consecutive failures of one method in a Shanghai day lock the account) and
R-SMS-1 (5 codes per phone per 10 minutes), through real HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.domain.lockout import SHANGHAI
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
WANG = DEMO_PERSONS[2]


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def test_R_LK_1_five_wrong_passwords_lock_until_shanghai_midnight(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    # 2026-11-22 23:30 Shanghai: the lock lifts 30 minutes later, at 00:00 Shanghai.
    manual_clock.set(datetime(2026, 11, 22, 23, 30, tzinfo=SHANGHAI))
    remaining = []
    for _ in range(4):
        response = signed_client.login("zhangsan01", "Wrong.pass1")
        assert _code(response) == "WRONG_PASSWORD"
        assert response.status_code == 401
        remaining.append(response.json()["error"]["details"]["remaining"])
    assert remaining == [4, 3, 2, 1]

    fifth = signed_client.login("zhangsan01", "Wrong.pass1")
    assert fifth.status_code == 423
    error = fifth.json()["error"]
    assert error["code"] == "ACCOUNT_LOCKED"
    assert error["rule"] == "R-LK-1"
    assert error["details"] == {
        "unlock_at": "2026-11-23T00:00:00+08:00",
        "retry_after_s": 1800,
        "unlock_text": "明天 00:00（11月23日）",
        "unlock_text_en": "00:00 tomorrow (23 Nov)",
    }
    # Issue 13 item 8: the texts say the time as a person reads it, never the ISO instant.
    assert "或于明天 00:00（11月23日）后再登录" in error["message_zh"]
    assert "after 00:00 tomorrow (23 Nov)" in error["message_en"]
    assert "T00:00" not in error["message_zh"] + error["message_en"]

    # Locked: even the right password is refused, by any identifier.
    assert _code(signed_client.login("13800000001", ZHANG.password)) == "ACCOUNT_LOCKED"
    manual_clock.set(datetime(2026, 11, 22, 23, 59, 59, tzinfo=SHANGHAI))
    assert _code(signed_client.login("zhangsan01", ZHANG.password)) == "ACCOUNT_LOCKED"
    manual_clock.set(datetime(2026, 11, 23, 0, 0, tzinfo=SHANGHAI))
    assert signed_client.login("zhangsan01", ZHANG.password).status_code == 200


def test_R_LK_1_success_resets_the_count(signed_client: SignedClient) -> None:
    for _ in range(4):
        assert _code(signed_client.login("zhangsan01", "Wrong.pass1")) == "WRONG_PASSWORD"
    assert signed_client.login("zhangsan01", ZHANG.password).status_code == 200
    for expected in (4, 3, 2, 1):
        response = signed_client.login("zhangsan01", "Wrong.pass1")
        assert response.json()["error"]["details"]["remaining"] == expected
    assert signed_client.login("zhangsan01", ZHANG.password).status_code == 200


def test_R_LK_1_count_starts_again_on_a_new_shanghai_day(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    manual_clock.set(datetime(2026, 11, 22, 23, 0, tzinfo=SHANGHAI))
    for _ in range(4):
        signed_client.login("zhangsan01", "Wrong.pass1")
    manual_clock.set(datetime(2026, 11, 23, 0, 0, 1, tzinfo=SHANGHAI))
    response = signed_client.login("zhangsan01", "Wrong.pass1")
    assert response.json()["error"]["details"]["remaining"] == 4


def test_R_LK_1_five_wrong_sms_codes_lock(signed_client: SignedClient) -> None:
    attempt = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    signed_client.send_sms(attempt)
    real = signed_client.outbox_code("13800000001")
    wrong = "000000" if real != "000000" else "111111"
    remaining = []
    for _ in range(4):
        response = signed_client.verify(attempt, wrong)
        assert response.status_code == 401
        assert _code(response) == "SMS_CODE_WRONG"
        remaining.append(response.json()["error"]["details"]["remaining"])
    assert remaining == [4, 3, 2, 1]
    locked = signed_client.verify(attempt, wrong)
    assert locked.status_code == 423
    assert _code(locked) == "ACCOUNT_LOCKED"
    # The right code no longer helps, and neither does the password.
    assert _code(signed_client.verify(attempt, real)) == "ACCOUNT_LOCKED"
    assert _code(signed_client.login("zhangsan01", ZHANG.password)) == "ACCOUNT_LOCKED"


def test_R_LK_1_methods_count_separately(signed_client: SignedClient) -> None:
    """Four wrong passwords and four wrong codes: no method reached five, no lock."""
    for _ in range(4):
        signed_client.login("zhangsan01", "Wrong.pass1")
    attempt = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    signed_client.send_sms(attempt)
    real = signed_client.outbox_code("13800000001")
    wrong = "000000" if real != "000000" else "111111"
    for _ in range(4):
        assert _code(signed_client.verify(attempt, wrong)) == "SMS_CODE_WRONG"
    assert signed_client.verify(attempt, real).json()["status"] == "logged_in"


def test_R_SMS_1_sixth_code_in_ten_minutes_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    start = manual_clock.now()
    for _ in range(5):
        attempt = signed_client.login(WANG.document_number, WANG.password).json()["attempt_id"]
        assert signed_client.send_sms(attempt).status_code == 200
        manual_clock.advance(seconds=61)
    attempt = signed_client.login(WANG.document_number, WANG.password).json()["attempt_id"]
    refused = signed_client.send_sms(attempt)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "SMS_RATE_LIMITED"
    assert error["rule"] == "R-SMS-1"
    waited = manual_clock.now() - start
    assert error["details"]["retry_after_s"] == 600 - int(waited.total_seconds())

    manual_clock.set(start + timedelta(minutes=10))
    assert signed_client.send_sms(attempt).status_code == 200


def test_R_SMS_1_window_is_per_phone(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    for _ in range(5):
        attempt = signed_client.login(WANG.document_number, WANG.password).json()["attempt_id"]
        signed_client.send_sms(attempt)
        manual_clock.advance(seconds=61)
    other = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    assert signed_client.send_sms(other).status_code == 200
