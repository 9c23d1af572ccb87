"""The local store's AES-256 key: ``<data_dir>/store.key``, 32 random bytes, mode 0600.

Created once (at enrollment or first use) without a window of wider permissions, and
never overwritten: two processes racing to create it end up with the same key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.services.secure_files import write_private_file

KEY_FILE_NAME = "store.key"
KEY_BYTES = 32


class StoreKeyError(Exception):
    """The key file exists but is not a 32-byte key (never silently replaced: the
    records encrypted with the old key would be lost)."""


@dataclass(frozen=True, slots=True)
class StoreKey:
    material: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.material) != KEY_BYTES:
            raise StoreKeyError(f"a store key has {KEY_BYTES} bytes")

    @classmethod
    def generate(cls) -> StoreKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def load(cls, path: Path) -> StoreKey:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StoreKeyError(f"store key {path} is unreadable") from exc
        if len(data) != KEY_BYTES:
            raise StoreKeyError(f"store key {path} does not hold {KEY_BYTES} bytes")
        return cls(data)

    @classmethod
    def load_or_create(cls, data_dir: Path, file_name: str = KEY_FILE_NAME) -> StoreKey:
        path = data_dir / file_name
        if path.exists():
            return cls.load(path)
        key = cls.generate()
        # Written 0600 under a private name, then linked into place: link() fails if a
        # concurrent creator got there first, and then we use theirs.
        tmp = path.with_name(f".{file_name}.{secrets.token_hex(6)}.new")
        write_private_file(tmp, key.material)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return cls.load(path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return key
