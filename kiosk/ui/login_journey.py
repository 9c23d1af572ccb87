"""Renders ``LoginFlow`` on screens: one screen per step, each flow call on the worker.

The screens only emit what the person did; this object calls the flow off the GUI thread,
and on the answer shows the screen of the flow's current step or the catalog error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.domain.messages import ErrorCode
from kiosk.flows.login import NUMBERED_STEPS, LoginFlow, LoginStep, Result
from kiosk.services.account_api import AccountError, LoggedIn
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.i18n import LanguageController
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.change_password import ChangePasswordScreen
from kiosk.ui.screens.credentials import CredentialsScreen
from kiosk.ui.screens.logged_in import LoggedInHomeScreen
from kiosk.ui.screens.password_changed import PasswordChangedScreen
from kiosk.ui.screens.sms import SmsScreen
from kiosk.ui.worker import TaskFailed, TaskRunner

T = TypeVar("T")
Show = Callable[[FlowScreen], None]


class LoginJourney(QObject):
    left = Signal()  # the person chose home (or back from the first step)
    logout_requested = Signal()
    step_shown = Signal(object)  # LoginStep, after its screen is current

    def __init__(
        self,
        flow: LoginFlow,
        *,
        runner: TaskRunner,
        session: KioskSession,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__()
        self.flow = flow
        self._runner = runner
        self._session = session
        self._show = show
        self.credentials = CredentialsScreen(language)
        self.sms = SmsScreen(language, flow.resend_seconds_left)
        self.change_password = ChangePasswordScreen(language)
        self.password_changed = PasswordChangedScreen(language)
        self.logged_in = LoggedInHomeScreen(language)
        self.screens: dict[LoginStep, FlowScreen] = {
            LoginStep.CREDENTIALS: self.credentials,
            LoginStep.SMS: self.sms,
            LoginStep.CHANGE_PASSWORD: self.change_password,
            LoginStep.PASSWORD_CHANGED: self.password_changed,
            LoginStep.LOGGED_IN: self.logged_in,
        }
        for screen in self.screens.values():
            screen.home_requested.connect(self.left)
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
            if result.ok and self.flow.state.sms is not None:
                screen.code_sent(self.flow.state.sms)
            elif result.error is not None:
                screen.show_error(result.error)

        self._run(screen, self.flow.request_sms, done, lambda: self.tr("Sending the code…"))

    def submit_code(self, code: str) -> None:
        self._call(
            self.sms,
            lambda: self.flow.submit_code(code),
            lambda: self.tr("Checking the code…"),
        )

    def submit_new_password(self, new_password: str, confirm: str) -> None:
        self._call(
            self.change_password,
            lambda: self.flow.submit_new_password(new_password, confirm),
            lambda: self.tr("Saving your new password…"),
        )

    def log_in_again(self) -> None:
        self._call(self.password_changed, self.flow.log_in_again, None)

    def back(self) -> None:
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
        if step is LoginStep.CREDENTIALS:
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
        if step in NUMBERED_STEPS:
            screen.set_step(NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS))
        else:
            screen.set_step(None)
        self._show(screen)
        self.step_shown.emit(step)
