"""Typed values going into and out of the local store (decrypted side)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from kiosk.domain.documents import DocumentType


class RecordState(StrEnum):
    """Stored as plain text (no CHECK constraint), so the sync issue adds states
    (e.g. ``sending``, ``acknowledged``) without rebuilding the table."""

    CAPTURED = "captured"
    SENDING = "sending"
    ACKNOWLEDGED = "acknowledged"
    FAILED_RETRYABLE = "failed_retryable"
    REJECTED = "rejected"
    PURGED = "purged"  # personal data and face deleted; the row stays as an audit trace


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class AuditEvent(StrEnum):
    RECORD_CAPTURED = "record_captured"
    RECORD_EXCEPTION = "record_exception"  # saved with a staff note (attempts exhausted)
    RECORD_ACKNOWLEDGED = "record_acknowledged"
    RECORD_REJECTED = "record_rejected"
    RECORD_PURGED = "record_purged"
    RECORDS_EXPORTED = "records_exported"  # written into an offline bundle (still waiting)
    STAFF_LOGIN_ONLINE = "staff_login_online"
    STAFF_LOGIN_OFFLINE = "staff_login_offline"


@dataclass(frozen=True, slots=True)
class PersonalFields:
    """Encrypted at rest as one JSON value."""

    name: str = field(repr=False)  # Chinese name (may be empty for foreign documents)
    document_number: str = field(repr=False)
    birth_date: date | None = field(repr=False)
    name_latin: str = field(default="", repr=False)
    sex: Sex | None = None
    nationality: str = ""  # ISO 3166-1 alpha-3, for foreign documents


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One quality measure of the chosen frame (not personal: stored in clear)."""

    measure: str
    value: float
    passed: bool
    threshold: str


@dataclass(frozen=True, slots=True)
class CollectionInput:
    """A record to save; ``id`` doubles as the sync idempotency key."""

    id: uuid.UUID
    created_at: datetime
    staff_no: str
    document_type: DocumentType
    personal: PersonalFields
    face_jpeg: bytes | None = field(default=None, repr=False)
    face_template: tuple[float, ...] | None = field(default=None, repr=False)
    quality: tuple[ScoreEntry, ...] = ()
    liveness_passed: bool | None = None
    liveness_steps: tuple[str, ...] = ()
    match_distance: float | None = None
    match_threshold: float | None = None
    attempts: int = 0
    exception_reason: str | None = field(default=None, repr=False)
    # The collecting staff member's proof (R-HA-1, kiosk.services.staff_keys).
    staff_key_id: str | None = None
    staff_signature: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class CollectionRecord(CollectionInput):
    """A stored record, decrypted, with its state."""

    state: RecordState = RecordState.CAPTURED


@dataclass(frozen=True, slots=True)
class WaitingRecord:
    """A list row without personal data: what a staff screen or the sync worker lists."""

    id: uuid.UUID
    created_at: datetime
    staff_no: str
    document_type: DocumentType
    state: RecordState
    has_face: bool
    is_exception: bool


@dataclass(frozen=True, slots=True)
class CachedStaff:
    """For offline staff login: a hash made on this kiosk, never the service's hash."""

    staff_no: str
    name_masked: str
    password_hash: str = field(repr=False)
    failure_day: date | None = None
    failure_count: int = 0
    locked_until: datetime | None = None
    # The record key of the last online login, wrapped under the password (staff_keys).
    record_key_id: str | None = None
    record_key_expires_at: datetime | None = None
    record_key_salt: bytes | None = field(default=None, repr=False)
    record_key_wrapped: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class SyncTrace:
    """A record's delivery state without any personal data (staff screen, audit)."""

    id: uuid.UUID
    created_at: datetime
    state: RecordState
    send_attempts: int
    next_attempt_at: datetime | None
    last_error_class: str | None
    last_error_text: str | None
    acknowledged_at: datetime | None
    purged_at: datetime | None
    rejection_reason: str | None
    rejection_reason_en: str | None
