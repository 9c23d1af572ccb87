"""The hall's calls (R-HA-1, R-LK-1): staff login, locks, collection records and the
bundle key; part of ``HttpAccountClient``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.protocol.collection import CollectionBatchOut, RecordAck
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import LockView, StaffLoggedIn
from kiosk.protocol.terminals import BundleKey
from kiosk.services.signed_http import SignedHttp
from kiosk.services.terminal_identity import valid_bundle_key


class HallCalls(SignedHttp):
    # -- StaffApi and StaffLocksApi (R-HA-1, R-LK-1) ---------------------------------------

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        body = {"staff_no": staff_no, "password": password}
        body |= {"record_key": record_key} if record_key is not None else {}
        return self.call("POST", "/v1/staff/login", StaffLoggedIn, body=body)

    def show_lock(self, staff_token: str, identifier: str) -> LockView:
        return self._lock("/v1/staff/locks/show", staff_token, {"identifier": identifier})

    def clear_lock(self, staff_token: str, identifier: str) -> LockView:
        return self._lock("/v1/staff/locks/clear", staff_token, {"identifier": identifier})

    def show_staff_lock(self, staff_token: str, staff_no: str) -> LockView:
        return self._lock("/v1/staff/staff-locks/show", staff_token, {"staff_no": staff_no})

    def clear_staff_lock(self, staff_token: str, staff_no: str) -> LockView:
        return self._lock("/v1/staff/staff-locks/clear", staff_token, {"staff_no": staff_no})

    def _lock(self, path: str, staff_token: str, body: Mapping[str, str]) -> LockView:
        return self.call("POST", path, LockView, body=body, bearer=staff_token)

    # -- collection records and the bundle key (R-HA-1) -----------------------------------

    def submit_collection_records(self, records: Sequence[Mapping[str, Any]]) -> list[RecordAck]:
        """One try (the sync worker owns retries and backoff). An error carries the answer's
        ``Date`` header in ``details["server_date"]`` so the worker can tell clock skew."""
        body = {"records": list(records)}
        path = "/v1/collection-records"
        return list(self.call("POST", path, CollectionBatchOut, body=body, one_try=True).results)

    def fetch_bundle_key(self) -> str:
        """The service's bundle public key (base64, raw 32-byte X25519): what offline
        bundles are encrypted to. The caller stores it (``IdentityStore``)."""
        key = valid_bundle_key(self.call("GET", "/v1/bundle-key", BundleKey).public_key)
        if key is None:
            raise UserError(ErrorCode.INTERNAL_ERROR, {})
        return key
