"""Natural-person login (R-LG-1, R-2F-1..3, R-PW-3) as a Qt-free state machine; with an
enterprise code it is the 企业业务 entry's login (R-EN-1): the same factors, and the session
then acts for the enterprise (``kiosk.flows.enterprise_entry`` takes it from there).

Electrum's wizard shape: the steps are an Enum, the transitions are data, and the screens
only render ``LoginFlow.step`` and call one method per user action. The methods block on
the account service, so the UI calls them on a worker thread and reads the result back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.identifiers import IdentifierKind, classify_identifier
from kiosk.flows.local_checks import (
    checked_enterprise_code,
    checked_identifier,
    new_password_error,
)
from kiosk.flows.machine import (
    InvalidTransitionError,
    Outcome,
    StepMachine,
    StepResult,
    advance,
)
from kiosk.flows.sms_code import SmsCode
from kiosk.protocol.auth import Factor, LoggedIn, PasswordAccepted, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountApi


class LoginStep(Enum):
    CREDENTIALS = auto()  # identifier + personal password (first factor)
    CHOOSE_FACTOR = auto()  # more than one second factor here: the person picks (R-2F-1)
    SMS = auto()  # SMS code to the phone R-2F-2 names (second factor)
    FACE = auto()  # the kiosk camera's face check (second factor)
    QR = auto()  # QR verification with the tax app (扫码验证, R-QR-2; second factor)
    CHANGE_PASSWORD = auto()  # forced after an initial-password login (R-PW-3)
    PASSWORD_CHANGED = auto()  # "log in again with the new password"
    # 企业业务: no relation with that enterprise (R-RE-8); the seeds' ways out, on their own
    # screen: ask the enterprise, 同步数据 through 自然人业务, or log in by ID number.
    NO_RELATION = auto()
    LOGGED_IN = auto()


class LoginEvent(Enum):
    PASSWORD_ACCEPTED = auto()  # one second factor here: SMS
    FACTORS_OFFERED = auto()  # several: the choice
    SMS_CHOSEN = auto()
    FACE_CHOSEN = auto()
    QR_CHOSEN = auto()
    OTHER_FACTOR = auto()  # back from a factor to the choice
    CODE_ACCEPTED = auto()
    CHANGE_REQUIRED = auto()
    PASSWORD_CHANGED = auto()
    BACK = auto()
    LOG_IN_AGAIN = auto()
    LOGGED_OUT = auto()
    NO_RELATION = auto()


TRANSITIONS: dict[tuple[LoginStep, LoginEvent], LoginStep] = {
    (LoginStep.CREDENTIALS, LoginEvent.PASSWORD_ACCEPTED): LoginStep.SMS,
    (LoginStep.CREDENTIALS, LoginEvent.NO_RELATION): LoginStep.NO_RELATION,
    (LoginStep.NO_RELATION, LoginEvent.BACK): LoginStep.CREDENTIALS,
    (LoginStep.CREDENTIALS, LoginEvent.FACTORS_OFFERED): LoginStep.CHOOSE_FACTOR,
    # The factor is chosen by the person, or is the only one usable here.
    **{
        (origin, event): target
        for origin in (LoginStep.CREDENTIALS, LoginStep.CHOOSE_FACTOR)
        for event, target in (
            (LoginEvent.SMS_CHOSEN, LoginStep.SMS),
            (LoginEvent.FACE_CHOSEN, LoginStep.FACE),
            (LoginEvent.QR_CHOSEN, LoginStep.QR),
        )
    },
    (LoginStep.CHOOSE_FACTOR, LoginEvent.BACK): LoginStep.CREDENTIALS,
    **{
        (factor, event): target
        for factor in (LoginStep.SMS, LoginStep.FACE, LoginStep.QR)
        for event, target in (
            (LoginEvent.CODE_ACCEPTED, LoginStep.LOGGED_IN),
            (LoginEvent.CHANGE_REQUIRED, LoginStep.CHANGE_PASSWORD),
            (LoginEvent.BACK, LoginStep.CREDENTIALS),
            (LoginEvent.OTHER_FACTOR, LoginStep.CHOOSE_FACTOR),
        )
    },
    (LoginStep.CHANGE_PASSWORD, LoginEvent.PASSWORD_CHANGED): LoginStep.PASSWORD_CHANGED,
    (LoginStep.CHANGE_PASSWORD, LoginEvent.BACK): LoginStep.CREDENTIALS,
    (LoginStep.PASSWORD_CHANGED, LoginEvent.LOG_IN_AGAIN): LoginStep.CREDENTIALS,
    (LoginStep.LOGGED_IN, LoginEvent.LOGGED_OUT): LoginStep.CREDENTIALS,
}

# Steps a person sees numbered in the top bar ("第 2 步，共 3 步"); every second factor
# (and the choice of one) is step 2.
NUMBERED_STEPS: tuple[LoginStep, ...] = (LoginStep.CREDENTIALS, LoginStep.SMS, LoginStep.LOGGED_IN)
SECOND_FACTOR_STEPS: frozenset[LoginStep] = frozenset(
    {LoginStep.CHOOSE_FACTOR, LoginStep.SMS, LoginStep.FACE, LoginStep.QR}
)


_CHOSEN = {
    Factor.SMS: LoginEvent.SMS_CHOSEN,
    Factor.FACE: LoginEvent.FACE_CHOSEN,
    Factor.QR: LoginEvent.QR_CHOSEN,
}


# Face refusals after which another try cannot help now (locked, nothing to compare with).
FINAL_FACE_ERRORS = frozenset(
    {ErrorCode.ACCOUNT_LOCKED, ErrorCode.FACE_UNAVAILABLE, ErrorCode.ATTEMPT_NOT_FOUND}
)


def face_retry_possible(error: UserError) -> bool:
    """Whether the face screen offers Try again after ``error`` (R-2F-1, R-LK-1)."""
    return error.code not in FINAL_FACE_ERRORS


def step_number(step: LoginStep) -> int | None:
    """The number shown in the top bar (1-based), None for unnumbered steps."""
    if step in SECOND_FACTOR_STEPS:
        return 2
    return NUMBERED_STEPS.index(step) + 1 if step in NUMBERED_STEPS else None


def next_step(step: LoginStep, event: LoginEvent) -> LoginStep:
    return advance(TRANSITIONS, step, event)


Result = StepResult[LoginStep]


@dataclass(slots=True)
class LoginState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    identifier: str = ""
    # 企业业务 (R-EN-1): the enterprise's code; None for 自然人业务. Kept, like the
    # identifier, when the person goes back or logs in again after a password change.
    enterprise_code: str | None = None
    attempt_id: str | None = None
    sms: SmsCode = field(default_factory=SmsCode)
    sms_phone_masked: str | None = None
    initial_password: bool = False
    factors: tuple[Factor, ...] = (Factor.SMS,)  # offered by the service and usable here
    change_token: str | None = field(default=None, repr=False)
    logged_in: LoggedIn | None = field(default=None, repr=False)
    no_relation: UserError | None = None  # the service's words for the NO_RELATION step


class LoginFlow(StepMachine[LoginStep, LoginEvent]):
    def __init__(
        self,
        api: AccountApi,
        *,
        clock: Callable[[], float] = time.monotonic,
        factors_here: Collection[Factor | str] = (Factor.SMS,),
    ) -> None:
        """``factors_here``: what this terminal can do (face needs the camera and its
        models, QR a service that makes challenges); the service says what the person may."""
        self._api = api
        self._clock = clock
        self._here = frozenset(Factor(f) for f in factors_here)
        super().__init__(TRANSITIONS, LoginStep.CREDENTIALS)
        self.state = LoginState()

    def allow_factors(self, factors_here: Collection[Factor | str]) -> None:
        """What this terminal can do, decided where its devices are known (the window)."""
        self._here = frozenset(Factor(f) for f in factors_here) | {Factor.SMS}

    # -- actions, one per user gesture ------------------------------------------------

    def submit_credentials(
        self, identifier: str, password: str, enterprise_code: str | None = None
    ) -> Result:
        """First factor. Re-entering the password starts a new attempt (R-2F-3).
        ``enterprise_code``: the 企业业务 entry (R-EN-1), checked here first (R-ID-5)."""
        self._require(LoginStep.CREDENTIALS)
        code: str | None = None
        if enterprise_code is not None:
            checked = checked_enterprise_code(enterprise_code)
            if isinstance(checked, UserError):
                return self._fail(checked)
            code = checked
        ident = checked_identifier(identifier, _FIELD["identifier"])
        if isinstance(ident, UserError):
            return self._fail(ident)
        if not password:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _FIELD["password"]))
        try:
            # The natural-person call keeps its two arguments (ports older than R-EN-1).
            if code is None:
                accepted = self._api.start_login(ident, password)
            else:
                accepted = self._api.start_login(ident, password, enterprise_code=code)
        except UserError as error:
            if error.code is ErrorCode.ENTERPRISE_NO_RELATION:
                self.state = LoginState(identifier=ident, enterprise_code=code, no_relation=error)
                return self._go(LoginEvent.NO_RELATION)
            return self._fail(error)
        return self._first_factor_done(accepted, ident, code)

    def resume_second_factor(
        self, accepted: PasswordAccepted, identifier: str, enterprise_code: str
    ) -> Result:
        """The first factor was the enterprise's certificate medium and its password
        (seed 002 四11): go on at the second factor, as after a right password."""
        self.wipe()
        return self._first_factor_done(accepted, identifier, enterprise_code)

    def _first_factor_done(
        self, accepted: PasswordAccepted, identifier: str, enterprise_code: str | None
    ) -> Result:
        # A fresh attempt: the old code is void and the countdown starts over.
        self.state = LoginState(
            identifier=identifier,
            enterprise_code=enterprise_code,
            attempt_id=accepted.attempt_id,
            sms_phone_masked=accepted.sms_phone_masked,
            initial_password=accepted.initial_password,
            factors=self._usable(accepted.second_factors),
        )
        if len(self.state.factors) > 1:
            return self._go(LoginEvent.FACTORS_OFFERED)
        return self._go(_CHOSEN[self.state.factors[0]])

    def choose_factor(self, factor: Factor | str) -> Result:
        """The person's pick among ``state.factors`` (R-2F-1)."""
        self._require(LoginStep.CHOOSE_FACTOR)
        chosen = Factor(factor)
        if chosen not in self.state.factors:
            raise InvalidTransitionError(f"{chosen} is not offered")
        return self._go(_CHOSEN[chosen])

    def submit_face(self, template: Sequence[float]) -> Result:
        """The face template of the frame the camera chose; the service decides (R-2F-1).
        A refusal keeps the step (tries left, R-RN-4); the fifth locks (R-LK-1)."""
        self._require(LoginStep.FACE)
        assert self.state.attempt_id is not None
        try:
            answer = self._api.verify_login_face(self.state.attempt_id, tuple(template))
        except UserError as error:
            return self._fail(error)
        return self._second_factor_done(answer)

    def qr_verified(self, answer: LoggedIn | PasswordChangeRequired) -> Result:
        """What the QR verification's poll brought (R-QR-2): the same as a right code."""
        self._require(LoginStep.QR)
        return self._second_factor_done(answer)

    @property
    def enterprise(self) -> bool:
        """Whether this attempt is the 企业业务 entry's (R-EN-1)."""
        return self.state.enterprise_code is not None

    @property
    def has_choice(self) -> bool:
        return len(self.state.factors) > 1

    def request_sms(self) -> Result:
        self._require(LoginStep.SMS)
        assert self.state.attempt_id is not None
        attempt_id = self.state.attempt_id
        error = self.state.sms.send(lambda: self._api.send_login_sms(attempt_id), self._clock())
        return self._fail(error) if error is not None else self._stay()

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(LoginStep.SMS)
        attempt_id = self.state.attempt_id
        assert attempt_id is not None
        answer = self.state.sms.verify(
            typed, lambda code: self._api.verify_login_sms(attempt_id, code)
        )
        if isinstance(answer, UserError):
            return self._fail(answer)
        return self._second_factor_done(answer)

    def _second_factor_done(self, answer: LoggedIn | PasswordChangeRequired) -> Result:
        if isinstance(answer, PasswordChangeRequired):
            self.state.change_token = answer.change_token
            return self._go(LoginEvent.CHANGE_REQUIRED)
        self.state.logged_in = answer
        return self._go(LoginEvent.CODE_ACCEPTED)

    def _usable(self, offered: Sequence[str]) -> tuple[Factor, ...]:
        """The service's factors (its order) this terminal can do; SMS at least, so the
        person always has the way R-PH-4's message explains."""
        known = {f.value for f in Factor}
        usable = tuple(Factor(f) for f in offered if f in known and Factor(f) in self._here)
        return usable or (Factor.SMS,)

    def submit_new_password(self, new_password: str, confirm: str) -> Result:
        self._require(LoginStep.CHANGE_PASSWORD)
        assert self.state.change_token is not None
        typed = self.state.identifier
        number = typed if classify_identifier(typed) is IdentifierKind.DOCUMENT_NUMBER else ""
        refused = new_password_error(new_password, confirm, document_number=number)
        if refused is not None:
            return self._fail(refused)
        try:
            self._api.change_initial_password(self.state.change_token, new_password)
        except UserError as error:
            return self._fail(error)
        self.state.change_token = None
        return self._go(LoginEvent.PASSWORD_CHANGED)

    def log_in_again(self) -> Result:
        self._require(LoginStep.PASSWORD_CHANGED)
        self.state = LoginState(
            identifier=self.state.identifier, enterprise_code=self.state.enterprise_code
        )
        return self._go(LoginEvent.LOG_IN_AGAIN)

    def back(self) -> Result:
        """From a second factor: to the choice when there was one (the attempt lives on),
        else to the password, which voids the attempt on the terminal side too."""
        if self.step in (LoginStep.SMS, LoginStep.FACE, LoginStep.QR) and self.has_choice:
            return self._go(LoginEvent.OTHER_FACTOR)
        result = self._go(LoginEvent.BACK)
        self.state = LoginState(
            identifier=self.state.identifier, enterprise_code=self.state.enterprise_code
        )
        return result

    def logout(self) -> Result:
        """Explicit logout (R-SE-1): tell the service, then forget everything."""
        self._require(LoginStep.LOGGED_IN)
        session = self.state.logged_in
        error: UserError | None = None
        if session is not None:
            try:
                self._api.logout(session.session_token)
            except UserError as failure:
                # The token dies with the session anyway; the terminal must still forget it.
                error = failure
        self.wipe()
        return StepResult(Outcome.OK if error is None else Outcome.FAILED, self.step, error)

    def wipe(self) -> None:
        """Forget everything of this journey (idle timeout, home, logout)."""
        self.state = LoginState()
        self._restart()


_FIELD: dict[str, dict[str, object]] = {
    "identifier": {
        "field_zh": "证件号码、手机号码或用户名",
        "field_en": "ID number, phone or username",
    },
    "password": {"field_zh": "个人用户密码", "field_en": "personal password"},
    "code": {"field_zh": "短信验证码", "field_en": "SMS code"},
}
