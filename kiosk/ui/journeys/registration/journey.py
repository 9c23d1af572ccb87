"""Renders ``RegistrationFlow`` (用户注册, R-ID-1) on screens, each flow call on the worker.

Reached from the home screen's 用户注册 tile. The refusals of the identity check that no
retyping can fix get a screen of their own that says where to go: the hall staff for a
hall-first document without collection (R-ID-2) or a face check that cannot be done here
(R-RN-4), login or 忘记密码 for a person already registered (R-ID-6).

Completion logs the person in (the service's answer is a login). The journey emits
``completed`` at once, and the window begins the kiosk session with it, so the idle
timeout and home end it from the done screen on; the done screen's button then shows the
logged-in home (``continue_requested``). The journey keeps the session token only to end
it on the service when the kiosk session ends (``close_flow``), as 扫码登录 does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, SignalInstance

from kiosk.domain.documents import DocumentType
from kiosk.flows.registration import (
    RegistrationFlow,
    RegistrationStep,
    Result,
    face_retry_possible,
    numbered_steps,
)
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.live_capture import CaptureFault
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.registration.screens import (
    RegisterDocumentScreen,
    RegisterFaceScreen,
    RegisterPasswordScreen,
    RegisterSmsScreen,
    RegistrationDoneScreen,
    RegistrationRefusedScreen,
)

Step = RegistrationStep


class RegistrationJourney(JourneyBase[RegistrationStep]):
    left = Signal()  # home, or back from the first step
    log_in_requested = Signal()  # R-ID-6: already registered
    forgot_password_requested = Signal()  # R-ID-6: already registered, password forgotten
    completed = Signal(object)  # LoggedIn: registered, the service session exists now
    continue_requested = Signal(object)  # LoggedIn: the done screen's button
    step_shown = Signal(object)  # RegistrationStep, after its screen is current
    refused = Signal(object)  # UserError shown on the refusal screen
    face_refused = Signal(object)  # UserError from the face check, after it is shown

    def __init__(
        self,
        flow: RegistrationFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self.document = RegisterDocumentScreen(language)
        self.refusal = RegistrationRefusedScreen(language)
        self.sms = RegisterSmsScreen(language, flow.resend_seconds_left, phone_entry=True)
        self.face_screen = RegisterFaceScreen(language)
        self.password = RegisterPasswordScreen(language)
        self.done = RegistrationDoneScreen(language)
        # Without a camera only hall-collected people (no face step) can finish here.
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self.screens = {
            Step.DOCUMENT: self.document,
            Step.PHONE: self.sms,
            Step.FACE: self.face_screen,
            Step.PASSWORD: self.password,
            Step.DONE: self.done,
            Step.REFUSED: self.refusal,
            # Said on the face screen, whose camera stays off (no face check here).
            Step.FACE_UNAVAILABLE: self.face_screen,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.document.left.connect(self.left)
        self.document.submitted.connect(self.submit_document)
        self.refusal.other_document_requested.connect(self.other_document)
        self.refusal.finished.connect(self.left)
        self.refusal.log_in_requested.connect(lambda: self._hand_over(self.log_in_requested))
        self.refusal.forgot_password_requested.connect(
            lambda: self._hand_over(self.forgot_password_requested)
        )
        self.sms.back_requested.connect(self.back)
        self.connect_sms(
            self.sms,
            request=flow.request_sms,
            submit=flow.submit_code,
            sent=lambda: flow.state.sms.sent,
        )
        self.face_screen.back_requested.connect(self.back)
        self.password.back_requested.connect(self.back)
        self.password.registration_submitted.connect(self.submit_password)
        self.done.continue_requested.connect(self._continue)

    def start(self) -> None:
        self.stop_face()
        self.flow.wipe()
        for screen in self.all_screens():
            screen.wipe()
        self.enter(Step.DOCUMENT)

    def close_flow(self) -> None:
        """The kiosk session ended (on the worker): the service session the registration
        made is ended too, then everything is forgotten (R-SE-1)."""
        self.flow.close()

    # -- what the person did -------------------------------------------------------------

    def submit_document(self, document_type: DocumentType, number: str, name: str) -> None:
        self.call(
            self.document,
            lambda: self.flow.submit_document(document_type, number, name),
            lambda: self.tr("Checking your identity…"),
        )

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) to the service."""
        values = tuple(float(v) for v in template)

        def answered(result: Result) -> None:
            refusal = self.flow.state.refusal
            if result.step is Step.REFUSED and refusal is not None:
                # R-RN-4: the tries of today are spent; only the hall helps now.
                self.face_refused.emit(refusal)
            self.enter(result.step)

        self.send_face(lambda: self.flow.submit_face(values), face_retry_possible, on_ok=answered)

    def submit_password(self, password: str, confirm: str, username: str) -> None:
        def registered(result: object) -> None:
            del result
            logged_in = self.flow.state.logged_in
            if logged_in is not None:
                self.completed.emit(logged_in)  # the kiosk session begins now
            self.enter(Step.DONE)

        self.call(
            self.password,
            lambda: self.flow.submit_password(password, confirm, username),
            lambda: self.tr("Creating your account…"),
            on_ok=registered,
        )

    def back(self) -> None:
        """From a later step to the document (the registration starts anew)."""
        self.stop_face()
        self.call(self.screens[self.flow.step], self.flow.back, None)

    def other_document(self) -> None:
        """From the refusal screen: step 1 again, with the type choice."""
        self.call(self.refusal, self.flow.back, None, on_ok=lambda _r: self._fresh_document())

    # -- entering a step -----------------------------------------------------------------

    def enter(self, step: RegistrationStep) -> None:
        screen = self.screens[step]
        state = self.flow.state
        if step is Step.DOCUMENT:
            self.stop_face()
            if state.document_type is not None and self.document.document_type is None:
                # back: what was typed is kept
                self.document.choose_type(state.document_type)
                self.document.number.set_text(state.document_number)
                self.document.name.set_text(state.name)
        elif step is Step.FACE_UNAVAILABLE:
            self.face_screen.wipe()
            self.face_screen.show_fault(CaptureFault.MODELS_FAILED)
        elif step is Step.REFUSED and state.refusal is not None:
            kind = state.refusal_kind
            assert kind is not None
            self.refusal.show_refusal(kind, state.refusal)
            self.show_step(step, screen)
            self.refused.emit(state.refusal)
            return
        elif step is Step.PHONE:
            self.sms.prepare(None)
            if not state.face_required:
                self.sms.show_hall_collected()
        elif step is Step.FACE:
            self.face_screen.clear_fault()
        elif step is Step.PASSWORD:
            self.stop_face()
            self.password.wipe()
        elif step is Step.DONE and state.logged_in is not None:
            self.done.show_person(state.logged_in.person)
        self.show_step(step, screen)

    def _fresh_document(self) -> None:
        self.document.wipe()
        self.enter(Step.DOCUMENT)

    def step_position(self, step: RegistrationStep) -> tuple[int, int] | None:
        numbered = numbered_steps(self.flow.state.face_required)
        return (numbered.index(step) + 1, len(numbered)) if step in numbered else None

    def _hand_over(self, to: SignalInstance) -> None:
        """R-ID-6: on to login or 忘记密码; nothing typed here stays behind."""
        self.flow.wipe()
        for screen in self.all_screens():
            screen.wipe()
        to.emit()

    def _continue(self) -> None:
        logged_in = self.flow.state.logged_in
        if logged_in is not None:
            self.continue_requested.emit(logged_in)
