"""Offline bundles, terminal side (issue 4): the file format, tamper detection, atomic
writes, typed errors, and the stored service bundle key. The reader used here is the
service's own (account_service.bundles.format): what the terminal writes, it must read."""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from account_service.bundle_keys import public_bytes, public_key_b64
from account_service.bundles.format import (
    BundleRefusedError,
    Refusal,
    SealedBundle,
    decrypt,
    parse,
    verify_signature,
)
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.store import CollectionStore, RecordState, StoreKey
from kiosk.services.sync import bundle
from kiosk.services.sync.bundle import (
    ExportError,
    export_bundle,
    seal,
)
from kiosk.services.sync.payload import record_payload
from kiosk.services.sync.states import sources_of
from kiosk.services.terminal_identity import (
    IdentityError,
    IdentityStore,
    TerminalIdentity,
    enroll,
)
from tests.support.records import SAMPLE_ID_NUMBER, SAMPLE_NAME, SAMPLE_STAFF_NO, sample_record

NOW = datetime(2026, 11, 22, 2, 30, 5, tzinfo=UTC)
FILE_NAME = re.compile(r"^taxkiosk-[0-9a-f-]{36}-20261122T023005Z(-\d+)?\.tkb$")


@dataclass
class Kit:
    store: CollectionStore
    identity: TerminalIdentity
    service_key: X25519PrivateKey
    dest: Path

    @property
    def service_key_b64(self) -> str:
        return public_key_b64(self.service_key)

    def export(self, **kwargs: object) -> bundle.ExportResult:
        return export_bundle(
            self.store,
            self.identity,
            self.service_key_b64,
            self.dest,
            NOW,
            **kwargs,  # type: ignore[arg-type]
        )

    def read(self, path: Path) -> tuple[SealedBundle, list[dict[str, Any]]]:
        return self.read_data(path.read_bytes())

    def read_data(self, data: bytes) -> tuple[SealedBundle, list[dict[str, Any]]]:
        sealed = parse(data)
        verify_signature(sealed, self.identity.private_key.public_key().public_bytes_raw())
        return sealed, decrypt(sealed, self.service_key)


@pytest.fixture
def kit(tmp_path: Path) -> Iterator[Kit]:
    dest = tmp_path / "usb"
    dest.mkdir()
    identity = TerminalIdentity(str(uuid.uuid4()), Ed25519PrivateKey.generate())
    with CollectionStore(tmp_path / "store.sqlite3", StoreKey.generate()) as store:
        yield Kit(store, identity, X25519PrivateKey.generate(), dest)


def _refusal(data: bytes, kit: Kit) -> Refusal:
    with pytest.raises(BundleRefusedError) as caught:
        kit.read_data(data)
    return caught.value.refusal


# -- format ------------------------------------------------------------------------------


def test_export_writes_the_waiting_records_as_their_wire_payloads(kit: Kit) -> None:
    ids = [
        kit.store.save(sample_record(created_at=NOW - timedelta(minutes=3 - i))) for i in range(3)
    ]
    result = kit.export()
    assert result.count == 3
    assert result.record_ids == tuple(ids)  # oldest first
    assert FILE_NAME.match(result.path.name)
    assert result.path.parent == kit.dest
    assert result.size_bytes == result.path.stat().st_size
    sealed, payloads = kit.read(result.path)
    expected = []
    for rid in ids:
        record = kit.store.get(rid)
        assert record is not None
        expected.append(record_payload(record))
    assert payloads == expected
    header = sealed.header
    assert header.terminal_id == uuid.UUID(kit.identity.terminal_id)
    assert header.bundle_id == result.bundle_id
    assert header.record_ids == tuple(ids)
    assert header.created_at == NOW


def test_the_header_is_plain_and_the_personal_data_is_not(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW, exception_reason="手部残疾，无法完成眨眼"))
    result = kit.export()
    data = result.path.read_bytes()
    assert data.startswith(bundle.MAGIC)
    (header_len,) = struct.unpack_from(">I", data, len(bundle.MAGIC))
    header = json.loads(data[len(bundle.MAGIC) + 4 : len(bundle.MAGIC) + 4 + header_len])
    assert header["format_version"] == 1
    assert header["record_count"] == 1
    assert header["terminal_id"] == kit.identity.terminal_id
    assert base64.b64decode(header["ephemeral_public_key"]) != public_bytes(kit.service_key)
    for secret in (SAMPLE_NAME, SAMPLE_ID_NUMBER, "手部残疾", SAMPLE_STAFF_NO):
        for encoded in (secret.encode(), json.dumps(secret).encode()):
            assert encoded not in data
    assert bytes(range(64, 128)) not in data  # the photo bytes


def test_two_bundles_of_the_same_records_use_fresh_keys(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    first, second = kit.export(), kit.export()
    assert first.path != second.path
    assert second.path.name.endswith("-2.tkb")
    a, b = parse(first.path.read_bytes()), parse(second.path.read_bytes())
    assert a.header.ephemeral_public_key != b.header.ephemeral_public_key
    assert a.header.nonce != b.header.nonce
    assert a.ciphertext != b.ciphertext
    assert kit.read(first.path)[1] == kit.read(second.path)[1]


def test_exported_records_stay_waiting_and_every_waiting_state_is_exported(kit: Kit) -> None:
    captured = kit.store.save(sample_record(created_at=NOW - timedelta(minutes=3)))
    sending = kit.store.save(sample_record(created_at=NOW - timedelta(minutes=2)))
    failed = kit.store.save(sample_record(created_at=NOW - timedelta(minutes=1)))
    acked = kit.store.save(sample_record(created_at=NOW))
    kit.store.apply_transition(
        [sending], RecordState.SENDING, allowed_from=sources_of(RecordState.SENDING)
    )
    kit.store.apply_transition(
        [failed, acked], RecordState.SENDING, allowed_from=sources_of(RecordState.SENDING)
    )
    kit.store.apply_transition(
        [failed],
        RecordState.FAILED_RETRYABLE,
        allowed_from=sources_of(RecordState.FAILED_RETRYABLE),
        # a backoff far ahead: a drive is not a retry, the record goes anyway
        values={"next_attempt_at": NOW + timedelta(days=1)},
    )
    kit.store.apply_transition(
        [acked], RecordState.ACKNOWLEDGED, allowed_from=sources_of(RecordState.ACKNOWLEDGED)
    )
    before = kit.store.state_counts()
    result = kit.export()
    assert set(result.record_ids) == {captured, sending, failed}
    assert kit.store.state_counts() == before
    assert kit.store.count_waiting() == 3


def test_limit_exports_the_oldest(kit: Kit) -> None:
    ids = [
        kit.store.save(sample_record(created_at=NOW - timedelta(minutes=5 - i))) for i in range(5)
    ]
    assert kit.export(limit=2).record_ids == tuple(ids[:2])


def test_the_export_is_audited_per_record_without_personal_data(kit: Kit) -> None:
    rid = kit.store.save(sample_record(created_at=NOW))
    kit.export(staff_no="S0002")
    exported = [e for e in kit.store.audit_events() if e[1].value == "records_exported"]
    assert [(e[2], e[3]) for e in exported] == [(rid, "S0002")]


# -- tamper detection ----------------------------------------------------------------------


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_any_changed_byte_is_refused(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    data = kit.export().path.read_bytes()
    # every 37th byte, anywhere: always refused (the kind depends on where it is)
    for index in range(0, len(data), 37):
        with pytest.raises(BundleRefusedError):
            kit.read_data(_flip(data, index))
    # a still well-formed header (a digit of the time), the ciphertext, the GCM tag, and
    # the signature itself: the signature says so
    created = data.index(b'"created_at":"2026-11-22T02:30:05') + len(
        '"created_at":"2026-11-22T02:30:0'
    )
    (header_len,) = struct.unpack_from(">I", data, len(bundle.MAGIC))
    ciphertext_at = len(bundle.MAGIC) + 4 + header_len + 8
    for index in (created, ciphertext_at + 5, len(data) - 70, len(data) - 1):
        assert _refusal(_flip(data, index), kit) is Refusal.BAD_SIGNATURE
    assert _refusal(_flip(data, 0), kit) is Refusal.NOT_A_BUNDLE


def test_truncated_and_extended_files_are_refused(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    data = kit.export().path.read_bytes()
    for cut in (3, 10, 40, len(data) // 2, len(data) - 1):
        assert _refusal(data[:cut], kit) is Refusal.TRUNCATED
    assert _refusal(data + b"\x00", kit) is Refusal.MALFORMED


def test_a_changed_header_re_signed_with_the_terminal_key_does_not_decrypt(kit: Kit) -> None:
    """The header is the AEAD's associated data: even the terminal's own key cannot move
    a ciphertext under another header."""
    kit.store.save(sample_record(created_at=NOW))
    data = kit.export().path.read_bytes()
    sealed = parse(data)
    header = json.loads(sealed.header_bytes)
    header["created_at"] = (NOW + timedelta(days=1)).isoformat()
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    signed = b"".join(
        [
            bundle.MAGIC,
            struct.pack(">I", len(header_bytes)),
            header_bytes,
            struct.pack(">Q", len(sealed.ciphertext)),
            sealed.ciphertext,
        ]
    )
    forged = signed + kit.identity.private_key.sign(signed)
    assert _refusal(forged, kit) is Refusal.UNREADABLE


def test_another_terminal_or_another_service_key_is_refused(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    data = kit.export().path.read_bytes()
    sealed = parse(data)
    other_terminal = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    with pytest.raises(BundleRefusedError) as caught:
        verify_signature(sealed, other_terminal)
    assert caught.value.refusal is Refusal.BAD_SIGNATURE
    with pytest.raises(BundleRefusedError) as caught:
        decrypt(sealed, X25519PrivateKey.generate())
    assert caught.value.refusal is Refusal.WRONG_SERVICE_KEY


def _seal_with_ids(kit: Kit, header_ids: list[str], payloads: list[dict[str, object]]) -> bytes:
    """A correctly signed and encrypted bundle whose header lists other ids than its
    content (a bug, or a forgery by someone holding the terminal key)."""
    ephemeral = X25519PrivateKey.generate()
    recipient = public_bytes(kit.service_key)
    eph_pub = public_bytes(ephemeral)
    nonce = os.urandom(12)
    header = json.dumps(
        {
            "format_version": 1,
            "kem": bundle.KEM,
            "aead": bundle.AEAD,
            "bundle_id": str(uuid.uuid4()),
            "terminal_id": kit.identity.terminal_id,
            "created_at": NOW.isoformat(),
            "record_count": len(header_ids),
            "record_ids": header_ids,
            "ephemeral_public_key": base64.b64encode(eph_pub).decode(),
            "recipient_key": bundle.fingerprint(recipient),
            "nonce": base64.b64encode(nonce).decode(),
        }
    ).encode()
    key = bundle.derive_key(ephemeral.exchange(kit.service_key.public_key()), eph_pub, recipient)
    ciphertext = AESGCM(key).encrypt(nonce, json.dumps(payloads).encode(), header)
    signed = b"".join(
        [
            bundle.MAGIC,
            struct.pack(">I", len(header)),
            header,
            struct.pack(">Q", len(ciphertext)),
            ciphertext,
        ]
    )
    return signed + kit.identity.private_key.sign(signed)


def test_content_that_differs_from_the_header_list_is_refused(kit: Kit) -> None:
    rid = kit.store.save(sample_record(created_at=NOW))
    stored = kit.store.get(rid)
    assert stored is not None
    payload = record_payload(stored)
    matching = _seal_with_ids(kit, [str(rid)], [payload])
    assert kit.read_data(matching)[1] == [payload]  # the helper itself is right
    other = str(uuid.uuid4())
    assert _refusal(_seal_with_ids(kit, [other], [payload]), kit) is Refusal.CONTENT_MISMATCH
    two = [payload, {**payload, "id": other}]
    assert _refusal(_seal_with_ids(kit, [str(rid)], two), kit) is Refusal.CONTENT_MISMATCH
    assert _refusal(_seal_with_ids(kit, [str(rid), str(rid)], two), kit) is Refusal.MALFORMED


def test_seal_is_the_exporters_format(kit: Kit) -> None:
    rid = kit.store.save(sample_record(created_at=NOW))
    stored = kit.store.get(rid)
    assert stored is not None
    data = seal(
        [record_payload(stored)],
        identity=kit.identity,
        service_bundle_key_b64=kit.service_key_b64,
        now=NOW,
    )
    assert kit.read_data(data)[1] == [record_payload(stored)]


# -- atomic write ------------------------------------------------------------------------


def test_no_temporary_file_is_left_behind(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    result = kit.export()
    assert [p.name for p in kit.dest.iterdir()] == [result.path.name]


def test_a_failed_write_leaves_neither_a_bundle_nor_a_temp_file(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit.store.save(sample_record(created_at=NOW))

    def drive_pulled_out(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", drive_pulled_out)
    with pytest.raises(ExportError) as caught:
        kit.export()
    assert caught.value.code is ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE
    assert list(kit.dest.iterdir()) == []
    assert kit.store.count_waiting() == 1


def test_a_drive_that_loses_the_write_is_caught_by_the_read_back(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit.store.save(sample_record(created_at=NOW))
    real_read_bytes = Path.read_bytes

    def lossy(path: Path) -> bytes:
        data = real_read_bytes(path)
        # The last byte flipped (not overwritten: it may already be the byte written).
        return data[:-1] + bytes([data[-1] ^ 0xFF]) if path.suffix == ".tkb" else data

    monkeypatch.setattr(Path, "read_bytes", lossy)
    with pytest.raises(ExportError) as caught:
        kit.export()
    assert caught.value.code is ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE
    assert list(kit.dest.iterdir()) == []


# -- typed errors --------------------------------------------------------------------------


def test_no_service_key_yet(kit: Kit) -> None:
    kit.store.save(sample_record(created_at=NOW))
    for key in (None, "", "bm90IGEga2V5"):
        with pytest.raises(ExportError) as caught:
            export_bundle(kit.store, kit.identity, key, kit.dest, NOW)
        assert caught.value.code is ErrorCode.EXPORT_NO_SERVICE_KEY
    assert "密钥" in caught.value.text(Lang.ZH)
    assert "bundle key" in caught.value.text(Lang.EN)
    assert list(kit.dest.iterdir()) == []


def test_destination_missing_or_not_a_folder(kit: Kit, tmp_path: Path) -> None:
    kit.store.save(sample_record(created_at=NOW))
    a_file = tmp_path / "file"
    a_file.write_bytes(b"")
    for dest in (tmp_path / "not-plugged-in", a_file):
        with pytest.raises(ExportError) as caught:
            export_bundle(kit.store, kit.identity, kit.service_key_b64, dest, NOW)
        assert caught.value.code is ErrorCode.EXPORT_DESTINATION_NOT_WRITABLE
        assert str(dest) in caught.value.text(Lang.ZH)
        assert str(dest) in caught.value.text(Lang.EN)


def test_nothing_to_export(kit: Kit) -> None:
    with pytest.raises(ExportError) as caught:
        kit.export()
    assert caught.value.code is ErrorCode.EXPORT_NOTHING_WAITING
    assert caught.value.text(Lang.ZH) != caught.value.text(Lang.EN)
    assert list(kit.dest.iterdir()) == []


# -- the stored service bundle key -------------------------------------------------------


def test_identity_store_keeps_the_service_bundle_key(tmp_path: Path) -> None:
    key = public_key_b64(X25519PrivateKey.generate())
    identities = IdentityStore(tmp_path)
    identity = TerminalIdentity("t-1", Ed25519PrivateKey.generate(), service_bundle_key=key)
    identities.save(identity)
    assert identities.load().service_bundle_key == key
    assert oct(identities.bundle_key_path.stat().st_mode & 0o777) == "0o600"
    # re-enrolled without a key (another service): the old key must not linger
    identities.save(TerminalIdentity("t-2", Ed25519PrivateKey.generate()))
    assert identities.load().service_bundle_key is None
    assert not identities.bundle_key_path.exists()
    identities.save_service_bundle_key(key)
    assert identities.load().service_bundle_key == key
    with pytest.raises(IdentityError):
        identities.save_service_bundle_key("c2hvcnQ=")


def test_enroll_keeps_the_bundle_key_of_the_answer() -> None:
    key = public_key_b64(X25519PrivateKey.generate())
    answers = iter(
        [
            {"terminal_id": "t-new", "bundle_public_key": key},
            {"terminal_id": "t-old"},  # a service from before offline bundles
        ]
    )

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json=next(answers))

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        assert enroll("http://svc", "CODE", http=http).service_bundle_key == key
        assert enroll("http://svc", "CODE", http=http).service_bundle_key is None
