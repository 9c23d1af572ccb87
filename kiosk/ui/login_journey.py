"""Renders ``LoginFlow`` on screens: one screen per step, each flow call on the worker.

The screens only emit what the person did; this object calls the flow off the GUI thread,
and on the answer shows the screen of the flow's current step or the catalog error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.domain.messages import ErrorCode
from kiosk.flows.login import NUMBERED_STEPS, Factor, LoginFlow, LoginStep, Result, step_number
from kiosk.services.account_api import AccountError, LoggedIn, PasswordChangeRequired
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.face_check import PublicFaceSources, face_check_for
from kiosk.ui.i18n import LanguageController
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.change_password import ChangePasswordScreen
from kiosk.ui.screens.credentials import CredentialsScreen
from kiosk.ui.screens.logged_in import LoggedInHomeScreen
from kiosk.ui.screens.password_changed import PasswordChangedScreen
from kiosk.ui.screens.second_factor import FactorChoiceScreen, LoginFaceScreen
from kiosk.ui.screens.sms import SmsScreen
from kiosk.ui.worker import TaskFailed, TaskRunner

T = TypeVar("T")
Show = Callable[[FlowScreen], None]
# Face refusals after which another try cannot help now (locked, nothing to compare with).
_FINAL_FACE_ERRORS = frozenset(
    {ErrorCode.ACCOUNT_LOCKED, ErrorCode.FACE_UNAVAILABLE, ErrorCode.ATTEMPT_NOT_FOUND}
)


class LoginJourney(QObject):
    left = Signal()  # the person chose home (or back from the first step)
    logout_requested = Signal()
    step_shown = Signal(object)  # LoginStep, after its screen is current
    # QR verification chosen (R-QR-2): the window shows the QR journey for this attempt id.
    qr_verification_requested = Signal(str)
    face_refused = Signal(object)  # AccountError from the face factor, after it is shown

    def __init__(
        self,
        flow: LoginFlow,
        *,
        runner: TaskRunner,
        session: KioskSession,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__()
        self.flow = flow
        self._runner = runner
        self._session = session
        self._show = show
        self.credentials = CredentialsScreen(language)
        self.sms = SmsScreen(language, flow.resend_seconds_left)
        self.factor_choice = FactorChoiceScreen(language)
        self.face_screen = LoginFaceScreen(language)
        # The face factor needs this terminal's camera and models (R-2F-1).
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self.change_password = ChangePasswordScreen(language)
        self.password_changed = PasswordChangedScreen(language)
        self.logged_in = LoggedInHomeScreen(language)
        self.screens: dict[LoginStep, FlowScreen] = {
            LoginStep.CREDENTIALS: self.credentials,
            LoginStep.CHOOSE_FACTOR: self.factor_choice,
            LoginStep.SMS: self.sms,
            LoginStep.FACE: self.face_screen,
            # The QR code itself is the QR journey's screen; errors land on the choice.
            LoginStep.QR: self.factor_choice,
            LoginStep.CHANGE_PASSWORD: self.change_password,
            LoginStep.PASSWORD_CHANGED: self.password_changed,
            LoginStep.LOGGED_IN: self.logged_in,
        }
        for screen in set(self.screens.values()):
            screen.home_requested.connect(self.left)
        self.factor_choice.back_requested.connect(self.back)
        self.factor_choice.chosen.connect(self.choose_factor)
        self.face_screen.back_requested.connect(self.back)
        self.credentials.back_requested.connect(self.credentials.request_home)
        self.credentials.submitted.connect(self.submit_credentials)
        self.sms.back_requested.connect(self.back)
        self.sms.code_requested.connect(self.request_code)
        self.sms.code_submitted.connect(self.submit_code)
        self.change_password.back_requested.connect(self.back)
        self.change_password.submitted.connect(self.submit_new_password)
        self.password_changed.log_in_again_requested.connect(self.log_in_again)
        self.logged_in.logout_requested.connect(self.logout_requested)

    # -- entering ------------------------------------------------------------------------

    def start(self) -> None:
        """Show step 1 of a fresh journey (the flow was wiped when the last one ended)."""
        self._enter(LoginStep.CREDENTIALS)

    def all_screens(self) -> list[FlowScreen]:
        """Every screen for the window's stack (``screens`` maps steps to them)."""
        return list(dict.fromkeys(self.screens.values()))

    def stop_face(self) -> None:
        """Camera off (leaving the face step, idle, home); safe when it never ran."""
        if self.face_check is not None:
            self.face_check.stop()

    def shutdown(self) -> None:
        if self.face_check is not None:
            self.face_check.shutdown()

    def close_flow(self) -> None:
        """Worker side of ending the session (R-SE-1): log out on the service, forget all."""
        if self.flow.step is LoginStep.LOGGED_IN:
            self.flow.logout()  # tells the service, then wipes; failures are only logged
        else:
            self.flow.wipe()

    def show_logged_in(self, logged_in: LoggedIn) -> None:
        """A session made elsewhere (扫码登录, R-QR-1): the kiosk session counts as logged in
        and the logged-in home shows. Its service logout is up to the journey that made it
        (this flow never saw the session)."""
        self._session.begin(logged_in)
        self.logged_in.show_person(logged_in.person)
        self.logged_in.show_notices(logged_in.notices)
        self.logged_in.set_step(None)
        self._show(self.logged_in)
        self.step_shown.emit(LoginStep.LOGGED_IN)

    # -- what the person did -------------------------------------------------------------

    def submit_credentials(self, identifier: str, password: str) -> None:
        self._call(
            self.credentials,
            lambda: self.flow.submit_credentials(identifier, password),
            lambda: self.tr("Checking your account…"),
        )

    def request_code(self) -> None:
        screen = self.sms

        def done(result: Result) -> None:
            screen.request_button.refresh()
            if result.ok and self.flow.state.sms.sent is not None:
                screen.code_sent(self.flow.state.sms.sent)
            elif result.error is not None:
                screen.show_error(result.error)

        self._run(screen, self.flow.request_sms, done, lambda: self.tr("Sending the code…"))

    def submit_code(self, code: str) -> None:
        self._call(
            self.sms,
            lambda: self.flow.submit_code(code),
            lambda: self.tr("Checking the code…"),
        )

    def choose_factor(self, factor: Factor) -> None:
        self._call(self.factor_choice, lambda: self.flow.choose_factor(factor), None)

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) to the service (R-2F-1)."""
        values = tuple(float(v) for v in template)
        screen = self.face_screen

        def done(result: Result) -> None:
            if result.ok:
                self._enter(result.step)
            elif result.error is not None:
                error = result.error
                screen.show_refusal(error, can_retry=error.code not in _FINAL_FACE_ERRORS)
                self.face_refused.emit(error)

        self._run(
            screen,
            lambda: self.flow.submit_face(values),
            done,
            lambda: self.tr("Checking your face…"),
        )

    def qr_verified(self, answer: LoggedIn | PasswordChangeRequired) -> None:
        """The QR journey's poll brought the second factor (R-QR-2)."""
        if self.flow.step is not LoginStep.QR:
            return  # left meanwhile; the QR journey no longer polls for this attempt
        self._call(self.factor_choice, lambda: self.flow.qr_verified(answer), None)

    def back_from_qr(self) -> None:
        """Back on the QR verification screen: to the choice (or the password)."""
        if self.flow.step is LoginStep.QR:
            self._call(self.factor_choice, self.flow.back, None)

    def submit_new_password(self, new_password: str, confirm: str) -> None:
        self._call(
            self.change_password,
            lambda: self.flow.submit_new_password(new_password, confirm),
            lambda: self.tr("Saving your new password…"),
        )

    def log_in_again(self) -> None:
        self._call(self.password_changed, self.flow.log_in_again, None)

    def back(self) -> None:
        self.stop_face()
        screen = self.screens[self.flow.step]
        self._call(screen, self.flow.back, None)

    # -- internals -----------------------------------------------------------------------

    def _call(
        self,
        screen: FlowScreen,
        action: Callable[[], Result],
        sentence: Callable[[], str] | None,
    ) -> None:
        def done(result: Result) -> None:
            if result.ok:
                self._enter(result.step)
            elif result.error is not None:
                self.screens[result.step].show_error(result.error)

        self._run(screen, action, done, sentence)

    def _run(
        self,
        screen: FlowScreen,
        action: Callable[[], T],
        done: Callable[[T], None],
        sentence: Callable[[], str] | None,
    ) -> None:
        screen.set_busy(True, sentence)

        def finished(value: T) -> None:
            screen.set_busy(False)
            done(value)

        def failed(_failure: TaskFailed) -> None:
            screen.set_busy(False)
            screen.show_error(AccountError(ErrorCode.INTERNAL_ERROR))

        self._runner.run(action, finished, failed)

    def _enter(self, step: LoginStep) -> None:
        screen = self.screens[step]
        state = self.flow.state
        if step is not LoginStep.FACE:
            self.stop_face()
        if step is LoginStep.QR and state.attempt_id is not None:
            # The QR journey shows the code and polls; it hands the answer to qr_verified.
            self.qr_verification_requested.emit(state.attempt_id)
            self.step_shown.emit(step)
            return
        if step is LoginStep.CHOOSE_FACTOR:
            self.factor_choice.offer(state.factors, state.sms_phone_masked)
        elif step is LoginStep.FACE:
            self.face_screen.wipe()
        elif step is LoginStep.CREDENTIALS:
            screen.wipe()
            if state.identifier:
                self.credentials.prefill(state.identifier)
        elif step is LoginStep.SMS:
            self.sms.prepare(state.sms_phone_masked)
        elif step is LoginStep.PASSWORD_CHANGED:
            self.password_changed.announce()
        elif step is LoginStep.LOGGED_IN and state.logged_in is not None:
            self._session.begin(state.logged_in)
            self.logged_in.show_person(state.logged_in.person)
            self.logged_in.show_notices(state.logged_in.notices)
        number = step_number(step)
        if number is None:
            screen.set_step(None)
        else:
            screen.set_step(number, len(NUMBERED_STEPS))
        self._show(screen)
        if step is LoginStep.FACE and self.face_check is not None:
            self.face_check.start()
        self.step_shown.emit(step)
