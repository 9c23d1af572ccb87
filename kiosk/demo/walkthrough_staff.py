"""The staff part of the walkthrough: staff login, staff home (online and offline), and
every collection screen — document type, data, the live preview with its overlay, the
liveness challenge, review, saved, a camera fault and the exception path.

The mock camera is played by a ``ChallengeActor`` (turns and comes closer when asked);
for each live shot the mock camera is held still (``StillPreview``), so the picture holds
while the languages and sizes are shot. The challenge's clock runs on meanwhile: an attempt
that timed out during the shots is tried again, as staff would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import type_on_keypad, wait_for
from kiosk.demo.walk import Walk
from kiosk.devices.camera import SceneKind
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import CollectionStep
from kiosk.services.face.types import LivenessState
from kiosk.services.store.records import RecordState, Sex
from kiosk.services.sync.errors import SyncErrorClass
from kiosk.ui.journeys.staff.journey import StaffJourney

CAPTURE_TIMEOUT_S = 40.0
RETRIES = 1  # of an attempt a shot's pause timed out; the collection allows 3 attempts
DEMO_PERSON_ID = "11010519491231002X"  # a valid GB 11643 number (born 1949-12-31)
LOCKED_PERSON_ID = "320106197603154413"  # 王五, a demo person
DEMO_PERSON_NAME = "张三"


@dataclass(frozen=True, slots=True)
class StaffDemo:
    staff_no: str
    password: str
    set_scene: Callable[[SceneKind], None]  # the mock camera's scene
    lose_camera: Callable[[int], None]  # lost after N frames
    replug_camera: Callable[[], None]


def run_staff_walkthrough(walk: Walk, demo: StaffDemo) -> None:
    journey = walk.window.staff
    if journey is None:
        return
    actor = ChallengeActor(journey.analyzer, demo.set_scene)
    try:
        _run(walk, journey, demo=demo, actor=actor)
    finally:
        actor.enabled = False
        actor.deleteLater()


def _run(walk: Walk, journey: StaffJourney, *, demo: StaffDemo, actor: ChallengeActor) -> None:
    window, shoot = walk.window, walk.shoot

    def at(step: CollectionStep) -> Callable[[], bool]:
        screen = journey.collection_screens[step]
        return lambda: not window.runner.busy and window.current_screen() is screen

    def arrive(step: CollectionStep, what: str) -> None:
        walk.at(journey.collection_screens[step], what)

    window.journeys.open_staff()
    walk.settled("the connection check")
    login = journey.login
    login.staff_no.set_text(demo.staff_no)
    login.password.set_text(demo.password)
    shoot("06-staff-login")
    login.submit()
    walk.at(journey.home, "staff home")
    shoot("07-staff-home")
    staff = journey.staff
    assert staff is not None
    # The same screen as a terminal without a connection shows it.
    journey.home.show_staff(staff.name_masked, online=False, waiting=3)
    shoot("08-staff-home-offline")
    journey.home.show_staff(staff.name_masked, online=staff.online, waiting=0)

    journey.start_collection()
    shoot("09-collection-type")
    journey.choose_document_type(DocumentType.RESIDENT_ID)
    arrive(CollectionStep.DOCUMENT_DATA, "the data screen")
    data = journey.document_data
    type_on_keypad(data.keypad, DEMO_PERSON_ID)
    data.name.set_text(DEMO_PERSON_NAME)
    shoot("10-collection-data")

    # live preview: the person stands still, the challenge asks for the first movement
    actor.enabled = False
    demo.set_scene(SceneKind.GOOD)
    data.submit()
    arrive(CollectionStep.FACE_CAPTURE, "the capture screen")
    view = journey.capture.camera

    def challenge_at(index: int) -> Callable[[], bool]:
        def check() -> bool:
            analysis = view.analysis
            return (
                analysis is not None
                and bool(analysis.boxes)
                and analysis.liveness.state is LivenessState.IN_PROGRESS
                and analysis.liveness.current_index == index
            )

        return check

    capture = journey.capture

    def until(reached: Callable[[], bool], what: str) -> None:
        """Play the person until ``reached``; an attempt that failed meanwhile (its
        challenge timed out while the shots were taken) is tried again."""
        actor.enabled = True
        actor.reset()
        for _ in range(RETRIES):
            wait_for(lambda: reached() or capture.fault is not None, what, CAPTURE_TIMEOUT_S)
            if reached():
                return
            actor.reset()
            capture.retry_button.click()
        wait_for(reached, what, CAPTURE_TIMEOUT_S)

    wait_for(challenge_at(0), "the live preview with a face", CAPTURE_TIMEOUT_S)
    with walk.held(journey.analyzer):
        shoot("11-face-capture-preview")
    until(challenge_at(1), "the second challenge step")
    actor.enabled = False
    with walk.held(journey.analyzer):
        shoot("12-liveness-challenge")
    until(at(CollectionStep.REVIEW), "the review screen")
    shoot("13-review")
    journey.accept()
    arrive(CollectionStep.SAVED, "the saved screen")
    shoot("14-saved")

    # the next person: the camera is lost, then staff record an exception
    journey.next_person()
    arrive(CollectionStep.DOCUMENT_TYPE, "a new collection")
    journey.choose_document_type(DocumentType.FOREIGN_PASSPORT)
    arrive(CollectionStep.DOCUMENT_DATA, "the data screen")
    data.number.set_text("X12345678")
    data.name_latin.set_text("SMITH JOHN")
    data.nationality.set_text("GBR")
    data.choose_sex(Sex.MALE)
    data.set_birth_date(date(1985, 6, 15))
    shoot("15-collection-data-foreign")
    actor.enabled = False
    data.submit()
    arrive(CollectionStep.FACE_CAPTURE, "the capture screen")
    wait_for(lambda: view.analysis is not None, "the preview", CAPTURE_TIMEOUT_S)
    demo.lose_camera(3)
    wait_for(lambda: capture.fault is not None, "the camera fault", 30.0)
    shoot("16-camera-fault")
    demo.replug_camera()
    journey.give_up()
    arrive(CollectionStep.EXCEPTION, "the exception screen")
    journey.exception.reason.set_text("摄像头故障，无法拍摄")
    shoot("17-exception")
    journey.exception.submit()
    arrive(CollectionStep.SAVED, "the saved screen")
    _sync_screens(walk, journey)
    _lock_screens(walk, journey)
    journey.logout()


def _sync_screens(walk: Walk, journey: StaffJourney) -> None:
    """The sync screen after the two records went to the embedded service, then the same
    screen as a terminal sees it while the service is unreachable mid-round."""
    panel = journey.sync_panel
    if panel is None:
        return
    journey.show_home()
    journey.show_sync()
    panel.sync_now()
    shoot, runner = walk.shoot, walk.window.runner

    def delivered() -> bool:
        progress = panel.screen.progress
        if progress is None or runner.busy:
            return False
        counts = progress.counts
        done = counts.get(RecordState.ACKNOWLEDGED, 0) + counts.get(RecordState.PURGED, 0)
        return done >= 2 and not progress.sending

    wait_for(delivered, "the records delivered", 60.0)
    shoot("18-sync-status")
    real = panel.screen.progress
    assert real is not None
    moment = datetime.now(UTC)
    waiting = {**real.counts, RecordState.CAPTURED: 37, RecordState.SENDING: 50}
    panel.screen.show_progress(
        replace(real, counts=waiting, sending_done=50, sending_total=137, active=True)
    )
    shoot("19-sync-uploading")
    panel.screen.show_progress(
        replace(
            real,
            counts={**waiting, RecordState.SENDING: 0, RecordState.FAILED_RETRYABLE: 50},
            last_error_class=SyncErrorClass.UNREACHABLE,
            last_error_at=moment,
            last_success_at=moment - timedelta(minutes=3),
        )
    )
    shoot("20-sync-unreachable")
    panel.screen.show_progress(real)


def _lock_screens(walk: Walk, journey: StaffJourney) -> None:
    """Account locks (R-LK-1): a real look-up of a demo person, then the same screen with
    a lock on it (a demo person is not locked, and locking one takes minutes by design)."""
    locks = journey.locks
    if locks is None:
        return
    journey.show_home()
    journey.open_locks()
    walk.at(locks.search, "the locks screen")
    type_on_keypad(locks.search.keypad, LOCKED_PERSON_ID)
    walk.shoot("62-staff-locks-search")
    locks.search.submit()
    walk.at(locks.lock, "the lock")
    view = locks.flow.state.view
    assert view is not None
    locks.lock.show_view(
        view.model_copy(
            update={
                "locked": True,
                "failures_today": {"password": 5},
                "unlock_text": "明天 00:00（12月8日）",
                "unlock_text_en": "00:00 tomorrow (8 Dec)",
            }
        ),
        cleared=False,
    )
    walk.shoot("63-staff-lock-locked")
    locks.left.emit()
