"""Where the local store lives inside the kiosk's data dir (to be nested into
``KioskSettings`` by the lead)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class StoreSettings(BaseModel):
    database_file: str = Field(
        default="local_store.sqlite3",
        description="SQLite file (WAL) of collection records, staff cache and audit.",
    )
    key_file: str = Field(
        default="store.key", description="AES-256 key of the encrypted columns (mode 0600)."
    )

    def database_path(self, data_dir: Path) -> Path:
        return data_dir / self.database_file
