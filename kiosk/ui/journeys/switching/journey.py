"""Renders ``IdentitySwitchFlow`` (身份切换, R-SW-1) on screens, each flow call on the worker.

Opened from the logged-in home with the session's token; a new flow per opening, so nothing
of an earlier person can remain. It ends with ``switched`` (the new ``Acting``: the home
shows it) or ``closed`` (back to the home unchanged); home leaves the session (``left``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from kiosk.flows.identity_switch import IdentityChoice, IdentitySwitchFlow, SwitchStep
from kiosk.flows.machine import StepResult
from kiosk.services.account_api import ActingApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.switching.screens import ChooseIdentityScreen, ConfirmSwitchScreen

Step = SwitchStep


class SwitchingJourney(JourneyBase[SwitchStep]):
    left = Signal()  # home: the session ends
    closed = Signal()  # back from the list: the logged-in home, unchanged
    switched = Signal(object)  # Acting: who the session acts for now
    step_shown = Signal(object)  # SwitchStep

    numbered = (Step.CHOOSE, Step.CONFIRM)

    def __init__(
        self,
        api: ActingApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[ActingApi, str], IdentitySwitchFlow] = IdentitySwitchFlow,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self.flow = flow_factory(api, "")
        self.choose = ChooseIdentityScreen(language)
        self.confirm = ConfirmSwitchScreen(language)
        self.screens = {
            Step.CHOOSE: self.choose,
            Step.CONFIRM: self.confirm,
            Step.DONE: self.confirm,
        }
        for screen in (self.choose, self.confirm):
            screen.home_requested.connect(self.left)
        self.choose.back_requested.connect(self.closed)
        self.choose.chosen.connect(self.choose_identity)
        self.confirm.back_requested.connect(self.back)
        self.confirm.confirmed.connect(self.switch)

    def open(self, session_token: str) -> None:
        """From the logged-in home: a fresh flow for this session, the identities loaded."""
        self.flow = self._factory(self._api, session_token)
        for screen in (self.choose, self.confirm):
            screen.wipe()
        self.show_step(Step.CHOOSE)
        self.call(
            self.choose,
            self.flow.load,
            lambda: self.tr("Loading your identities…"),
            on_ok=lambda _r: self.enter(Step.CHOOSE),
        )

    def choose_identity(self, choice: IdentityChoice) -> None:
        self.call(self.choose, lambda: self.flow.choose(choice), None)

    def back(self) -> None:
        self.call(self.confirm, self.flow.back, None)

    def switch(self) -> None:
        self.call(
            self.confirm,
            self.flow.switch,
            lambda: self.tr("Switching…"),
            on_ok=self._switched,
        )

    def close_flow(self) -> None:
        """Forget the session (idle, home, logout): a fresh, empty flow, so a call still
        running finishes on the old one and nothing of it is kept."""
        self.flow = self._factory(self._api, "")

    def _switched(self, _result: StepResult[SwitchStep]) -> None:
        acting = self.flow.state.acting
        self.close_flow()
        self.switched.emit(acting)

    def enter(self, step: SwitchStep) -> None:
        state = self.flow.state
        if step is Step.CHOOSE:
            self.choose.show_choices(state.current, state.choices)
        elif step is Step.CONFIRM and state.chosen is not None:
            self.confirm.show_choice(state.current, state.chosen)
        self.show_step(step)
