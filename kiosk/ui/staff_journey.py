"""Staff mode on screens: login, staff home, and the collection journey (R-HA-1).

Every flow call and login runs on the task worker; camera frames come from the camera's own
thread through ``CameraBridge`` signals; each frame's analysis runs on ``FrameAnalyzer``'s
worker, which takes only the latest frame. The GUI thread only paints and routes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.devices.camera import Frame
from kiosk.devices.status import DeviceStatus
from kiosk.domain.documents import DocumentType
from kiosk.domain.messages import ErrorCode
from kiosk.flows.collection import (
    NUMBERED_STEPS,
    CaptureProblem,
    CollectionFlow,
    CollectionResult,
    CollectionStep,
    DocumentData,
)
from kiosk.services.account_api import AccountError
from kiosk.services.face.types import CaptureResult, Guidance
from kiosk.services.staff_api import StaffLocksApi
from kiosk.services.staff_auth import StaffSession
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.camera_pipeline import (
    Analysed,
    CameraBridge,
    CaptureLike,
    Feed,
    FeedFactory,
    FrameAnalyzer,
)
from kiosk.ui.i18n import LanguageController
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.collection_capture import CaptureFault, CollectionCaptureScreen
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
T = TypeVar("T")
Show = Callable[[FlowScreen], None]

MODEL_POLL_MS = 200
# A problem the person must fix (dark, two faces) becomes a message after this many
# analysed frames in a row; a passing moment of it is just the live guidance.
PERSISTENT_FRAMES = 12
RECENT_PROBLEM_FRAMES = 3
_PERSISTENT = {
    Guidance.TOO_DARK: CaptureFault.TOO_DARK,
    Guidance.ONE_PERSON: CaptureFault.TWO_FACES,
}


class StaffStep(Enum):
    LOGIN = auto()
    HOME = auto()
    SYNC = auto()


@dataclass(frozen=True, slots=True)
class FaceSources:
    """Face models load in the background at start; the kiosk is usable before."""

    models_ready: Callable[[], bool]
    models_failed: Callable[[], bool]
    new_capture: Callable[[], CaptureLike]  # quick; only once the models are ready


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
        self.staff: StaffSession | None = None
        self.flow: CollectionFlow | None = None
        self.login = StaffLoginScreen(language)
        self.home = StaffHomeScreen(language, tester=sources.tester, sync=sources.sync is not None)
        self.sync_panel = (
            SyncPanel(sources.sync, runner=runner, language=language)
            if sources.sync is not None
            else None
        )
        self.document_type = CollectionTypeScreen(language)
        self.document_data = CollectionDataScreen(language)
        self.capture = CollectionCaptureScreen(language)
        self.review = CollectionReviewScreen(language)
        self.saved = CollectionSavedScreen(language)
        self.exception = CollectionExceptionScreen(language)
        self.collection_screens: dict[CollectionStep, FlowScreen] = {
            CollectionStep.DOCUMENT_TYPE: self.document_type,
            CollectionStep.DOCUMENT_DATA: self.document_data,
            CollectionStep.FACE_CAPTURE: self.capture,
            CollectionStep.REVIEW: self.review,
            CollectionStep.SAVED: self.saved,
            CollectionStep.EXCEPTION: self.exception,
        }
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

        # camera and analysis
        self.bridge = CameraBridge()
        self.bridge.frame_arrived.connect(self._frame_arrived)
        self.bridge.status_changed.connect(self._camera_status)
        self.analyzer = analyzer if analyzer is not None else FrameAnalyzer()
        self.analyzer.setParent(self)
        self.analyzer.analysed.connect(self._analysed)
        self.analyzer.failed.connect(self._analysis_failed)
        self._feed: Feed | None = None
        self._capturing = False
        self._camera_lost = False
        self._session: CaptureLike | None = None
        self._problem: Guidance | None = None
        self._problem_frames = 0
        self._model_timer = QTimer(self)
        self._model_timer.setInterval(MODEL_POLL_MS)
        self._model_timer.timeout.connect(self._poll_models)

        # what staff do
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
        for screen in self.collection_screens.values():
            screen.home_requested.connect(self.abandon_collection)
        self.document_type.back_requested.connect(self.abandon_collection)
        self.document_type.chosen.connect(self.choose_document_type)
        self.document_data.back_requested.connect(self.back)
        self.document_data.submitted.connect(self.submit_document_data)
        self.capture.back_requested.connect(self.back)
        self.capture.retry_requested.connect(self.retry_capture)
        self.capture.exception_requested.connect(self.give_up)
        self.review.retake_requested.connect(self.retake)
        self.review.accepted.connect(self.accept)
        self.exception.submitted.connect(self.submit_exception)
        self.saved.next_person_requested.connect(self.next_person)

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
        def done(session: StaffSession) -> None:
            self.staff = session
            if self.sync_panel is not None:
                self.sync_panel.staff_no = session.staff_no
            self.flow = self._sources.new_flow(session)
            self.show_home()

        def refused(failure: TaskFailed) -> None:
            error = failure.error
            self.login.show_error(
                error if isinstance(error, AccountError) else AccountError(ErrorCode.INTERNAL_ERROR)
            )
            self.login.password.clear()

        self._call(
            self.login,
            lambda: self._sources.login(staff_no, password),
            done,
            lambda: self.tr("Checking your staff account…"),
            refused,
        )

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
        self._stop_capture()
        if self.flow is not None:
            self.flow.wipe()
        self.flow = None
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
            self._open_collection()
            return
        console = self.sync_panel.console

        def checked(refusal: AccountError | None) -> None:
            if refusal is not None:
                self.home.show_error(refusal)
                self.collection_refused.emit(refusal)
                return
            self._open_collection()

        self._call(
            self.home,
            console.admission,
            checked,
            None,
            lambda _f: self._open_collection(),  # a broken check must not stop the hall
        )

    def _open_collection(self) -> None:
        flow = self._require_flow()
        flow.wipe()
        for screen in self.collection_screens.values():
            screen.wipe()
        self._enter(flow.step)

    def abandon_collection(self) -> None:
        """Home from a collection screen (after the frame's confirmation): data is dropped."""
        self._stop_capture()
        if self.flow is not None:
            self.flow.wipe()
        for screen in self.collection_screens.values():
            screen.wipe()
        self.show_home()

    def choose_document_type(self, doc_type: DocumentType) -> None:
        flow = self._require_flow()
        self._flow_call(self.document_type, lambda: flow.choose_document_type(doc_type))

    def submit_document_data(self, data: DocumentData) -> None:
        flow = self._require_flow()
        self._flow_call(
            self.document_data,
            lambda: flow.submit_document_data(data),
            on_failed=lambda result: self.document_data.show_field_errors(result.field_errors),
        )

    def back(self) -> None:
        flow = self._require_flow()
        self._stop_capture()
        self._flow_call(self.collection_screens[flow.step], flow.back)

    def retake(self) -> None:
        flow = self._require_flow()
        self._flow_call(self.review, flow.retake)

    def accept(self) -> None:
        flow = self._require_flow()
        self._flow_call(self.review, flow.accept, sentence=lambda: self.tr("Saving the record…"))

    def give_up(self) -> None:
        flow = self._require_flow()
        self._stop_capture()
        self._flow_call(self.capture, flow.give_up)

    def submit_exception(self, reason: str) -> None:
        flow = self._require_flow()
        self._flow_call(
            self.exception,
            lambda: flow.submit_exception(reason),
            sentence=lambda: self.tr("Saving the record…"),
        )

    def next_person(self) -> None:
        flow = self._require_flow()
        for screen in self.collection_screens.values():
            screen.wipe()
        self._flow_call(self.saved, flow.start_new)

    # -- face capture ------------------------------------------------------------------------

    def retry_capture(self) -> None:
        fault = self.capture.fault
        self.capture.clear_fault()
        if fault is CaptureFault.CAMERA_LOST or self._camera_lost:
            # Wait for the camera to come back: the feed reopens it now, then READY resumes.
            self.capture.set_busy(True, lambda: self.tr("Connecting to the camera…"))
            self.capture.retry_button.hide()
            if self._feed is not None:
                self._feed.retry_now()
            return
        self._restart_session()

    def freeze_capture(self) -> None:
        """Hold the preview as it is (the camera stops, the challenge's clock too)."""
        self._capturing = False
        self.analyzer.pause()
        if self._feed is not None:
            self._feed.stop()

    def resume_capture(self) -> None:
        self.analyzer.resume()
        self._capturing = True
        if self._feed is not None:
            self._feed.start()

    def _begin_capture(self) -> None:
        flow = self._require_flow()
        self.capture.clear_fault()
        self.capture.camera.clear()
        self.capture.set_attempt(flow.state.attempts + 1, flow.settings.max_attempts)
        self._capturing = True
        self._camera_lost = False
        self._reset_problem()
        if self._feed is None:
            self._feed = self._sources.camera_feed(self.bridge.on_frame, self.bridge.on_status)
        self._feed.start()
        face = self._sources.face
        if face.models_ready():
            self._new_session()
        else:
            self.capture.show_loading_models()
            self._model_timer.start()

    def _poll_models(self) -> None:
        face = self._sources.face
        if face.models_ready():
            self._model_timer.stop()
            self.capture.models_loaded()
            if self._capturing:
                self._new_session()
        elif face.models_failed():
            self._model_timer.stop()
            self.capture.models_loaded()
            self._show_fault(CaptureFault.MODELS_FAILED)

    def _new_session(self) -> None:
        try:
            self._session = self._sources.face.new_capture()
        except Exception:
            _log.exception("capture session could not be created")
            self._show_fault(CaptureFault.MODELS_FAILED)
            return
        self.analyzer.set_session(self._session)

    def _restart_session(self) -> None:
        self._reset_problem()
        self.capture.camera.show_analysis(None)
        if self._session is None:
            if self._sources.face.models_ready():
                self._new_session()
            return
        self.analyzer.set_session(self._session)
        self.analyzer.restart()

    def _stop_capture(self) -> None:
        self._capturing = False
        self._model_timer.stop()
        self.analyzer.resume()
        self.analyzer.stop()
        self._session = None
        if self._feed is not None:
            # Joins the camera thread: at most one frame read (it stops between reads).
            self._feed.stop()

    def _frame_arrived(self, frame: Frame, _t: float) -> None:
        if not self._capturing:
            return  # a frame still in the queue after the camera stopped
        self.capture.camera.show_frame(frame)
        if self.capture.fault is None or self.capture.fault in _PERSISTENT.values():
            self.analyzer.submit(frame)

    def _camera_status(self, status: DeviceStatus, _description: str) -> None:
        if not self._capturing:
            return
        if status is DeviceStatus.READY:
            if self._camera_lost:
                self._camera_lost = False
                self.capture.set_busy(False)
                self.capture.clear_fault()
                self._restart_session()
            return
        self._camera_lost = True
        self.analyzer.set_session(None)  # nothing to analyse; resumes on READY
        self.capture.set_busy(False)
        self._show_fault(CaptureFault.CAMERA_LOST)

    def _analysed(self, analysed: Analysed) -> None:
        if not self._capturing:
            return
        self.capture.camera.show_analysis(analysed.analysis)
        self._watch_problem(analysed.analysis.guidance)
        if not analysed.done:
            return
        self.analyzer.set_session(None)  # the attempt is over
        flow = self._require_flow()
        result: CaptureResult | None = analysed.result
        if result is not None:
            self._flow_call(
                self.capture,
                lambda: flow.submit_capture(result),
                on_failed=self._attempt_failed,
                sentence=lambda: self.tr("Checking the photo…"),
            )
        else:
            self._flow_call(
                self.capture,
                lambda: flow.capture_failed(CaptureProblem.LIVENESS_FAILED),
                on_failed=self._attempt_failed,
            )

    def _analysis_failed(self, _error: object) -> None:
        if self._capturing:
            self._show_fault(CaptureFault.ANALYSIS_FAILED)

    def _attempt_failed(self, result: CollectionResult) -> None:
        flow = self._require_flow()
        if result.step is not CollectionStep.FACE_CAPTURE:
            self._enter(result.step)  # attempts used up: the exception path
            return
        problems = result.capture_problems
        fault = (
            CaptureFault.LIVENESS_FAILED
            if CaptureProblem.LIVENESS_FAILED in problems
            else CaptureFault.QUALITY_FAILED
        )
        if self._problem is not None and self._problem_frames >= RECENT_PROBLEM_FRAMES:
            fault = _PERSISTENT[self._problem]  # the light went off, someone stepped in
        self.capture.set_attempt(flow.state.attempts + 1, flow.settings.max_attempts)
        self._show_fault(fault, flow.attempts_left)

    def _watch_problem(self, guidance: Guidance) -> None:
        if guidance not in _PERSISTENT:
            self._reset_problem()
            return
        if guidance is self._problem:
            self._problem_frames += 1
        else:
            self._problem, self._problem_frames = guidance, 1
        if self._problem_frames == PERSISTENT_FRAMES and self.capture.fault is None:
            self._show_fault(_PERSISTENT[guidance])

    def _reset_problem(self) -> None:
        self._problem, self._problem_frames = None, 0

    def _show_fault(self, fault: CaptureFault, attempts_left: int | None = None) -> None:
        self.capture.show_fault(fault, attempts_left)
        self.capture_fault_shown.emit(fault)

    # -- internals ---------------------------------------------------------------------------

    def _require_flow(self) -> CollectionFlow:
        if self.flow is None:
            raise RuntimeError("no staff member is logged in")
        return self.flow

    def _flow_call(
        self,
        screen: FlowScreen,
        action: Callable[[], CollectionResult],
        *,
        on_failed: Callable[[CollectionResult], None] | None = None,
        sentence: Callable[[], str] | None = None,
    ) -> None:
        def done(result: CollectionResult) -> None:
            if result.ok:
                self._enter(result.step)
                return
            if on_failed is not None:
                on_failed(result)
            if result.error is not None:
                self.collection_screens[result.step].show_error(result.error)
            elif result.step is not self._require_flow().step:
                self._enter(result.step)

        def crashed(_failure: TaskFailed) -> None:
            screen.show_error(AccountError(ErrorCode.INTERNAL_ERROR))

        self._call(screen, action, done, sentence, crashed)

    def _call(
        self,
        screen: FlowScreen,
        action: Callable[[], T],
        done: Callable[[T], None],
        sentence: Callable[[], str] | None,
        failed: Callable[[TaskFailed], None],
    ) -> None:
        screen.set_busy(True, sentence)

        def finished(value: T) -> None:
            screen.set_busy(False)
            done(value)

        def broke(failure: TaskFailed) -> None:
            screen.set_busy(False)
            failed(failure)

        self._runner.run(action, finished, broke)

    def _enter(self, step: CollectionStep) -> None:
        flow = self._require_flow()
        screen = self.collection_screens[step]
        if step is not CollectionStep.FACE_CAPTURE:
            self._stop_capture()
        if step is CollectionStep.DOCUMENT_DATA and flow.state.document_type is not None:
            if flow.state.document_type is not self.document_data.document_type:
                self.document_data.wipe()
            self.document_data.set_document_type(flow.state.document_type)
        elif step is CollectionStep.REVIEW and flow.state.capture is not None:
            self.review.show_capture(flow.state.capture, retakes_left=flow.attempts_left)
        elif step is CollectionStep.SAVED:
            self._show_saved(flow)
        if step in NUMBERED_STEPS:
            screen.set_step(NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS))
        else:
            screen.set_step(None)
        self._show(screen)
        if step is CollectionStep.FACE_CAPTURE:
            self._begin_capture()
        self.step_shown.emit(step)

    def _show_saved(self, flow: CollectionFlow) -> None:
        state = flow.state
        staff = self.staff
        record = str(state.saved_id or state.record_id)
        online = staff.online if staff is not None else False
        exception = state.capture is None
        self.saved.show_saved(record, exception=exception, online=online, waiting=0)

        def counted(count: int) -> None:
            self.saved.show_saved(record, exception=exception, online=online, waiting=count)

        self._runner.run(flow.waiting_count, counted, lambda _f: None)
