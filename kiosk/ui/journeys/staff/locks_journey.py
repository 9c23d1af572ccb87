"""Staff mode → account locks (R-LK-1): the Qt-free ``StaffLocksFlow`` and its two screens.
Online only: the staff token of an online login is the proof the service asks for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from kiosk.flows.machine import StepResult
from kiosk.flows.staff_locks import StaffLocksFlow, StaffLocksStep
from kiosk.services.staff_api import StaffLocksApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.locks import StaffLockScreen, StaffLockSearchScreen

Step = StaffLocksStep


class StaffLocksJourney(JourneyBase[StaffLocksStep]):
    left = Signal()  # back to the staff home

    def __init__(
        self,
        api: StaffLocksApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[StaffLocksApi, str], StaffLocksFlow] = StaffLocksFlow,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self.flow = flow_factory(api, "")
        self.search = StaffLockSearchScreen(language)
        self.lock = StaffLockScreen(language)
        self.screens = {Step.SEARCH: self.search, Step.SHOWN: self.lock, Step.CLEARED: self.lock}
        self.search.back_requested.connect(self.left)
        self.search.home_requested.connect(self.left)
        self.lock.home_requested.connect(self.left)
        self.lock.back_requested.connect(self.back)
        self.lock.done_requested.connect(self.back)
        self.search.submitted.connect(self.look_up)
        self.lock.clear_requested.connect(self.clear)

    def start(self, staff_token: str) -> None:
        self.flow = self._factory(self._api, staff_token)
        for screen in (self.search, self.lock):
            screen.wipe()
        self.enter(Step.SEARCH)

    def enter(self, step: StaffLocksStep) -> None:
        view = self.flow.state.view
        if step is not Step.SEARCH and view is not None:
            self.lock.show_view(view, cleared=step is Step.CLEARED)
        super().enter(step)

    def look_up(self, subject: str, typed: str) -> None:
        self.call(
            self.search,
            lambda: self.flow.look_up(subject, typed),
            lambda: self.tr("Looking it up…"),
        )

    def clear(self) -> None:
        self.call(self.lock, self.flow.clear, lambda: self.tr("Lifting the lock…"))

    def back(self) -> None:
        def done(result: StepResult[StaffLocksStep]) -> None:
            self.search.field.clear()
            self.enter(result.step)

        self.call(self.lock, self.flow.back, None, on_ok=done)

    def wipe(self) -> None:
        self.flow.wipe()
