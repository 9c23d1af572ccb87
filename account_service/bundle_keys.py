"""The service's bundle key pair (X25519): terminals encrypt offline bundles to its public
half; only the service holding ``bundle_key_file`` can read them.

The private key is a PKCS#8 PEM file, mode 0600, created on first need. Creation publishes
the file with ``os.link`` (fails if it exists), so two processes starting together end up
with one key, never two keys where terminals were given the other one.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from kiosk.protocol.bundle_format import fingerprint, raw_public_key

# ``fingerprint`` is re-exported: the bundle-key endpoint names the key with it.
__all__ = [
    "KEY_DIR_MODE",
    "KEY_FILE_MODE",
    "BundleKeyError",
    "fingerprint",
    "load_key",
    "load_or_create_key",
    "public_bytes",
    "public_key_b64",
]

logger = logging.getLogger(__name__)

KEY_FILE_MODE = 0o600
KEY_DIR_MODE = 0o700


class BundleKeyError(Exception):
    """The key file exists but is not a readable X25519 private key."""


def public_bytes(key: X25519PrivateKey) -> bytes:
    return raw_public_key(key)


def public_key_b64(key: X25519PrivateKey) -> str:
    """What terminals store: base64 of the raw 32-byte public key."""
    return base64.b64encode(public_bytes(key)).decode("ascii")


def load_key(path: Path) -> X25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        msg = f"bundle key file {path} is unreadable"
        raise BundleKeyError(msg) from exc
    if not isinstance(key, X25519PrivateKey):
        msg = f"bundle key file {path} does not hold an X25519 private key"
        raise BundleKeyError(msg)
    return key


def _publish_new_key(path: Path) -> None:
    path.parent.mkdir(mode=KEY_DIR_MODE, parents=True, exist_ok=True)
    pem = X25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its key
            os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def load_or_create_key(path: Path) -> X25519PrivateKey:
    """The key in ``path``, created (0600) when the file does not exist yet."""
    if not path.exists():
        _publish_new_key(path)
        logger.info("bundle key created: %s", path)
    return load_key(path)
