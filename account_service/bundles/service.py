"""Importing offline bundles: verify, decrypt, then deliver each record exactly as
``POST /v1/collection-records`` would (``ingest_record``: idempotent on the record UUID,
so a bundle imported twice, or records also synced online, are stored once).

A bundle is refused as a whole (nothing imported) when it is not intact, not signed by an
enrolled, active terminal, or not encrypted to this service's key. Its records are then
ingested in one transaction, all or nothing: a crash half-way leaves nothing, and a second
import answers ``duplicate`` for what an earlier one stored.
"""

from __future__ import annotations

import base64
import binascii
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session, sessionmaker

from account_service.bundles.format import (
    BundleRefusedError,
    Refusal,
    SealedBundle,
    decrypt,
    parse,
    verify_signature,
)
from account_service.clock import Clock
from account_service.collection.service import DEFAULT_FACE_THRESHOLD, ingest_record
from account_service.terminals.models import Terminal
from account_service.trail.models import AuditEvent
from kiosk.protocol.collection import RecordAck, RecordStatus

logger = logging.getLogger(__name__)

IMPORTED_EVENT = "bundle.imported"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one bundle file gave: a result per record, in the bundle's order."""

    bundle_id: uuid.UUID
    terminal_id: uuid.UUID
    results: list[RecordAck] = field(default_factory=list)

    def count(self, status: RecordStatus) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def accepted(self) -> int:
        return self.count(RecordStatus.ACCEPTED)

    @property
    def duplicate(self) -> int:
        return self.count(RecordStatus.DUPLICATE)

    @property
    def rejected(self) -> int:
        return self.count(RecordStatus.REJECTED)


def _terminal_key(session: Session, terminal_id: uuid.UUID) -> bytes:
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        raise BundleRefusedError(Refusal.UNKNOWN_TERMINAL)
    if terminal.revoked_at is not None:
        raise BundleRefusedError(Refusal.REVOKED_TERMINAL)
    try:
        return base64.b64decode(terminal.public_key, validate=True)
    except (binascii.Error, ValueError):
        raise BundleRefusedError(Refusal.BAD_SIGNATURE) from None


def open_bundle(
    data: bytes, *, session: Session, service_key: X25519PrivateKey
) -> tuple[SealedBundle, list[dict[str, Any]]]:
    """Every check that refuses the whole file, in order: layout, terminal, signature,
    service key, decryption, content list. Reads the database, writes nothing."""
    sealed = parse(data)
    verify_signature(sealed, _terminal_key(session, sealed.header.terminal_id))
    return sealed, decrypt(sealed, service_key)


def import_bundle(
    data: bytes,
    *,
    session_factory: sessionmaker[Session],
    clock: Clock,
    service_key: X25519PrivateKey,
    face_threshold: float = DEFAULT_FACE_THRESHOLD,
) -> ImportReport:
    """Raises ``BundleRefusedError`` (nothing imported) or returns the per-record results."""
    with session_factory() as session:
        sealed, records = open_bundle(data, session=session, service_key=service_key)
    header = sealed.header
    report = ImportReport(bundle_id=header.bundle_id, terminal_id=header.terminal_id)
    # All or nothing: one transaction for the bundle (each record in its own savepoint,
    # so a record the rules or the database refuse is answered and its neighbours stay).
    with session_factory.begin() as session:
        for record_id, raw in zip(header.record_ids, records, strict=True):
            report.results.append(
                ingest_record(
                    session=session,
                    clock=clock,
                    terminal_id=header.terminal_id,
                    record_id=record_id,
                    raw=raw,
                    face_threshold=face_threshold,
                )
            )
        detail = {
            "bundle_id": str(header.bundle_id),
            "accepted": report.accepted,
            "duplicate": report.duplicate,
            "rejected": report.rejected,
        }
        session.add(
            AuditEvent.of(
                IMPORTED_EVENT,
                at=clock.now(),
                terminal_id=header.terminal_id,
                record_id=None,
                detail=detail,
            )
        )
    logger.info(
        "bundle %s from terminal %s imported: accepted %d, duplicate %d, rejected %d",
        header.bundle_id,
        header.terminal_id,
        report.accepted,
        report.duplicate,
        report.rejected,
    )
    return report


def import_bundle_file(
    path: Path,
    *,
    session_factory: sessionmaker[Session],
    clock: Clock,
    service_key: X25519PrivateKey,
    face_threshold: float = DEFAULT_FACE_THRESHOLD,
) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError:
        raise BundleRefusedError(Refusal.FILE_UNREADABLE) from None
    return import_bundle(
        data,
        session_factory=session_factory,
        clock=clock,
        service_key=service_key,
        face_threshold=face_threshold,
    )
