"""Staff mode on screens: login, staff home, and the collection journey (R-HA-1).

Every flow call and login runs on the task worker through ``JourneyBase``; the face
capture is the one live capture (``kiosk.ui.common.live_capture``). The GUI thread only paints
and routes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import (
    CollectionFlow,
    CollectionStep,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.staff_api import HallRelationsApi, StaffLocksApi
from kiosk.services.staff_auth import StaffSession
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.common.camera_pipeline import FeedFactory, FrameAnalyzer
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.live_capture import FaceSources
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskFailed, TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.collection import CollectionJourney
from kiosk.ui.journeys.staff.home import StaffHomeScreen
from kiosk.ui.journeys.staff.locks_journey import StaffLocksJourney
from kiosk.ui.journeys.staff.login import StaffLoginScreen
from kiosk.ui.journeys.staff.relations_journey import HallRelationsJourney, offline_text
from kiosk.ui.journeys.staff.sync_panel import SyncPanel, SyncSources

_log = logging.getLogger(__name__)
Step = CollectionStep


class StaffStep(Enum):
    LOGIN = auto()
    HOME = auto()
    SYNC = auto()


@dataclass(frozen=True, slots=True)
class StaffSources:
    login: Callable[[str, str], StaffSession]  # blocking: runs on the worker
    is_online: Callable[[], bool]  # blocking: runs on the worker
    new_flow: Callable[[StaffSession], CollectionFlow]  # for the staff member logged in
    camera_feed: FeedFactory
    face: FaceSources
    tester: bool = False
    sync: SyncSources | None = None  # the sync screen and the freeze check (issue 4)
    locks: StaffLocksApi | None = None  # see and lift account locks (R-LK-1), online only
    relations: HallRelationsApi | None = None  # 人企关联 at the hall (R-HA-2), online only


# Staff mode's busy sentences; their translations are filed under ``StaffJourney``.
def _checking_account() -> str:
    return QCoreApplication.translate("StaffJourney", "Checking your staff account…")


class StaffJourney(QObject):
    left = Signal()  # staff logged out or left the login screen
    tester_requested = Signal()
    step_shown = Signal(object)  # StaffStep | CollectionStep, after its screen is current
    capture_fault_shown = Signal(object)  # CaptureFault
    collection_refused = Signal(object)  # UserError: the freeze limits said no
    unblock_requested = Signal()  # staff unblock a person's certificate medium (R-AC-3)

    def __init__(
        self,
        sources: StaffSources,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        analyzer: FrameAnalyzer | None = None,
    ) -> None:
        super().__init__()
        self._sources = sources
        self._runner = runner
        self._show = show
        # Login and the freeze check: the worker, busy and crash handling every journey uses.
        self._calls: JourneyBase[StaffStep] = JourneyBase(runner=runner, show=show)
        self._calls.setParent(self)
        self.staff: StaffSession | None = None
        self.login = StaffLoginScreen(language)
        self.home = StaffHomeScreen(language, tester=sources.tester, sync=sources.sync is not None)
        self.sync_panel = (
            SyncPanel(sources.sync, runner=runner, language=language)
            if sources.sync is not None
            else None
        )
        self.collection = CollectionJourney(
            sources.camera_feed,
            sources.face,
            runner=runner,
            language=language,
            show=show,
            analyzer=analyzer,
        )
        self.collection.setParent(self)
        self.collection.step_shown.connect(self.step_shown)
        self.collection.capture_fault_shown.connect(self.capture_fault_shown)
        self.collection.left.connect(self.show_home)
        # The collection's screens, as the tests, the demo and the e2e driver reach them.
        self.document_type = self.collection.document_type
        self.document_data = self.collection.document_data
        self.capture = self.collection.capture
        self.review = self.collection.review
        self.saved = self.collection.saved
        self.exception = self.collection.exception
        self.analyzer = self.collection.live.analyzer
        self.screens: list[FlowScreen] = [self.login, self.home, *self.collection_screens.values()]
        self.locks = (
            StaffLocksJourney(sources.locks, runner=runner, language=language, show=show)
            if sources.locks is not None
            else None
        )
        self.home.locks_button.setVisible(self.locks is not None)
        if self.locks is not None:
            self.locks.setParent(self)
            self.screens.extend([self.locks.search, self.locks.lock])
            self.locks.left.connect(self.show_home)
        self.relations = (
            HallRelationsJourney(sources.relations, runner=runner, language=language, show=show)
            if sources.relations is not None
            else None
        )
        self.home.relations_button.setVisible(self.relations is not None)
        if self.relations is not None:
            self.relations.setParent(self)
            self.screens.extend(self.relations.all_screens())
            self.relations.left.connect(self.show_home)
        if self.sync_panel is not None:
            self.sync_panel.setParent(self)
            self.screens.append(self.sync_panel.screen)
            self.sync_panel.screen.back_requested.connect(self.show_home)
            self.sync_panel.screen.home_requested.connect(self.show_home)
            self.sync_panel.progress_shown.connect(self._sync_progress)

        self.login.submitted.connect(self.submit_login)
        self.login.back_requested.connect(self.leave)
        self.login.home_requested.connect(self.leave)
        self.home.logout_requested.connect(self.logout)
        self.home.home_requested.connect(self.logout)
        self.home.collection_requested.connect(self.start_collection)
        self.home.tester_requested.connect(self.tester_requested)
        self.home.sync_requested.connect(self.show_sync)
        self.home.unblock_requested.connect(self.unblock_requested)
        self.home.locks_requested.connect(self.open_locks)
        self.home.relations_requested.connect(self.open_relations)

    @property
    def flow(self) -> CollectionFlow | None:
        return self.collection.flow

    @property
    def collection_screens(self) -> dict[CollectionStep, FlowScreen]:
        return self.collection.screens

    # -- staff login -------------------------------------------------------------------------

    def start(self) -> None:
        """The staff entry: straight to staff home when still logged in, else the login."""
        if self.staff is not None:
            self.show_home()
            return
        self.login.wipe()
        self.login.set_online(None)
        self._show(self.login)
        self.step_shown.emit(StaffStep.LOGIN)
        self._runner.run(self._sources.is_online, self.login.set_online, self._online_unknown)

    def _online_unknown(self, _failure: TaskFailed) -> None:
        self.login.set_online(False)

    def submit_login(self, staff_no: str, password: str) -> None:
        def attempt() -> StaffSession | UserError:
            try:
                return self._sources.login(staff_no, password)
            except UserError as refusal:  # the catalog's answer, not a crash
                return refusal

        def done(answer: StaffSession | UserError) -> None:
            if isinstance(answer, UserError):
                self.login.show_error(answer)
                self.login.password.clear()
                return
            self.staff = answer
            if self.sync_panel is not None:
                self.sync_panel.staff_no = answer.staff_no
            self.collection.flow = self._sources.new_flow(answer)
            self.collection.online = answer.online
            self.show_home()

        self._calls.run(self.login, attempt, done, _checking_account)

    def show_home(self) -> None:
        staff = self.staff
        if staff is None:
            self.start()
            return
        self.home.show_staff(staff.name_masked, online=staff.online, waiting=0)
        self._show(self.home)
        self.step_shown.emit(StaffStep.HOME)
        flow = self.flow
        if flow is not None:
            self._runner.run(flow.waiting_count, self.home.set_waiting, lambda _f: None)
        if self.sync_panel is not None and self.sync_panel.screen.progress is not None:
            self._sync_progress(self.sync_panel.screen.progress)

    def open_locks(self) -> None:
        """Staff home → account locks (R-LK-1): needs this login's online staff token."""
        staff, locks = self.staff, self.locks
        if staff is None or locks is None:
            return
        if staff.token is None:
            self.home.show_error(UserError(ErrorCode.STAFF_ONLINE_NEEDED))
            return
        locks.start(staff.token)

    def open_relations(self) -> None:
        """Staff home → enterprise relations (R-HA-2): needs this login's online staff
        token; after an offline login the home says why it does not open."""
        staff, relations = self.staff, self.relations
        if staff is None or relations is None:
            return
        if staff.token is None:
            self.home.banner.show_error(offline_text, rule="R-HA-2")
            return
        relations.start(staff.token)

    def show_sync(self) -> None:
        """The sync screen (staff only): counts, progress, errors, sync now, export."""
        if self.sync_panel is None or self.staff is None:
            return
        self._show(self.sync_panel.screen)
        self.step_shown.emit(StaffStep.SYNC)
        self.sync_panel.refresh()

    def _sync_progress(self, progress: SyncProgress) -> None:
        self.home.show_sync(progress)

    def logout(self) -> None:
        self.wipe()
        self.left.emit()

    def leave(self) -> None:
        self.login.wipe()
        self.left.emit()

    def wipe(self) -> None:
        """Forget the staff member and the person's data (logout, idle, home)."""
        self.collection.wipe()
        self.collection.flow = None
        self.staff = None
        if self.sync_panel is not None:
            self.sync_panel.staff_no = None
        if self.relations is not None:
            self.relations.wipe()  # the staff token and the enterprise's people
        for screen in self.screens:
            screen.wipe()

    # -- collection --------------------------------------------------------------------------

    def start_collection(self) -> None:
        """A new collection, unless the staff member has no usable record key here (R-HA-1:
        the service would refuse the records) or too much waits unsynced (freeze limits)."""
        flow = self.flow
        if flow is not None and not flow.can_sign():
            refusal = UserError(ErrorCode.STAFF_KEY_NEEDED)
            self.home.show_error(refusal)
            self.collection_refused.emit(refusal)
            return
        if self.sync_panel is None:
            self.collection.open()
            return
        console = self.sync_panel.console

        def admission() -> UserError | None:
            try:
                return console.admission()
            except Exception:  # a broken check must not stop the hall
                _log.exception("the collection freeze check failed")
                return None

        def checked(refusal: UserError | None) -> None:
            if refusal is not None:
                self.home.show_error(refusal)
                self.collection_refused.emit(refusal)
                return
            self.collection.open()

        self._calls.run(self.home, admission, checked, None)

    def abandon_collection(self) -> None:
        self.collection.abandon()

    def choose_document_type(self, doc_type: DocumentType) -> None:
        self.collection.choose_document_type(doc_type)

    def give_up(self) -> None:
        self.collection.give_up()

    def accept(self) -> None:
        self.collection.accept()

    def next_person(self) -> None:
        self.collection.next_person()
