"""Staff login (R-HA-1) with the R-LK-1 lockout: 5 consecutive wrong passwords in a
Shanghai calendar day lock the staff account until 00:00; a success resets the count."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.api import Bearer
from account_service.clock import Clock
from account_service.context import ServiceContext
from account_service.quick_login.service import (
    MarkScope,
    SeenFrom,
    mark_failure,
    refuse_if_too_fast,
)
from account_service.security import new_token, password_matches, sha256_hex
from account_service.staff.models import StaffKey, StaffMember, StaffSession
from account_service.terminals.service import decode_public_key
from account_service.trail.models import AuditEvent
from kiosk.domain.lockout import (
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)
from kiosk.domain.masking import mask_name
from kiosk.domain.moments import unlock_details
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import LockView, StaffLoggedIn

logger = logging.getLogger(__name__)

STAFF_TOKEN_TTL_S = 8 * 3600  # one working day in the hall
STAFF_UNLOCKED = "staff.unlocked"


def normalize_staff_no(staff_no: str) -> str:
    return staff_no.strip().upper()


def create_staff(
    *,
    session: Session,
    hasher: PasswordHasher,
    clock: Clock,
    staff_no: str,
    name: str,
    password: str,
    hall: str | None = None,
) -> StaffMember:
    member = StaffMember(
        id=uuid.uuid4(),
        staff_no=normalize_staff_no(staff_no),
        name=name.strip(),
        password_hash=hasher.hash(password),
        active=True,
        hall=hall,
        failure_day=None,
        failure_count=0,
        locked_until=None,
        created_at=clock.now(),
    )
    session.add(member)
    session.flush()
    return member


def find_staff(*, session: Session, staff_no: str) -> StaffMember | None:
    return session.scalars(
        select(StaffMember).where(StaffMember.staff_no == normalize_staff_no(staff_no))
    ).one_or_none()


def _locked(member: StaffMember, now: datetime) -> UserError:
    assert member.locked_until is not None
    details, details_en = unlock_details(member.locked_until, now)
    return UserError(ErrorCode.STAFF_LOCKED, details, details_en=details_en)


def _unknown_staff() -> UserError:
    return UserError(ErrorCode.STAFF_UNKNOWN)


def staff_login(
    *,
    session: Session,
    context: ServiceContext,
    staff_no: str,
    password: str,
    terminal_id: uuid.UUID | None = None,
    record_key: str | None = None,
) -> StaffLoggedIn:
    found = find_staff(session=session, staff_no=staff_no)
    if found is None or not found.active:
        raise _unknown_staff()
    # Row lock: the 5th failure must not race (PostgreSQL FOR UPDATE; SQLite is serialized).
    member = session.get(StaffMember, found.id, with_for_update=True, populate_existing=True)
    assert member is not None
    now = context.clock.now()
    if is_locked(member.locked_until, now):
        raise _locked(member, now)
    seen = SeenFrom(member.id, terminal_id, MarkScope.STAFF)
    refuse_if_too_fast(session=session, context=context, seen=seen, now=now)
    if not password_matches(context.hasher, member.password_hash, password):
        mark_failure(session=session, context=context, seen=seen, now=now)
        before = FailureCount(day=member.failure_day, count=member.failure_count)
        after = before.after_failure(now)
        member.failure_day, member.failure_count = shanghai_day(now), after.count
        if after.locks(now):
            member.locked_until = next_midnight(now)
            logger.info("staff %s locked (R-LK-1)", member.staff_no)
            raise _locked(member, now)
        raise UserError(ErrorCode.WRONG_PASSWORD, {"remaining": after.remaining(now)})
    member.failure_count = 0
    if context.hasher.check_needs_rehash(member.password_hash):
        member.password_hash = context.hasher.hash(password)
    token = new_token()
    session.add(
        StaffSession(
            token_hash=sha256_hex(token),
            staff_id=member.id,
            terminal_id=terminal_id,
            created_at=now,
            expires_at=now + timedelta(seconds=STAFF_TOKEN_TTL_S),
        )
    )
    key = None
    if record_key is not None and terminal_id is not None:
        key = _record_key(
            session, context, member, terminal_id=terminal_id, public_key=record_key, now=now
        )
    return StaffLoggedIn(
        staff_no=member.staff_no,
        name_masked=mask_name(member.name),
        staff_token=token,
        expires_in_s=STAFF_TOKEN_TTL_S,
        record_key_id=None if key is None else str(key.id),
        record_key_expires_at=None if key is None else key.expires_at,
    )


def _record_key(
    session: Session,
    context: ServiceContext,
    member: StaffMember,
    *,
    terminal_id: uuid.UUID,
    public_key: str,
    now: datetime,
) -> StaffKey:
    """Record the public half of the terminal's new record key for this staff member."""
    if decode_public_key(public_key) is None:
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "record_key 须为 32 字节 Ed25519 公钥的 base64"},
            details_en={"reason": "record_key must be base64 of a raw 32-byte Ed25519 key"},
        )
    key = StaffKey(
        id=uuid.uuid4(),
        staff_id=member.id,
        terminal_id=terminal_id,
        public_key=public_key,
        issued_at=now,
        expires_at=now + timedelta(seconds=context.settings.staff_key_ttl_s),
    )
    session.add(key)
    return key


def staff_for_token(session: Session, context: ServiceContext, token: Bearer) -> StaffMember:
    """The active staff member logged in on this terminal with this token, or
    SESSION_INVALID (absent, expired, another terminal's, or the member deactivated)."""
    row = session.get(StaffSession, sha256_hex(token.token)) if token.token is not None else None
    now = context.clock.now()
    if row is None or now >= row.expires_at or row.terminal_id != token.terminal_id:
        raise UserError(ErrorCode.SESSION_INVALID)
    member = session.get(StaffMember, row.staff_id)
    if member is None or not member.active:
        raise UserError(ErrorCode.SESSION_INVALID)
    return member


def lock_view(
    *,
    name_masked: str,
    failures_today: dict[str, int],
    locked: bool,
    locked_until: datetime | None,
    now: datetime,
    id_number_masked: str | None = None,
    staff_no: str | None = None,
) -> LockView:
    """A lock as hall staff see it, with when it lifts in a person's words (R-LK-1)."""
    if not locked or locked_until is None:
        return LockView(
            name_masked=name_masked,
            id_number_masked=id_number_masked,
            staff_no=staff_no,
            locked=locked,
            failures_today=failures_today,
        )
    details, details_en = unlock_details(locked_until, now)
    return LockView(
        name_masked=name_masked,
        id_number_masked=id_number_masked,
        staff_no=staff_no,
        locked=True,
        unlock_at=locked_until,
        unlock_text=str(details["unlock_text"]),
        unlock_text_en=str(details_en["unlock_text"]),
        failures_today=failures_today,
    )


def staff_lock_view(member: StaffMember, now: datetime) -> LockView:
    today = shanghai_day(now)
    failures = member.failure_count if member.failure_day == today else 0
    return lock_view(
        name_masked=mask_name(member.name),
        staff_no=member.staff_no,
        locked=is_locked(member.locked_until, now),
        locked_until=member.locked_until,
        failures_today={"password": failures} if failures else {},
        now=now,
    )


def unlock_staff(
    *,
    session: Session,
    clock: Clock,
    staff_no: str,
    by_staff_no: str,
    terminal_id: uuid.UUID | None,
) -> LockView:
    """Lift a staff member's lock and zero the day's count (R-LK-1 for staff), audited with
    who lifted it and where; STAFF_UNKNOWN for a number nobody has."""
    found = find_staff(session=session, staff_no=staff_no)
    if found is None:
        raise _unknown_staff()
    member = session.get(StaffMember, found.id, with_for_update=True, populate_existing=True)
    assert member is not None
    now = clock.now()
    was_locked = is_locked(member.locked_until, now)
    member.locked_until = None
    member.failure_count = 0
    session.add(
        AuditEvent.of(
            STAFF_UNLOCKED,
            at=now,
            terminal_id=terminal_id,
            record_id=member.id,
            detail={"staff_no": member.staff_no, "by": by_staff_no, "was_locked": was_locked},
        )
    )
    logger.info("staff %s unlocked by %s", member.staff_no, by_staff_no)
    return staff_lock_view(member, now)
