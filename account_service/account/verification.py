"""Verifications: one row per confirmation, its single-use SMS code (R-2F-3 style: a code
belongs to its verification alone), failures counted on the person's ``sms`` method
(R-LK-1, one lock state with login), and a new code never resetting that count."""

from __future__ import annotations

import hmac
import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from account_service.account.models import AccountVerification, Purpose
from account_service.auth.lockout import before_verifying, record_failure, record_success
from account_service.auth.models import FailureCounter
from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.persons.service import lock_person
from account_service.security import code_digest
from account_service.sms.gateway import SmsPurpose
from account_service.sms.service import send_code, take_window_slot, typed_code
from kiosk.domain.lockout import AuthMethod, shanghai_day
from kiosk.domain.masking import mask_phone
from kiosk.domain.sms_window import CODE_TTL, RESEND_COUNTDOWN, resend_wait, seconds_up
from kiosk.protocol.account import ConfirmationAction
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

logger = logging.getLogger(__name__)


def _secret(context: ServiceContext) -> str:
    return context.settings.secret_key.get_secret_value()


def _scope(verification: AccountVerification) -> str:
    return f"account-verification:{verification.id}"


def expired() -> UserError:
    return UserError(ErrorCode.VERIFICATION_EXPIRED)


def open_verification(
    session: Session,
    *,
    person_id: uuid.UUID,
    purpose: Purpose,
    now: datetime,
    action: ConfirmationAction | None = None,
    phone: str | None = None,
    phone_id: int | None = None,
) -> AccountVerification:
    verification = AccountVerification(
        id=uuid.uuid4(),
        person_id=person_id,
        purpose=purpose.value,
        action=None if action is None else action.value,
        phone=phone,
        phone_id=phone_id,
        code_hash=None,
        code_sent_at=None,
        verified_at=None,
        token_hash=None,
        used_at=None,
        created_at=now,
    )
    session.add(verification)
    session.flush()
    return verification


def peek(session: Session, verification_id: str, purpose: Purpose) -> AccountVerification:
    """The verification (no lock yet), or VERIFICATION_EXPIRED when unknown."""
    try:
        key = uuid.UUID(verification_id)
    except ValueError:
        raise expired() from None
    found = session.get(AccountVerification, key)
    if found is None or found.purpose != purpose.value:
        raise expired()
    return found


def reload_live(
    session: Session, context: ServiceContext, verification: AccountVerification
) -> AccountVerification:
    """Re-read behind the person's row lock (taken by the caller) and refuse a finished,
    verified or expired one."""
    fresh = session.get(AccountVerification, verification.id, populate_existing=True)
    assert fresh is not None
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    now = context.clock.now()
    if fresh.used_at is not None or fresh.verified_at is not None or now >= fresh.created_at + ttl:
        raise expired()
    return fresh


def open_for(
    session: Session, context: ServiceContext, verification_id: str, purpose: Purpose
) -> tuple[AccountVerification, Person]:
    """Peek, lock the person, reload: the usual way into a step of a verification."""
    found = peek(session, verification_id, purpose)
    person = lock_person(session=session, person_id=found.person_id)
    return reload_live(session, context, found), person


def failures_today(session: Session, person: Person, method: AuthMethod, now: datetime) -> int:
    row = session.get(FailureCounter, (person.id, method.value))
    if row is None or row.day != shanghai_day(now):
        return 0
    return row.count


def send_verification_code(
    session: Session,
    context: ServiceContext,
    verification: AccountVerification,
    phone: str,
    purpose: SmsPurpose,
    *,
    terminal_id: uuid.UUID | None = None,
) -> SmsSent:
    """A fresh code to ``phone``: resend countdown per verification, R-SMS-1 window per
    phone. The failure count is left alone (a new code never resets it)."""
    now = context.clock.now()
    wait = resend_wait(verification.code_sent_at, now)
    if wait.total_seconds() > 0:
        raise UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": seconds_up(wait)})
    take_window_slot(
        session=session,
        clock=context.clock,
        phone=phone,
        settings=context.settings,
        terminal_id=terminal_id,
        person_key=f"person:{verification.person_id}",
    )
    code = send_code(session=session, gateway=context.sms_gateway, phone=phone, purpose=purpose)
    verification.phone = phone
    verification.code_hash = code_digest(_secret(context), _scope(verification), code)
    verification.code_sent_at = now
    logger.info("%s code sent to %s", verification.purpose, mask_phone(phone))
    return SmsSent(
        phone_masked=mask_phone(phone),
        resend_after_s=seconds_up(RESEND_COUNTDOWN),
        expires_in_s=seconds_up(CODE_TTL),
    )


def check_code(
    session: Session,
    context: ServiceContext,
    verification: AccountVerification,
    person: Person,
    code: str,
    *,
    terminal_id: uuid.UUID | None,
) -> None:
    """Accept the code once (then it is gone), or count an ``sms`` failure (R-LK-1)."""
    now = context.clock.now()
    if verification.code_hash is None or verification.code_sent_at is None:
        raise UserError(ErrorCode.SMS_NOT_SENT)
    if now >= verification.code_sent_at + CODE_TTL:
        raise UserError(ErrorCode.SMS_CODE_EXPIRED)
    typed = typed_code(code)
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.SMS,
        now=now,
        terminal_id=terminal_id,
        while_locked=True,  # a reset by SMS or face works while locked (R-PW-4)
    )
    given = code_digest(_secret(context), _scope(verification), typed)
    if not hmac.compare_digest(given, verification.code_hash):
        raise record_failure(
            session=session,
            context=context,
            person=person,
            method=AuthMethod.SMS,
            now=now,
            wrong=ErrorCode.SMS_CODE_WRONG,
            terminal_id=terminal_id,
        )
    record_success(session=session, person=person, method=AuthMethod.SMS)
    verification.code_hash = None  # single use
    verification.verified_at = now
