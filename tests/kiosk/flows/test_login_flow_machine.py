"""The login state machine on its own: transitions as data, local checks before the network.

These tests drive the flow with a recording stand-in for the service, to pin down what the
flow itself decides; the journey against the real service is in test_login_flow_http.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from kiosk.flows.login import (
    TRANSITIONS,
    Factor,
    LoginEvent,
    LoginFlow,
    LoginStep,
    next_step,
)
from kiosk.flows.machine import InvalidTransitionError
from kiosk.protocol.auth import LoggedIn, PasswordAccepted, PasswordChangeRequired, SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.people import PersonSummary
from kiosk.protocol.terminals import OutboxSms

PERSON = PersonSummary(
    person_id="p1",
    name_masked="张*",
    id_number_masked="110***********002X",
    real_name_level=4,
    username="zhangsan01",
    phone_masked="138****0001",
)


@dataclass
class RecordingApi:
    """Answers like the service would for one scripted person; records every call."""

    calls: list[str] = field(default_factory=list)
    initial: bool = False
    factors: tuple[str, ...] = ("sms",)
    attempts: int = 0
    fail_next: UserError | None = None

    def _maybe_fail(self) -> None:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error

    def health(self) -> bool:
        return True

    def start_login(self, identifier: str, password: str) -> PasswordAccepted:
        self.calls.append(f"start_login:{identifier}")
        self._maybe_fail()
        self.attempts += 1
        return PasswordAccepted(
            attempt_id=f"a{self.attempts}",
            sms_phone_masked="138****0001",
            initial_password=self.initial,
            second_factors=self.factors,
        )

    def send_login_sms(self, attempt_id: str) -> SmsSent:
        self.calls.append(f"send_login_sms:{attempt_id}")
        self._maybe_fail()
        return SmsSent(phone_masked="138****0001", resend_after_s=60, expires_in_s=300)

    def verify_login_sms(self, attempt_id: str, code: str) -> LoggedIn | PasswordChangeRequired:
        self.calls.append(f"verify:{attempt_id}")
        self._maybe_fail()
        if self.initial:
            return PasswordChangeRequired(change_token="ct")
        return LoggedIn(session_token="tok", expires_in_s=1800, person=PERSON)

    def verify_login_face(
        self, attempt_id: str, template: Sequence[float]
    ) -> LoggedIn | PasswordChangeRequired:
        self.calls.append(f"face:{attempt_id}")
        self._maybe_fail()
        if self.initial:
            return PasswordChangeRequired(change_token="ct")
        return LoggedIn(session_token="tok", expires_in_s=1800, person=PERSON)

    def change_initial_password(self, change_token: str, new_password: str) -> None:
        self.calls.append("change_initial_password")
        self._maybe_fail()

    def current_person(self, session_token: str) -> PersonSummary:
        return PERSON

    def logout(self, session_token: str) -> None:
        self.calls.append("logout")
        self._maybe_fail()

    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]:
        return []


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_every_transition_is_reachable_from_its_table_entry() -> None:
    for (step, event), target in TRANSITIONS.items():
        assert next_step(step, event) is target


def test_transition_not_in_table_is_refused() -> None:
    with pytest.raises(InvalidTransitionError):
        next_step(LoginStep.CREDENTIALS, LoginEvent.CODE_ACCEPTED)


def test_happy_path_reaches_logged_in_and_logout_wipes() -> None:
    api = RecordingApi()
    flow = LoginFlow(api)
    assert flow.submit_credentials("11010519491231002x", "Zhang@2024").ok
    assert flow.step is LoginStep.SMS
    assert api.calls[0] == "start_login:11010519491231002X"  # trailing x normalized
    assert flow.request_sms().ok
    result = flow.submit_code("123456")
    assert result.ok and flow.step is LoginStep.LOGGED_IN
    assert flow.state.logged_in is not None
    assert flow.logout().ok
    assert flow.step is LoginStep.CREDENTIALS
    assert flow.state.logged_in is None and flow.state.identifier == ""
    assert api.calls[-1] == "logout"


@pytest.mark.parametrize(
    ("identifier", "password", "code"),
    [
        ("", "x", ErrorCode.FIELD_REQUIRED),
        ("12!", "x", ErrorCode.INVALID_IDENTIFIER),
        ("张三", "x", ErrorCode.INVALID_IDENTIFIER),
        ("  ", "x", ErrorCode.FIELD_REQUIRED),
        ("13800000001", "", ErrorCode.FIELD_REQUIRED),
    ],
)
def test_credentials_checked_locally_before_the_network(
    identifier: str, password: str, code: ErrorCode
) -> None:
    """R-LG-1: an identifier that is none of ID number / phone / username never leaves."""
    api = RecordingApi()
    flow = LoginFlow(api)
    result = flow.submit_credentials(identifier, password)
    assert not result.ok and result.error is not None and result.error.code is code
    assert api.calls == []
    assert flow.step is LoginStep.CREDENTIALS


@pytest.mark.parametrize("code", ["12345", "1234567", "12345a", ""])
def test_sms_code_format_checked_locally(code: str) -> None:
    api = RecordingApi()
    flow = LoginFlow(api)
    flow.submit_credentials("13800000001", "Zhang@2024")
    result = flow.submit_code(code)
    assert result.error is not None
    assert result.error.code in {ErrorCode.SMS_CODE_FORMAT, ErrorCode.FIELD_REQUIRED}
    assert not any(c.startswith("verify") for c in api.calls)


def test_resend_countdown_runs_and_resets_with_a_new_attempt() -> None:
    """R-2F-3: re-entering the password starts a new attempt with no countdown."""
    clock = FakeClock()
    flow = LoginFlow(RecordingApi(), clock=clock)
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.resend_seconds_left() == 0
    flow.request_sms()
    assert flow.resend_seconds_left() == 60
    clock.now += 59.5
    assert flow.resend_seconds_left() == 1
    flow.back()
    assert flow.step is LoginStep.CREDENTIALS
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.state.attempt_id == "a2"
    assert flow.resend_seconds_left() == 0


def test_service_resend_too_soon_sets_the_countdown() -> None:
    clock = FakeClock()
    api = RecordingApi()
    flow = LoginFlow(api, clock=clock)
    flow.submit_credentials("13800000001", "Zhang@2024")
    api.fail_next = UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": 42})
    result = flow.request_sms()
    assert result.error is not None and result.error.retry_after_s == 42
    assert flow.resend_seconds_left() == 42


def test_service_error_keeps_the_step_and_carries_the_rule() -> None:
    api = RecordingApi(fail_next=UserError(ErrorCode.WRONG_PASSWORD, {"remaining": 3}))
    flow = LoginFlow(api)
    result = flow.submit_credentials("zhangsan01", "wrong-pass1")
    assert result.error is not None and result.error.rule == "R-LK-1"
    assert flow.step is LoginStep.CREDENTIALS
    assert "3" in result.error.text(Lang.ZH)


def test_initial_password_forces_a_change_then_a_new_login() -> None:
    """R-PW-3: a login with the initial password ends in a forced change, not a session."""
    api = RecordingApi(initial=True)
    flow = LoginFlow(api)
    flow.submit_credentials("13800000002", "123456")
    flow.request_sms()
    assert flow.submit_code("654321").ok
    assert flow.step is LoginStep.CHANGE_PASSWORD
    assert flow.state.logged_in is None
    weak = flow.submit_new_password("abc", "abc")
    assert weak.error is not None and weak.error.code is ErrorCode.PASSWORD_RULE
    mismatch = flow.submit_new_password("Li$i2024ab", "Li$i2024ac")
    assert mismatch.error is not None and mismatch.error.code is ErrorCode.PASSWORD_MISMATCH
    assert "change_initial_password" not in api.calls
    assert flow.submit_new_password("Li$i2024ab", "Li$i2024ab").ok
    assert flow.step is LoginStep.PASSWORD_CHANGED
    assert flow.log_in_again().ok
    assert flow.step is LoginStep.CREDENTIALS
    assert flow.state.identifier == "13800000002"


def test_actions_out_of_step_are_programming_errors() -> None:
    flow = LoginFlow(RecordingApi())
    with pytest.raises(InvalidTransitionError):
        flow.submit_code("123456")
    with pytest.raises(InvalidTransitionError):
        flow.logout()


def test_wipe_forgets_everything() -> None:
    flow = LoginFlow(RecordingApi())
    flow.submit_credentials("13800000001", "Zhang@2024")
    flow.request_sms()
    flow.wipe()
    assert flow.step is LoginStep.CREDENTIALS
    assert flow.state.attempt_id is None and flow.state.sms.sent is None


# -- second factors (R-2F-1, issue 6) ------------------------------------------------------

ALL_FACTORS = ("sms", "face", "qr")


def test_R_2F_1_the_choice_is_what_the_service_offers_and_this_terminal_can_do() -> None:
    api = RecordingApi(factors=ALL_FACTORS)
    flow = LoginFlow(api, factors_here=(Factor.SMS, Factor.FACE))  # no QR service here
    assert flow.submit_credentials("13800000001", "Zhang@2024").ok
    assert flow.step is LoginStep.CHOOSE_FACTOR
    assert flow.state.factors == (Factor.SMS, Factor.FACE)
    with pytest.raises(InvalidTransitionError):
        flow.choose_factor(Factor.QR)


def test_R_2F_1_face_factor_logs_in_and_back_returns_to_the_choice() -> None:
    api = RecordingApi(factors=ALL_FACTORS)
    flow = LoginFlow(api, factors_here=tuple(Factor))
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.choose_factor("face").step is LoginStep.FACE
    # Back from a factor keeps the attempt: the person picks another one.
    assert flow.back().step is LoginStep.CHOOSE_FACTOR
    assert flow.state.attempt_id == "a1"
    assert flow.choose_factor(Factor.FACE).ok
    result = flow.submit_face([0.1] * 128)
    assert result.ok and flow.step is LoginStep.LOGGED_IN
    assert api.calls[-1] == "face:a1"
    assert flow.state.logged_in is not None


def test_R_RN_4_a_refused_face_stays_on_the_face_step() -> None:
    api = RecordingApi(factors=ALL_FACTORS)
    flow = LoginFlow(api, factors_here=tuple(Factor))
    flow.submit_credentials("13800000001", "Zhang@2024")
    flow.choose_factor(Factor.FACE)
    api.fail_next = UserError(ErrorCode.FACE_MISMATCH, {"remaining": 4})
    refused = flow.submit_face([0.1] * 128)
    assert not refused.ok and refused.step is LoginStep.FACE
    assert refused.error is not None and refused.error.rule == "R-RN-4"
    assert "4" in refused.error.text(Lang.ZH)


def test_R_2F_1_back_from_the_choice_voids_the_attempt() -> None:
    flow = LoginFlow(RecordingApi(factors=ALL_FACTORS), factors_here=tuple(Factor))
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.back().step is LoginStep.CREDENTIALS
    assert flow.state.attempt_id is None and flow.state.identifier == "13800000001"


def test_R_2F_1_one_usable_factor_goes_straight_to_it() -> None:
    flow = LoginFlow(RecordingApi(factors=("face", "qr")), factors_here=(Factor.SMS, Factor.QR))
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.step is LoginStep.QR
    # Back from the only factor is back to the password (no choice to return to).
    assert flow.back().step is LoginStep.CREDENTIALS


def test_R_2F_1_unknown_or_unusable_factors_fall_back_to_sms() -> None:
    flow = LoginFlow(RecordingApi(factors=("wechat", "face")), factors_here=(Factor.SMS,))
    flow.submit_credentials("13800000001", "Zhang@2024")
    assert flow.step is LoginStep.SMS
    assert flow.state.factors == (Factor.SMS,)


def test_R_QR_2_R_PW_3_qr_verification_on_the_initial_password_asks_for_a_new_one() -> None:
    flow = LoginFlow(RecordingApi(factors=ALL_FACTORS, initial=True), factors_here=tuple(Factor))
    flow.submit_credentials("13800000002", "076528")
    flow.choose_factor(Factor.QR)
    assert (
        flow.qr_verified(PasswordChangeRequired(change_token="ct")).step
        is LoginStep.CHANGE_PASSWORD
    )
    assert flow.state.change_token == "ct"
