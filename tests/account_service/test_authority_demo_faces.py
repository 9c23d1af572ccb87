"""The demo kiosk's residents get their faces from the photos the machine has (issue 6:
"demo data includes people whose photos are the test photos"): the astronaut the mock
camera shows (committed), and the face_recognition photos once a test run cached them."""

from __future__ import annotations

import math
from pathlib import Path

from account_service.authority.demo import DEMO_RESIDENTS, give_demo_faces
from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import RegistryAuthority, add_resident
from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from kiosk.demo.app import demo_face_photos
from kiosk.domain.documents import DocumentType
from tests.support.photos import photo_paths

GAO = next(d for d in DEMO_RESIDENTS if d.name == "高洁")
WANG = next(d for d in DEMO_RESIDENTS if d.name == "王五")
OUYANG = next(d for d in DEMO_RESIDENTS if d.name == "欧阳明")
LIN = next(d for d in DEMO_RESIDENTS if d.name == "林嘉怡")


def _face(service: EmbeddedService, number: str) -> list[float] | None:
    with service.session_factory() as session:
        resident = RegistryAuthority(session).lookup(DocumentType.RESIDENT_ID, number)
        assert resident is not None
        return resident.face_template


def test_R_RN_4_demo_residents_get_the_faces_of_the_photos_present(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> None:
    encoder = PhotoEncoder.load()
    photos = demo_face_photos(tmp_path)  # what the demo kiosk passes
    astronaut = photos["astronaut"]
    photos |= {"obama": photo_paths()["obama"], "biden": tmp_path / "missing.jpg"}
    given = give_demo_faces(account_service.session_factory, photos, encoder=encoder)
    assert given == 3  # 高洁 and 王五 (astronaut), 欧阳明 (obama); biden's file is missing
    gao, wang = (
        _face(account_service, GAO.document_number),
        _face(account_service, WANG.document_number),
    )
    assert gao is not None and gao == wang
    assert math.dist(gao, encoder.encode_file(astronaut)) < 1e-6
    assert _face(account_service, OUYANG.document_number) is not None
    assert _face(account_service, LIN.document_number) is None  # no photo: the hall (R-RN-4)


def test_a_face_given_by_a_tester_is_kept_and_nothing_is_encoded_twice(
    account_service: EmbeddedService, manual_clock: ManualClock, tmp_path: Path
) -> None:
    tester_face = [0.5] * 128
    with account_service.session_factory.begin() as session:
        add_resident(
            session,
            name=GAO.name,
            document_type=GAO.document_type,
            document_number=GAO.document_number,
            face_template=tester_face,
            now=manual_clock.now(),
        )
    photos = {"astronaut": demo_face_photos(tmp_path)["astronaut"]}
    assert give_demo_faces(account_service.session_factory, photos) == 1  # 王五 only
    assert _face(account_service, GAO.document_number) == tester_face

    class NoEncoder(PhotoEncoder):
        def __init__(self) -> None:  # a second start must not load or run dlib
            pass

        def encode_file(self, path: Path) -> list[float]:
            raise AssertionError(f"encoded {path} again")

    assert give_demo_faces(account_service.session_factory, photos, encoder=NoEncoder()) == 0
