"""The collection screens on the logged-in staff member's ``CollectionFlow`` (R-HA-1), with
the one live capture on the capture screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal

from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import (
    NUMBERED_STEPS,
    CaptureProblem,
    CollectionFlow,
    CollectionStep,
    DocumentData,
    Result,
)
from kiosk.protocol.errors import UserError
from kiosk.services.face.types import CaptureResult
from kiosk.ui.common.camera_pipeline import FeedFactory, FrameAnalyzer
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.live_capture import CaptureFault, FaceSources, LiveCapture
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.collection_capture import CollectionCaptureScreen
from kiosk.ui.journeys.staff.collection_data import CollectionDataScreen
from kiosk.ui.journeys.staff.collection_done import CollectionExceptionScreen, CollectionSavedScreen
from kiosk.ui.journeys.staff.collection_review import CollectionReviewScreen
from kiosk.ui.journeys.staff.collection_type import CollectionTypeScreen

Step = CollectionStep


# The busy sentences; their translations are filed under ``StaffJourney``.
def _saving() -> str:
    return QCoreApplication.translate("StaffJourney", "Saving the record…")


def _connecting() -> str:
    return QCoreApplication.translate("StaffJourney", "Connecting to the camera…")


def _checking_photo() -> str:
    return QCoreApplication.translate("StaffJourney", "Checking the photo…")


class CollectionJourney(JourneyBase[CollectionStep]):
    """The collection screens on the logged-in staff member's ``CollectionFlow``, with the
    live capture on the capture screen."""

    numbered = NUMBERED_STEPS
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

    def after_refusal(self, error: UserError) -> None:
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
        if step is Step.FACE_CAPTURE:
            self.capture.set_attempt(flow.state.attempts + 1, flow.settings.max_attempts)
        self.show_step(step)
        if step is Step.FACE_CAPTURE:
            self.live.start()

    def _show_saved(self, flow: CollectionFlow) -> None:
        state = flow.state
        record = str(state.saved_id or state.record_id)
        exception = state.capture is None
        online = self.online
        self.saved.show_saved(record, exception=exception, online=online, waiting=0)

        def counted(count: int) -> None:
            self.saved.show_saved(record, exception=exception, online=online, waiting=count)

        self._runner.run(flow.waiting_count, counted, lambda _f: None)
