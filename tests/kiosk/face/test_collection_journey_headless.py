"""The whole staff collection journey headless (issue 3, acceptance 3), with real parts only:
staff login against the live service, then with the service unreachable (cached hash);
the Qt-free collection flow; the real face pipeline on real photos performing the random
liveness challenge; the encrypted local store, read back raw to prove nothing is in clear.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.clock import ManualClock
from account_service.demo import DEMO_STAFF
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import CollectionFlow, CollectionStep, DocumentData
from kiosk.protocol.staff import StaffLoggedIn
from kiosk.services.face.analyzer import FaceAnalyzer, Image
from kiosk.services.face.capture import CaptureSession
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.staff_auth import StaffAuth, StaffSession
from kiosk.services.store import (
    CollectionStore,
    RecordState,
    Sex,
    SqlStaffCache,
    StoreKey,
    make_store_engine,
)
from kiosk.services.terminal_identity import TerminalIdentity
from tests.kiosk.face.test_face_capture import Maker, Scene, feed

STAFF = DEMO_STAFF[0]
NAME, NUMBER = "张三", "11010519491231002X"


class Cable:
    """The kiosk's client behind a network cable the test can pull."""

    def __init__(self, online: HttpAccountClient, offline: HttpAccountClient) -> None:
        self.online, self.offline, self.plugged = online, offline, True

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        client = self.online if self.plugged else self.offline
        return client.staff_login(staff_no, password, record_key=record_key)


def _unreachable() -> HttpAccountClient:
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    identity = TerminalIdentity(
        "00000000-0000-4000-8000-000000000000", Ed25519PrivateKey.generate()
    )
    return HttpAccountClient(f"http://127.0.0.1:{port}", identity, retries=0, timeout_s=2)


def _collect(
    store: CollectionStore,
    staff: StaffSession,
    analyzer: FaceAnalyzer,
    scene: Scene,
    document_photo: Image,
    seed: int,
    clock: Callable[[], datetime],
) -> CollectionFlow:
    flow = CollectionFlow(store, staff_no=staff.staff_no, signer=staff.signer, clock=clock)
    assert flow.can_sign()  # offline too: the key from the online login (R-HA-1)
    assert flow.choose_document_type(DocumentType.RESIDENT_ID).ok
    data = DocumentData(
        name=NAME, document_number=NUMBER, birth_date=date(1949, 12, 31), sex=Sex.FEMALE
    )
    result = flow.submit_document_data(data)
    assert result.ok, flow.state.field_errors
    assert flow.step is CollectionStep.FACE_CAPTURE

    reference = analyzer.encode_image(document_photo)
    capture = CaptureSession(analyzer, rng=random.Random(seed), reference_encoding=reference)
    feed(capture, scene.performing(capture.liveness.steps))
    assert capture.done and capture.failure is None
    outcome = capture.result()
    assert outcome is not None and outcome.liveness_passed and outcome.quality.passed
    assert outcome.matches is True  # the document photo is the same person
    assert flow.submit_capture(outcome).ok
    assert flow.step is CollectionStep.REVIEW
    assert flow.accept().ok
    assert flow.step is CollectionStep.SAVED
    return flow


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_R_HA_1_collection_journey_online_then_with_the_service_unreachable(
    analyzer: FaceAnalyzer,
    make_frame: Maker,
    photos: dict[str, Image],
    kiosk_api: HttpAccountClient,
    manual_clock: ManualClock,
    tmp_path: Path,
) -> None:
    engine = make_store_engine(tmp_path / "local_store.sqlite3")
    store = CollectionStore(engine, StoreKey.load_or_create(tmp_path))
    with _unreachable() as dead:
        cable = Cable(kiosk_api, dead)
        auth = StaffAuth(cable, SqlStaffCache(engine), clock=manual_clock.now)
        scene = Scene(analyzer, make_frame, "obama")
        document_photo = photos["obama2"]  # another photo of the same person

        online = auth.login(STAFF.staff_no, STAFF.password)
        assert online.online and online.signer is not None
        first = _collect(
            store, online, analyzer, scene, document_photo, seed=1, clock=manual_clock.now
        )

        cable.plugged = False  # the hall's network is down
        offline = auth.login(STAFF.staff_no, STAFF.password)
        assert not offline.online
        second = _collect(
            store, offline, analyzer, scene, document_photo, seed=2, clock=manual_clock.now
        )

    assert store.count_waiting() == 2
    saved = [first.state.saved_id, second.state.saved_id]
    assert None not in saved and saved[0] != saved[1]
    for record_id in saved:
        assert record_id is not None
        record = store.get(record_id)
        assert record is not None
        assert record.state is RecordState.CAPTURED
        assert (record.personal.name, record.personal.document_number) == (NAME, NUMBER)
        assert record.face_jpeg is not None and record.face_jpeg.startswith(b"\xff\xd8")
        assert record.face_template is not None and len(record.face_template) == 128
        assert record.liveness_passed
        assert record.staff_key_id == online.signer.key_id and record.staff_signature

    # Nothing personal in clear on disk: not in the database file, not in its WAL.
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("local_store.sqlite3*"))
    for secret in (NUMBER.encode(), NAME.encode(), b"110105", b"\xff\xd8\xff"):
        assert secret not in raw
