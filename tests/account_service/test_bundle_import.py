"""Offline bundles end to end (issue 4) on SQLite and PostgreSQL: a real terminal store
exports with ``kiosk sync export``, the service imports with ``account-service
import-bundle``; every record is stored exactly once whatever the order of imports and
online syncs; a damaged, foreign or revoked bundle imports nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.bundle_keys import load_key, load_or_create_key, public_key_b64
from account_service.terminals.service import revoke
from kiosk.services.store import RecordState
from kiosk.services.sync.bundle import export_bundle
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity
from tests.support.bundle_hall import ID_NUMBER, Hall, Run

BAD_NUMBER = "110105194912310021"  # wrong check digit: the service rejects it


def _tkb(drive: Path) -> list[Path]:
    return sorted(drive.glob("*.tkb"))


# -- the service's bundle key ------------------------------------------------------------


def test_enrollment_and_the_signed_route_hand_out_the_same_bundle_key(hall: Hall) -> None:
    expected = public_key_b64(load_key(hall.service.settings.bundle_key_path))
    assert hall.identity.service_bundle_key == expected
    assert IdentityStore(hall.data_dir).load().service_bundle_key == expected
    with hall.client() as client:
        assert client.fetch_bundle_key() == expected
    unsigned = httpx.get(hall.service.base_url + "/v1/bundle-key")
    assert unsigned.status_code == 401
    assert unsigned.json()["error"]["code"] == "TERMINAL_UNAUTHORIZED"


def test_fetch_bundle_key_command_and_sync_run_restore_a_missing_key(hall: Hall) -> None:
    identities = IdentityStore(hall.data_dir)
    expected = identities.load_service_bundle_key()
    assert expected is not None
    identities.bundle_key_path.unlink()
    hall.capture(1)
    refused = hall.kiosk("sync", "export", str(hall.drive))
    assert refused.code == 1
    assert "密钥" in refused.err  # zh by default
    assert _tkb(hall.drive) == []

    fetched = hall.kiosk("sync", "fetch-bundle-key", "--service-url", hall.service.base_url)
    assert fetched.code == 0, fetched.err
    assert identities.load_service_bundle_key() == expected

    identities.bundle_key_path.unlink()
    ran = hall.kiosk("sync", "run", "--once", "--service-url", hall.service.base_url)
    assert ran.code == 0, ran.err
    assert identities.load_service_bundle_key() == expected


# -- exactly once ------------------------------------------------------------------------


def test_export_then_import_twice_stores_each_record_once(hall: Hall) -> None:
    ids = hall.capture(3)
    exported = hall.kiosk("sync", "export", str(hall.drive), "--staff-no", "S0001")
    assert exported.code == 0, exported.err
    assert "exported 3 records" in exported.out
    [bundle_file] = _tkb(hall.drive)
    # the records stay waiting on the terminal
    assert hall.store.count_waiting() == 3

    first = hall.import_bundles(bundle_file)
    assert first.code == 0, first.err
    assert "accepted 3, duplicate 0, rejected 0" in first.out
    second = hall.import_bundles(bundle_file)
    assert second.code == 0, second.err
    assert "accepted 0, duplicate 3, rejected 0" in second.out
    assert hall.stored() == 3
    assert all(hall.stored(rid) == 1 for rid in ids)

    # the network comes back: the terminal's own delivery is answered "duplicate" = done
    assert hall.sync_online() == 3
    assert hall.store.count_waiting() == 0
    assert {t.state for t in hall.store.traces()} == {RecordState.ACKNOWLEDGED}
    assert hall.stored() == 3


def test_records_synced_online_before_the_import_are_not_doubled(hall: Hall) -> None:
    ids = hall.capture(2)
    bundle_file = hall.export().path
    assert hall.sync_online() == 2
    later = hall.capture(1)  # captured after the export: only online
    assert hall.sync_online() == 1
    run = hall.import_bundles(bundle_file)
    assert run.code == 0, run.err
    assert "accepted 0, duplicate 2, rejected 0" in run.out
    assert hall.stored() == 3
    assert all(hall.stored(rid) == 1 for rid in ids + later)


def test_a_partly_synced_terminal_and_two_overlapping_bundles(hall: Hall) -> None:
    first_ids = hall.capture(2)
    first = hall.export().path
    more = hall.capture(2)
    second = hall.export().path  # all four: still waiting
    run = hall.import_bundles(first, second)
    assert run.code == 0, run.err
    assert "accepted 2, duplicate 0, rejected 0" in run.out
    assert "accepted 2, duplicate 2, rejected 0" in run.out
    assert hall.sync_online() == 4
    assert hall.stored() == 4
    assert all(hall.stored(rid) == 1 for rid in first_ids + more)


def test_rejected_records_are_listed_with_their_reason(hall: Hall) -> None:
    [good] = hall.capture(1)
    [bad] = hall.capture(1, BAD_NUMBER)
    run = hall.import_bundles(hall.export().path)
    assert run.code == 0, run.err
    assert "accepted 1, duplicate 0, rejected 1" in run.out
    [line] = [x for x in run.out.splitlines() if x.strip().startswith("rejected ")]
    assert str(bad) in line
    assert "校验" in line or "不正确" in line
    assert hall.stored(good) == 1
    assert hall.stored(bad) == 0
    assert ID_NUMBER not in run.out + run.err
    assert BAD_NUMBER not in run.out + run.err


# -- refused bundles: nothing imported ---------------------------------------------------


def _refused(run: Run, en: str, zh: str) -> None:
    assert run.code == 1
    assert "nothing imported" in run.err
    assert en in run.err
    assert zh in run.err


def test_a_tampered_or_truncated_bundle_imports_nothing(hall: Hall, tmp_path: Path) -> None:
    hall.capture(3)
    data = hall.export().path.read_bytes()
    tampered = tmp_path / "tampered.tkb"
    middle = len(data) // 2
    tampered.write_bytes(data[:middle] + bytes([data[middle] ^ 0x40]) + data[middle + 1 :])
    truncated = tmp_path / "truncated.tkb"
    truncated.write_bytes(data[:-100])
    _refused(hall.import_bundles(tampered), "signature is not valid", "签名无效")
    _refused(hall.import_bundles(truncated), "truncated", "不完整")
    _refused(hall.import_bundles(tmp_path / "missing.tkb"), "cannot be read", "无法读取")
    assert hall.stored() == 0
    assert hall.collection_events() == 0


def test_a_bundle_for_another_service_key_imports_nothing(hall: Hall, tmp_path: Path) -> None:
    hall.capture(1)
    bundle_file = hall.export().path
    other_key = tmp_path / "other" / "bundle_key.pem"
    load_or_create_key(other_key)
    run = hall.import_bundles(bundle_file, key_file=other_key)
    _refused(run, "not encrypted to this service", "不是用本服务的密钥")
    assert hall.stored() == 0


def test_a_missing_service_key_file_is_said_plainly(hall: Hall, tmp_path: Path) -> None:
    hall.capture(1)
    run = hall.import_bundles(hall.export().path, key_file=tmp_path / "nope.pem")
    assert run.code == 1
    assert "no usable bundle key" in run.err
    assert hall.stored() == 0


def test_a_revoked_terminal_bundle_is_refused(hall: Hall) -> None:
    hall.capture(2)
    bundle_file = hall.export().path
    with hall.service.session_factory.begin() as session:
        assert revoke(
            session=session, clock=hall.clock, terminal_id=uuid.UUID(hall.identity.terminal_id)
        )
    _refused(hall.import_bundles(bundle_file), "revoked terminal", "已停用")
    assert hall.stored() == 0
    assert hall.collection_events() == 0


def test_a_bundle_from_an_unknown_terminal_is_refused(hall: Hall) -> None:
    hall.capture(1)
    stranger = TerminalIdentity(
        str(uuid.uuid4()),
        Ed25519PrivateKey.generate(),
        service_bundle_key=hall.identity.service_bundle_key,
    )
    result = export_bundle(
        hall.store, stranger, stranger.service_bundle_key, hall.drive, datetime.now(UTC)
    )
    _refused(hall.import_bundles(result.path), "unknown terminal", "未登记")
    assert hall.stored() == 0


def test_a_bundle_signed_by_another_key_under_a_real_terminal_id_is_refused(hall: Hall) -> None:
    hall.capture(1)
    impostor = TerminalIdentity(
        hall.identity.terminal_id,
        Ed25519PrivateKey.generate(),
        service_bundle_key=hall.identity.service_bundle_key,
    )
    result = export_bundle(
        hall.store, impostor, impostor.service_bundle_key, hall.drive, datetime.now(UTC)
    )
    _refused(hall.import_bundles(result.path), "signature is not valid", "签名无效")
    assert hall.stored() == 0


def test_one_bad_file_does_not_stop_the_good_ones(hall: Hall, tmp_path: Path) -> None:
    ids = hall.capture(2)
    good = hall.export().path
    bad = tmp_path / "bad.tkb"
    bad.write_bytes(b"not a bundle at all")
    run = hall.import_bundles(bad, good)
    assert run.code == 1
    assert "bad.tkb" in run.err and "Not a terminal bundle file" in run.err
    assert "accepted 2, duplicate 0, rejected 0" in run.out
    assert all(hall.stored(rid) == 1 for rid in ids)
