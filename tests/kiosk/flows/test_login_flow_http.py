"""The login journey end to end: LoginFlow → HttpAccountClient → the real account service
over HTTP (uvicorn on loopback) → SQLite and PostgreSQL with the real migrations.

The service's manual clock drives the kiosk's clocks too, so tests move time (R-LK-1's
00:00 Asia/Shanghai, R-SMS-1's ten minutes) without sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from kiosk.domain.lockout import SHANGHAI
from kiosk.flows.login import Factor, LoginFlow, LoginStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient
from tests.support.photos import photo_paths

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password)
ZHAO = next(p for p in DEMO_PERSONS if p.phone is None)


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


@pytest.mark.parametrize("identifier", [ZHANG.document_number, "13800000001", "zhangsan01"])
def test_R_LG_1_login_by_id_number_phone_and_username(
    flow: LoginFlow, kiosk_api: HttpAccountClient, identifier: str
) -> None:
    assert flow.submit_credentials(identifier, ZHANG.password).ok
    assert flow.step is LoginStep.SMS
    assert flow.state.sms_phone_masked == "138****0001"  # R-2F-2
    assert flow.request_sms().ok
    assert flow.resend_seconds_left() == 60
    assert flow.submit_code(latest_code(kiosk_api, "13800000001")).ok
    assert flow.step is LoginStep.LOGGED_IN
    assert flow.state.logged_in is not None
    person = flow.state.logged_in.person
    assert person.name_masked == "张*"
    assert person.real_name_level == 4
    token = flow.state.logged_in.session_token
    assert kiosk_api.current_person(token).person_id == person.person_id
    assert flow.logout().ok
    assert flow.state.logged_in is None
    with pytest.raises(UserError) as ended:
        kiosk_api.current_person(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_R_LK_1_five_wrong_passwords_lock_until_midnight_shanghai(
    flow: LoginFlow, manual_clock: ManualClock
) -> None:
    for remaining in (4, 3, 2, 1):
        error = error_of(flow.submit_credentials("zhangsan01", "Wrong.pass1"))
        assert error.code is ErrorCode.WRONG_PASSWORD
        assert error.details["remaining"] == remaining
    locked = error_of(flow.submit_credentials("zhangsan01", "Wrong.pass1"))
    assert locked.code is ErrorCode.ACCOUNT_LOCKED
    assert locked.rule == "R-LK-1"
    assert "忘记密码" in locked.text(Lang.ZH)
    assert "Forgot password" in locked.text(Lang.EN)
    midnight = datetime.fromisoformat(str(locked.details["unlock_at"]))
    assert midnight.astimezone(SHANGHAI).time().isoformat() == "00:00:00"
    # The right password does not help while locked ...
    still = error_of(flow.submit_credentials("zhangsan01", ZHANG.password))
    assert still.code is ErrorCode.ACCOUNT_LOCKED
    # ... one second before midnight neither; at 00:00 Asia/Shanghai the lock lifts.
    manual_clock.set(midnight - timedelta(seconds=1))
    assert error_of(flow.submit_credentials("zhangsan01", ZHANG.password)).code is (
        ErrorCode.ACCOUNT_LOCKED
    )
    manual_clock.set(midnight)
    assert flow.submit_credentials("zhangsan01", ZHANG.password).ok


def test_R_LK_1_a_success_resets_the_failure_count(flow: LoginFlow) -> None:
    for _ in range(4):
        flow.submit_credentials("zhangsan01", "Wrong.pass1")
    assert flow.submit_credentials("zhangsan01", ZHANG.password).ok
    flow.back()
    for remaining in (4, 3, 2, 1):
        error = error_of(flow.submit_credentials("zhangsan01", "Wrong.pass1"))
        assert error.details["remaining"] == remaining


def test_R_LK_1_five_wrong_sms_codes_lock(flow: LoginFlow, kiosk_api: HttpAccountClient) -> None:
    flow.submit_credentials("zhangsan01", ZHANG.password)
    flow.request_sms()
    right = latest_code(kiosk_api, "13800000001")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert error_of(flow.submit_code(wrong)).code is ErrorCode.SMS_CODE_WRONG
    assert error_of(flow.submit_code(wrong)).code is ErrorCode.ACCOUNT_LOCKED
    assert error_of(flow.submit_code(right)).code is ErrorCode.ACCOUNT_LOCKED


def test_R_SMS_1_sixth_code_in_ten_minutes_is_refused_with_the_wait(
    flow: LoginFlow, manual_clock: ManualClock
) -> None:
    """Five codes to one phone (re-entering the password each time: R-2F-3 allows an
    immediate request), then the sixth within ten minutes is refused with the wait."""
    for _ in range(5):
        flow.submit_credentials("13800000001", ZHANG.password)
        assert flow.request_sms().ok
        manual_clock.advance(seconds=30)
        flow.back()
    flow.submit_credentials("13800000001", ZHANG.password)
    refused = error_of(flow.request_sms())
    assert refused.code is ErrorCode.SMS_RATE_LIMITED
    assert refused.rule == "R-SMS-1"
    assert refused.retry_after_s == 600 - 5 * 30
    assert "短信验证码获取频繁，请稍后重试" in refused.text(Lang.ZH)
    assert str(600 - 150) in refused.text(Lang.EN)
    manual_clock.advance(seconds=600 - 150)
    assert flow.request_sms().ok


def test_R_2F_3_code_void_after_password_reentered_and_new_code_at_once(
    flow: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow.submit_credentials("zhangsan01", ZHANG.password)
    flow.request_sms()
    old_code = latest_code(kiosk_api, "13800000001")
    assert error_of(flow.request_sms()).code is ErrorCode.SMS_RESEND_TOO_SOON
    assert flow.resend_seconds_left() > 0
    flow.back()  # the person goes back and types the password again
    flow.submit_credentials("zhangsan01", ZHANG.password)
    void = error_of(flow.submit_code(old_code))
    assert void.code is ErrorCode.SMS_CODE_VOID
    assert "验证码已失效" in void.text(Lang.ZH)
    assert flow.resend_seconds_left() == 0
    assert flow.request_sms().ok  # at once: the countdown belongs to the old attempt
    assert flow.submit_code(latest_code(kiosk_api, "13800000001")).ok


def test_R_PW_3_initial_password_forces_a_change_then_a_new_login(
    flow: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert LI.phone is not None
    assert flow.submit_credentials(LI.document_number, LI.password).ok
    assert flow.state.initial_password
    flow.request_sms()
    assert flow.submit_code(latest_code(kiosk_api, LI.phone)).ok
    assert flow.step is LoginStep.CHANGE_PASSWORD
    assert flow.state.logged_in is None  # no session on the initial password
    same = error_of(flow.submit_new_password(LI.password, LI.password))
    assert same.code in {ErrorCode.PASSWORD_RULE, ErrorCode.PASSWORD_SAME_AS_INITIAL}
    assert flow.submit_new_password("Li.new2024", "Li.new2024").ok
    assert flow.step is LoginStep.PASSWORD_CHANGED
    flow.log_in_again()
    assert error_of(flow.submit_credentials(LI.document_number, LI.password)).code is (
        ErrorCode.WRONG_PASSWORD
    )
    assert flow.submit_credentials(LI.document_number, "Li.new2024").ok
    assert not flow.state.initial_password


def test_seed_messages_unknown_phone_unregistered_user_and_empty_phone(
    flow: LoginFlow,
) -> None:
    """rules.md section 12: R-PH-3, R-ID-6 and R-PH-4 each where its case arises."""
    phone = error_of(flow.submit_credentials("13900000009", "Whatever.1"))
    assert phone.code is ErrorCode.PHONE_NOT_FOUND
    assert "手机号码不存在，您可以尝试使用证件号码登录" in phone.text(Lang.ZH)
    unknown = error_of(flow.submit_credentials("110101199003076536", "Whatever.1"))
    assert unknown.code is ErrorCode.USER_NOT_REGISTERED
    assert "该用户未注册，请在自然人业务入口进行用户注册" in unknown.text(Lang.ZH)
    assert flow.submit_credentials(ZHAO.document_number, ZHAO.password).ok
    assert flow.state.sms_phone_masked is None
    empty = error_of(flow.request_sms())
    assert empty.code is ErrorCode.PHONE_EMPTY
    assert "您的手机号为空，请您通过扫码验证方式登录系统" in empty.text(Lang.ZH)


# -- the face as second factor (issue 6, R-2F-1, R-RN-3) ----------------------------------


def test_R_2F_1_R_RN_3_face_second_factor_against_the_real_service(
    kiosk_api: HttpAccountClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    """王五 (level 3) has the authority's reference photo (obama); the live face (obama2)
    logs him in by the camera and lifts him to level 4; another face (biden) is refused."""
    encoder = PhotoEncoder.load()
    photos = photo_paths()
    wang = next(p for p in DEMO_PERSONS if p.level == 3)
    with account_service.session_factory.begin() as session:
        add_resident(
            session,
            name=wang.name,
            document_type=wang.document_type,
            document_number=wang.document_number,
            face_template=encoder.encode_file(photos["obama"]),
            now=manual_clock.now(),
        )
    flow = LoginFlow(
        kiosk_api, clock=lambda: manual_clock.now().timestamp(), factors_here=tuple(Factor)
    )
    assert flow.submit_credentials(wang.document_number, wang.password).ok
    assert flow.step is LoginStep.CHOOSE_FACTOR
    assert flow.state.factors == (Factor.SMS, Factor.FACE, Factor.QR)
    assert flow.choose_factor(Factor.FACE).ok
    refused = flow.submit_face(encoder.encode_file(photos["biden"]))
    assert error_of(refused).code is ErrorCode.FACE_MISMATCH
    assert flow.step is LoginStep.FACE
    assert flow.submit_face(encoder.encode_file(photos["obama2"])).ok
    assert flow.step is LoginStep.LOGGED_IN
    assert flow.state.logged_in is not None
    assert flow.state.logged_in.person.real_name_level == 4
