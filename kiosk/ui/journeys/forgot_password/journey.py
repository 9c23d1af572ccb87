"""Renders ``ForgotPasswordFlow`` (忘记密码, R-PW-4) on screens, each flow call on the worker.

Reached from the home screen and from the login screen's 忘记密码 button. Proof is by SMS
code to the default phone or by the live face check (offered by the service when a hall
face reference exists, and by this terminal when it has a camera): when both are offered the
person picks. After a reset of an account without a phone (R-PH-6), 找回手机号码 is offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal

from kiosk.domain.documents import DocumentType
from kiosk.flows.forgot_password import (
    NUMBERED_STEPS,
    ForgotPasswordFlow,
    ForgotPasswordStep,
    face_retry_possible,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.forgot_password.screens import (
    ForgotFaceScreen,
    ForgotIdentityScreen,
    ForgotMethodScreen,
    ForgotSmsScreen,
    PasswordResetDoneScreen,
    ResetPasswordScreen,
)

Step = ForgotPasswordStep


class ForgotPasswordJourney(JourneyBase[ForgotPasswordStep]):
    numbered = NUMBERED_STEPS
    left = Signal()  # home, or back from the first step
    log_in_requested = Signal()  # done: log in with the new password
    retrieve_phone_requested = Signal()  # done, and the account has no phone (R-PH-6)
    step_shown = Signal(object)  # ForgotPasswordStep, after its screen is current
    face_refused = Signal(object)  # UserError from the face check, after it is shown

    def __init__(
        self,
        flow: ForgotPasswordFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self.identity = ForgotIdentityScreen(language)
        self.method = ForgotMethodScreen(language)
        self.sms = ForgotSmsScreen(language, flow.resend_seconds_left)
        self.face_screen = ForgotFaceScreen(language)
        self.new_password = ResetPasswordScreen(language)
        self.done = PasswordResetDoneScreen(language)
        # Without a camera the terminal cannot offer the face check, whatever the service says.
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self._no_phone = False
        # VERIFY's entry is the screen of the proof now shown (errors land there).
        self.screens = {
            Step.IDENTITY: self.identity,
            Step.VERIFY: self.sms,
            Step.NEW_PASSWORD: self.new_password,
            Step.DONE: self.done,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.identity.left.connect(self.left)
        self.identity.submitted.connect(self.submit_identity)
        self.sms.back_requested.connect(self.back_from_proof)
        self.method.back_requested.connect(self.back)
        self.method.sms_chosen.connect(self.choose_sms)
        self.method.face_chosen.connect(self.choose_face)
        self.face_screen.back_requested.connect(self.back_from_proof)
        self.connect_sms(
            self.sms,
            request=lambda _phone: flow.request_sms(),
            submit=flow.submit_code,
            sent=lambda: flow.state.sms.sent,
        )
        self.new_password.back_requested.connect(self.back)
        self.new_password.submitted.connect(self.submit_new_password)
        self.done.log_in_requested.connect(self.log_in_requested)
        self.done.retrieve_phone_requested.connect(self.retrieve_phone_requested)

    def all_screens(self) -> list[FlowScreen]:
        """Every screen for the window's stack (``screens`` maps a step to one of them)."""
        return [
            self.identity,
            self.method,
            self.sms,
            self.face_screen,
            self.new_password,
            self.done,
        ]

    @property
    def face_offered(self) -> bool:
        return self.face_check is not None and self.flow.state.can_use_face

    def start(self) -> None:
        self.stop_face()
        self.flow.wipe()
        self._no_phone = False
        for screen in self.all_screens():
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

    def choose_sms(self) -> None:
        self._show_proof(self.sms)

    def choose_face(self) -> None:
        self._show_proof(self.face_screen)

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) to the service."""
        values = tuple(float(v) for v in template)
        self.send_face(lambda: self.flow.submit_face(values), face_retry_possible)

    def submit_new_password(self, new_password: str, confirm: str) -> None:
        self.call(
            self.new_password,
            lambda: self.flow.submit_new_password(new_password, confirm),
            lambda: self.tr("Saving your new password…"),
        )

    def back(self) -> None:
        self.stop_face()
        self.call(self.screens[self.flow.step], self.flow.back, None)

    def back_from_proof(self) -> None:
        """From the SMS or face screen: to the choice when there was one, else step 1."""
        self.stop_face()
        if self.flow.state.can_use_sms and self.face_offered:
            self._show_proof(self.method)
        else:
            self.back()

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
            self._no_phone = not state.can_use_sms
            self.sms.prepare(state.phone_masked)
            self.method.prepare(state.phone_masked)
            if state.can_use_sms and self.face_offered:
                screen = self.method
            elif self.face_offered:
                screen = self.face_screen  # R-PH-6: no phone, but the hall has the face
            elif not state.can_use_sms:
                # R-PH-6: no phone on the account; the catalog says what to do instead.
                self.sms.show_error(UserError(ErrorCode.RESET_PHONE_EMPTY))
        elif step is Step.NEW_PASSWORD:
            screen.wipe()
        elif step is Step.DONE:
            self.done.announce(state.unlocked)
            self.done.offer_retrieve_phone(self._no_phone)
            self.flow.wipe()  # nothing of the journey outlives the done screen
        self._show_step(step, screen)

    def _show_proof(self, screen: FlowScreen) -> None:
        self._show_step(Step.VERIFY, screen)

    def _show_step(self, step: ForgotPasswordStep, screen: FlowScreen) -> None:
        if step is Step.VERIFY:
            self.screens[Step.VERIFY] = screen  # errors land on the proof now shown
        self.show_step(step, screen)
