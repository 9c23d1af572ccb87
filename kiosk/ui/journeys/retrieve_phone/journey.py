"""Renders ``RetrievePhoneFlow`` (找回手机号码, R-PH-5) on screens, each call on the worker."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.flows.retrieve_phone import (
    NUMBERED_STEPS,
    RetrievePhoneFlow,
    RetrievePhoneStep,
)
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.retrieve_phone.screens import (
    PhoneBoundScreen,
    RetrieveNewPhoneScreen,
    RetrievePasswordScreen,
)

Step = RetrievePhoneStep


class RetrievePhoneJourney(JourneyBase[RetrievePhoneStep]):
    numbered = NUMBERED_STEPS
    left = Signal()  # home, or back from the first step
    log_in_requested = Signal()
    step_shown = Signal(object)  # RetrievePhoneStep

    def __init__(
        self,
        flow: RetrievePhoneFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self.password = RetrievePasswordScreen(language)
        self.new_phone = RetrieveNewPhoneScreen(
            language, flow.resend_seconds_left, phone_entry=True
        )
        self.done = PhoneBoundScreen(language)
        self.screens = {
            Step.PASSWORD: self.password,
            Step.NEW_PHONE: self.new_phone,
            Step.DONE: self.done,
        }
        for screen in self.screens.values():
            screen.home_requested.connect(self.left)
        self.password.back_requested.connect(self.password.request_home)
        self.password.submitted.connect(self.submit_password)
        self.new_phone.back_requested.connect(self.back)
        self.connect_sms(
            self.new_phone,
            request=flow.request_sms,
            submit=flow.submit_code,
            sent=lambda: flow.state.sms.sent,
        )
        self.done.log_in_requested.connect(self.log_in_requested)

    def start(self) -> None:
        self.flow.wipe()
        for screen in self.screens.values():
            screen.wipe()
        self.enter(Step.PASSWORD)

    def close_flow(self) -> None:
        self.flow.wipe()

    # -- what the person did -------------------------------------------------------------

    def submit_password(self, identifier: str, password: str) -> None:
        self.call(
            self.password,
            lambda: self.flow.submit_password(identifier, password),
            lambda: self.tr("Checking your account…"),
        )

    def back(self) -> None:
        self.call(self.screens[self.flow.step], self.flow.back, None)

    # -- entering a step -----------------------------------------------------------------

    def enter(self, step: RetrievePhoneStep) -> None:
        screen = self.screens[step]
        state = self.flow.state
        if step is Step.PASSWORD:
            screen.wipe()
            if state.identifier:
                self.password.prefill(state.identifier)
        elif step is Step.NEW_PHONE:
            self.new_phone.prepare(None)
        elif step is Step.DONE and state.bound is not None:
            self.done.announce(state.bound)
            self.flow.wipe()  # nothing of the journey outlives the done screen
        self.show_step(step, screen)
