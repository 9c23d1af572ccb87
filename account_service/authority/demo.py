"""Demo residents of the identity authority, for testers and the embedded demo.

No photo is committed (the test photos' licence is unclear, stack-notes): the residents
are seeded without a reference face, and ``photo`` names the test photo that stands for
them. Testers fetch the photos (tests/support/photos.py puts them in
``~/.cache/tax-kiosk/test-photos``) and give each resident a face with
``account-service authority add --name N --document-type T --number X --photo PATH``.
Until then a resident's face check answers FACE_CHECK_AT_HALL (no reference, R-RN-4).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from account_service.authority.service import add_resident
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
