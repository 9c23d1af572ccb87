"""Renders ``RelationsFlow`` (企业授权管理, 同步数据, R-RE-8) on its screen, each call on the
worker. Opened from the logged-in home for any logged-in person; a new flow per opening."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from kiosk.flows.machine import StepResult
from kiosk.flows.relations import RelationsFlow, RelationsStep
from kiosk.services.account_api import ActingApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.relations.screens import RelationsScreen


class RelationsJourney(JourneyBase[RelationsStep]):
    left = Signal()  # home: the session ends
    closed = Signal()  # back: the logged-in home
    step_shown = Signal(object)  # RelationsStep
    synced = Signal()  # 同步数据 answered and the fresh list is shown

    def __init__(
        self,
        api: ActingApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[ActingApi, str], RelationsFlow] = RelationsFlow,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self.flow = flow_factory(api, "")
        self.screen = RelationsScreen(language)
        self.screens = {RelationsStep.LIST: self.screen}
        self.screen.home_requested.connect(self.left)
        self.screen.back_requested.connect(self.closed)
        self.screen.sync_requested.connect(self.sync)

    def open(self, session_token: str) -> None:
        self.flow = self._factory(self._api, session_token)
        self.screen.wipe()
        self.show_step(RelationsStep.LIST)
        self.call(
            self.screen,
            self.flow.load,
            lambda: self.tr("Loading your enterprises…"),
            on_ok=lambda _r: self.enter(RelationsStep.LIST),
        )

    def sync(self) -> None:
        self.call(
            self.screen,
            self.flow.sync,
            lambda: self.tr("Reading the latest registration data…"),
            on_ok=self._synced,
        )

    def close_flow(self) -> None:
        """Forget the session: a fresh, empty flow (a call still running keeps the old)."""
        self.flow = self._factory(self._api, "")

    def _synced(self, _result: StepResult[RelationsStep]) -> None:
        self.enter(RelationsStep.LIST)
        self.screen.banner.show_success(
            lambda: self.tr("Synced: this is the latest registration data.")
        )
        self.synced.emit()

    def enter(self, step: RelationsStep) -> None:
        self.screen.show_relations(self.flow.state.relations)
        self.show_step(step)
