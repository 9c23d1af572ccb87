"""Staff login for hall collection (R-HA-1): online through the account service, and
offline against a hash cached on this kiosk after one online login, with R-LK-1 applied
locally (5 consecutive failures in a Shanghai calendar day lock until 00:00)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum, auto
from typing import Any, Protocol

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.domain.lockout import (
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)
from kiosk.domain.moments import unlock_details
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import StaffLoggedIn
from kiosk.services.staff_api import StaffApi
from kiosk.services.staff_keys import (
    KeyUnwrapError,
    RecordSigner,
    WrappedKey,
    new_key,
    unwrap_key,
    wrap_key,
)
from kiosk.services.store.records import CachedStaff

_log = logging.getLogger(__name__)


class StaffCacheStore(Protocol):
    def get_staff(self, staff_no: str) -> CachedStaff | None: ...

    def put_staff(self, staff: CachedStaff) -> None: ...


class StaffAuthFailure(Enum):
    """Why a staff login failed, beyond the catalog code (for the staff screen)."""

    REFUSED_ONLINE = auto()  # the service said no (wrong password, locked, unknown)
    WRONG_PASSWORD_OFFLINE = auto()
    LOCKED_OFFLINE = auto()
    OFFLINE_NOT_CACHED = auto()  # service unreachable and no earlier online login here


class StaffAuthError(UserError):
    def __init__(
        self, code: ErrorCode, details: dict[str, Any] | None, failure: StaffAuthFailure
    ) -> None:
        super().__init__(code, details)
        self.failure = failure


@dataclass(frozen=True, slots=True)
class StaffSession:
    staff_no: str
    name_masked: str
    online: bool
    # An online login's staff token: hall-staff routes such as lifting a lock (R-LK-1).
    token: str | None = field(default=None, repr=False)
    # Signs what this staff member collects (R-HA-1); None: no key on this terminal.
    signer: RecordSigner | None = None


def make_local_hasher() -> PasswordHasher:
    """argon2id with the library's defaults; tests pass cheaper parameters."""
    return PasswordHasher(type=Type.ID)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def normalize_staff_no(staff_no: str) -> str:
    return staff_no.strip().upper()


class StaffAuth:
    def __init__(
        self,
        api: StaffApi,
        cache_store: StaffCacheStore,
        *,
        clock: Callable[[], datetime] = _utc_now,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._api = api
        self._cache = cache_store
        self._clock = clock
        self._hasher = hasher or make_local_hasher()

    def login(self, staff_no: str, password: str) -> StaffSession:
        """Blocking (network, argon2): call it on a worker thread. Raises UserError
        (a ``StaffAuthError`` when the kiosk itself decided)."""
        number = normalize_staff_no(staff_no)
        if not number:
            raise UserError(
                ErrorCode.FIELD_REQUIRED, {"field_zh": "工号", "field_en": "staff number"}
            )
        if not password:
            raise UserError(ErrorCode.FIELD_REQUIRED, {"field_zh": "密码", "field_en": "password"})
        key, public_key = new_key()
        try:
            answer = self._api.staff_login(number, password, record_key=public_key)
        except UserError as error:
            if error.code is ErrorCode.SERVICE_UNREACHABLE:
                return self._offline(number, password)
            if error.code is ErrorCode.STAFF_LOCKED:
                self._mirror_online_lock(number, error)
            raise
        cached = self._cache.get_staff(answer.staff_no)
        self._cache.put_staff(
            CachedStaff(
                staff_no=answer.staff_no,
                name_masked=answer.name_masked,
                # Hashed here, never the service's hash: the kiosk holds nothing the
                # service could be attacked with.
                password_hash=self._hasher.hash(password),
                failure_day=cached.failure_day if cached else None,
                failure_count=0,
                locked_until=None,
                **_wrapped(answer, key, password),
            )
        )
        _log.info("staff %s logged in online", answer.staff_no)
        signer = (
            RecordSigner(answer.record_key_id, answer.record_key_expires_at, key)
            if answer.record_key_id is not None and answer.record_key_expires_at is not None
            else None
        )
        return StaffSession(
            answer.staff_no,
            answer.name_masked,
            online=True,
            token=answer.staff_token,
            signer=signer,
        )

    def _mirror_online_lock(self, staff_no: str, error: UserError) -> None:
        """The service locked the account: keep it locked offline too until it lifts."""
        cached = self._cache.get_staff(staff_no)
        unlock_at = error.details.get("unlock_at")
        if cached is None or not isinstance(unlock_at, str):
            return
        try:
            until = datetime.fromisoformat(unlock_at)
        except ValueError:
            return
        self._cache.put_staff(replace(cached, locked_until=until))

    def _offline(self, staff_no: str, password: str) -> StaffSession:
        cached = self._cache.get_staff(staff_no)
        if cached is None:
            raise StaffAuthError(
                ErrorCode.STAFF_OFFLINE_NOT_CACHED, {}, StaffAuthFailure.OFFLINE_NOT_CACHED
            )
        now = self._clock()
        if is_locked(cached.locked_until, now):
            raise self._locked(cached, now)
        if not self._verify(cached.password_hash, password):
            before = FailureCount(day=cached.failure_day, count=cached.failure_count)
            after = before.after_failure(now)
            locked_until = next_midnight(now) if after.locks(now) else None
            updated = replace(
                cached,
                failure_day=shanghai_day(now),
                failure_count=after.count,
                locked_until=locked_until,
            )
            self._cache.put_staff(updated)
            if locked_until is not None:
                _log.info("staff %s locked offline (R-LK-1)", staff_no)
                raise self._locked(updated, now)
            raise StaffAuthError(
                ErrorCode.WRONG_PASSWORD,
                {"remaining": after.remaining(now)},
                StaffAuthFailure.WRONG_PASSWORD_OFFLINE,
            )
        self._cache.put_staff(replace(cached, failure_count=0, locked_until=None))
        _log.info("staff %s logged in offline", staff_no)
        return StaffSession(
            cached.staff_no, cached.name_masked, online=False, signer=_unwrapped(cached, password)
        )

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def _locked(cached: CachedStaff, now: datetime) -> StaffAuthError:
        assert cached.locked_until is not None
        details, details_en = unlock_details(cached.locked_until, now)
        return StaffAuthError(
            ErrorCode.STAFF_LOCKED,
            {**details, **{f"{key}_en": value for key, value in details_en.items()}},
            StaffAuthFailure.LOCKED_OFFLINE,
        )


def _wrapped(answer: StaffLoggedIn, key: Ed25519PrivateKey, password: str) -> dict[str, Any]:
    """The cache fields of the record key the service recorded (none if it did not)."""
    if answer.record_key_id is None:
        return {}
    wrapped = wrap_key(key, password, answer.staff_no)
    return {
        "record_key_id": answer.record_key_id,
        "record_key_expires_at": answer.record_key_expires_at,
        "record_key_salt": wrapped.salt,
        "record_key_wrapped": wrapped.sealed,
    }


def _unwrapped(cached: CachedStaff, password: str) -> RecordSigner | None:
    """The cached record key for an offline login (its password opens it), if any."""
    if (
        cached.record_key_id is None
        or cached.record_key_expires_at is None
        or cached.record_key_salt is None
        or cached.record_key_wrapped is None
    ):
        return None
    wrapped = WrappedKey(salt=cached.record_key_salt, sealed=cached.record_key_wrapped)
    try:
        key = unwrap_key(wrapped, password, cached.staff_no)
    except KeyUnwrapError:
        return None
    return RecordSigner(cached.record_key_id, cached.record_key_expires_at, key)
