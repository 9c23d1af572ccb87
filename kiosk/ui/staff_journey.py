"""Staff mode on screens: login, staff home, and the collection journey (R-HA-1).

Every flow call and login runs on the task worker through ``JourneyBase``; the face
capture is the one live capture (``kiosk.ui.live_capture``). The GUI thread only paints
and routes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.domain.documents import DocumentType
from kiosk.domain.messages import ErrorCode
from kiosk.flows.collection import (
    NUMBERED_STEPS,
    CaptureProblem,
    CollectionFlow,
    CollectionStep,
    DocumentData,
    Result,
)
from kiosk.services.account_api import AccountError
from kiosk.services.face.types import CaptureResult
from kiosk.services.staff_api import StaffLocksApi
from kiosk.services.staff_auth import StaffSession
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.camera_pipeline import FeedFactory, FrameAnalyzer
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journey_base import JourneyBase, Show
from kiosk.ui.live_capture import CaptureFault, FaceSources, LiveCapture
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.collection_capture import CollectionCaptureScreen
from kiosk.ui.screens.collection_data import CollectionDataScreen
from kiosk.ui.screens.collection_done import CollectionExceptionScreen, CollectionSavedScreen
from kiosk.ui.screens.collection_review import CollectionReviewScreen
from kiosk.ui.screens.collection_type import CollectionTypeScreen
from kiosk.ui.screens.staff_home import StaffHomeScreen
from kiosk.ui.screens.staff_login import StaffLoginScreen
from kiosk.ui.staff_locks_journey import StaffLocksJourney
from kiosk.ui.sync_panel import SyncPanel, SyncSources
from kiosk.ui.worker import TaskFailed, TaskRunner

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


# Staff mode's busy sentences; their translations are filed under ``StaffJourney``.
def _checking_account() -> str:
    return QCoreApplication.translate("StaffJourney", "Checking your staff account…")


def _saving() -> str:
    return QCoreApplication.translate("StaffJourney", "Saving the record…")


def _connecting() -> str:
    return QCoreApplication.translate("StaffJourney", "Connecting to the camera…")


def _checking_photo() -> str:
    return QCoreApplication.translate("StaffJourney", "Checking the photo…")


class CollectionJourney(JourneyBase[CollectionStep]):
    """The collection screens on the logged-in staff member's ``CollectionFlow``, with the
    live capture on the capture screen."""

    step_shown = Signal(object)  # CollectionStep, after its screen is current
    capture_fault_shown = Signal(object)  # CaptureFault
    left = Signal()  # home from a collection screen: the person's data is dropped

    def __init__(
        self,
        camera_feed: FeedFactory,
        face: FaceSources,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        analyzer: FrameAnalyzer | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow: CollectionFlow | None = None
        self.online = False  # the staff login's, said on the saved screen
        self.document_type = CollectionTypeScreen(language)
        self.document_data = CollectionDataScreen(language)
        self.capture = CollectionCaptureScreen(language)
        self.review = CollectionReviewScreen(language)
        self.saved = CollectionSavedScreen(language)
        self.exception = CollectionExceptionScreen(language)
        self.screens = {
            Step.DOCUMENT_TYPE: self.document_type,
            Step.DOCUMENT_DATA: self.document_data,
            Step.FACE_CAPTURE: self.capture,
            Step.REVIEW: self.review,
            Step.SAVED: self.saved,
            Step.EXCEPTION: self.exception,
        }
        self.live = LiveCapture(
            camera_feed, face, self.capture, connecting=_connecting, analyzer=analyzer
        )
        self.live.setParent(self)
        self.live.fault_shown.connect(self.capture_fault_shown)
        self.live.finished.connect(self._attempt_over)

        for screen in self.screens.values():
            screen.home_requested.connect(self.abandon)
        self.document_type.back_requested.connect(self.abandon)
        self.document_type.chosen.connect(self.choose_document_type)
        self.document_data.back_requested.connect(self.back)
        self.document_data.submitted.connect(self.submit_document_data)
        self.capture.back_requested.connect(self.back)
        self.capture.retry_requested.connect(self.live.retry)
        self.capture.exception_requested.connect(self.give_up)
        self.review.retake_requested.connect(self.retake)
        self.review.accepted.connect(self.accept)
        self.exception.submitted.connect(self.submit_exception)
        self.saved.next_person_requested.connect(self.next_person)

    def open(self) -> None:
        """A new collection: the first step, nothing of the last person left."""
        flow = self._require_flow()
        flow.wipe()
        for screen in self.screens.values():
            screen.wipe()
        self.enter(flow.step)

    def abandon(self) -> None:
        """Home from a collection screen (after the frame's confirmation): data is dropped."""
        self.wipe()
        self.left.emit()

    def wipe(self) -> None:
        self.live.stop()
        if self.flow is not None:
            self.flow.wipe()
        for screen in self.screens.values():
            screen.wipe()

    # -- what staff do -----------------------------------------------------------------------

    def choose_document_type(self, doc_type: DocumentType) -> None:
        flow = self._require_flow()
        self.call(self.document_type, lambda: flow.choose_document_type(doc_type), None)

    def submit_document_data(self, data: DocumentData) -> None:
        flow = self._require_flow()
        self.call(self.document_data, lambda: flow.submit_document_data(data), None)

    def after_refusal(self, error: AccountError) -> None:
        flow = self.flow
        if flow is not None and flow.step is Step.DOCUMENT_DATA and flow.state.field_errors:
            self.document_data.show_field_errors(flow.state.field_errors)

    def back(self) -> None:
        flow = self._require_flow()
        self.live.stop()
        self.call(self.screens[flow.step], flow.back, None)

    def retake(self) -> None:
        flow = self._require_flow()
        self.call(self.review, flow.retake, None)

    def accept(self) -> None:
        flow = self._require_flow()
        self.call(self.review, flow.accept, _saving)

    def give_up(self) -> None:
        flow = self._require_flow()
        self.live.stop()
        self.call(self.capture, flow.give_up, None)

    def submit_exception(self, reason: str) -> None:
        flow = self._require_flow()
        self.call(self.exception, lambda: flow.submit_exception(reason), _saving)

    def next_person(self) -> None:
        flow = self._require_flow()
        for screen in self.screens.values():
            screen.wipe()
        self.call(self.saved, flow.start_new, None)

    # -- the capture -------------------------------------------------------------------------

    def _attempt_over(self, capture: CaptureResult | None) -> None:
        flow = self._require_flow()
        if capture is not None:
            self.run(
                self.capture,
                lambda: flow.submit_capture(capture),
                self._attempt_judged,
                _checking_photo,
            )
        else:
            self.run(
                self.capture,
                lambda: flow.capture_failed(CaptureProblem.LIVENESS_FAILED),
                self._attempt_judged,
                None,
            )

    def _attempt_judged(self, result: Result) -> None:
        """Passed: the review. Not passed: a retry with the attempts left, or, after the
        last one, the exception path."""
        flow = self._require_flow()
        if result.ok or result.step is not Step.FACE_CAPTURE:
            self.enter(result.step)
            return
        fault = (
            CaptureFault.LIVENESS_FAILED
            if CaptureProblem.LIVENESS_FAILED in flow.state.last_problems
            else CaptureFault.QUALITY_FAILED
        )
        # The light went off or someone stepped in: say that rather than the symptom.
        fault = self.live.recent_problem or fault
        self.capture.set_attempt(flow.state.attempts + 1, flow.settings.max_attempts)
        self.capture.show_fault(fault, flow.attempts_left)
        self.capture_fault_shown.emit(fault)

    # -- internals ---------------------------------------------------------------------------

    def _require_flow(self) -> CollectionFlow:
        if self.flow is None:
            raise RuntimeError("no staff member is logged in")
        return self.flow

    def enter(self, step: CollectionStep) -> None:
        flow = self._require_flow()
        if step is not Step.FACE_CAPTURE:
            self.live.stop()
        if step is Step.DOCUMENT_DATA and flow.state.document_type is not None:
            if flow.state.document_type is not self.document_data.document_type:
                self.document_data.wipe()
            self.document_data.set_document_type(flow.state.document_type)
        elif step is Step.REVIEW and flow.state.capture is not None:
            self.review.show_capture(flow.state.capture, retakes_left=flow.attempts_left)
        elif step is Step.SAVED:
            self._show_saved(flow)
        screen = self.screens[step]
        if step in NUMBERED_STEPS:
            screen.set_step(NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS))
        else:
            screen.set_step(None)
        super().enter(step)
        if step is Step.FACE_CAPTURE:
            self.capture.set_attempt(flow.state.attempts + 1, flow.settings.max_attempts)
            self.live.start()
        self.step_shown.emit(step)

    def _show_saved(self, flow: CollectionFlow) -> None:
        state = flow.state
        record = str(state.saved_id or state.record_id)
        exception = state.capture is None
        online = self.online
        self.saved.show_saved(record, exception=exception, online=online, waiting=0)

        def counted(count: int) -> None:
            self.saved.show_saved(record, exception=exception, online=online, waiting=count)

        self._runner.run(flow.waiting_count, counted, lambda _f: None)


class StaffJourney(QObject):
    left = Signal()  # staff logged out or left the login screen
    tester_requested = Signal()
    step_shown = Signal(object)  # StaffStep | CollectionStep, after its screen is current
    capture_fault_shown = Signal(object)  # CaptureFault
    collection_refused = Signal(object)  # AccountError: the freeze limits said no
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
        def attempt() -> StaffSession | AccountError:
            try:
                return self._sources.login(staff_no, password)
            except AccountError as refusal:  # the catalog's answer, not a crash
                return refusal

        def done(answer: StaffSession | AccountError) -> None:
            if isinstance(answer, AccountError):
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
            self.home.show_error(AccountError(ErrorCode.STAFF_ONLINE_NEEDED))
            return
        locks.start(staff.token)

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
        for screen in self.screens:
            screen.wipe()

    # -- collection --------------------------------------------------------------------------

    def start_collection(self) -> None:
        """A new collection, unless the staff member has no usable record key here (R-HA-1:
        the service would refuse the records) or too much waits unsynced (freeze limits)."""
        flow = self.flow
        if flow is not None and not flow.can_sign():
            refusal = AccountError(ErrorCode.STAFF_KEY_NEEDED)
            self.home.show_error(refusal)
            self.collection_refused.emit(refusal)
            return
        if self.sync_panel is None:
            self.collection.open()
            return
        console = self.sync_panel.console

        def admission() -> AccountError | None:
            try:
                return console.admission()
            except Exception:  # a broken check must not stop the hall
                _log.exception("the collection freeze check failed")
                return None

        def checked(refusal: AccountError | None) -> None:
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
