"""Retrieve phone number (找回手机号码, R-PH-5) as a Qt-free state machine.

The personal password proves the person (not the initial one, R-PW-3), then a new number is
confirmed by an SMS code sent to it and becomes the default; if someone else had it, it
moves (R-PH-2). Same shape as ``kiosk.flows.login``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.identifiers import classify_identifier, normalize_identifier
from kiosk.domain.messages import ErrorCode
from kiosk.domain.phones import check_phone, normalize_phone
from kiosk.flows.machine import InvalidTransitionError, Outcome, advance
from kiosk.services.account_api import AccountError, AccountSelfServiceApi, PhoneBound, SmsSent


class RetrievePhoneStep(Enum):
    PASSWORD = auto()  # document number / username + personal password
    NEW_PHONE = auto()  # the new number, get a code, enter it
    DONE = auto()  # "number bound as default"


class RetrievePhoneEvent(Enum):
    PASSWORD_ACCEPTED = auto()
    PHONE_BOUND = auto()
    BACK = auto()


TRANSITIONS: dict[tuple[RetrievePhoneStep, RetrievePhoneEvent], RetrievePhoneStep] = {
    (RetrievePhoneStep.PASSWORD, RetrievePhoneEvent.PASSWORD_ACCEPTED): RetrievePhoneStep.NEW_PHONE,
    (RetrievePhoneStep.NEW_PHONE, RetrievePhoneEvent.PHONE_BOUND): RetrievePhoneStep.DONE,
    (RetrievePhoneStep.NEW_PHONE, RetrievePhoneEvent.BACK): RetrievePhoneStep.PASSWORD,
}

NUMBERED_STEPS: tuple[RetrievePhoneStep, ...] = (
    RetrievePhoneStep.PASSWORD,
    RetrievePhoneStep.NEW_PHONE,
    RetrievePhoneStep.DONE,
)

SMS_CODE_LENGTH = 6


def next_step(step: RetrievePhoneStep, event: RetrievePhoneEvent) -> RetrievePhoneStep:
    return advance(TRANSITIONS, step, event)


@dataclass(frozen=True, slots=True)
class Result:
    """What one action did: the step now current, and the error a person must read."""

    outcome: Outcome
    step: RetrievePhoneStep
    error: AccountError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


@dataclass(slots=True)
class RetrievePhoneState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    identifier: str = field(default="", repr=False)
    verification_id: str | None = None
    phone: str = field(default="", repr=False)  # the number the last code went to
    sms: SmsSent | None = None
    resend_at: float | None = None  # monotonic seconds; None = may request now
    bound: PhoneBound | None = None


class RetrievePhoneFlow:
    def __init__(
        self, api: AccountSelfServiceApi, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._api = api
        self._clock = clock
        self.step = RetrievePhoneStep.PASSWORD
        self.state = RetrievePhoneState()

    # -- actions, one per user gesture ------------------------------------------------

    def submit_password(self, identifier: str, password: str) -> Result:
        """Document number or username (a phone too) and the personal password."""
        self._require(RetrievePhoneStep.PASSWORD)
        ident = normalize_identifier(identifier)
        if not ident:
            return self._fail(AccountError(ErrorCode.FIELD_REQUIRED, _FIELD["identifier"]))
        if classify_identifier(ident) is None:
            return self._fail(AccountError(ErrorCode.INVALID_IDENTIFIER, _BAD_IDENTIFIER))
        if not password:
            return self._fail(AccountError(ErrorCode.FIELD_REQUIRED, _FIELD["password"]))
        try:
            started = self._api.start_phone_retrieve(ident, password)
        except AccountError as error:
            return self._fail(error)
        self.state = RetrievePhoneState(identifier=ident, verification_id=started.verification_id)
        return self._go(RetrievePhoneEvent.PASSWORD_ACCEPTED)

    def request_sms(self, phone: str) -> Result:
        """A code to the new number (possession); R-PH-1's format is checked here first."""
        self._require(RetrievePhoneStep.NEW_PHONE)
        assert self.state.verification_id is not None
        checked = check_phone(phone)
        if not checked.ok:
            reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
            return self._fail(AccountError(ErrorCode.PHONE_FORMAT, reason))
        number = normalize_phone(phone)
        try:
            sent = self._api.send_phone_retrieve_sms(self.state.verification_id, number)
        except AccountError as error:
            if error.retry_after_s is not None and error.code is ErrorCode.SMS_RESEND_TOO_SOON:
                self.state.resend_at = self._clock() + error.retry_after_s
            return self._fail(error)
        self.state.phone = number
        self.state.sms = sent
        self.state.resend_at = self._clock() + sent.resend_after_s
        return Result(Outcome.OK, self.step)

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        if self.state.resend_at is None:
            return 0
        return max(0, int(self.state.resend_at - self._clock() + 0.999))

    def submit_code(self, code: str) -> Result:
        self._require(RetrievePhoneStep.NEW_PHONE)
        assert self.state.verification_id is not None
        code = code.strip()
        if not code:
            return self._fail(AccountError(ErrorCode.FIELD_REQUIRED, _FIELD["code"]))
        if len(code) != SMS_CODE_LENGTH or not code.isdigit():
            return self._fail(AccountError(ErrorCode.SMS_CODE_FORMAT))
        try:
            bound = self._api.verify_phone_retrieve_sms(self.state.verification_id, code)
        except AccountError as error:
            return self._fail(error)
        # The done screen shows only the masked number: drop the rest now.
        self.state = RetrievePhoneState(bound=bound)
        return self._go(RetrievePhoneEvent.PHONE_BOUND)

    def back(self) -> Result:
        """To the password, keeping the identifier; the verification is abandoned."""
        result = self._go(RetrievePhoneEvent.BACK)
        self.state = RetrievePhoneState(identifier=self.state.identifier)
        return result

    def wipe(self) -> None:
        """Forget everything of this journey (idle timeout, home, done)."""
        self.state = RetrievePhoneState()
        self.step = RetrievePhoneStep.PASSWORD

    # -- helpers -----------------------------------------------------------------------

    def _require(self, step: RetrievePhoneStep) -> None:
        if self.step is not step:
            raise InvalidTransitionError(f"action for {step.name} called at {self.step.name}")

    def _go(self, event: RetrievePhoneEvent) -> Result:
        self.step = next_step(self.step, event)
        return Result(Outcome.OK, self.step)

    def _fail(self, error: AccountError) -> Result:
        return Result(Outcome.FAILED, self.step, error)


_FIELD: dict[str, dict[str, object]] = {
    "identifier": {
        "field_zh": "证件号码或用户名",
        "field_en": "ID number or username",
    },
    "password": {"field_zh": "个人用户密码", "field_en": "personal password"},
    "code": {"field_zh": "短信验证码", "field_en": "SMS code"},
}
_BAD_IDENTIFIER: dict[str, object] = {
    "reason": "证件号码为 18 位（末位可为 X），用户名为 6-20 位字母或数字且以字母开头。",
    "reason_en": "An ID number has 18 characters (the last may be X), a username 6-20 "
    "letters or digits starting with a letter.",
}
