"""Issue 13 at the kiosk: the journeys' own checks agree with the service at the rules'
edges. Qt-free flows → HttpAccountClient → the real service (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.flows.account_center import AccountCenterFlow
from kiosk.flows.forgot_password import ForgotPasswordFlow, ForgotPasswordStep
from kiosk.flows.login import LoginFlow, LoginStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient

ZHANG, LI = DEMO_PERSONS[0], DEMO_PERSONS[1]
ZHANG_PHONE, LI_PHONE = "13800000001", "13800000002"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture
def login(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


@pytest.mark.parametrize(
    ("typed", "part"),
    [("110105194912310021", "校验码"), ("110105194913310026", "出生日期")],
)
def test_R_ID_5_login_says_which_part_of_the_id_number_is_wrong(
    login: LoginFlow, typed: str, part: str
) -> None:
    error = error_of(login.submit_credentials(typed, ZHANG.password))
    assert error.code is ErrorCode.ID_NUMBER_INVALID
    assert error.rule == "R-ID-5"
    assert part in error.text(Lang.ZH)
    assert login.step is LoginStep.CREDENTIALS


@pytest.mark.parametrize("shape", ["full_width", "inner_space"])
def test_R_LK_1_the_right_code_typed_full_width_or_with_spaces_logs_in(
    login: LoginFlow, kiosk_api: HttpAccountClient, shape: str
) -> None:
    assert login.submit_credentials(ZHANG.document_number, ZHANG.password).ok
    assert login.request_sms().ok
    code = latest_code(kiosk_api, ZHANG_PHONE)
    typed = code.translate(FULL_WIDTH) if shape == "full_width" else f"{code[:3]} {code[3:]}"
    assert login.submit_code(typed).ok
    assert login.step is LoginStep.LOGGED_IN


def test_R_LK_1_digits_of_another_script_are_refused_before_the_service(
    login: LoginFlow,
) -> None:
    assert login.submit_credentials(ZHANG.document_number, ZHANG.password).ok
    assert login.request_sms().ok
    # str.isdigit() accepts these; they are not a code a person was sent.
    assert error_of(login.submit_code("١٢٣٤٥٦")).code is ErrorCode.SMS_CODE_FORMAT


GUESSABLE = "abcd1234"


def test_R_PW_2_the_forced_change_refuses_a_guessable_password(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert login.submit_credentials(LI.document_number, LI.password).ok
    assert login.request_sms().ok
    assert login.submit_code(latest_code(kiosk_api, LI_PHONE)).ok
    assert login.step is LoginStep.CHANGE_PASSWORD
    refused = error_of(login.submit_new_password(GUESSABLE, GUESSABLE))
    assert refused.code is ErrorCode.PASSWORD_TOO_GUESSABLE
    born = error_of(login.submit_new_password("Li.19900307", "Li.19900307"))
    assert born.code is ErrorCode.PASSWORD_TOO_GUESSABLE  # the birthday in the ID number


def test_R_PW_2_the_account_center_refuses_a_guessable_password(
    login: LoginFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    assert login.submit_credentials(ZHANG.document_number, ZHANG.password).ok
    assert login.request_sms().ok
    assert login.submit_code(latest_code(kiosk_api, ZHANG_PHONE)).ok
    assert login.state.logged_in is not None
    center = AccountCenterFlow(
        kiosk_api,
        login.state.logged_in.session_token,
        clock=lambda: manual_clock.now().timestamp(),
    )
    assert center.refresh().ok
    assert center.open_password().ok
    refused = error_of(center.submit_password_change(ZHANG.password, GUESSABLE, GUESSABLE))
    assert refused.code is ErrorCode.PASSWORD_TOO_GUESSABLE
    # The service says the same of what only it knows: the phone number.
    phone = error_of(
        center.submit_password_change(ZHANG.password, "Zz.13800000001", "Zz.13800000001")
    )
    assert phone.code is ErrorCode.PASSWORD_TOO_GUESSABLE


def test_R_PW_2_forgot_password_refuses_a_guessable_password(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    flow = ForgotPasswordFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())
    assert flow.submit_identity(ZHANG.document_type, ZHANG.document_number).ok
    assert flow.request_sms().ok
    code = latest_code(kiosk_api, ZHANG_PHONE).translate(FULL_WIDTH)
    assert flow.submit_code(code).ok  # item 5 too: full-width digits verify
    assert flow.step is ForgotPasswordStep.NEW_PASSWORD
    refused = error_of(flow.submit_new_password(GUESSABLE, GUESSABLE))
    assert refused.code is ErrorCode.PASSWORD_TOO_GUESSABLE
    born = error_of(flow.submit_new_password("Zz.19491231", "Zz.19491231"))
    assert born.code is ErrorCode.PASSWORD_TOO_GUESSABLE
