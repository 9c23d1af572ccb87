"""Terminal identity: key file permissions, storage round trip, enrollment (protocol.md)."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.signing import HEADER_IDEMPOTENCY, public_key_b64
from kiosk.services.terminal_identity import (
    IdentityError,
    IdentityStore,
    TerminalIdentity,
    enroll,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_key_and_id_files_are_private(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path / "data")
    store.save(TerminalIdentity("t-1", Ed25519PrivateKey.generate()))
    assert _mode(store.key_path) == 0o600
    assert _mode(store.id_path) == 0o600
    assert _mode(store.data_dir) == 0o700
    assert store.key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    # No temp files left behind by the atomic write.
    assert sorted(p.name for p in store.data_dir.iterdir()) == ["terminal_id", "terminal_key.pem"]


def test_load_returns_the_saved_identity(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path)
    assert not store.exists()
    identity = TerminalIdentity("terminal-42", Ed25519PrivateKey.generate())
    store.save(identity)
    loaded = IdentityStore(tmp_path).load()
    assert store.exists()
    assert loaded.terminal_id == "terminal-42"
    assert loaded.public_key_b64 == identity.public_key_b64


def test_saving_again_replaces_the_identity_and_keeps_mode(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path)
    store.save(TerminalIdentity("old", Ed25519PrivateKey.generate()))
    store.save(TerminalIdentity("new", Ed25519PrivateKey.generate()))
    assert store.load().terminal_id == "new"
    assert _mode(store.key_path) == 0o600


def test_private_key_is_not_in_repr(tmp_path: Path) -> None:
    identity = TerminalIdentity("t", Ed25519PrivateKey.generate())
    assert "private_key" not in repr(identity)


def test_load_without_identity_raises(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="not enrolled"):
        IdentityStore(tmp_path).load()


def test_load_of_a_corrupt_key_raises(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path)
    store.key_path.write_bytes(b"garbage")
    store.id_path.write_text("t-1")
    with pytest.raises(IdentityError, match="unreadable"):
        store.load()


def test_enroll_posts_code_public_key_and_name() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"terminal_id": "0b6f7d1e-term"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        identity = enroll("http://svc/", " ABCDEFGH23 ", "hall-1 kiosk 3", http)

    assert identity.terminal_id == "0b6f7d1e-term"
    (request,) = seen
    assert request.method == "POST"
    assert request.url.path == "/v1/terminals/enroll"
    body = json.loads(request.content)
    assert body == {
        "code": "ABCDEFGH23",
        "public_key": public_key_b64(identity.private_key),
        "name": "hall-1 kiosk 3",
    }
    assert len(base64.b64decode(body["public_key"])) == 32  # raw Ed25519 key
    assert request.headers[HEADER_IDEMPOTENCY]


def test_enroll_with_a_used_code_raises_enroll_code_invalid() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        error = {"code": "ENROLL_CODE_INVALID", "rule": None, "details": {}}
        return httpx.Response(401, json={"error": error})

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as http,
        pytest.raises(UserError) as caught,
    ):
        enroll("http://svc", "USED000000", "k", http)
    assert caught.value.code is ErrorCode.ENROLL_CODE_INVALID


def test_enroll_when_service_is_down_raises_service_unreachable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as http,
        pytest.raises(UserError) as caught,
    ):
        enroll("http://svc", "CODE", "k", http)
    assert caught.value.code is ErrorCode.SERVICE_UNREACHABLE
