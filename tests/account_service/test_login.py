"""Login through real HTTP on SQLite and PostgreSQL (R-LG-1, R-2F-1..3, R-PH-3/4, R-ID-6)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
LI = DEMO_PERSONS[1]
ZHAO = DEMO_PERSONS[3]
CHEN = DEMO_PERSONS[4]


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert set(error) >= {"code", "rule", "message_zh", "message_en", "details"}
    return error


@pytest.mark.parametrize(
    ("identifier", "masked_phone"),
    [
        (ZHANG.document_number, "138****0001"),
        ("13800000001", "138****0001"),
        ("zhangsan01", "138****0001"),
    ],
    ids=["id-number", "phone", "username"],
)
def test_R_LG_1_login_session_logout(
    signed_client: SignedClient, identifier: str, masked_phone: str
) -> None:
    """R-LG-1 + R-2F-1: password → SMS → verify → session → logout → session dead."""
    started = signed_client.login(identifier, ZHANG.password)
    assert started.status_code == 200, started.text
    body = started.json()
    assert body["sms_phone_masked"] == masked_phone
    assert body["initial_password"] is False
    # R-2F-1: configured factors; no face to compare with, so no face factor.
    assert body["second_factors"] == ["sms", "qr"]

    sent = signed_client.send_sms(body["attempt_id"])
    assert sent.json() == {"phone_masked": masked_phone, "resend_after_s": 60, "expires_in_s": 300}
    code = signed_client.outbox_code("13800000001")
    verified = signed_client.verify(body["attempt_id"], code)
    assert verified.status_code == 200, verified.text
    result = verified.json()
    assert result["status"] == "logged_in"
    assert result["expires_in_s"] == 1800
    assert result["person"] == {
        "person_id": result["person"]["person_id"],
        "name_masked": "张*",
        "id_number_masked": "110***********002X",
        "real_name_level": 4,
        "username": "zhangsan01",
        "phone_masked": "138****0001",
    }
    token = result["session_token"]

    session = signed_client.get("/v1/session", bearer=token)
    assert session.status_code == 200
    assert session.json()["person"]["name_masked"] == "张*"
    assert session.json()["expires_in_s"] == 1800

    logout = signed_client.post("/v1/auth/logout", bearer=token)
    assert logout.json() == {"status": "logged_out"}
    _error(signed_client.get("/v1/session", bearer=token), 401, "SESSION_INVALID")
    # A finished attempt cannot be verified again.
    _error(signed_client.verify(body["attempt_id"], code), 404, "ATTEMPT_NOT_FOUND")


def test_R_2F_2_login_by_second_document_type(signed_client: SignedClient) -> None:
    """A 港澳居民来往内地通行证 number (username-shaped) logs in as a document number."""
    result = signed_client.full_login(CHEN.document_number, CHEN.password, "13800000005")
    assert result["status"] == "logged_in"
    assert result["person"]["name_masked"] == "陈**"


def test_R_PH_3_unknown_phone(signed_client: SignedClient) -> None:
    error = _error(signed_client.login("13900000009", "Whatever1"), 404, "PHONE_NOT_FOUND")
    assert error["rule"] == "R-PH-3"
    assert error["message_zh"].startswith("手机号码不存在，您可以尝试使用证件号码登录")


def test_R_ID_6_unknown_id_number(signed_client: SignedClient) -> None:
    error = _error(
        signed_client.login("110101199003076536", "Whatever1"), 404, "USER_NOT_REGISTERED"
    )
    assert error["rule"] == "R-ID-6"
    assert error["message_en"]
    _error(signed_client.login("nobody123", "Whatever1"), 404, "USER_NOT_REGISTERED")


def test_R_LG_1_invalid_identifier(signed_client: SignedClient) -> None:
    error = _error(signed_client.login("!!", "Whatever1"), 422, "INVALID_IDENTIFIER")
    assert error["rule"] == "R-LG-1"


def test_R_PH_4_no_phone_answers_phone_empty(signed_client: SignedClient) -> None:
    started = signed_client.login(ZHAO.document_number, ZHAO.password)
    assert started.status_code == 200
    assert started.json()["sms_phone_masked"] is None
    error = _error(signed_client.send_sms(started.json()["attempt_id"]), 409, "PHONE_EMPTY")
    assert error["rule"] == "R-PH-4"


def test_R_PW_3_initial_password_must_change(signed_client: SignedClient) -> None:
    started = signed_client.login(LI.document_number, LI.password)
    assert started.json()["initial_password"] is True
    attempt = started.json()["attempt_id"]
    signed_client.send_sms(attempt)
    verified = signed_client.verify(attempt, signed_client.outbox_code("13800000002"))
    assert verified.json()["status"] == "password_change_required"
    assert "session_token" not in verified.json()
    token = verified.json()["change_token"]

    def change(new: str) -> Any:
        return signed_client.post(
            "/v1/auth/password/initial-change", {"change_token": token, "new_password": new}
        )

    _error(change(LI.password), 422, "PASSWORD_SAME_AS_INITIAL")
    rule = _error(change("abcdefgh"), 422, "PASSWORD_RULE")  # one kind only (R-PW-2)
    assert rule["details"]["reason"]
    assert rule["details"]["reason_en"] in rule["message_en"]
    assert change("Li.new2024").json() == {"status": "password_changed"}
    _error(change("Li.other2024"), 401, "SESSION_INVALID")  # single-use

    _error(signed_client.login(LI.document_number, LI.password), 401, "WRONG_PASSWORD")
    result = signed_client.full_login(LI.document_number, "Li.new2024", "13800000002")
    assert result["status"] == "logged_in"


def test_R_2F_3_new_attempt_voids_old_code_and_resets_countdown(
    signed_client: SignedClient,
) -> None:
    first = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    assert signed_client.send_sms(first).status_code == 200
    old_code = signed_client.outbox_code("13800000001")
    too_soon = _error(signed_client.send_sms(first), 429, "SMS_RESEND_TOO_SOON")
    assert too_soon["details"]["retry_after_s"] == 60

    second = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    void = _error(signed_client.verify(first, old_code), 409, "SMS_CODE_VOID")
    assert void["rule"] == "R-2F-3"
    assert signed_client.send_sms(second).status_code == 200  # no countdown on a new attempt
    new_code = signed_client.outbox_code("13800000001")
    assert signed_client.verify(second, new_code).json()["status"] == "logged_in"


def test_R_2F_1_verify_before_send_and_expired_code(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    attempt = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    _error(signed_client.verify(attempt, "123456"), 409, "SMS_NOT_SENT")
    signed_client.send_sms(attempt)
    code = signed_client.outbox_code("13800000001")
    manual_clock.advance(seconds=301)
    _error(signed_client.verify(attempt, code), 409, "SMS_CODE_EXPIRED")
    _error(signed_client.send_sms("not-a-uuid"), 404, "ATTEMPT_NOT_FOUND")


def test_codes_passwords_and_personal_data_stay_out_of_logs(
    sqlite_database_url: str,
    manual_clock: ManualClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Service-side logs (access log on) carry masked data only; codes and passwords never."""
    caplog.set_level(logging.DEBUG)
    with (
        live_service(sqlite_database_url, manual_clock, tmp_path, access_log=True) as service,
        SignedClient(service.base_url, now=manual_clock.now) as client,
    ):
        client.enroll(service.create_enroll_code())
        client.login("zhangsan01", "Wrong.pass1")
        result = client.full_login("13800000001", ZHANG.password, "13800000001")
        assert result["status"] == "logged_in"
        code = client.outbox_code("13800000001")
    service_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    text = "\n".join(r.getMessage() for r in service_side)
    assert "138****0001" in text  # the send and the outbox query are logged, masked
    for secret in (code, ZHANG.password, "Wrong.pass1", "13800000001", ZHANG.document_number):
        assert secret not in text


def test_R_2F_3_old_code_typed_into_the_new_attempt_says_void_and_counts_nothing(
    signed_client: SignedClient,
) -> None:
    """The seed's trap (000 三(五)): after re-entering the password the old code is void;
    typing it anyway gets "验证码已失效", not a wrong-code failure toward the lock."""
    first = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    signed_client.send_sms(first)
    old_code = signed_client.outbox_code("13800000001")
    second = signed_client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
    # Before a new code was requested, and after it: both say void.
    before = _error(signed_client.verify(second, old_code), 409, "SMS_CODE_VOID")
    assert "验证码已失效" in before["message_zh"]
    assert signed_client.send_sms(second).status_code == 200
    new_code = signed_client.outbox_code("13800000001")
    if new_code != old_code:  # one in a million: the same six digits again
        _error(signed_client.verify(second, old_code), 409, "SMS_CODE_VOID")
    # Nothing was counted: a truly wrong code still leaves 4 tries.
    wrong = "000000" if new_code != "000000" else "111111"
    assert _error(signed_client.verify(second, wrong), 401, "SMS_CODE_WRONG")["details"] == {
        "remaining": 4
    }
    assert signed_client.verify(second, new_code).json()["status"] == "logged_in"
