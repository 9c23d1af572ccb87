"""Renders ``LoginFlow`` on screens: one screen per step, each flow call on the worker.

The screens only emit what the person did; the journey driver calls the flow off the GUI
thread and shows the screen of the flow's current step or the catalog error. A login that
succeeds hands its session on (``logged_in_reached``): to the logged-in home, or first to
the 企业业务 entry's steps (``EnterpriseEntryJourney``). ``start(enterprise=True)`` is the
企业业务 entry's login (R-EN-1): the enterprise code first, every screen titled 企业业务.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal

from kiosk.flows.login import (
    NUMBERED_STEPS,
    LoginFlow,
    LoginStep,
    face_retry_possible,
    step_number,
)
from kiosk.protocol.auth import Factor, LoggedIn, PasswordAccepted, PasswordChangeRequired
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.change_password import ChangePasswordScreen
from kiosk.ui.journeys.login.credentials import CredentialsScreen
from kiosk.ui.journeys.login.no_relation import NoRelationScreen
from kiosk.ui.journeys.login.password_changed import PasswordChangedScreen
from kiosk.ui.journeys.login.second_factor import (
    FactorChoiceScreen,
    LoginFaceScreen,
    LoginSmsScreen,
)


class LoginJourney(JourneyBase[LoginStep]):
    left = Signal()  # the person chose home (or back from the first step)
    # QR verification chosen (R-QR-2): the window shows the QR journey for this attempt id.
    qr_verification_requested = Signal(str)
    logged_in_reached = Signal(object)  # LoggedIn: the logged-in home takes over

    def __init__(
        self,
        flow: LoginFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self.enterprise = False  # the entry this visit serves (``start``)
        self.credentials = CredentialsScreen(language)
        self.sms = LoginSmsScreen(language, flow.resend_seconds_left)
        self.factor_choice = FactorChoiceScreen(language)
        self.face_screen = LoginFaceScreen(language)
        # The face factor needs this terminal's camera and models (R-2F-1).
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self.change_password = ChangePasswordScreen(language)
        self.password_changed = PasswordChangedScreen(language)
        self.no_relation = NoRelationScreen(language)
        self.screens = {
            LoginStep.CREDENTIALS: self.credentials,
            LoginStep.CHOOSE_FACTOR: self.factor_choice,
            LoginStep.SMS: self.sms,
            LoginStep.FACE: self.face_screen,
            # The QR code itself is the QR journey's screen; errors land on the choice.
            LoginStep.QR: self.factor_choice,
            LoginStep.CHANGE_PASSWORD: self.change_password,
            LoginStep.PASSWORD_CHANGED: self.password_changed,
            LoginStep.NO_RELATION: self.no_relation,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.factor_choice.back_requested.connect(self.back)
        self.factor_choice.chosen.connect(self.choose_factor)
        self.face_screen.back_requested.connect(self.back)
        self.credentials.back_requested.connect(self.credentials.request_home)
        self.credentials.submitted.connect(self.submit_credentials)
        self.sms.back_requested.connect(self.back)
        self.connect_sms(
            self.sms,
            request=lambda _phone: flow.request_sms(),
            submit=flow.submit_code,
            sent=lambda: flow.state.sms.sent,
        )
        self.change_password.back_requested.connect(self.back)
        self.change_password.submitted.connect(self.submit_new_password)
        self.password_changed.log_in_again_requested.connect(self.log_in_again)
        self.no_relation.back_requested.connect(self.back)
        self.no_relation.natural_person_requested.connect(self.to_natural_person)

    # -- entering ------------------------------------------------------------------------

    def start(self, enterprise: bool = False) -> None:
        """Show step 1 of a fresh journey (the flow was wiped when the last one ended):
        自然人业务, or 企业业务 with the enterprise code (R-EN-1)."""
        self._set_mode(enterprise)
        self.enter(LoginStep.CREDENTIALS)

    def to_natural_person(self) -> None:
        """From the no-relation answer to 自然人业务, where 同步数据 is (R-RE-8)."""
        self.flow.wipe()
        self.start(enterprise=False)

    def _set_mode(self, enterprise: bool) -> None:
        self.enterprise = enterprise
        self.credentials.set_enterprise(enterprise)
        for screen in (self.sms, self.factor_choice, self.face_screen):
            screen.enterprise = enterprise
            screen.retranslate()

    def resume_second_factor(
        self, accepted: PasswordAccepted, identifier: str, enterprise_code: str
    ) -> None:
        """The enterprise's Tax UKey was the first factor (seed 002 四11): the 企业业务
        login goes on at its second factor; back leads to its password screen, filled in."""
        self._set_mode(True)
        self.credentials.prefill(identifier, enterprise_code)
        self.call(
            self.credentials,
            lambda: self.flow.resume_second_factor(accepted, identifier, enterprise_code),
            None,
        )

    def close_flow(self) -> None:
        """Worker side of ending the session (R-SE-1): log out on the service, forget all."""
        if self.flow.step is LoginStep.LOGGED_IN:
            self.flow.logout()  # tells the service, then wipes; failures are only logged
        else:
            self.flow.wipe()

    # -- what the person did -------------------------------------------------------------

    def submit_credentials(self, identifier: str, password: str) -> None:
        code = self.credentials.enterprise_code() if self.enterprise else None
        self.call(
            self.credentials,
            lambda: self.flow.submit_credentials(identifier, password, code),
            lambda: self.tr("Checking your account…"),
        )

    def choose_factor(self, factor: Factor) -> None:
        self.call(self.factor_choice, lambda: self.flow.choose_factor(factor), None)

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) to the service (R-2F-1)."""
        values = tuple(float(v) for v in template)
        self.send_face(lambda: self.flow.submit_face(values), face_retry_possible)

    def qr_verified(self, answer: LoggedIn | PasswordChangeRequired) -> None:
        """The QR journey's poll brought the second factor (R-QR-2)."""
        if self.flow.step is not LoginStep.QR:
            return  # left meanwhile; the QR journey no longer polls for this attempt
        self.call(self.factor_choice, lambda: self.flow.qr_verified(answer), None)

    def back_from_qr(self) -> None:
        """Back on the QR verification screen: to the choice (or the password)."""
        if self.flow.step is LoginStep.QR:
            self.call(self.factor_choice, self.flow.back, None)

    def submit_new_password(self, new_password: str, confirm: str) -> None:
        self.call(
            self.change_password,
            lambda: self.flow.submit_new_password(new_password, confirm),
            lambda: self.tr("Saving your new password…"),
        )

    def log_in_again(self) -> None:
        self.call(self.password_changed, self.flow.log_in_again, None)

    def back(self) -> None:
        self.stop_face()
        self.call(self.screens[self.flow.step], self.flow.back, None)

    # -- entering a step -----------------------------------------------------------------

    def step_position(self, step: LoginStep) -> tuple[int, int] | None:
        number = step_number(step)
        return None if number is None else (number, len(NUMBERED_STEPS))

    def enter(self, step: LoginStep) -> None:
        state = self.flow.state
        if step is LoginStep.LOGGED_IN:
            assert state.logged_in is not None
            self.stop_face()
            self.logged_in_reached.emit(state.logged_in)
            self.step_shown.emit(step)
            return
        if step is LoginStep.QR and state.attempt_id is not None:
            # The QR journey shows the code and polls; it hands the answer to qr_verified.
            self.stop_face()
            self.qr_verification_requested.emit(state.attempt_id)
            self.step_shown.emit(step)
            return
        if step is LoginStep.CHOOSE_FACTOR:
            self.factor_choice.offer(state.factors, state.sms_phone_masked)
        elif step is LoginStep.FACE:
            self.face_screen.wipe()
        elif step is LoginStep.CREDENTIALS:
            self.credentials.wipe()
            if state.identifier:
                self.credentials.prefill(state.identifier, state.enterprise_code)
        elif step is LoginStep.SMS:
            self.sms.prepare(state.sms_phone_masked)
        elif step is LoginStep.PASSWORD_CHANGED:
            self.password_changed.announce()
        elif step is LoginStep.NO_RELATION and state.no_relation is not None:
            self.no_relation.show_refusal(state.no_relation)
        self.show_step(step)
        if step is LoginStep.CREDENTIALS:
            self.credentials.focus_first()
