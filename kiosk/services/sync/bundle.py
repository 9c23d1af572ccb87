"""Offline bundles: the waiting collection records, encrypted to the service and signed
by this terminal, written to a removable drive for halls whose network is down for days
(docs/protocol.md "Offline bundles"). The service imports them with
``account-service import-bundle``.

One file ``taxkiosk-<terminal_id>-<UTC time>.tkb`` per export, in the layout of
``kiosk.protocol.bundle_format`` (magic | header | AES-256-GCM ciphertext | Ed25519
signature of the terminal identity key over every byte before it).

The plaintext is the JSON list of ``record_payload`` dicts (the exact wire records of
``POST /v1/collection-records``), so an import and an online sync deliver the same thing
and the service's per-record idempotency makes them add up to exactly once. Exported
records stay waiting here: a later online sync answers ``duplicate``, which is success.

Blocking, no Qt: call ``export_bundle`` from a worker thread. The layout itself (magic,
lengths, key derivation, fingerprint) is ``kiosk.protocol.bundle_format``, shared with the
reader in ``account_service.bundles.format`` (the service may not import kiosk.services).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.protocol.bundle_format import (
    AEAD,
    FORMAT_VERSION,
    INFO_PREFIX,
    KEM,
    MAGIC,
    NONCE_LENGTH,
    SIGNATURE_LENGTH,
    derive_key,
    fingerprint,
    pack,
    raw_public_key,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.store import AuditEvent, CollectionStore
from kiosk.services.sync.payload import record_payload
from kiosk.services.terminal_identity import TerminalIdentity, valid_bundle_key

# The layout names are re-exported: callers and tests name the format through this module.
__all__ = [
    "AEAD",
    "FILE_PREFIX",
    "FILE_SUFFIX",
    "FORMAT_VERSION",
    "INFO_PREFIX",
    "KEM",
    "MAGIC",
    "NONCE_LENGTH",
    "SIGNATURE_LENGTH",
    "ExportError",
    "ExportResult",
    "bundle_file_name",
    "derive_key",
    "export_bundle",
    "fingerprint",
    "seal",
    "waiting_payloads",
    "write_atomically",
]

FILE_PREFIX = "taxkiosk"
FILE_SUFFIX = ".tkb"


class ExportError(UserError):
    """Nothing was exported: a catalog error (``EXPORT_*``), shown to staff like any other;
    ``path`` is the destination when it is the cause."""

    def __init__(self, code: ErrorCode, path: Path | None = None) -> None:
        super().__init__(code, {"path": str(path)} if path is not None else None)
        self.path = path


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    count: int
    record_ids: tuple[uuid.UUID, ...]
    bundle_id: uuid.UUID
    size_bytes: int


def bundle_file_name(terminal_id: str, now: datetime) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")  # no ":" (FAT drives)
    return f"{FILE_PREFIX}-{terminal_id}-{stamp}{FILE_SUFFIX}"


def seal(
    payloads: list[dict[str, Any]],
    *,
    identity: TerminalIdentity,
    service_bundle_key_b64: str,
    now: datetime,
    bundle_id: uuid.UUID | None = None,
) -> bytes:
    """The bundle file's bytes for these wire records (pure: no I/O)."""
    recipient = base64.b64decode(service_bundle_key_b64, validate=True)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public_key(ephemeral)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    header = {
        "format_version": FORMAT_VERSION,
        "kem": KEM,
        "aead": AEAD,
        "bundle_id": str(bundle_id or uuid.uuid4()),
        "terminal_id": identity.terminal_id,
        "created_at": now.astimezone(UTC).isoformat(),
        "record_count": len(payloads),
        "record_ids": [str(p["id"]) for p in payloads],
        "ephemeral_public_key": base64.b64encode(ephemeral_public).decode("ascii"),
        "recipient_key": fingerprint(recipient),
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    key = derive_key(shared, ephemeral_public, recipient)
    plain = json.dumps(payloads, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(nonce, plain, header_bytes)
    signed = pack(header_bytes, ciphertext)
    return signed + identity.private_key.sign(signed)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open directories: skipped there."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _free_path(dest_dir: Path, name: str) -> Path:
    """``name``, or ``name`` with ``-2``, ``-3``... when two exports share a second."""
    path = dest_dir / name
    stem, suffix = path.stem, path.suffix
    n = 1
    while path.exists():
        n += 1
        path = dest_dir / f"{stem}-{n}{suffix}"
    return path


def write_atomically(dest_dir: Path, name: str, data: bytes) -> Path:
    """Temp file + fsync + rename: the drive never holds a half bundle under the real
    name (pulled out mid-write, the importer sees no file, not a broken one). The file is
    read back afterwards: cheap drives that accept writes and lose them are caught here."""
    if not dest_dir.is_dir():
        raise ExportError(ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE, dest_dir)
    path = _free_path(dest_dir, name)
    tmp = dest_dir / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(dest_dir)
        written = path.read_bytes()
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE, dest_dir) from exc
    if hashlib.sha256(written).digest() != hashlib.sha256(data).digest():
        with contextlib.suppress(OSError):
            path.unlink()
        raise ExportError(ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE, dest_dir)
    return path


def waiting_payloads(store: CollectionStore, limit: int | None = None) -> list[dict[str, Any]]:
    """Wire dicts of the waiting records (captured, sending, failed_retryable; backoff
    ignored: a drive is not a retry), oldest first."""
    count = store.count_waiting() if limit is None else limit
    if count <= 0:
        return []
    payloads = []
    for waiting in store.list_waiting(limit=count):
        record = store.get(waiting.id)
        if record is not None:  # acknowledged and purged meanwhile by an online sync
            payloads.append(record_payload(record))
    return payloads


def export_bundle(
    store: CollectionStore,
    identity: TerminalIdentity,
    service_bundle_key_b64: str | None,
    dest_dir: Path,
    now: datetime,
    *,
    staff_no: str | None = None,
    limit: int | None = None,
) -> ExportResult:
    """Write every waiting record (or the oldest ``limit``) into one bundle in
    ``dest_dir``. Raises ``ExportError`` (EXPORT_NO_SERVICE_KEY,
    EXPORT_DESTINATION_NOT_WRITABLE, EXPORT_NOTHING_WAITING). Records stay waiting; the export is audited per record.

    The whole bundle is built in memory (one AES-GCM message): fine for the hundreds of
    records a hall collects in days, not meant for hundreds of thousands.
    """
    key = valid_bundle_key(service_bundle_key_b64)
    if key is None:
        raise ExportError(ErrorCode.EXPORT_NO_SERVICE_KEY)
    if not dest_dir.is_dir():
        raise ExportError(ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE, dest_dir)
    payloads = waiting_payloads(store, limit)
    if not payloads:
        raise ExportError(ErrorCode.EXPORT_NOTHING_WAITING)
    bundle_id = uuid.uuid4()
    data = seal(
        payloads,
        identity=identity,
        service_bundle_key_b64=key,
        now=now,
        bundle_id=bundle_id,
    )
    path = write_atomically(dest_dir, bundle_file_name(identity.terminal_id, now), data)
    record_ids = tuple(uuid.UUID(str(p["id"])) for p in payloads)
    for rid in record_ids:
        store.audit(AuditEvent.RECORDS_EXPORTED, staff_no=staff_no, record_id=rid)
    return ExportResult(
        path=path,
        count=len(record_ids),
        record_ids=record_ids,
        bundle_id=bundle_id,
        size_bytes=len(data),
    )
