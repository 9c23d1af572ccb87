"""Collection records for the sync, bundle and import tests: a valid resident-ID record with
a small real JPEG face and a 128-float template; callers vary only what their test is about."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import cv2
import numpy as np

from kiosk.domain.documents import DocumentType
from kiosk.protocol.record_proof import KEY_ID_FIELD, SIGNATURE_FIELD, sign_record
from kiosk.services.staff_api import StaffApi
from kiosk.services.staff_keys import RecordSigner, new_key
from kiosk.services.store import CollectionInput, PersonalFields, Sex

SAMPLE_NAME = "欧阳娜娜"
SAMPLE_ID_NUMBER = "11010519491231002X"  # valid check digit, born 1949-12-31, female
SAMPLE_BIRTH_DATE = date(1949, 12, 31)
SAMPLE_STAFF_NO = "S0001"  # the first demo staff member


@cache  # bytes are immutable: encode each background once per session
def sample_jpeg(*, background: int = 0) -> bytes:
    """A 100x120 JPEG (a filled circle on a grey ``background``), small but decodable."""
    image = np.full((120, 100, 3), background, dtype=np.uint8)
    cv2.circle(image, (50, 60), 30, (180, 160, 140), -1)
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return bytes(encoded.tobytes())


def sample_record(
    *,
    created_at: datetime | None = None,
    document_number: str = SAMPLE_ID_NUMBER,
    name: str = SAMPLE_NAME,
    staff_no: str = SAMPLE_STAFF_NO,
    birth_date: date = SAMPLE_BIRTH_DATE,
    sex: Sex = Sex.FEMALE,
    exception_reason: str | None = None,
    face_jpeg: bytes | None = None,
) -> CollectionInput:
    """A new record (fresh id), created now unless ``created_at`` says otherwise."""
    return CollectionInput(
        id=uuid.uuid4(),
        created_at=created_at or datetime.now(UTC),
        staff_no=staff_no,
        document_type=DocumentType.RESIDENT_ID,
        personal=PersonalFields(
            name=name, document_number=document_number, birth_date=birth_date, sex=sex
        ),
        face_jpeg=sample_jpeg() if face_jpeg is None else face_jpeg,
        face_template=tuple(i / 128 for i in range(128)),
        liveness_passed=True,
        liveness_steps=("blink",),
        match_distance=0.3,
        match_threshold=0.5,
        attempts=1,
        exception_reason=exception_reason,
    )


def staff_signer(
    api: StaffApi, staff_no: str = SAMPLE_STAFF_NO, password: str = "Staff@2024"
) -> RecordSigner:
    """A staff member's record key on this terminal, from a real online staff login (R-HA-1):
    records it signs are accepted by the service."""
    key, public_key = new_key()
    answer = api.staff_login(staff_no, password, record_key=public_key)
    assert answer.record_key_id is not None and answer.record_key_expires_at is not None
    return RecordSigner(answer.record_key_id, answer.record_key_expires_at, key)


def signed_by_staff(api: StaffApi, record: dict[str, Any]) -> dict[str, Any]:
    """A wire record (as ``submit_collection_records`` sends it) signed by its staff member's
    record key from a fresh online login on this terminal (R-HA-1)."""
    signer = staff_signer(api, str(record["staff_no"]))
    with_key = {**record, KEY_ID_FIELD: signer.key_id, SIGNATURE_FIELD: None}
    return {**with_key, SIGNATURE_FIELD: sign_record(signer.key, with_key)}
