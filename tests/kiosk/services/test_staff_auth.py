"""Staff login (R-HA-1): online through the live service, then offline against the hash
cached on the kiosk, with R-LK-1 applied locally."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from account_service.clock import ManualClock
from account_service.demo import DEMO_STAFF
from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.record_proof import verify_record
from kiosk.protocol.signing import public_key_b64
from kiosk.protocol.staff import StaffLoggedIn
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.staff_api import StaffApi
from kiosk.services.staff_auth import StaffAuth, StaffAuthError, StaffAuthFailure
from kiosk.services.store import SqlStaffCache
from kiosk.services.sync.payload import record_payload
from kiosk.services.terminal_identity import TerminalIdentity
from tests.support.records import sample_record

STAFF = DEMO_STAFF[0]
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)


class Switchable:
    """The kiosk's API, which the test can cut off (as a pulled network cable)."""

    def __init__(self, online: StaffApi, offline: StaffApi) -> None:
        self.online, self.offline, self.up = online, offline, True

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        api = self.online if self.up else self.offline
        return api.staff_login(staff_no, password, record_key=record_key)


def _closed_port_client() -> HttpAccountClient:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    identity = TerminalIdentity(
        "00000000-0000-0000-0000-000000000000", Ed25519PrivateKey.generate()
    )
    return HttpAccountClient(
        f"http://127.0.0.1:{port}", identity, backoff=lambda _a: None, retries=0, timeout_s=2
    )


class Unreachable:
    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        raise UserError(ErrorCode.SERVICE_UNREACHABLE)


class AlwaysOk:
    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        return StaffLoggedIn(
            staff_no=staff_no, name_masked="王*", staff_token="token", expires_in_s=3600
        )


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_R_HA_1_online_login_caches_a_local_hash_then_works_offline(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, tmp_path: Path
) -> None:
    cache = SqlStaffCache(tmp_path / "store.sqlite3")
    with _closed_port_client() as dead:
        api = Switchable(kiosk_api, dead)
        auth = StaffAuth(api, cache, clock=manual_clock.now, hasher=CHEAP)

        # Never logged in here and offline: a clear refusal.
        api.up = False
        with pytest.raises(StaffAuthError) as never:
            auth.login(STAFF.staff_no, STAFF.password)
        assert never.value.failure is StaffAuthFailure.OFFLINE_NOT_CACHED
        assert never.value.code is ErrorCode.STAFF_OFFLINE_NOT_CACHED
        assert "联网登录一次" in never.value.text(Lang.ZH)

        api.up = True
        session = auth.login("s0001", STAFF.password)
        assert (session.staff_no, session.name_masked, session.online) == ("S0001", "王*", True)
        cached = cache.get_staff("S0001")
        assert cached is not None
        assert cached.password_hash.startswith("$argon2id$")
        assert STAFF.password not in cached.password_hash

        # The service is gone (connection refused): the cached hash answers.
        api.up = False
        offline = auth.login("S0001", STAFF.password)
        assert (offline.online, offline.name_masked) == (False, "王*")
        with pytest.raises(StaffAuthError) as wrong:
            auth.login("S0001", "Wrong@pass1")
        assert wrong.value.code is ErrorCode.WRONG_PASSWORD
        assert wrong.value.details == {"remaining": 4}
        assert wrong.value.failure is StaffAuthFailure.WRONG_PASSWORD_OFFLINE

        # The record key (R-HA-1): made at the online login, kept wrapped under the password,
        # opened again by the offline login; it signs what the staff member collects.
        assert session.signer is not None and offline.signer is not None
        assert offline.signer.key_id == session.signer.key_id
        raw = session.signer.key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        assert cached.record_key_wrapped is not None and raw not in cached.record_key_wrapped
        assert offline.token is None and session.token is not None  # staff routes: online only
        record = sample_record(created_at=manual_clock.now())
        signed = offline.signer.sign(record)
        assert verify_record(public_key_b64(session.signer.key), record_payload(signed))

        # Online refusals come from the service unchanged.
        api.up = True
        with pytest.raises(UserError) as refused:
            auth.login("S0001", "Wrong@pass1")
        assert refused.value.code is ErrorCode.WRONG_PASSWORD
    cache.close()


def test_R_LK_1_offline_lock_after_five_failures_until_shanghai_midnight(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 22, 22, 0, tzinfo=SHANGHAI)]
    cache = SqlStaffCache(tmp_path / "store.sqlite3")
    StaffAuth(AlwaysOk(), cache, hasher=CHEAP).login("S0001", STAFF.password)
    auth = StaffAuth(Unreachable(), cache, clock=lambda: now[0], hasher=CHEAP)

    remaining = []
    for _ in range(4):
        with pytest.raises(StaffAuthError) as wrong:
            auth.login("S0001", "Wrong@pass1")
        remaining.append(wrong.value.details["remaining"])
    assert remaining == [4, 3, 2, 1]
    with pytest.raises(StaffAuthError) as locked:
        auth.login("S0001", "Wrong@pass1")
    assert locked.value.code is ErrorCode.STAFF_LOCKED
    assert locked.value.failure is StaffAuthFailure.LOCKED_OFFLINE
    assert locked.value.details == {
        "unlock_at": "2026-11-23T00:00:00+08:00",
        "retry_after_s": 7200,
        "unlock_text": "明天 00:00（11月23日）",
        "unlock_text_en": "00:00 tomorrow (23 Nov)",
    }

    # Locked: the right password too, until 00:00 Shanghai.
    with pytest.raises(StaffAuthError):
        auth.login("S0001", STAFF.password)
    now[0] = datetime(2026, 11, 23, 0, 0, tzinfo=SHANGHAI)
    assert auth.login("S0001", STAFF.password).online is False
    cache.close()


def test_R_LK_1_offline_success_resets_and_a_new_day_starts_from_zero(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 22, 2, 0, tzinfo=UTC)]
    cache = SqlStaffCache(tmp_path / "store.sqlite3")
    StaffAuth(AlwaysOk(), cache, hasher=CHEAP).login("S0001", STAFF.password)
    auth = StaffAuth(Unreachable(), cache, clock=lambda: now[0], hasher=CHEAP)
    for _ in range(4):
        with pytest.raises(StaffAuthError):
            auth.login("S0001", "Wrong@pass1")
    auth.login("S0001", STAFF.password)
    with pytest.raises(StaffAuthError) as wrong:
        auth.login("S0001", "Wrong@pass1")
    assert wrong.value.details == {"remaining": 4}
    for _ in range(3):
        with pytest.raises(StaffAuthError):
            auth.login("S0001", "Wrong@pass1")
    now[0] = datetime(2026, 11, 23, 1, 0, tzinfo=SHANGHAI)  # next Shanghai day
    with pytest.raises(StaffAuthError) as next_day:
        auth.login("S0001", "Wrong@pass1")
    assert next_day.value.details == {"remaining": 4}
    cache.close()


def test_empty_fields_are_refused_before_any_call(tmp_path: Path) -> None:
    cache = SqlStaffCache(tmp_path / "store.sqlite3")
    auth = StaffAuth(Unreachable(), cache, hasher=CHEAP)
    with pytest.raises(UserError) as no_number:
        auth.login("  ", "x")
    assert no_number.value.code is ErrorCode.FIELD_REQUIRED
    with pytest.raises(UserError) as no_password:
        auth.login("S0001", "")
    assert no_password.value.code is ErrorCode.FIELD_REQUIRED
    cache.close()
