"""Password hashing (argon2id, parameters from settings) and token/code hashing."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from account_service.settings import AccountServiceSettings


def make_password_hasher(settings: AccountServiceSettings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=Type.ID,
    )


def password_matches(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _decoy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    )
    return hasher.hash(secrets.token_urlsafe(16))


def verify_nothing(hasher: PasswordHasher, password: str) -> None:
    """The work of a password check for an identifier that names nobody, so that an
    unknown identifier answers in the time of a wrong password (no enumeration by timing)."""
    decoy = _decoy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    password_matches(hasher, decoy, password)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def sha256_hex(text: str) -> str:
    """For high-entropy secrets (tokens, enroll codes) a plain hash is enough."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_digest(secret_key: str, scope: str, code: str) -> str:
    """SMS codes have little entropy: a keyed hash bound to its attempt."""
    message = f"{scope}:{code}".encode()
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def new_sms_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"
