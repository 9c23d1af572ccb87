"""Renders ``ForgotPasswordFlow`` (忘记密码, R-PW-4) on screens, each flow call on the worker.

Reached from the home screen and from the login screen's 忘记密码 button. Proof is by SMS
code to the default phone; face verification (offered by the service when a hall face
reference exists) is not built at the terminal yet, so the screen says to ask the staff.
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.domain.documents import DocumentType
from kiosk.domain.messages import ErrorCode
from kiosk.flows.forgot_password import (
    NUMBERED_STEPS,
    ForgotPasswordFlow,
    ForgotPasswordStep,
    Result,
)
from kiosk.services.account_api import AccountError
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journey_base import JourneyBase, Show
from kiosk.ui.screens.forgot_password import (
    ForgotIdentityScreen,
    ForgotSmsScreen,
    PasswordResetDoneScreen,
    ResetPasswordScreen,
)
from kiosk.ui.worker import TaskRunner

Step = ForgotPasswordStep


class ForgotPasswordJourney(JourneyBase[ForgotPasswordStep]):
    left = Signal()  # home, or back from the first step
    log_in_requested = Signal()  # done: log in with the new password
    step_shown = Signal(object)  # ForgotPasswordStep, after its screen is current

    def __init__(
        self,
        flow: ForgotPasswordFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self.identity = ForgotIdentityScreen(language)
        self.sms = ForgotSmsScreen(language, flow.resend_seconds_left)
        self.new_password = ResetPasswordScreen(language)
        self.done = PasswordResetDoneScreen(language)
        self.screens = {
            Step.IDENTITY: self.identity,
            Step.VERIFY: self.sms,
            Step.NEW_PASSWORD: self.new_password,
            Step.DONE: self.done,
        }
        for screen in self.screens.values():
            screen.home_requested.connect(self.left)
        self.identity.left.connect(self.left)
        self.identity.submitted.connect(self.submit_identity)
        self.sms.back_requested.connect(self.back)
        self.sms.code_requested.connect(self.request_code)
        self.sms.code_submitted.connect(self.submit_code)
        self.new_password.back_requested.connect(self.back)
        self.new_password.submitted.connect(self.submit_new_password)
        self.done.log_in_requested.connect(self.log_in_requested)

    def start(self) -> None:
        self.flow.wipe()
        for screen in self.screens.values():
            screen.wipe()
        self.enter(Step.IDENTITY)

    def close_flow(self) -> None:
        self.flow.wipe()

    # -- what the person did -------------------------------------------------------------

    def submit_identity(self, document_type: DocumentType, number: str) -> None:
        self.call(
            self.identity,
            lambda: self.flow.submit_identity(document_type, number),
            lambda: self.tr("Looking up your account…"),
        )

    def request_code(self) -> None:
        screen = self.sms

        def done(result: Result) -> None:
            screen.request_button.refresh()
            if result.ok and self.flow.state.sms is not None:
                screen.code_sent(self.flow.state.sms)
            elif result.error is not None:
                screen.show_error(result.error)

        self.run(screen, self.flow.request_sms, done, lambda: self.tr("Sending the code…"))

    def submit_code(self, code: str) -> None:
        self.call(
            self.sms, lambda: self.flow.submit_code(code), lambda: self.tr("Checking the code…")
        )

    def submit_new_password(self, new_password: str, confirm: str) -> None:
        self.call(
            self.new_password,
            lambda: self.flow.submit_new_password(new_password, confirm),
            lambda: self.tr("Saving your new password…"),
        )

    def back(self) -> None:
        self.call(self.screens[self.flow.step], self.flow.back, None)

    # -- entering a step -----------------------------------------------------------------

    def enter(self, step: ForgotPasswordStep) -> None:
        screen = self.screens[step]
        state = self.flow.state
        if step is Step.IDENTITY:
            screen.wipe()
            if state.document_type is not None:  # back: the document is kept
                self.identity.choose_type(state.document_type)
                self.identity.number.set_text(state.document_number)
        elif step is Step.VERIFY:
            self.sms.prepare(state.phone_masked)
            if not state.can_use_sms:
                # R-PH-6: no phone on the account; the catalog says what to do instead.
                self.sms.show_error(AccountError(ErrorCode.RESET_PHONE_EMPTY))
        elif step is Step.NEW_PASSWORD:
            screen.wipe()
        elif step is Step.DONE:
            self.done.announce(state.unlocked)
            self.flow.wipe()  # nothing of the journey outlives the done screen
        if step in NUMBERED_STEPS:
            screen.set_step(NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS))
        else:
            screen.set_step(None)
        self._show(screen)
        self.step_shown.emit(step)
