"""The account center (账户中心) for a logged-in person, as a Qt-free state machine.

Phones (R-PH-1/2/7), username (R-UN-1), password change (R-PW-5), deregistration (R-AC-1)
and history with "清除记录" (R-AC-2). Phone changes and deregistration need an SMS code
first: ``start_*`` opens a confirmation on the service (which sends the first code at once)
and moves to ``CONFIRM``; ``submit_code`` carries it out. Same shape as
``kiosk.flows.login``: one blocking method per user action, run on a worker thread.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.realname import RealNameLevel
from kiosk.domain.usernames import check_username
from kiosk.flows.local_checks import checked_phone, new_password_error
from kiosk.flows.machine import InvalidTransitionError, StepMachine, StepResult, advance
from kiosk.flows.sms_code import SmsCode
from kiosk.protocol.account import (
    AccountView,
    ConfirmationAction,
    ConfirmationStarted,
    HistoryEvent,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountSelfServiceApi

FACE_LEVEL = int(RealNameLevel.L4)  # R-RN-1: face-verified


# Face refusals after which another try cannot help now.
FINAL_FACE_ERRORS = frozenset(
    {ErrorCode.ACCOUNT_LOCKED, ErrorCode.FACE_UNAVAILABLE, ErrorCode.SESSION_INVALID}
)


def face_retry_possible(error: UserError) -> bool:
    """Whether the face screen offers Try again after ``error`` (R-RN-3, R-LK-1)."""
    return error.code not in FINAL_FACE_ERRORS


class AccountCenterStep(Enum):
    OVERVIEW = auto()  # person, level, default phone, username, notices
    PHONES = auto()  # the numbers: add, remove, make default
    CONFIRM = auto()  # the SMS code for the pending action
    USERNAME = auto()  # set or change the username
    PASSWORD = auto()  # old password, new password twice
    DEREGISTER = auto()  # the warning, then CONFIRM
    DEREGISTERED = auto()  # the account is ended; the session is over
    HISTORY = auto()  # 历史管理信息
    LEVEL_FACE = auto()  # 个人实名等级: the face check that raises level 3 to 4 (R-RN-3)


class AccountCenterEvent(Enum):
    OPEN_PHONES = auto()
    OPEN_USERNAME = auto()
    OPEN_PASSWORD = auto()
    OPEN_HISTORY = auto()
    OPEN_DEREGISTER = auto()
    CONFIRMATION_STARTED = auto()
    PHONE_CHANGED = auto()
    DEREGISTERED = auto()
    USERNAME_SAVED = auto()
    PASSWORD_CHANGED = auto()
    BACK = auto()
    BACK_TO_WARNING = auto()  # leaving the code of a deregistration
    OPEN_LEVEL_FACE = auto()
    LEVEL_RAISED = auto()


_S = AccountCenterStep
_E = AccountCenterEvent

TRANSITIONS: dict[tuple[AccountCenterStep, AccountCenterEvent], AccountCenterStep] = {
    (_S.OVERVIEW, _E.OPEN_PHONES): _S.PHONES,
    (_S.OVERVIEW, _E.OPEN_USERNAME): _S.USERNAME,
    (_S.OVERVIEW, _E.OPEN_PASSWORD): _S.PASSWORD,
    (_S.OVERVIEW, _E.OPEN_HISTORY): _S.HISTORY,
    (_S.OVERVIEW, _E.OPEN_DEREGISTER): _S.DEREGISTER,
    (_S.PHONES, _E.CONFIRMATION_STARTED): _S.CONFIRM,
    (_S.PHONES, _E.BACK): _S.OVERVIEW,
    (_S.CONFIRM, _E.PHONE_CHANGED): _S.PHONES,
    (_S.CONFIRM, _E.DEREGISTERED): _S.DEREGISTERED,
    (_S.CONFIRM, _E.BACK): _S.PHONES,
    (_S.CONFIRM, _E.BACK_TO_WARNING): _S.DEREGISTER,
    (_S.USERNAME, _E.USERNAME_SAVED): _S.OVERVIEW,
    (_S.USERNAME, _E.BACK): _S.OVERVIEW,
    (_S.PASSWORD, _E.PASSWORD_CHANGED): _S.OVERVIEW,
    (_S.PASSWORD, _E.BACK): _S.OVERVIEW,
    (_S.HISTORY, _E.BACK): _S.OVERVIEW,
    (_S.DEREGISTER, _E.CONFIRMATION_STARTED): _S.CONFIRM,
    (_S.DEREGISTER, _E.BACK): _S.OVERVIEW,
    (_S.OVERVIEW, _E.OPEN_LEVEL_FACE): _S.LEVEL_FACE,
    (_S.LEVEL_FACE, _E.LEVEL_RAISED): _S.OVERVIEW,
    (_S.LEVEL_FACE, _E.BACK): _S.OVERVIEW,
}


def next_step(step: AccountCenterStep, event: AccountCenterEvent) -> AccountCenterStep:
    return advance(TRANSITIONS, step, event)


Result = StepResult[AccountCenterStep]


@dataclass(slots=True)
class AccountCenterState:
    """Everything the account center holds; ``wipe`` forgets all of it (R-SE-1)."""

    session_token: str = field(default="", repr=False)
    account: AccountView | None = field(default=None, repr=False)
    pending: ConfirmationStarted | None = None  # the action waiting for its SMS code
    sms: SmsCode = field(default_factory=SmsCode)
    history: tuple[HistoryEvent, ...] = field(default=(), repr=False)
    last_done: ConfirmationAction | None = None  # what the last code confirmed
    level_raised: bool = False  # the last face check lifted the level (R-RN-3)


class AccountCenterFlow(StepMachine[AccountCenterStep, AccountCenterEvent]):
    def __init__(
        self,
        api: AccountSelfServiceApi,
        session_token: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api
        self._clock = clock
        super().__init__(TRANSITIONS, AccountCenterStep.OVERVIEW)
        self.state = AccountCenterState(session_token=session_token)

    # -- overview ----------------------------------------------------------------------

    def refresh(self) -> Result:
        """Load the account (also the first call after opening the account center)."""
        if self.step is AccountCenterStep.DEREGISTERED:
            raise InvalidTransitionError("refresh called at DEREGISTERED")
        if not self.state.session_token:
            return self._no_session()
        try:
            self.state.account = self._api.account_view(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        return self._stay()

    # -- phones (R-PH-1, R-PH-2, R-PH-7) -------------------------------------------------

    def open_phones(self) -> Result:
        """The list is read afresh: a number may have moved to someone else (R-PH-2)."""
        self._require(AccountCenterStep.OVERVIEW)
        loaded = self.refresh()
        if not loaded.ok:
            return loaded
        return self._go(AccountCenterEvent.OPEN_PHONES)

    def start_add_phone(self, phone: str) -> Result:
        self._require(AccountCenterStep.PHONES)
        number = checked_phone(phone)
        if isinstance(number, UserError):
            return self._fail(number)
        return self._start(ConfirmationAction.ADD_PHONE, phone=number)

    def start_remove_phone(self, phone_id: int) -> Result:
        self._require(AccountCenterStep.PHONES)
        return self._start(ConfirmationAction.REMOVE_PHONE, phone_id=phone_id)

    def start_set_default(self, phone_id: int) -> Result:
        self._require(AccountCenterStep.PHONES)
        return self._start(ConfirmationAction.SET_DEFAULT_PHONE, phone_id=phone_id)

    # -- deregistration (R-AC-1) ---------------------------------------------------------

    def open_deregister(self) -> Result:
        """The warning screen (R-AC-1); nothing is sent yet."""
        self._require(AccountCenterStep.OVERVIEW)
        return self._go(AccountCenterEvent.OPEN_DEREGISTER)

    def start_deregister(self) -> Result:
        """The person read the warning and goes on: a code to the default phone."""
        self._require(AccountCenterStep.DEREGISTER)
        return self._start(ConfirmationAction.DEREGISTER)

    # -- the SMS confirmation ------------------------------------------------------------

    def request_sms(self) -> Result:
        """Another code for the pending action (the first one was sent by ``start_*``)."""
        self._require(AccountCenterStep.CONFIRM)
        assert self.state.pending is not None
        token, verification_id = self.state.session_token, self.state.pending.verification_id
        error = self.state.sms.send(
            lambda: self._api.send_confirmation_sms(token, verification_id), self._clock()
        )
        return self._fail(error) if error is not None else self._stay()

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(AccountCenterStep.CONFIRM)
        pending = self.state.pending
        assert pending is not None
        token = self.state.session_token
        done = self.state.sms.verify(
            typed, lambda code: self._api.verify_confirmation(token, pending.verification_id, code)
        )
        if isinstance(done, UserError):
            return self._fail(done)
        if done.action is ConfirmationAction.DEREGISTER:
            # The service ended every session: nothing of this person stays on the terminal.
            self.state = AccountCenterState(last_done=ConfirmationAction.DEREGISTER)
            return self._go(AccountCenterEvent.DEREGISTERED)
        self.state.pending = None
        self.state.sms = SmsCode()
        self.state.last_done = done.action
        if done.account is not None:
            self.state.account = done.account
        return self._go(AccountCenterEvent.PHONE_CHANGED)

    # -- username (R-UN-1) ---------------------------------------------------------------

    def open_username(self) -> Result:
        self._require(AccountCenterStep.OVERVIEW)
        return self._go(AccountCenterEvent.OPEN_USERNAME)

    def submit_username(self, name: str) -> Result:
        self._require(AccountCenterStep.USERNAME)
        # Full-width letters typed by a Chinese input method become ASCII; case is kept.
        text = unicodedata.normalize("NFKC", name).strip()
        checked = check_username(text)
        if not checked.ok:
            reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
            return self._fail(UserError(ErrorCode.USERNAME_RULE, reason))
        if not self.state.session_token:
            return self._no_session()
        try:
            self.state.account = self._api.set_username(self.state.session_token, text)
        except UserError as error:
            return self._fail(error)
        return self._go(AccountCenterEvent.USERNAME_SAVED)

    # -- password (R-PW-5) ---------------------------------------------------------------

    def open_password(self) -> Result:
        self._require(AccountCenterStep.OVERVIEW)
        return self._go(AccountCenterEvent.OPEN_PASSWORD)

    def submit_password_change(self, old: str, new: str, confirm: str) -> Result:
        """Success ends the person's other sessions (service side); this one stays."""
        self._require(AccountCenterStep.PASSWORD)
        if not old:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _FIELD["old_password"]))
        refused = new_password_error(new, confirm)
        if refused is not None:
            return self._fail(refused)
        if new == old:
            return self._fail(UserError(ErrorCode.PASSWORD_RULE, _SAME_AS_OLD))
        if not self.state.session_token:
            return self._no_session()
        try:
            self._api.change_password(self.state.session_token, old, new)
        except UserError as error:
            return self._fail(error)
        return self._go(AccountCenterEvent.PASSWORD_CHANGED)

    # -- history (R-AC-2) ----------------------------------------------------------------

    def open_history(self) -> Result:
        self._require(AccountCenterStep.OVERVIEW)
        if not self.state.session_token:
            return self._no_session()
        try:
            self.state.history = self._api.account_history(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        return self._go(AccountCenterEvent.OPEN_HISTORY)

    def clear_history(self, event_id: str) -> Result:
        """清除记录: the line leaves the list; the service keeps the record."""
        self._require(AccountCenterStep.HISTORY)
        if not self.state.session_token:
            return self._no_session()
        try:
            self._api.clear_history_event(self.state.session_token, event_id)
        except UserError as error:
            return self._fail(error)
        self.state.history = tuple(e for e in self.state.history if e.event_id != event_id)
        return self._stay()

    # -- real-name level (R-RN-2/3) ------------------------------------------------------

    @property
    def needs_face_for_level(self) -> bool:
        """Level 3 (legacy, no face check yet): a face check raises it to 4 (R-RN-3)."""
        account = self.state.account
        return account is not None and account.real_name_level < FACE_LEVEL

    def open_level_face(self) -> Result:
        self._require(AccountCenterStep.OVERVIEW)
        self.state.level_raised = False
        return self._go(AccountCenterEvent.OPEN_LEVEL_FACE)

    def submit_face(self, template: Sequence[float]) -> Result:
        """The live face's template; the service decides and raises the level. A refusal
        stays here with the tries left (R-RN-4); the fifth locks the account and ends the
        session (R-LK-1)."""
        self._require(AccountCenterStep.LEVEL_FACE)
        if not self.state.session_token:
            return self._no_session()
        before = self.state.account.real_name_level if self.state.account else None
        try:
            account = self._api.raise_level_by_face(self.state.session_token, tuple(template))
        except UserError as error:
            return self._fail(error)
        self.state.account = account
        self.state.level_raised = before is not None and account.real_name_level > before
        return self._go(AccountCenterEvent.LEVEL_RAISED)

    # -- navigation ----------------------------------------------------------------------

    def back(self) -> Result:
        """One level up. Leaving CONFIRM abandons the pending action (its code is unused)."""
        if self.step is AccountCenterStep.CONFIRM:
            pending = self.state.pending
            event = (
                AccountCenterEvent.BACK_TO_WARNING
                if pending is not None and pending.action is ConfirmationAction.DEREGISTER
                else AccountCenterEvent.BACK
            )
            result = self._go(event)
            self.state.pending = None
            self.state.sms = SmsCode()
            return result
        return self._go(AccountCenterEvent.BACK)

    def wipe(self) -> None:
        """Forget everything, the session token too (idle timeout, home, logout)."""
        self.state = AccountCenterState()
        self._restart()

    # -- helpers -----------------------------------------------------------------------

    def _start(
        self,
        action: ConfirmationAction,
        *,
        phone: str | None = None,
        phone_id: int | None = None,
    ) -> Result:
        if not self.state.session_token:
            return self._no_session()
        try:
            started = self._api.start_confirmation(
                self.state.session_token, action, phone=phone, phone_id=phone_id
            )
        except UserError as error:
            return self._fail(error)
        self.state.pending = started
        self.state.last_done = None
        # The service sent the first code already: the countdown runs from now.
        self.state.sms.started(started.resend_after_s, self._clock())
        return self._go(AccountCenterEvent.CONFIRMATION_STARTED)

    def _no_session(self) -> Result:
        """After ``wipe`` the token is gone: the person must log in again (R-SE-1)."""
        return self._fail(UserError(ErrorCode.SESSION_INVALID))


_FIELD: dict[str, dict[str, object]] = {
    "old_password": {"field_zh": "原密码", "field_en": "current password"},
    "code": {"field_zh": "短信验证码", "field_en": "SMS code"},
}
_SAME_AS_OLD: dict[str, object] = {
    "reason": "新密码与原密码相同，请设置一个不同的密码。",
    "reason_en": "The new password is the same as the current one; please choose a different one.",
}
