"""A minimal signed client for tests (protocol: terminal authentication).

It enrolls with a one-time code, signs every request, sets ``Idempotency-Key`` on POSTs,
and lets a test break the rules on purpose: unsigned, replayed headers, stale timestamp,
unknown terminal, bad signature.
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.protocol import signing
from kiosk.protocol.record_proof import sign_record
from tests.support.records import sample_jpeg


@dataclass(frozen=True)
class SentRequest:
    """Exactly what went over the wire, so a test can send it again (replay)."""

    method: str
    path: str
    body: bytes
    headers: dict[str, str]


def _system_now() -> datetime:
    return datetime.now(UTC)


@functools.cache
def _default_tls() -> ssl.SSLContext:
    """httpx's default TLS context (the CA bundle), built once for every client: httpx
    builds one per client otherwise (~17 ms), even for a loopback http:// URL."""
    return httpx.create_ssl_context()


class SignedClient:
    def __init__(
        self,
        base_url: str,
        *,
        now: Callable[[], datetime] = _system_now,
        private_key: Ed25519PrivateKey | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._now = now
        self.private_key = private_key or Ed25519PrivateKey.generate()
        self.terminal_id: str | None = None
        self.http = httpx.Client(base_url=base_url, timeout=timeout, verify=_default_tls())
        self.last: SentRequest | None = None
        self._record_keys: dict[str, tuple[str, Ed25519PrivateKey]] = {}

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SignedClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def public_key(self) -> str:
        return signing.public_key_b64(self.private_key)

    def enroll(self, code: str, name: str = "test terminal") -> str:
        response = self.http.post(
            "/v1/terminals/enroll",
            json={"code": code, "public_key": self.public_key, "name": name},
        )
        if response.status_code != 201:
            raise AssertionError(f"enroll failed: {response.status_code} {response.text}")
        self.terminal_id = str(response.json()["terminal_id"])
        return self.terminal_id

    def request(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        signed: bool = True,
        idempotency_key: str | None = None,
        with_idempotency_key: bool = True,
        bearer: str | None = None,
        clock_offset_s: int = 0,
        terminal_id: str | None = None,
        nonce: str | None = None,
        tamper_signature: bool = False,
        extra_headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """``content``: the exact body bytes to send (signed as they are) instead of JSON."""
        method = method.upper()
        body = b"" if json_body is None else json.dumps(json_body).encode("utf-8")
        if content is not None:
            body = content
        headers: dict[str, str] = {}
        if json_body is not None or content is not None:
            headers["Content-Type"] = "application/json"
        if method == "POST" and with_idempotency_key:
            headers[signing.HEADER_IDEMPOTENCY] = idempotency_key or str(uuid.uuid4())
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        if signed:
            terminal = terminal_id or self.terminal_id
            if terminal is None:
                raise AssertionError("enroll first (or pass terminal_id)")
            timestamp = int(self._now().timestamp()) + clock_offset_s
            nonce = nonce or secrets.token_urlsafe(18)
            message = signing.canonical_request(
                method=method,
                path_with_query=path,
                timestamp=timestamp,
                nonce=nonce,
                body=body,
                terminal_id=terminal,
            )
            signature = signing.sign(self.private_key, message)
            if tamper_signature:
                signature = signing.sign(Ed25519PrivateKey.generate(), message)
            headers |= {
                signing.HEADER_TERMINAL: terminal,
                signing.HEADER_TIMESTAMP: str(timestamp),
                signing.HEADER_NONCE: nonce,
                signing.HEADER_SIGNATURE: signature,
            }
        headers |= extra_headers or {}
        self.last = SentRequest(method, path, body, dict(headers))
        return self.http.request(method, path, content=body or None, headers=headers)

    def replay(self) -> httpx.Response:
        """Send the previous request again with the very same headers (same nonce)."""
        if self.last is None:
            raise AssertionError("nothing sent yet")
        last = self.last
        return self.http.request(
            last.method, last.path, content=last.body or None, headers=last.headers
        )

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, {} if json_body is None else json_body, **kwargs)

    # Protocol helpers: the happy path in one call each.

    def login(self, identifier: str, password: str, **kwargs: Any) -> httpx.Response:
        return self.post(
            "/v1/auth/login", {"identifier": identifier, "password": password}, **kwargs
        )

    def send_sms(self, attempt_id: str, **kwargs: Any) -> httpx.Response:
        return self.post(f"/v1/auth/login/{attempt_id}/sms", {}, **kwargs)

    def verify(self, attempt_id: str, code: str, **kwargs: Any) -> httpx.Response:
        return self.post(f"/v1/auth/login/{attempt_id}/verify", {"code": code}, **kwargs)

    def outbox_code(self, phone: str) -> str:
        """The newest code the development gateway holds for ``phone``."""
        response = self.get(f"/v1/dev/sms-outbox?phone={phone}&limit=1")
        if response.status_code != 200 or not response.json()["messages"]:
            raise AssertionError(f"no SMS for that phone: {response.status_code}")
        return str(response.json()["messages"][0]["code"])

    def full_login(self, identifier: str, password: str, phone: str) -> dict[str, Any]:
        """Password → SMS → verify; returns the verify answer (asserting each step)."""
        started = self.login(identifier, password)
        assert started.status_code == 200, started.text
        attempt_id = started.json()["attempt_id"]
        sent = self.send_sms(attempt_id)
        assert sent.status_code == 200, sent.text
        verified = self.verify(attempt_id, self.outbox_code(phone))
        assert verified.status_code == 200, verified.text
        result: dict[str, Any] = verified.json()
        return result

    def staff_key(self, staff_no: str = "S0001", password: str = "Staff@2024") -> str:
        """Log ``staff_no`` in on this terminal with a new record key (R-HA-1), once; the
        key's id. ``prove`` signs records with it."""
        if staff_no not in self._record_keys:
            key = Ed25519PrivateKey.generate()
            answer = self.post(
                "/v1/staff/login",
                {
                    "staff_no": staff_no,
                    "password": password,
                    "record_key": signing.public_key_b64(key),
                },
            )
            assert answer.status_code == 200, answer.text
            self._record_keys[staff_no] = (str(answer.json()["record_key_id"]), key)
        return self._record_keys[staff_no][0]

    def prove(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record signed by its staff member's key on this terminal (kiosk.domain.
        record_proof), as the kiosk's collection flow signs it."""
        staff_no = str(record.get("staff_no", "S0001"))
        key_id = self.staff_key(staff_no)
        with_key = {**record, "staff_key_id": key_id}
        with_key.pop("staff_signature", None)
        signature = sign_record(self._record_keys[staff_no][1], with_key)
        return {**with_key, "staff_signature": signature}

    def collect_in_hall(
        self,
        document_type: str,
        number: str,
        *,
        name: str = "",
        name_latin: str = "",
        nationality: str = "CHN",
        template: list[float] | None = None,
    ) -> None:
        """A hall collection record for the person through the ingest route (R-HA-1),
        signed by staff S0001 on this terminal, asserting it was accepted; ``template`` is
        the face reference it leaves."""
        jpeg = base64.b64encode(sample_jpeg()).decode("ascii")
        record = {
            "id": str(uuid.uuid4()),
            "created_at": self._now().isoformat(),
            "staff_no": "S0001",
            "document_type": document_type,
            "personal": {
                "name": name,
                "document_number": number,
                "birth_date": None,
                "sex": None,
                "nationality": nationality,
                "name_latin": name_latin,
            },
            "face_template": template or [0.01 * i for i in range(128)],
            "face_jpeg_b64": jpeg,
            "quality": [],
            "liveness_passed": True,
            "liveness_steps": ["blink"],
            "match_distance": 0.3,
            "attempts": 1,
            "exception_reason": None,
        }
        stored = self.post("/v1/collection-records", {"records": [self.prove(record)]})
        assert stored.status_code == 200, stored.text
        assert stored.json()["results"][0]["status"] == "accepted", stored.text
