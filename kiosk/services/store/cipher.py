"""AES-256-GCM per value: a random 96-bit nonce each time, bound to (record id, column)
as associated data so a ciphertext moved to another row or column fails to decrypt."""

from __future__ import annotations

import secrets
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.services.store.keys import StoreKey

NONCE_BYTES = 12
FORMAT_VERSION = b"\x01"  # leading byte: lets a later key rotation tell formats apart


class DecryptionError(Exception):
    """A stored value does not decrypt with this key for this record and column."""


class FieldCipher:
    def __init__(self, key: StoreKey) -> None:
        self._aead = AESGCM(key.material)

    @staticmethod
    def _aad(record_id: uuid.UUID, column: str) -> bytes:
        return record_id.bytes + b"|" + column.encode("ascii")

    def encrypt(self, plaintext: bytes, *, record_id: uuid.UUID, column: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, self._aad(record_id, column))
        return FORMAT_VERSION + nonce + sealed

    def decrypt(self, blob: bytes, *, record_id: uuid.UUID, column: str) -> bytes:
        if not blob.startswith(FORMAT_VERSION) or len(blob) < 1 + NONCE_BYTES + 16:
            raise DecryptionError(f"{column}: not an encrypted value")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, self._aad(record_id, column))
        except InvalidTag as exc:
            raise DecryptionError(f"{column}: wrong key or tampered value") from exc
