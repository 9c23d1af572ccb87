"""Forgot password end to end: ForgotPasswordFlow → HttpAccountClient → the real account
service over HTTP → SQLite and PostgreSQL (docs/account-self-service.md, R-PW-4).

The service's manual clock drives the kiosk's clocks too, so tests move time without sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.domain.lockout import SHANGHAI
from kiosk.flows.forgot_password import ForgotPasswordFlow, ForgotPasswordStep
from kiosk.flows.login import LoginFlow
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
ZHAO = next(p for p in DEMO_PERSONS if p.phone is None)
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
ZHANG_PHONE = "13800000001"
NEW_PASSWORD = "Zhang.2025x"


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> ForgotPasswordFlow:
    return ForgotPasswordFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


@pytest.fixture
def login(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


def step_of(flow: ForgotPasswordFlow) -> ForgotPasswordStep:
    return flow.step  # read through a call: mypy must not keep an earlier narrowing


def log_in(
    login: LoginFlow, api: HttpAccountClient, identifier: str, password: str, phone: str
) -> LoggedIn:
    login.wipe()
    assert login.submit_credentials(identifier, password).ok
    assert login.request_sms().ok
    assert login.submit_code(latest_code(api, phone)).ok
    assert login.state.logged_in is not None
    return login.state.logged_in


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def test_R_PW_4_reset_by_sms_then_log_in_with_the_new_password(
    flow: ForgotPasswordFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number.lower()).ok
    assert step_of(flow) is ForgotPasswordStep.VERIFY
    assert flow.state.phone_masked == "138****0001"
    assert flow.state.can_use_sms
    assert flow.request_sms().ok
    assert flow.resend_seconds_left() == 60
    assert flow.submit_code(latest_code(kiosk_api, ZHANG_PHONE)).ok
    assert step_of(flow) is ForgotPasswordStep.NEW_PASSWORD
    assert flow.submit_new_password(NEW_PASSWORD, NEW_PASSWORD).ok
    assert step_of(flow) is ForgotPasswordStep.DONE
    assert flow.state.unlocked is False
    old = error_of(login.submit_credentials("zhangsan01", ZHANG.password))
    assert old.code is ErrorCode.WRONG_PASSWORD
    assert log_in(login, kiosk_api, "zhangsan01", NEW_PASSWORD, ZHANG_PHONE).person.username == (
        "zhangsan01"
    )


def test_R_PW_4_the_new_password_may_equal_the_old_one(
    flow: ForgotPasswordFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    flow.request_sms()
    flow.submit_code(latest_code(kiosk_api, ZHANG_PHONE))
    assert flow.submit_new_password(ZHANG.password, ZHANG.password).ok
    log_in(login, kiosk_api, "zhangsan01", ZHANG.password, ZHANG_PHONE)


def test_R_PW_4_R_LK_1_a_reset_unlocks_a_locked_account(
    flow: ForgotPasswordFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    for _ in range(5):
        login.submit_credentials("zhangsan01", "Wrong.pass1")
    locked = error_of(login.submit_credentials("zhangsan01", ZHANG.password))
    assert locked.code is ErrorCode.ACCOUNT_LOCKED
    # Forgot password is the way out: it works while locked.
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    assert flow.request_sms().ok
    assert flow.submit_code(latest_code(kiosk_api, ZHANG_PHONE)).ok
    assert flow.submit_new_password(NEW_PASSWORD, NEW_PASSWORD).ok
    assert flow.state.unlocked is True
    # Every failure counter is back to zero: a wrong password has all five tries again.
    login.wipe()
    first = error_of(login.submit_credentials("zhangsan01", "Wrong.pass1"))
    assert first.code is ErrorCode.WRONG_PASSWORD
    assert first.details["remaining"] == 4
    log_in(login, kiosk_api, "zhangsan01", NEW_PASSWORD, ZHANG_PHONE)


def test_R_PW_4_a_reset_ends_the_live_sessions(
    flow: ForgotPasswordFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    session = log_in(login, kiosk_api, "zhangsan01", ZHANG.password, ZHANG_PHONE)
    reset_by_sms(flow, kiosk_api)
    with pytest.raises(UserError) as ended:
        kiosk_api.current_person(session.session_token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def reset_by_sms(flow: ForgotPasswordFlow, api: HttpAccountClient) -> None:
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    assert flow.request_sms().ok
    assert flow.submit_code(latest_code(api, ZHANG_PHONE)).ok
    assert flow.submit_new_password(NEW_PASSWORD, NEW_PASSWORD).ok


def test_R_PW_4_unknown_person_or_wrong_document_type_is_not_registered(
    flow: ForgotPasswordFlow,
) -> None:
    unknown = error_of(flow.submit_identity("RESIDENT_ID", "110101199003076536"))
    assert unknown.code is ErrorCode.USER_NOT_REGISTERED
    assert "该用户未注册" in unknown.text(Lang.ZH)
    # 陈小明's permit number under another type: the same answer, no hint which part is wrong.
    other_type = error_of(flow.submit_identity("FOREIGN_PASSPORT", CHEN.document_number))
    assert other_type.code is ErrorCode.USER_NOT_REGISTERED
    assert step_of(flow) is ForgotPasswordStep.IDENTITY
    assert flow.submit_identity(CHEN.document_type, CHEN.document_number).ok


def test_R_PH_6_no_phone_refuses_sms_and_face_needs_a_reference(
    flow: ForgotPasswordFlow,
) -> None:
    assert flow.submit_identity(ZHAO.document_type, ZHAO.document_number).ok
    assert flow.state.phone_masked is None
    assert not flow.state.can_use_sms
    empty = error_of(flow.request_sms())
    assert empty.code is ErrorCode.RESET_PHONE_EMPTY
    assert empty.rule == "R-PH-6"
    # No demo person has a face reference on file: the service says so (R-PH-6).
    no_face = error_of(flow.submit_face([0.0] * 128))
    assert no_face.code is ErrorCode.FACE_NO_REFERENCE
    assert "办税服务厅" in no_face.text(Lang.ZH)
    assert step_of(flow) is ForgotPasswordStep.VERIFY


def test_R_LK_1_five_wrong_reset_codes_spend_sms_but_not_the_way_out(
    flow: ForgotPasswordFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    assert flow.request_sms().ok
    right = latest_code(kiosk_api, ZHANG_PHONE)
    for remaining in (4, 3, 2, 1):
        error = error_of(flow.submit_code(wrong_code(right)))
        assert error.code is ErrorCode.SMS_CODE_WRONG
        assert error.details["remaining"] == remaining
    spent = error_of(flow.submit_code(wrong_code(right)))
    assert spent.code is ErrorCode.RESET_SMS_EXHAUSTED
    unlock_at = datetime.fromisoformat(str(spent.details["unlock_at"]))
    assert unlock_at.astimezone(SHANGHAI).time().isoformat() == "00:00:00"
    assert "人脸验证" in spent.text(Lang.ZH)
    # SMS stays refused, the right code included; login sees the one lock state.
    assert error_of(flow.submit_code(right)).code is ErrorCode.RESET_SMS_EXHAUSTED
    assert error_of(flow.request_sms()).code is ErrorCode.RESET_SMS_EXHAUSTED
    assert error_of(login.submit_credentials("zhangsan01", ZHANG.password)).code is (
        ErrorCode.ACCOUNT_LOCKED
    )


def test_R_2F_3_reset_code_resend_countdown_and_verification_lifetime(
    flow: ForgotPasswordFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    assert flow.request_sms().ok
    too_soon = error_of(flow.request_sms())
    assert too_soon.code is ErrorCode.SMS_RESEND_TOO_SOON
    assert flow.resend_seconds_left() == too_soon.retry_after_s
    manual_clock.advance(seconds=60)
    assert flow.resend_seconds_left() == 0
    assert flow.request_sms().ok
    # A verification lives 30 minutes; after that every step says start again.
    manual_clock.advance(timedelta(minutes=31))
    expired = error_of(flow.submit_code(latest_code(kiosk_api, ZHANG_PHONE)))
    assert expired.code is ErrorCode.VERIFICATION_EXPIRED
    assert flow.back().ok
    assert step_of(flow) is ForgotPasswordStep.IDENTITY
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok


def test_R_PW_4_a_reset_code_is_single_use(
    flow: ForgotPasswordFlow, kiosk_api: HttpAccountClient
) -> None:
    reset_by_sms(flow, kiosk_api)
    used = latest_code(kiosk_api, ZHANG_PHONE)
    flow.wipe()
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    # The new verification has sent nothing yet: the old code proves nothing here.
    assert error_of(flow.submit_code(used)).code in {
        ErrorCode.SMS_NOT_SENT,
        ErrorCode.SMS_CODE_WRONG,
    }
