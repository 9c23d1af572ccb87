"""The service's per-record answer to ``POST /v1/collection-records``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum


class AckStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # the service already has it: success
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class RecordAck:
    id: uuid.UUID
    status: AckStatus
    reason: str | None = None  # zh; no personal data (the service's promise)
    reason_en: str | None = None
