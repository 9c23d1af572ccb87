"""The terminal's own identity: an Ed25519 key pair and the id the service gave it.

Stored in ``data_dir`` as ``terminal_key.pem`` (PKCS#8 PEM, mode 0600) and ``terminal_id``.
Enrolled once with a one-time code (docs/protocol.md "Terminal authentication").

Next to them, ``service_bundle_key``: the service's X25519 public key (base64, raw 32 bytes)
that offline bundles are encrypted to (docs/protocol.md "Offline bundles"). It comes with
the enrollment answer, or later from ``GET /v1/bundle-key``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import ssl
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from pydantic import ValidationError

from kiosk.protocol.signing import HEADER_IDEMPOTENCY, public_key_b64
from kiosk.protocol.terminals import Enrolled
from kiosk.services.http_errors import error_from_response, unreachable
from kiosk.services.secure_files import write_private_file
from kiosk.services.service_endpoint import tls

_log = logging.getLogger(__name__)

KEY_FILE_NAME = "terminal_key.pem"
ID_FILE_NAME = "terminal_id"
BUNDLE_KEY_FILE_NAME = "service_bundle_key"
ENROLL_PATH = "/v1/terminals/enroll"
DEFAULT_TERMINAL_NAME = "kiosk"


class IdentityError(Exception):
    """The stored identity is missing or unreadable."""


def valid_bundle_key(value: object) -> str | None:
    """``value`` when it is base64 of a raw 32-byte X25519 public key, else None."""
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return value.strip() if len(raw) == 32 else None


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    terminal_id: str
    private_key: Ed25519PrivateKey = field(repr=False)
    # The service's bundle public key (base64), when known; not a secret.
    service_bundle_key: str | None = None

    @property
    def public_key_b64(self) -> str:
        return public_key_b64(self.private_key)


class IdentityStore:
    """Loads and saves the identity inside ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.key_path = data_dir / KEY_FILE_NAME
        self.id_path = data_dir / ID_FILE_NAME
        self.bundle_key_path = data_dir / BUNDLE_KEY_FILE_NAME

    def exists(self) -> bool:
        return self.key_path.is_file() and self.id_path.is_file()

    def load(self) -> TerminalIdentity:
        if not self.exists():
            msg = f"terminal is not enrolled (no identity in {self.data_dir})"
            raise IdentityError(msg)
        try:
            key = load_pem_private_key(self.key_path.read_bytes(), password=None)
            terminal_id = self.id_path.read_text(encoding="utf-8").strip()
        except (OSError, ValueError) as exc:
            msg = f"terminal identity in {self.data_dir} is unreadable"
            raise IdentityError(msg) from exc
        if not isinstance(key, Ed25519PrivateKey) or not terminal_id:
            msg = f"terminal identity in {self.data_dir} is not an Ed25519 identity"
            raise IdentityError(msg)
        return TerminalIdentity(
            terminal_id=terminal_id,
            private_key=key,
            service_bundle_key=self.load_service_bundle_key(),
        )

    def save(self, identity: TerminalIdentity) -> None:
        pem = identity.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        # Key first: an id without its key would look enrolled but could not sign.
        write_private_file(self.key_path, pem)
        write_private_file(self.id_path, identity.terminal_id.encode("utf-8") + b"\n")
        if identity.service_bundle_key is not None:
            self.save_service_bundle_key(identity.service_bundle_key)
        else:
            # A key left from an earlier enrollment may belong to another service.
            with contextlib.suppress(FileNotFoundError):
                self.bundle_key_path.unlink()

    def load_service_bundle_key(self) -> str | None:
        """The stored bundle key, or None when there is none (or it is not a valid key)."""
        try:
            text = self.bundle_key_path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return None
        return valid_bundle_key(text)

    def save_service_bundle_key(self, public_key_b64: str) -> None:
        key = valid_bundle_key(public_key_b64)
        if key is None:
            msg = "not a bundle key (base64 of a raw 32-byte X25519 public key expected)"
            raise IdentityError(msg)
        write_private_file(self.bundle_key_path, key.encode("ascii") + b"\n")


def enroll(
    base_url: str,
    code: str,
    name: str = DEFAULT_TERMINAL_NAME,
    http: httpx.Client | None = None,
    *,
    timeout_s: float = 10.0,
    verify: ssl.SSLContext | bool = True,
) -> TerminalIdentity:
    """Create a key pair and register its public key with a one-time code.

    Raises ``UserError`` (``ENROLL_CODE_INVALID``, ``SERVICE_UNREACHABLE``, ...). The
    caller saves the result with ``IdentityStore.save``.
    """
    key = Ed25519PrivateKey.generate()
    payload = {"code": code.strip(), "public_key": public_key_b64(key), "name": name}
    client = http if http is not None else httpx.Client(timeout=timeout_s, verify=tls(verify))
    try:
        response = client.post(
            base_url.rstrip("/") + ENROLL_PATH,
            json=payload,
            headers={HEADER_IDEMPOTENCY: str(uuid.uuid4())},
        )
    except httpx.TransportError as exc:
        raise unreachable(exc) from exc
    finally:
        if http is None:
            client.close()
    if not response.is_success:
        raise error_from_response(response)
    try:
        enrolled = Enrolled.model_validate_json(response.content)
    except ValidationError:
        raise error_from_response(response) from None
    # Older services do not send it; the terminal fetches it later (GET /v1/bundle-key).
    bundle_key = valid_bundle_key(enrolled.bundle_public_key)
    _log.info("terminal enrolled as %s (%s)", enrolled.terminal_id, name)
    return TerminalIdentity(
        terminal_id=enrolled.terminal_id, private_key=key, service_bundle_key=bundle_key
    )
