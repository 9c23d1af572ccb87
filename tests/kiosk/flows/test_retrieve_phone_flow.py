"""Retrieve phone number end to end: RetrievePhoneFlow → HttpAccountClient → the real
account service over HTTP → SQLite and PostgreSQL (docs/account-self-service.md, R-PH-5).
"""

from __future__ import annotations

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.flows.login import LoginFlow
from kiosk.flows.retrieve_phone import RetrievePhoneFlow, RetrievePhoneStep
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password)
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
ZHAO = next(p for p in DEMO_PERSONS if p.phone is None)
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
NEW_PHONE = "13900000011"


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> RetrievePhoneFlow:
    return RetrievePhoneFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


@pytest.fixture
def login(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


def step_of(flow: RetrievePhoneFlow) -> RetrievePhoneStep:
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


def retrieve(
    flow: RetrievePhoneFlow, api: HttpAccountClient, identifier: str, password: str, phone: str
) -> None:
    assert flow.submit_password(identifier, password).ok
    assert flow.request_sms(phone).ok
    assert flow.submit_code(latest_code(api, phone)).ok
    assert step_of(flow) is RetrievePhoneStep.DONE


@pytest.mark.parametrize("identifier", [ZHANG.document_number, "zhangsan01"])
def test_R_PH_5_retrieve_binds_a_new_default_number(
    flow: RetrievePhoneFlow, login: LoginFlow, kiosk_api: HttpAccountClient, identifier: str
) -> None:
    assert flow.submit_password(identifier, ZHANG.password).ok
    assert step_of(flow) is RetrievePhoneStep.NEW_PHONE
    assert flow.request_sms("139 0000 0011").ok
    assert flow.state.sms.sent is not None and flow.state.sms.sent.phone_masked == "139****0011"
    assert flow.resend_seconds_left() == 60
    assert flow.submit_code(latest_code(kiosk_api, NEW_PHONE)).ok
    assert step_of(flow) is RetrievePhoneStep.DONE
    assert flow.state.bound is not None
    assert flow.state.bound.phone_masked == "139****0011"
    assert flow.state.bound.moved_from_another_person is False
    # The new number is the default now: login by it sends the code there (R-2F-2).
    assert login.submit_credentials(NEW_PHONE, ZHANG.password).ok
    assert login.state.sms_phone_masked == "139****0011"
    session = log_in(login, kiosk_api, NEW_PHONE, ZHANG.password, NEW_PHONE)
    account = kiosk_api.account_view(session.session_token)
    assert sorted((p.phone_masked, p.is_default) for p in account.phones) == [
        ("138****0001", False),
        ("139****0011", True),
    ]


def test_R_PH_5_R_PW_3_the_initial_password_is_not_accepted(flow: RetrievePhoneFlow) -> None:
    refused = error_of(flow.submit_password(LI.document_number, LI.password))
    assert refused.code is ErrorCode.INITIAL_PASSWORD_NOT_ACCEPTED
    assert refused.rule == "R-PH-5"
    assert "忘记密码" in refused.text(Lang.ZH)
    assert step_of(flow) is RetrievePhoneStep.PASSWORD


def test_R_PH_5_R_LK_1_wrong_passwords_count_and_lock(flow: RetrievePhoneFlow) -> None:
    for remaining in (4, 3, 2, 1):
        error = error_of(flow.submit_password("zhangsan01", "Wrong.pass1"))
        assert error.code is ErrorCode.WRONG_PASSWORD
        assert error.details["remaining"] == remaining
    assert error_of(flow.submit_password("zhangsan01", "Wrong.pass1")).code is (
        ErrorCode.ACCOUNT_LOCKED
    )
    assert error_of(flow.submit_password("zhangsan01", ZHANG.password)).code is (
        ErrorCode.ACCOUNT_LOCKED
    )


def test_R_PH_2_a_retrieved_number_moves_from_its_previous_owner(
    flow: RetrievePhoneFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert WANG.phone is not None
    retrieve(flow, kiosk_api, "zhangsan01", ZHANG.password, WANG.phone)
    assert flow.state.bound is not None and flow.state.bound.moved_from_another_person
    # 王五 no longer has the number (R-PH-3's answer for it is gone)...
    login.wipe()
    assert login.submit_credentials(WANG.document_number, WANG.password).ok
    assert login.state.sms_phone_masked is None
    assert error_of(login.request_sms()).code is ErrorCode.PHONE_EMPTY
    # ... and it logs 张三 in now.
    login.wipe()
    assert login.submit_credentials(WANG.phone, ZHANG.password).ok


def test_R_PH_6_a_person_without_phone_retrieves_one(
    flow: RetrievePhoneFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    retrieve(flow, kiosk_api, ZHAO.document_number, ZHAO.password, "13900000066")
    session = log_in(login, kiosk_api, ZHAO.document_number, ZHAO.password, "13900000066")
    assert session.person.phone_masked == "139****0066"


def test_R_ID_2_retrieve_by_a_permit_number(
    flow: RetrievePhoneFlow, kiosk_api: HttpAccountClient
) -> None:
    retrieve(flow, kiosk_api, CHEN.document_number, CHEN.password, "13900000055")


def test_R_PH_5_code_to_a_typed_number_then_back_abandons_it(
    flow: RetrievePhoneFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.submit_password("zhangsan01", ZHANG.password).ok
    assert flow.request_sms(NEW_PHONE).ok
    code = latest_code(kiosk_api, NEW_PHONE)
    too_soon = error_of(flow.request_sms(NEW_PHONE))
    assert too_soon.code is ErrorCode.SMS_RESEND_TOO_SOON
    assert flow.back().ok
    assert flow.state.identifier == "zhangsan01"
    assert flow.submit_password("zhangsan01", ZHANG.password).ok
    # The old verification's code means nothing for the new one.
    assert error_of(flow.submit_code(code)).code in {
        ErrorCode.SMS_NOT_SENT,
        ErrorCode.SMS_CODE_WRONG,
    }
