"""Checking the staff member's proof on a hall collection record (R-HA-1,
``kiosk.protocol.record_proof``): a key the service issued at an online staff login, for
this terminal, not expired when the record was made, a staff member still active, and a
signature over every field. Timestamps from the future (beyond the clock skew) are
refused; the service orders references by its own receipt time, never the terminal's."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from account_service.staff.models import StaffKey, StaffMember
from kiosk.protocol.messages import CodedEnum, ErrorCode
from kiosk.protocol.record_proof import verify_record
from kiosk.protocol.signing import MAX_SKEW_SECONDS

SKEW = timedelta(seconds=MAX_SKEW_SECONDS)


class ProofProblem(CodedEnum):
    """Why a record's proof is refused; the catalog words it."""

    MISSING = ErrorCode.RECORD_PROOF_MISSING
    INVALID = ErrorCode.RECORD_PROOF_INVALID
    EXPIRED = ErrorCode.RECORD_PROOF_EXPIRED
    INACTIVE = ErrorCode.RECORD_PROOF_STAFF_INACTIVE
    FUTURE = ErrorCode.RECORD_PROOF_FUTURE


class ProofRefusedError(Exception):
    def __init__(self, problem: ProofProblem) -> None:
        super().__init__(problem.name)
        self.problem = problem


def check_proof(
    session: Session,
    raw: dict[str, Any],
    *,
    key_id: str | None,
    staff_no: str,
    created_at: datetime,
    terminal_id: uuid.UUID,
    now: datetime,
) -> StaffMember:
    """The staff member who collected the record, or ``ProofRefusedError``."""
    if created_at > now + SKEW:
        raise ProofRefusedError(ProofProblem.FUTURE)
    if not key_id:
        raise ProofRefusedError(ProofProblem.MISSING)
    try:
        key = session.get(StaffKey, uuid.UUID(key_id))
    except ValueError:
        key = None
    if key is None or key.terminal_id != terminal_id or not verify_record(key.public_key, raw):
        raise ProofRefusedError(ProofProblem.INVALID)
    member = session.get(StaffMember, key.staff_id)
    if member is None or member.staff_no != staff_no.strip().upper():
        raise ProofRefusedError(ProofProblem.INVALID)
    if not member.active:
        raise ProofRefusedError(ProofProblem.INACTIVE)
    if not key.issued_at - SKEW <= created_at <= key.expires_at:
        raise ProofRefusedError(ProofProblem.EXPIRED)
    return member
