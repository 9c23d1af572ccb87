"""The account center end to end: AccountCenterFlow → HttpAccountClient → the real account
service over HTTP → SQLite and PostgreSQL (docs/account-self-service.md).

Every test logs in through LoginFlow first: the account center runs on that session.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from kiosk.domain.lockout import SHANGHAI
from kiosk.flows.account_center import AccountCenterFlow, AccountCenterStep
from kiosk.flows.forgot_password import ForgotPasswordFlow
from kiosk.flows.login import LoginFlow
from kiosk.protocol.account import AccountView
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
ZHANG_PHONE = "13800000001"


@pytest.fixture
def login(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


def step_of(flow: AccountCenterFlow) -> AccountCenterStep:
    return flow.step  # read through a call: mypy must not keep an earlier narrowing


def account_of(flow: AccountCenterFlow) -> AccountView:
    assert flow.state.account is not None
    return flow.state.account


def log_in(
    login: LoginFlow, api: HttpAccountClient, identifier: str, password: str, phone: str
) -> LoggedIn:
    login.wipe()
    assert login.submit_credentials(identifier, password).ok
    assert login.request_sms().ok
    assert login.submit_code(latest_code(api, phone)).ok
    assert login.state.logged_in is not None
    return login.state.logged_in


def center_for(
    login: LoginFlow,
    api: HttpAccountClient,
    clock: ManualClock,
    identifier: str,
    password: str,
    phone: str,
) -> AccountCenterFlow:
    session = log_in(login, api, identifier, password, phone)
    flow = AccountCenterFlow(api, session.session_token, clock=lambda: clock.now().timestamp())
    assert flow.refresh().ok
    return flow


@pytest.fixture
def zhang(
    login: LoginFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> AccountCenterFlow:
    return center_for(login, kiosk_api, manual_clock, "zhangsan01", ZHANG.password, ZHANG_PHONE)


def add_phone(flow: AccountCenterFlow, api: HttpAccountClient, phone: str) -> None:
    assert flow.start_add_phone(phone).ok
    assert step_of(flow) is AccountCenterStep.CONFIRM
    assert flow.submit_code(latest_code(api, phone)).ok
    assert step_of(flow) is AccountCenterStep.PHONES


def phone_id_of(flow: AccountCenterFlow, masked: str) -> int:
    return next(p.phone_id for p in account_of(flow).phones if p.phone_masked == masked)


def test_R_PH_1_overview_shows_phones_username_and_level(zhang: AccountCenterFlow) -> None:
    account = account_of(zhang)
    assert account.person.name_masked == "张*"
    assert [(p.phone_masked, p.is_default) for p in account.phones] == [("138****0001", True)]
    assert account.username == "zhangsan01"
    assert account.username_next_change_on is None
    assert account.real_name_level == 4
    assert account.phone_limit == 5
    assert account.notices == ()


def test_R_PH_1_add_a_phone_make_it_default_and_remove_the_old_one(
    zhang: AccountCenterFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    assert zhang.open_phones().ok
    add_phone(zhang, kiosk_api, "13900000011")
    assert sorted((p.phone_masked, p.is_default) for p in account_of(zhang).phones) == [
        ("138****0001", True),
        ("139****0011", False),
    ]
    # R-PH-7: the code for a new default goes to that number (it must receive codes).
    assert zhang.start_set_default(phone_id_of(zhang, "139****0011")).ok
    assert zhang.state.pending is not None
    assert zhang.state.pending.phone_masked == "139****0011"
    assert zhang.resend_seconds_left() == 60
    assert zhang.submit_code(latest_code(kiosk_api, "13900000011")).ok
    default = account_of(zhang).default_phone
    assert default is not None and default.phone_masked == "139****0011"
    # Removing goes to the default number: the owner agrees.
    assert zhang.start_remove_phone(phone_id_of(zhang, "138****0001")).ok
    assert zhang.state.pending is not None
    assert zhang.state.pending.phone_masked == "139****0011"
    assert zhang.submit_code(latest_code(kiosk_api, "13900000011")).ok
    assert [(p.phone_masked, p.is_default) for p in account_of(zhang).phones] == [
        ("139****0011", True)
    ]


def test_R_PH_1_add_phone_refusals_before_any_code(
    zhang: AccountCenterFlow, kiosk_api: HttpAccountClient
) -> None:
    zhang.open_phones()
    mine = error_of(zhang.start_add_phone(ZHANG_PHONE))
    assert mine.code is ErrorCode.PHONE_ALREADY_YOURS
    for n in range(4):
        add_phone(zhang, kiosk_api, f"1390000002{n}")
    assert len(account_of(zhang).phones) == 5
    full = error_of(zhang.start_add_phone("13900000029"))
    assert full.code is ErrorCode.PHONE_LIMIT_REACHED
    assert full.details["limit"] == 5
    assert kiosk_api.sms_outbox(phone="13900000029") == []
    unknown = error_of(zhang.start_remove_phone("999999"))
    assert unknown.code is ErrorCode.PHONE_UNKNOWN_ON_ACCOUNT
    assert step_of(zhang) is AccountCenterStep.PHONES


def test_R_PH_2_a_verified_number_moves_and_its_loser_is_told(
    zhang: AccountCenterFlow,
    login: LoginFlow,
    kiosk_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> None:
    assert WANG.phone is not None
    wang = center_for(
        LoginFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp()),
        kiosk_api,
        manual_clock,
        WANG.document_number,
        WANG.password,
        WANG.phone,
    )
    wang.open_phones()
    add_phone(wang, kiosk_api, "13900000033")
    # 张三 verifies 王五's default number: it is his now (R-PH-2).
    zhang.open_phones()
    add_phone(zhang, kiosk_api, WANG.phone)
    assert "138****0003" in {p.phone_masked for p in account_of(zhang).phones}
    # 王五's oldest remaining number became his default; the next login tells him.
    session = log_in(login, kiosk_api, WANG.document_number, WANG.password, "13900000033")
    assert [(n.kind, n.phone_masked) for n in session.notices] == [("phone_moved", "138****0003")]
    assert wang.refresh().ok
    assert [(p.phone_masked, p.is_default) for p in account_of(wang).phones] == [
        ("139****0033", True)
    ]
    assert [(n.kind, n.phone_masked) for n in account_of(wang).notices] == [
        ("phone_moved", "138****0003")
    ]
    wang.wipe()
    history = kiosk_api.account_history(session.session_token)
    assert "phone.moved_away" in {e.kind for e in history}
    # Delivered once: the login after that has nothing new to say.
    again = log_in(login, kiosk_api, WANG.document_number, WANG.password, "13900000033")
    assert again.notices == ()


def test_R_PH_4_the_last_number_may_go_and_deregistration_then_needs_one(
    login: LoginFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    assert CHEN.phone is not None
    chen = center_for(
        login, kiosk_api, manual_clock, CHEN.document_number, CHEN.password, CHEN.phone
    )
    chen.open_phones()
    assert chen.start_remove_phone(phone_id_of(chen, "138****0005")).ok
    assert chen.submit_code(latest_code(kiosk_api, CHEN.phone)).ok
    assert account_of(chen).phones == ()
    chen.back()
    assert chen.open_deregister().ok
    empty = error_of(chen.start_deregister())
    assert empty.code is ErrorCode.PHONE_EMPTY
    assert step_of(chen) is AccountCenterStep.DEREGISTER


def test_R_UN_1_first_setting_is_free_then_one_change_per_calendar_year(
    login: LoginFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    assert WANG.phone is not None
    wang = center_for(
        login, kiosk_api, manual_clock, WANG.document_number, WANG.password, WANG.phone
    )
    assert account_of(wang).username is None
    assert wang.open_username().ok
    taken = error_of(wang.submit_username("zhangsan01"))
    assert taken.code is ErrorCode.USERNAME_TAKEN
    assert wang.submit_username("wangwu2026").ok
    assert step_of(wang) is AccountCenterStep.OVERVIEW
    assert account_of(wang).username == "wangwu2026"
    wang.open_username()
    assert wang.submit_username("wangwu2027").ok  # the first setting was not a change
    assert account_of(wang).username_next_change_on == date(2027, 1, 1)
    wang.open_username()
    too_soon = error_of(wang.submit_username("wangwu2028"))
    assert too_soon.code is ErrorCode.USERNAME_CHANGE_TOO_SOON
    assert str(too_soon.details["next_change_on"]).startswith("2027-01-01")
    assert "2027-01-01" in too_soon.text(Lang.ZH)
    # The new username logs in; from 1 January (Shanghai) a change is allowed again.
    manual_clock.set(datetime(2027, 1, 1, tzinfo=SHANGHAI))
    wang = center_for(login, kiosk_api, manual_clock, "wangwu2027", WANG.password, WANG.phone)
    assert account_of(wang).username_next_change_on is None
    wang.open_username()
    assert wang.submit_username("wangwu2028").ok


def test_R_PW_5_change_password_ends_the_other_sessions(
    zhang: AccountCenterFlow, login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    other = log_in(LoginFlow(kiosk_api), kiosk_api, "zhangsan01", ZHANG.password, ZHANG_PHONE)
    assert zhang.open_password().ok
    wrong = error_of(zhang.submit_password_change("Wrong.pass1", "Zhang.2025x", "Zhang.2025x"))
    assert wrong.code is ErrorCode.WRONG_PASSWORD
    assert wrong.details["remaining"] == 4
    assert zhang.submit_password_change(ZHANG.password, "Zhang.2025x", "Zhang.2025x").ok
    assert step_of(zhang) is AccountCenterStep.OVERVIEW
    with pytest.raises(UserError) as ended:
        kiosk_api.current_person(other.session_token)
    assert ended.value.code is ErrorCode.SESSION_INVALID
    assert zhang.refresh().ok  # this session stays
    login.wipe()
    assert error_of(login.submit_credentials("zhangsan01", ZHANG.password)).code is (
        ErrorCode.WRONG_PASSWORD
    )
    log_in(login, kiosk_api, "zhangsan01", "Zhang.2025x", ZHANG_PHONE)


def test_R_AC_1_deregistration_warns_confirms_and_ends_every_entry(
    zhang: AccountCenterFlow,
    login: LoginFlow,
    kiosk_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> None:
    token = zhang.state.session_token
    sent_before = len(kiosk_api.sms_outbox(phone=ZHANG_PHONE))
    assert zhang.open_deregister().ok
    assert step_of(zhang) is AccountCenterStep.DEREGISTER
    assert len(kiosk_api.sms_outbox(phone=ZHANG_PHONE)) == sent_before  # the warning first
    assert zhang.start_deregister().ok
    assert len(kiosk_api.sms_outbox(phone=ZHANG_PHONE)) == sent_before + 1
    assert zhang.state.pending is not None
    assert zhang.state.pending.phone_masked == "138****0001"
    assert zhang.submit_code(latest_code(kiosk_api, ZHANG_PHONE)).ok
    assert step_of(zhang) is AccountCenterStep.DEREGISTERED
    assert zhang.state.session_token == ""
    with pytest.raises(UserError) as ended:
        kiosk_api.current_person(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID
    login.wipe()
    gone = error_of(login.submit_credentials("zhangsan01", ZHANG.password))
    assert gone.code is ErrorCode.USER_NOT_REGISTERED
    reset = ForgotPasswordFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())
    assert error_of(reset.submit_identity(ZHANG.document_type, ZHANG.document_number)).code is (
        ErrorCode.USER_NOT_REGISTERED
    )


def test_R_AC_2_history_lists_masked_events_and_clear_record_hides_one(
    zhang: AccountCenterFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    manual_clock.advance(seconds=5)  # after the login event, so the order is certain
    zhang.open_phones()
    add_phone(zhang, kiosk_api, "13900000011")
    zhang.back()
    assert zhang.open_history().ok
    assert step_of(zhang) is AccountCenterStep.HISTORY
    newest = zhang.state.history[0]
    assert newest.kind == "phone.added"
    assert "login" in {e.kind for e in zhang.state.history}
    assert "139****0011" in newest.detail_zh and "13900000011" not in newest.detail_zh
    assert "13900000011" not in newest.detail_en
    assert newest.terminal_name == "pytest kiosk"
    assert zhang.clear_history(newest.event_id).ok
    assert newest.event_id not in {e.event_id for e in zhang.state.history}
    token = zhang.state.session_token
    assert newest.event_id not in {e.event_id for e in kiosk_api.account_history(token)}
    again = error_of(zhang.clear_history(newest.event_id))
    assert again.code is ErrorCode.HISTORY_EVENT_UNKNOWN


def test_R_SE_1_an_ended_session_is_refused(
    zhang: AccountCenterFlow, kiosk_api: HttpAccountClient
) -> None:
    kiosk_api.logout(zhang.state.session_token)
    assert error_of(zhang.refresh()).code is ErrorCode.SESSION_INVALID
    assert error_of(zhang.open_history()).code is ErrorCode.SESSION_INVALID
    assert step_of(zhang) is AccountCenterStep.OVERVIEW
