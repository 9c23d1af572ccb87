"""Demo residents of the identity authority, for testers and the embedded demo.

The residents are seeded without a reference face; ``photo`` names the test photo that is
their face. The demo kiosk (``give_demo_faces``) gives them their templates at start from
the photos it can read: the public-domain astronaut its mock camera shows (committed, so
in the demo 高洁 registers with a face check and 王五 logs in by face, raised to level 4),
and the face_recognition test photos when a test run has fetched them into the cache (their
licence is unclear, stack-notes: never committed). Testers can give any resident a face
with ``account-service authority add --name N --document-type T --number X --photo PATH``.
Without one a resident's face check answers FACE_CHECK_AT_HALL (no reference, R-RN-4).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import RegistryAuthority, Resident, add_resident
from account_service.clock import Clock, SystemClock
from kiosk.domain.documents import DocumentType


@dataclass(frozen=True, slots=True)
class DemoResident:
    name: str
    document_type: DocumentType
    document_number: str
    photo: str | None  # the test photo (by name, tests/support/photos.py) that is their face
    note: str


DEMO_RESIDENTS: tuple[DemoResident, ...] = (
    DemoResident(
        name="欧阳明",
        document_type=DocumentType.RESIDENT_ID,
        document_number="110108198005120035",
        photo="obama",
        note="registers at the kiosk: obama2/obama3 match the reference, biden does not",
    ),
    DemoResident(
        name="白文东",
        document_type=DocumentType.RESIDENT_ID,
        document_number="310104197511080045",
        photo="biden",
        note="a second resident (biden.jpg)",
    ),
    DemoResident(
        name="高洁",
        document_type=DocumentType.RESIDENT_ID,
        document_number="110108198607040024",
        photo="astronaut",
        note="registers at the demo kiosk: the mock camera shows her reference photo",
    ),
    DemoResident(
        name="王五",
        document_type=DocumentType.RESIDENT_ID,
        document_number="320106197603154413",
        photo="astronaut",
        note="the registered level-3 demo person: face login or the level check lifts him to 4",
    ),
    DemoResident(
        name="林嘉怡",
        document_type=DocumentType.RESIDENT_ID,
        document_number="440106198809230057",
        photo=None,
        note="no reference photo: registration sends her to the hall (R-RN-4)",
    ),
)


def load_demo_residents(
    session_factory: sessionmaker[Session], *, clock: Clock | None = None
) -> int:
    """Add the demo residents that are missing (a face given later is kept); returns how
    many were added."""
    now = (clock or SystemClock()).now()
    added = 0
    with session_factory.begin() as session:
        for demo in DEMO_RESIDENTS:
            _row, created = add_resident(
                session,
                name=demo.name,
                document_type=demo.document_type,
                document_number=demo.document_number,
                face_template=None,
                now=now,
                keep_template=True,
            )
            added += int(created)
    return added


def photo_cache_dir() -> Path:
    """Where the test runs put the face_recognition test photos (tests/support/photos.py)."""
    configured = os.environ.get("TAX_KIOSK_PHOTO_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "tax-kiosk" / "test-photos"


def give_demo_faces(
    session_factory: sessionmaker[Session],
    photos: Mapping[str, Path],
    *,
    encoder: PhotoEncoder | None = None,
    clock: Clock | None = None,
) -> int:
    """Give each demo resident without a face the template of their photo, where ``photos``
    names a readable file; returns how many got one. A face given earlier (a tester's
    ``authority add``) is kept, and nothing is encoded when every face is there already."""
    with session_factory() as session:
        authority = RegistryAuthority(session)
        missing = [
            demo
            for demo in DEMO_RESIDENTS
            if demo.photo is not None
            and demo.photo in photos
            and photos[demo.photo].is_file()
            and _has_no_face(authority.lookup(demo.document_type, demo.document_number))
        ]
    if not missing:
        return 0
    faces = encoder or PhotoEncoder.load()
    templates: dict[str, list[float]] = {}
    now = (clock or SystemClock()).now()
    with session_factory.begin() as session:
        for demo in missing:
            assert demo.photo is not None
            if demo.photo not in templates:
                templates[demo.photo] = faces.encode_file(photos[demo.photo])
            add_resident(
                session,
                name=demo.name,
                document_type=demo.document_type,
                document_number=demo.document_number,
                face_template=templates[demo.photo],
                now=now,
            )
    return len(missing)


def _has_no_face(resident: Resident | None) -> bool:
    return resident is None or resident.face_template is None
