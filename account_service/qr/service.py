"""QR login (R-QR-1) and QR verification (R-QR-2) on stored, single-use challenges.

A terminal asks for a challenge and shows its payload as a QR code; a tax app scans it and
its backend completes the challenge (``scan``); the terminal learns the result by polling
(``challenge_status``), which also makes the login session, once. Every piece of state is a
row, so any replica answers any step. Lock order: challenge row, then person row.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.auth import acting
from account_service.auth.lockout import refuse_if_locked
from account_service.auth.models import (
    AttemptStatus,
    LoginAttempt,
)
from account_service.auth.service import issue_change_token, open_session
from account_service.context import ServiceContext
from account_service.enterprises import relations
from account_service.enterprises.models import Enterprise
from account_service.persons.models import Person
from account_service.persons.service import lock_person, summary
from account_service.qr.models import QrChallenge
from account_service.security import sha256_hex
from account_service.trail.notices import pop_notices
from kiosk.domain.documents import normalize_document_number
from kiosk.protocol import qr as wire
from kiosk.protocol.auth import PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import Organization
from kiosk.protocol.qr import (
    LoginMode,
    QrLoggedIn,
    QrPurpose,
    QrResult,
    QrScanned,
    QrStatus,
    TaxApp,
)

logger = logging.getLogger(__name__)

PAYLOAD_PREFIX = "taxkiosk-qr:v1:"
# Long enough to take out the phone, open the app and scan; short enough that a QR code
# photographed off the screen is useless soon after.
QR_TTL = timedelta(seconds=120)


def _uuid(text: str, error: ErrorCode) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise UserError(error) from None


def _usable_attempt(
    session: Session, context: ServiceContext, attempt_id: uuid.UUID, now: datetime
) -> LoginAttempt:
    """The open login attempt (first factor done), read again behind its person's lock."""
    attempt = session.get(LoginAttempt, attempt_id, populate_existing=True)
    if attempt is None:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    if attempt.status is AttemptStatus.FINISHED or now >= attempt.created_at + ttl:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    if attempt.status is AttemptStatus.VOIDED:
        raise UserError(ErrorCode.SMS_CODE_VOID)  # R-2F-3: the password was entered again
    return attempt


def start_challenge(
    *,
    session: Session,
    context: ServiceContext,
    terminal_id: uuid.UUID,
    purpose: QrPurpose,
    attempt_id: str | None,
) -> wire.QrChallenge:
    now = context.clock.now()
    attempt_key: uuid.UUID | None = None
    if purpose is QrPurpose.VERIFY:
        # R-QR-2 is a second factor: it needs the first one (R-2F-1).
        if not attempt_id:
            raise UserError(
                ErrorCode.VALIDATION_ERROR,
                {"reason": "扫码验证需要本次登录的 attempt_id。"},
                details_en={"reason": "QR verification needs the login attempt_id."},
            )
        attempt_key = _uuid(attempt_id, ErrorCode.ATTEMPT_NOT_FOUND)
        found = session.get(LoginAttempt, attempt_key)
        if found is None:
            raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
        person = lock_person(session=session, person_id=found.person_id)
        _usable_attempt(session, context, attempt_key, now)
        refuse_if_locked(person, now)
    elif attempt_id:
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "扫码登录不属于任何登录尝试。"},
            details_en={"reason": "QR login belongs to no login attempt."},
        )
    payload = PAYLOAD_PREFIX + secrets.token_urlsafe(16)
    row = QrChallenge(
        id=uuid.uuid4(),
        token_hash=sha256_hex(payload),
        terminal_id=terminal_id,
        purpose=purpose.value,
        attempt_id=attempt_key,
        created_at=now,
        expires_at=now + QR_TTL,
        completed_at=None,
        person_id=None,
        app=None,
        mode=None,
        enterprise_id=None,
        delivered_at=None,
    )
    session.add(row)
    return wire.QrChallenge(
        challenge_id=str(row.id),
        purpose=purpose,
        payload=payload,
        expires_in_s=int(QR_TTL.total_seconds()),
    )


def _registered_person(session: Session, document_number: str) -> Person:
    number = normalize_document_number(document_number)
    found = session.scalars(select(Person).where(Person.document_number == number)).one_or_none()
    if found is None or found.deregistered_at is not None:
        raise UserError(ErrorCode.USER_NOT_REGISTERED)  # R-ID-6, R-AC-1
    return found


def _related_enterprise(session: Session, person: Person, code: str) -> Enterprise:
    """R-QR-1 enterprise login state: only for a person bound to that enterprise (R-RE-8)."""
    enterprise = relations.find_enterprise(session, relations.enterprise_code(code))
    if enterprise is None or not relations.holds_bound_role(session, person, enterprise):
        raise UserError(ErrorCode.ENTERPRISE_RELATION_NOT_FOUND)
    return enterprise


def scan(
    *,
    session: Session,
    context: ServiceContext,
    payload: str,
    app: TaxApp,
    person_document_number: str,
    enterprise_uscc: str | None,
) -> QrScanned:
    """The tax app's side: its logged-in (or, for R-QR-2, face-checked) user scanned.

    A refused scan leaves the challenge as it was, so the right person may still scan it.
    """
    now = context.clock.now()
    row = session.scalars(
        select(QrChallenge)
        .where(QrChallenge.token_hash == sha256_hex(payload.strip()))
        .with_for_update()
    ).one_or_none()
    if row is None:
        raise UserError(ErrorCode.QR_EXPIRED)  # not ours, or garbage: nothing to tell apart
    if row.completed_at is not None:
        raise UserError(ErrorCode.QR_USED)
    if now >= row.expires_at:
        raise UserError(ErrorCode.QR_EXPIRED)
    purpose = QrPurpose(row.purpose)
    if enterprise_uscc and app is TaxApp.IIT:
        raise UserError(ErrorCode.QR_APP_PERSONAL_ONLY)  # R-QR-1
    if enterprise_uscc and purpose is QrPurpose.VERIFY:
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": "扫码验证只确认本人身份，不带企业身份。"},
            details_en={"reason": "QR verification confirms the person only, no enterprise."},
        )
    found = _registered_person(session, person_document_number)
    person = lock_person(session=session, person_id=found.id)
    refuse_if_locked(person, now)  # R-LK-1: every entry refuses a locked account
    if purpose is QrPurpose.VERIFY:
        assert row.attempt_id is not None
        attempt = _usable_attempt(session, context, row.attempt_id, now)
        if attempt.person_id != person.id:
            raise UserError(ErrorCode.QR_WRONG_PERSON)  # R-QR-2
    mode = LoginMode.PERSONAL
    if enterprise_uscc:
        row.enterprise_id = _related_enterprise(session, person, enterprise_uscc).id
        mode = LoginMode.ENTERPRISE
    row.completed_at = now
    row.person_id = person.id
    row.app = app.value
    row.mode = mode.value
    logger.info("qr challenge %s scanned (%s, %s, %s)", row.id, purpose.value, app.value, mode)
    return QrScanned(purpose=purpose, mode=mode)


def challenge_status(
    *, session: Session, context: ServiceContext, terminal_id: uuid.UUID, challenge_id: str
) -> QrResult:
    """One look at the challenge. The first look after the scan makes the session (or the
    R-PW-3 change token) and hands it over; it is never handed over twice."""
    key = _uuid(challenge_id, ErrorCode.QR_EXPIRED)
    row = session.get(QrChallenge, key, with_for_update=True, populate_existing=True)
    if row is None or row.terminal_id != terminal_id:
        raise UserError(ErrorCode.QR_EXPIRED)  # another terminal's QR is none of its business
    now = context.clock.now()
    if row.delivered_at is not None:
        raise UserError(ErrorCode.QR_USED)
    if row.completed_at is None:
        status = QrStatus.EXPIRED if now >= row.expires_at else QrStatus.PENDING
        return QrResult(status=status)
    result = _deliver(session, context, row, terminal_id, now)
    row.delivered_at = now
    return QrResult(status=QrStatus.COMPLETED, result=result)


def _deliver(
    session: Session,
    context: ServiceContext,
    row: QrChallenge,
    terminal_id: uuid.UUID,
    now: datetime,
) -> QrLoggedIn | PasswordChangeRequired:
    assert row.person_id is not None
    person = lock_person(session=session, person_id=row.person_id)
    # The account may have changed between the scan and this look.
    if person.deregistered_at is not None:
        raise UserError(ErrorCode.USER_NOT_REGISTERED)
    refuse_if_locked(person, now)
    purpose = QrPurpose(row.purpose)
    enterprise_id = row.enterprise_id
    mode = LoginMode(row.mode or LoginMode.PERSONAL.value)
    if purpose is QrPurpose.VERIFY:
        assert row.attempt_id is not None
        attempt = _usable_attempt(session, context, row.attempt_id, now)
        # The second factor is done, as with a right SMS code (R-2F-1).
        attempt.status = AttemptStatus.FINISHED
        if attempt.initial_password:  # R-PW-3 holds whatever the second factor was
            return issue_change_token(session, context, person, now)
        # The entry is the password step's: 企业业务 acts for the enterprise it named (R-EN-1).
        if attempt.enterprise_id is not None:
            enterprise_id = attempt.enterprise_id
            mode = LoginMode.ENTERPRISE
    enterprise = session.get(Enterprise, enterprise_id) if enterprise_id else None
    method = f"qr_{purpose.value}"
    session_row, token = open_session(
        session,
        context,
        person,
        terminal_id=terminal_id,
        detail={"method": method, "app": row.app or "", "mode": mode.value},
        enterprise=enterprise,
        second_factor=method,
    )
    return QrLoggedIn(
        session_token=token,
        expires_in_s=context.settings.session_ttl_s,
        person=summary(person),
        notices=pop_notices(session, person_id=person.id, now=now),
        acting=acting.acting(session, context, session_row, person),
        mode=mode,
        enterprise=Organization(uscc=enterprise.code, name=enterprise.name)
        if enterprise is not None
        else None,
    )
