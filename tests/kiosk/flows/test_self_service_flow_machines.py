"""The forgot-password, retrieve-phone and account-center machines on their own.

A recording stand-in answers for one scripted person, to pin down what the flows decide
themselves (local checks before the network, transitions, countdowns, wipe); the journeys
against the real service are in the *_flow.py tests next to this file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

import pytest

from kiosk.flows import account_center, forgot_password, retrieve_phone
from kiosk.flows.account_center import AccountCenterFlow, AccountCenterStep
from kiosk.flows.forgot_password import ForgotPasswordFlow, ForgotPasswordStep
from kiosk.flows.machine import InvalidTransitionError
from kiosk.flows.retrieve_phone import RetrievePhoneFlow, RetrievePhoneStep
from kiosk.protocol.account import (
    AccountView,
    ConfirmationAction,
    ConfirmationDone,
    ConfirmationStarted,
    HistoryEvent,
    PhoneBound,
    PhoneEntry,
    ResetStarted,
    ResetVerified,
    RetrieveStarted,
)
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.people import PersonSummary
from kiosk.services.account_api import AccountSelfServiceApi

PERSON = PersonSummary(
    person_id="p1",
    name_masked="张*",
    id_number_masked="110***********002X",
    real_name_level=4,
    username="zhangsan01",
    phone_masked="138****0001",
)
AT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
VIEW = AccountView(
    person=PERSON,
    phones=(PhoneEntry(phone_id="1", phone_masked="138****0001", is_default=True),),
    username="zhangsan01",
    username_next_change_on=None,
    real_name_level=4,
    notices=(),
    phone_limit=5,
)


@dataclass
class RecordingApi:
    """Answers like the service would; records every call (never a secret)."""

    calls: list[str] = field(default_factory=list)
    fail_next: UserError | None = None
    history: list[HistoryEvent] = field(
        default_factory=lambda: [
            HistoryEvent(
                event_id="e1",
                at=AT,
                kind="login",
                terminal_name="大厅1号机",
                detail_zh="登录",
                detail_en="Login",
            ),
            HistoryEvent(
                event_id="e2",
                at=AT,
                kind="phone.added",
                terminal_name=None,
                detail_zh="添加手机号 139****0009",
                detail_en="Added",
            ),
        ]
    )

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    def start_password_reset(self, document_type: str, document_number: str) -> ResetStarted:
        self._call(f"start_password_reset:{document_type}:{document_number}")
        return ResetStarted(
            verification_id="v1",
            phone_masked="138****0001",
            methods=("sms", "face"),
            expires_in_s=1800,
        )

    def send_password_reset_sms(self, verification_id: str) -> SmsSent:
        self._call(f"send_password_reset_sms:{verification_id}")
        return SmsSent(phone_masked="138****0001", resend_after_s=60, expires_in_s=300)

    def verify_password_reset_sms(self, verification_id: str, code: str) -> ResetVerified:
        self._call(f"verify_password_reset_sms:{verification_id}")
        return ResetVerified(reset_token="rt")

    def verify_password_reset_face(
        self, verification_id: str, template: Sequence[float]
    ) -> ResetVerified:
        self._call(f"verify_password_reset_face:{len(template)}")
        return ResetVerified(reset_token="rt")

    def reset_password(self, verification_id: str, reset_token: str, new_password: str) -> bool:
        self._call(f"reset_password:{reset_token}")
        return True

    def start_phone_retrieve(self, identifier: str, password: str) -> RetrieveStarted:
        self._call(f"start_phone_retrieve:{identifier}")
        return RetrieveStarted(verification_id="v2")

    def send_phone_retrieve_sms(self, verification_id: str, phone: str) -> SmsSent:
        self._call(f"send_phone_retrieve_sms:{phone}")
        return SmsSent(phone_masked="139****0009", resend_after_s=60, expires_in_s=300)

    def verify_phone_retrieve_sms(self, verification_id: str, code: str) -> PhoneBound:
        self._call("verify_phone_retrieve_sms")
        return PhoneBound(phone_masked="139****0009", moved_from_another_person=False)

    def account_view(self, session_token: str) -> AccountView:
        self._call(f"account_view:{session_token}")
        return VIEW

    def raise_level_by_face(self, session_token: str, template: Sequence[float]) -> AccountView:
        self._call(f"raise_level_by_face:{len(template)}")
        return VIEW

    def start_confirmation(
        self,
        session_token: str,
        action: ConfirmationAction,
        *,
        phone: str | None = None,
        phone_id: str | None = None,
    ) -> ConfirmationStarted:
        self._call(f"start_confirmation:{action.value}:{phone or phone_id or ''}")
        return ConfirmationStarted(
            verification_id=f"c-{action.value}",
            action=action,
            phone_masked="138****0001",
            resend_after_s=60,
            expires_in_s=300,
        )

    def send_confirmation_sms(self, session_token: str, verification_id: str) -> SmsSent:
        self._call(f"send_confirmation_sms:{verification_id}")
        return SmsSent(phone_masked="138****0001", resend_after_s=60, expires_in_s=300)

    def verify_confirmation(
        self, session_token: str, verification_id: str, code: str
    ) -> ConfirmationDone:
        self._call(f"verify_confirmation:{verification_id}")
        action = ConfirmationAction(verification_id.removeprefix("c-"))
        return ConfirmationDone(
            action=action, account=None if action is ConfirmationAction.DEREGISTER else VIEW
        )

    def set_username(self, session_token: str, username: str) -> AccountView:
        self._call(f"set_username:{username}")
        return VIEW

    def change_password(self, session_token: str, old_password: str, new_password: str) -> None:
        self._call("change_password")

    def account_history(self, session_token: str) -> tuple[HistoryEvent, ...]:
        self._call("account_history")
        return tuple(self.history)

    def clear_history_event(self, session_token: str, event_id: str) -> None:
        self._call(f"clear_history_event:{event_id}")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def at(flow: ForgotPasswordFlow | RetrievePhoneFlow | AccountCenterFlow) -> Enum:
    """The current step, read through a call so mypy does not keep an earlier narrowing."""
    return flow.step


def code_of(result: object) -> ErrorCode:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error.code


def test_the_recording_api_is_an_account_self_service_api() -> None:
    api: AccountSelfServiceApi = RecordingApi()  # mypy checks the Protocol here
    assert api.account_view("t") is VIEW


def test_every_transition_is_reachable_from_its_table_entry() -> None:
    for (fp_step, fp_event), fp_target in forgot_password.TRANSITIONS.items():
        assert forgot_password.next_step(fp_step, fp_event) is fp_target
    for (rp_step, rp_event), rp_target in retrieve_phone.TRANSITIONS.items():
        assert retrieve_phone.next_step(rp_step, rp_event) is rp_target
    for (ac_step, ac_event), ac_target in account_center.TRANSITIONS.items():
        assert account_center.next_step(ac_step, ac_event) is ac_target


def test_transitions_not_in_the_tables_are_refused() -> None:
    with pytest.raises(InvalidTransitionError):
        forgot_password.next_step(ForgotPasswordStep.DONE, forgot_password.ForgotPasswordEvent.BACK)
    with pytest.raises(InvalidTransitionError):
        retrieve_phone.next_step(RetrievePhoneStep.DONE, retrieve_phone.RetrievePhoneEvent.BACK)
    with pytest.raises(InvalidTransitionError):
        account_center.next_step(
            AccountCenterStep.DEREGISTERED, account_center.AccountCenterEvent.BACK
        )


# -- forgot password (R-PW-4) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "number", "code"),
    [
        ("RESIDENT_ID", "", ErrorCode.FIELD_REQUIRED),
        ("RESIDENT_ID", "   ", ErrorCode.FIELD_REQUIRED),
        ("NOT_A_TYPE", "11010519491231002X", ErrorCode.FIELD_REQUIRED),
        ("RESIDENT_ID", "110105194912310021", ErrorCode.VALIDATION_ERROR),  # check character
        ("CHINESE_PASSPORT", "X1234", ErrorCode.VALIDATION_ERROR),
    ],
)
def test_R_PW_4_identity_checked_locally_before_the_network(
    doc_type: str, number: str, code: ErrorCode
) -> None:
    api = RecordingApi()
    flow = ForgotPasswordFlow(api)
    assert code_of(flow.submit_identity(doc_type, number)) is code
    assert api.calls == []
    assert at(flow) is ForgotPasswordStep.IDENTITY


def test_R_PW_4_three_steps_by_sms_then_done_forgets_the_journey() -> None:
    clock = FakeClock()
    api = RecordingApi()
    flow = ForgotPasswordFlow(api, clock=clock)
    assert flow.submit_identity("RESIDENT_ID", " 11010519491231002x ").ok
    assert api.calls[0] == "start_password_reset:RESIDENT_ID:11010519491231002X"
    assert at(flow) is ForgotPasswordStep.VERIFY
    assert flow.state.can_use_sms and flow.state.can_use_face
    assert flow.resend_seconds_left() == 0
    assert flow.request_sms().ok
    assert flow.resend_seconds_left() == 60
    clock.now += 59.5
    assert flow.resend_seconds_left() == 1
    assert code_of(flow.submit_code("12345")) is ErrorCode.SMS_CODE_FORMAT
    assert code_of(flow.submit_code(" ")) is ErrorCode.FIELD_REQUIRED
    assert not any(c.startswith("verify") for c in api.calls)
    assert flow.submit_code("123456").ok
    assert at(flow) is ForgotPasswordStep.NEW_PASSWORD
    assert code_of(flow.submit_new_password("abc", "abc")) is ErrorCode.PASSWORD_RULE
    assert code_of(flow.submit_new_password("Zhang@2025", "Zhang@2026")) is (
        ErrorCode.PASSWORD_MISMATCH
    )
    assert not any(c.startswith("reset_password") for c in api.calls)
    assert flow.submit_new_password("Zhang@2025", "Zhang@2025").ok
    assert at(flow) is ForgotPasswordStep.DONE
    assert flow.state.unlocked
    assert flow.state.document_number == "" and flow.state.reset_token is None


def test_R_PW_4_face_is_sent_to_the_service_to_decide() -> None:
    api = RecordingApi()
    flow = ForgotPasswordFlow(api)
    flow.submit_identity("RESIDENT_ID", "11010519491231002X")
    assert flow.submit_face([0.1] * 128).ok
    assert api.calls[-1] == "verify_password_reset_face:128"
    assert at(flow) is ForgotPasswordStep.NEW_PASSWORD


def test_R_PW_4_service_resend_too_soon_sets_the_countdown_and_back_keeps_the_document() -> None:
    clock = FakeClock()
    api = RecordingApi()
    flow = ForgotPasswordFlow(api, clock=clock)
    flow.submit_identity("RESIDENT_ID", "11010519491231002X")
    api.fail_next = UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": 42})
    assert code_of(flow.request_sms()) is ErrorCode.SMS_RESEND_TOO_SOON
    assert flow.resend_seconds_left() == 42
    assert flow.back().ok
    assert at(flow) is ForgotPasswordStep.IDENTITY
    assert flow.state.document_number == "11010519491231002X"
    assert flow.state.verification_id is None and flow.resend_seconds_left() == 0


def test_R_SE_1_forgot_password_wipe_forgets_everything() -> None:
    flow = ForgotPasswordFlow(RecordingApi())
    flow.submit_identity("RESIDENT_ID", "11010519491231002X")
    flow.request_sms()
    flow.submit_code("123456")
    flow.wipe()
    assert at(flow) is ForgotPasswordStep.IDENTITY
    assert flow.state == forgot_password.ForgotPasswordState()
    with pytest.raises(InvalidTransitionError):
        flow.submit_new_password("Zhang@2025", "Zhang@2025")


# -- retrieve phone (R-PH-5) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "password", "code"),
    [
        ("", "x", ErrorCode.FIELD_REQUIRED),
        ("张三", "x", ErrorCode.INVALID_IDENTIFIER),
        ("zhangsan01", "", ErrorCode.FIELD_REQUIRED),
    ],
)
def test_R_PH_5_password_step_checked_locally(
    identifier: str, password: str, code: ErrorCode
) -> None:
    api = RecordingApi()
    flow = RetrievePhoneFlow(api)
    assert code_of(flow.submit_password(identifier, password)) is code
    assert api.calls == []


@pytest.mark.parametrize("phone", ["", "1380000000", "12800000001", "1380000000a"])
def test_R_PH_1_new_number_format_checked_locally(phone: str) -> None:
    api = RecordingApi()
    flow = RetrievePhoneFlow(api)
    flow.submit_password("zhangsan01", "Zhang@2024")
    result = flow.request_sms(phone)
    assert code_of(result) is ErrorCode.PHONE_FORMAT
    assert result.error is not None and result.error.text(Lang.ZH).startswith("手机号码格式不正确")
    assert not any(c.startswith("send_phone_retrieve_sms") for c in api.calls)


def test_R_PH_5_number_normalized_code_checked_then_done_keeps_only_the_masked_number() -> None:
    clock = FakeClock()
    api = RecordingApi()
    flow = RetrievePhoneFlow(api, clock=clock)
    assert flow.submit_password("ZHANGSAN01".lower(), "Zhang@2024").ok
    assert at(flow) is RetrievePhoneStep.NEW_PHONE
    assert flow.request_sms("+86 139-0000-0009").ok
    assert api.calls[-1] == "send_phone_retrieve_sms:13900000009"
    assert flow.resend_seconds_left() == 60
    assert code_of(flow.submit_code("abcdef")) is ErrorCode.SMS_CODE_FORMAT
    assert flow.submit_code("123456").ok
    assert at(flow) is RetrievePhoneStep.DONE
    assert flow.state.bound is not None and flow.state.bound.phone_masked == "139****0009"
    assert flow.state.phone == "" and flow.state.identifier == ""
    flow.wipe()
    assert flow.state == retrieve_phone.RetrievePhoneState()


def test_R_PH_5_back_to_the_password_abandons_the_verification() -> None:
    flow = RetrievePhoneFlow(RecordingApi())
    flow.submit_password("zhangsan01", "Zhang@2024")
    flow.request_sms("13900000009")
    assert flow.back().ok
    assert at(flow) is RetrievePhoneStep.PASSWORD
    assert flow.state.identifier == "zhangsan01" and flow.state.verification_id is None
    with pytest.raises(InvalidTransitionError):
        flow.back()


# -- account center --------------------------------------------------------------------


def logged_in_center(api: RecordingApi, clock: FakeClock | None = None) -> AccountCenterFlow:
    flow = AccountCenterFlow(api, "tok", clock=clock or FakeClock())
    assert flow.refresh().ok
    return flow


def test_R_PH_1_add_phone_checks_format_then_confirms_by_code() -> None:
    clock = FakeClock()
    api = RecordingApi()
    flow = logged_in_center(api, clock)
    assert flow.open_phones().ok
    assert at(flow) is AccountCenterStep.PHONES
    assert code_of(flow.start_add_phone("1390000000")) is ErrorCode.PHONE_FORMAT
    assert not any(c.startswith("start_confirmation") for c in api.calls)
    assert flow.start_add_phone("139 0000 0009").ok
    assert api.calls[-1] == "start_confirmation:add_phone:13900000009"
    assert at(flow) is AccountCenterStep.CONFIRM
    assert flow.resend_seconds_left() == 60  # the first code went out with the start
    clock.now += 60
    assert flow.request_sms().ok
    assert flow.resend_seconds_left() == 60
    assert code_of(flow.submit_code("12")) is ErrorCode.SMS_CODE_FORMAT
    assert flow.submit_code("123456").ok
    assert at(flow) is AccountCenterStep.PHONES
    assert flow.state.last_done is ConfirmationAction.ADD_PHONE
    assert flow.state.pending is None and flow.resend_seconds_left() == 0


def test_R_PH_1_remove_and_default_send_the_phone_id_and_back_abandons() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    flow.open_phones()
    assert flow.start_remove_phone(7).ok
    assert api.calls[-1] == "start_confirmation:remove_phone:7"
    assert flow.back().ok
    assert at(flow) is AccountCenterStep.PHONES and flow.state.pending is None
    assert flow.start_set_default(7).ok
    assert api.calls[-1] == "start_confirmation:set_default_phone:7"


def test_R_UN_1_username_rule_checked_locally() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    flow.open_username()
    for bad in ("abc", "1abcdef", "abc def1", "abcdefghijklmnopqrstu"):
        result = flow.submit_username(bad)
        assert code_of(result) is ErrorCode.USERNAME_RULE
        assert result.error is not None and result.error.rule == "R-UN-1"
    assert not any(c.startswith("set_username") for c in api.calls)
    assert flow.submit_username(" ｚｈａｎｇ２０２６ ").ok  # full-width from an IME
    assert api.calls[-1] == "set_username:zhang2026"
    assert at(flow) is AccountCenterStep.OVERVIEW


def test_R_PW_5_password_change_checked_locally() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    flow.open_password()
    assert code_of(flow.submit_password_change("", "Zhang@2025", "Zhang@2025")) is (
        ErrorCode.FIELD_REQUIRED
    )
    assert code_of(flow.submit_password_change("Zhang@2024", "short", "short")) is (
        ErrorCode.PASSWORD_RULE
    )
    assert code_of(flow.submit_password_change("Zhang@2024", "Zhang@2025", "Zhang@2026")) is (
        ErrorCode.PASSWORD_MISMATCH
    )
    same = flow.submit_password_change("Zhang@2024", "Zhang@2024", "Zhang@2024")
    assert code_of(same) is ErrorCode.PASSWORD_RULE
    assert same.error is not None and "与原密码相同" in same.error.text(Lang.ZH)
    assert "change_password" not in api.calls
    assert flow.submit_password_change("Zhang@2024", "Zhang@2025", "Zhang@2025").ok
    assert at(flow) is AccountCenterStep.OVERVIEW


def test_R_AC_1_deregister_warns_then_confirms_and_forgets_the_session() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    assert flow.open_deregister().ok
    assert at(flow) is AccountCenterStep.DEREGISTER
    assert not any(c.startswith("start_confirmation") for c in api.calls)  # warning first
    assert flow.start_deregister().ok
    assert at(flow) is AccountCenterStep.CONFIRM
    assert flow.back().ok
    assert at(flow) is AccountCenterStep.DEREGISTER  # back to the warning, not the phones
    assert flow.start_deregister().ok
    assert flow.submit_code("123456").ok
    assert api.calls[-1] == "verify_confirmation:c-deregister"
    assert at(flow) is AccountCenterStep.DEREGISTERED
    assert flow.state.session_token == "" and flow.state.account is None
    with pytest.raises(InvalidTransitionError):
        flow.back()


def test_R_AC_2_clear_record_removes_the_line() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    assert flow.open_history().ok
    assert [e.event_id for e in flow.state.history] == ["e1", "e2"]
    assert flow.clear_history("e1").ok
    assert api.calls[-1] == "clear_history_event:e1"
    assert [e.event_id for e in flow.state.history] == ["e2"]
    api.fail_next = UserError(ErrorCode.HISTORY_EVENT_UNKNOWN)
    assert code_of(flow.clear_history("e9")) is ErrorCode.HISTORY_EVENT_UNKNOWN
    assert [e.event_id for e in flow.state.history] == ["e2"]


def test_R_SE_1_account_center_wipe_forgets_the_token_and_calls_nothing_after() -> None:
    api = RecordingApi()
    flow = logged_in_center(api)
    flow.open_history()
    flow.wipe()
    assert flow.state == account_center.AccountCenterState()
    before = list(api.calls)
    assert code_of(flow.refresh()) is ErrorCode.SESSION_INVALID
    assert code_of(flow.open_phones()) is ErrorCode.SESSION_INVALID
    assert code_of(flow.open_history()) is ErrorCode.SESSION_INVALID
    assert api.calls == before


def test_account_center_actions_out_of_step_are_programming_errors() -> None:
    flow = logged_in_center(RecordingApi())
    with pytest.raises(InvalidTransitionError):
        flow.start_add_phone("13900000009")
    with pytest.raises(InvalidTransitionError):
        flow.start_deregister()  # only after the warning
    with pytest.raises(InvalidTransitionError):
        flow.submit_code("123456")
    with pytest.raises(InvalidTransitionError):
        flow.back()
