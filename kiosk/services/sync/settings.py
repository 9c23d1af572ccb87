"""Sync settings (``KioskSettings.sync``, env ``KIOSK_SYNC__...``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class SyncSettings(BaseModel):
    batch_size: int = Field(default=50, ge=1, le=100, description="Records per request.")
    backoff_base_s: float = Field(
        default=5.0, gt=0, description="First retry wait (cap of the jitter)."
    )
    backoff_cap_s: float = Field(default=900.0, gt=0, description="Longest wait between retries.")
    idle_poll_s: float = Field(default=30.0, gt=0, description="Worker wake-up when idle.")
    purge_grace_s: float = Field(
        default=24 * 3600.0, ge=0, description="Keep personal data this long after acknowledgement."
    )
    max_unsynced: int = Field(
        default=200, ge=1, description="Freeze: refuse new collections above this many waiting."
    )
    max_unsynced_age_days: float = Field(
        default=7.0,
        gt=0,
        description="Freeze: refuse new collections when the oldest waits longer.",
    )
    clock_skew_limit_s: float = Field(
        default=300.0,
        gt=0,
        description="A 401 with a clock this far off the service's is clock skew.",
    )
    drive_roots: tuple[Path, ...] = Field(
        default=(Path("/media"), Path("/run/media"), Path("/mnt")),
        description="Where removable drives are mounted (export of pending records).",
    )
