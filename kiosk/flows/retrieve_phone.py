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

from kiosk.flows.local_checks import checked_identifier, checked_phone
from kiosk.flows.machine import StepMachine, StepResult, advance
from kiosk.flows.sms_code import SmsCode
from kiosk.protocol.account import PhoneBound
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountSelfServiceApi


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


def next_step(step: RetrievePhoneStep, event: RetrievePhoneEvent) -> RetrievePhoneStep:
    return advance(TRANSITIONS, step, event)


Result = StepResult[RetrievePhoneStep]


@dataclass(slots=True)
class RetrievePhoneState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    identifier: str = field(default="", repr=False)
    verification_id: str | None = None
    sms: SmsCode = field(default_factory=SmsCode)
    phone: str = field(default="", repr=False)  # the number the last code went to
    bound: PhoneBound | None = None


class RetrievePhoneFlow(StepMachine[RetrievePhoneStep, RetrievePhoneEvent]):
    def __init__(
        self, api: AccountSelfServiceApi, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._api = api
        self._clock = clock
        super().__init__(TRANSITIONS, RetrievePhoneStep.PASSWORD)
        self.state = RetrievePhoneState()

    # -- actions, one per user gesture ------------------------------------------------

    def submit_password(self, identifier: str, password: str) -> Result:
        """Document number or username (a phone too) and the personal password."""
        self._require(RetrievePhoneStep.PASSWORD)
        ident = checked_identifier(identifier, _FIELD["identifier"])
        if isinstance(ident, UserError):
            return self._fail(ident)
        if not password:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _FIELD["password"]))
        try:
            started = self._api.start_phone_retrieve(ident, password)
        except UserError as error:
            return self._fail(error)
        self.state = RetrievePhoneState(identifier=ident, verification_id=started.verification_id)
        return self._go(RetrievePhoneEvent.PASSWORD_ACCEPTED)

    def request_sms(self, phone: str) -> Result:
        """A code to the new number (possession); R-PH-1's format is checked here first."""
        self._require(RetrievePhoneStep.NEW_PHONE)
        assert self.state.verification_id is not None
        number = checked_phone(phone)
        if isinstance(number, UserError):
            return self._fail(number)
        verification_id = self.state.verification_id
        error = self.state.sms.send(
            lambda: self._api.send_phone_retrieve_sms(verification_id, number), self._clock()
        )
        if error is not None:
            return self._fail(error)
        self.state.phone = number
        return self._stay()

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(RetrievePhoneStep.NEW_PHONE)
        verification_id = self.state.verification_id
        assert verification_id is not None
        bound = self.state.sms.verify(
            typed, lambda code: self._api.verify_phone_retrieve_sms(verification_id, code)
        )
        if isinstance(bound, UserError):
            return self._fail(bound)
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
        self._restart()


_FIELD: dict[str, dict[str, object]] = {
    "identifier": {
        "field_zh": "证件号码或用户名",
        "field_en": "ID number or username",
    },
    "password": {"field_zh": "个人用户密码", "field_en": "personal password"},
    "code": {"field_zh": "短信验证码", "field_en": "SMS code"},
}
