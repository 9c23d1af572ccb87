"""Forgot password (R-PW-4, R-LK-1, R-PH-6) and retrieve phone number (R-PH-5, R-PW-3).

Each function runs inside the caller's transaction and raises ``UserError`` for a rule's
"no"; changes made before the error (a counted failure) are committed by the caller.
"""

from __future__ import annotations

import hmac
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from account_service.account.models import AccountVerification, Purpose
from account_service.account.phones import lock_number, lock_people, owner_of, take_number
from account_service.account.verification import (
    check_code,
    expired,
    failures_today,
    open_for,
    open_verification,
    peek,
    reload_live,
    send_verification_code,
)
from account_service.auth.faces import check_face, face_reference
from account_service.auth.lockout import (
    before_verifying,
    record_failure,
    record_success,
    refuse_if_locked,
)
from account_service.auth.lookup import identify_for_password, refuse_unknown_lookup
from account_service.auth.models import AttemptStatus, FailureCounter, LoginAttempt
from account_service.auth.sessions import end_sessions
from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.persons.passwords import person_password_error
from account_service.persons.service import lock_person
from account_service.security import new_token, password_matches, sha256_hex
from account_service.sms.gateway import SmsPurpose
from account_service.trail import events
from account_service.trail.events import EventKind
from kiosk.domain.documents import DocumentType, normalize_document_number
from kiosk.domain.lockout import (
    MAX_CONSECUTIVE_FAILURES,
    AuthMethod,
    is_locked,
    next_midnight,
)
from kiosk.domain.masking import mask_phone
from kiosk.domain.moments import unlock_details
from kiosk.domain.phones import check_phone, normalize_phone
from kiosk.protocol.account import (
    PhoneBound,
    ResetDone,
    ResetStarted,
    ResetVerified,
    RetrieveStarted,
)
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


def not_registered() -> UserError:
    return UserError(ErrorCode.USER_NOT_REGISTERED)


def checked_phone(text: str | None) -> str:
    """The normalized mainland mobile number, or PHONE_FORMAT {reason} (R-PH-1)."""
    result = check_phone(text or "")
    if not result.ok:
        raise UserError(
            ErrorCode.PHONE_FORMAT,
            {"reason": result.reason_zh},
            details_en={"reason": result.reason_en},
        )
    return normalize_phone(text or "")


def _exhausted(code: ErrorCode, now: datetime) -> UserError:
    details, details_en = unlock_details(next_midnight(now), now)
    return UserError(code, details, details_en=details_en)


# Forgot password ----------------------------------------------------------------------


def _by_document(session: Session, document_type: str, document_number: str) -> Person:
    """The registered person; the same answer whichever part did not match (no hint)."""
    try:
        kind = DocumentType(document_type)
    except ValueError:
        raise not_registered() from None
    number = normalize_document_number(document_number)
    person = session.scalars(
        select(Person).where(Person.document_number == number, Person.document_type == kind.value)
    ).one_or_none()
    if person is None or person.deregistered_at is not None:
        raise not_registered()
    return person


def start_reset(
    *,
    session: Session,
    context: ServiceContext,
    document_type: str,
    document_number: str,
    terminal_id: uuid.UUID | None = None,
) -> ResetStarted:
    """Works while locked: forgot password is the way out of a lock (R-PW-4). A document
    that names nobody counts toward the terminal's budget of such look-ups."""
    try:
        person = _by_document(session, document_type, document_number)
    except UserError:
        refuse_unknown_lookup(session, context, now=context.clock.now(), terminal_id=terminal_id)
        raise
    phone = person.default_phone
    verification = open_verification(
        session,
        person_id=person.id,
        purpose=Purpose.PASSWORD_RESET,
        now=context.clock.now(),
        phone=phone,
    )
    methods: list[str] = []
    if phone is not None:
        methods.append("sms")
    if face_reference(session, person) is not None:
        methods.append("face")
    return ResetStarted.model_validate(
        {
            "verification_id": str(verification.id),
            "phone_masked": mask_phone(phone) if phone else None,
            "methods": methods,
            "expires_in_s": context.settings.attempt_ttl_s,
        }
    )


def _reset_step(
    session: Session, context: ServiceContext, verification_id: str
) -> tuple[AccountVerification, Person]:
    verification, person = open_for(session, context, verification_id, Purpose.PASSWORD_RESET)
    if person.deregistered_at is not None:
        raise not_registered()
    return verification, person


def _refuse_sms_exhausted(session: Session, person: Person, now: datetime) -> None:
    """R-LK-1 during a reset: five wrong SMS codes today close SMS; face stays open."""
    if failures_today(session, person, AuthMethod.SMS, now) >= MAX_CONSECUTIVE_FAILURES:
        raise _exhausted(ErrorCode.RESET_SMS_EXHAUSTED, now)


def send_reset_sms(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    terminal_id: uuid.UUID | None = None,
) -> SmsSent:
    verification, person = _reset_step(session, context, verification_id)
    phone = person.default_phone
    if phone is None:
        raise UserError(ErrorCode.RESET_PHONE_EMPTY)  # R-PH-6
    _refuse_sms_exhausted(session, person, context.clock.now())
    return send_verification_code(
        session,
        context,
        verification,
        phone,
        SmsPurpose.PASSWORD_RESET,
        terminal_id=terminal_id,
    )


def _issue_reset_token(verification: AccountVerification, now: datetime) -> ResetVerified:
    token = new_token()
    verification.token_hash = sha256_hex(token)
    verification.verified_at = now
    return ResetVerified(reset_token=token)


def verify_reset_sms(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    code: str,
    terminal_id: uuid.UUID | None = None,
) -> ResetVerified:
    verification, person = _reset_step(session, context, verification_id)
    now = context.clock.now()
    _refuse_sms_exhausted(session, person, now)
    try:
        check_code(session, context, verification, person, code, terminal_id=terminal_id)
    except UserError as error:
        if error.code is ErrorCode.ACCOUNT_LOCKED:  # the 5th wrong code: SMS is spent
            raise _exhausted(ErrorCode.RESET_SMS_EXHAUSTED, now) from None
        raise
    return _issue_reset_token(verification, now)


def verify_reset_face(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    template: list[float],
    terminal_id: uuid.UUID | None = None,
) -> ResetVerified:
    """The service decides the match (``face_match_threshold``), never the terminal."""
    verification, person = _reset_step(session, context, verification_id)
    now = context.clock.now()
    if failures_today(session, person, AuthMethod.FACE, now) >= MAX_CONSECUTIVE_FAILURES:
        raise _exhausted(ErrorCode.ACCOUNT_LOCKED, now)
    check_face(
        session=session,
        context=context,
        person=person,
        template=template,
        now=now,
        terminal_id=terminal_id,
        missing=ErrorCode.FACE_NO_REFERENCE,  # R-PH-6
    )
    return _issue_reset_token(verification, now)


def finish_reset(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    reset_token: str,
    new_password: str,
    terminal_id: uuid.UUID,
) -> ResetDone:
    """Set the password; clear the lock, every failure counter, open attempts, sessions."""
    found = peek(session, verification_id, Purpose.PASSWORD_RESET)
    person = lock_person(session=session, person_id=found.person_id)
    verification = session.get(AccountVerification, found.id, populate_existing=True)
    assert verification is not None
    now = context.clock.now()
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    token_ok = verification.token_hash is not None and hmac.compare_digest(
        sha256_hex(reset_token), verification.token_hash
    )
    if (
        not token_ok
        or verification.verified_at is None
        or verification.used_at is not None
        or now >= verification.created_at + ttl
    ):
        raise expired()
    if person.deregistered_at is not None:
        raise not_registered()
    problem = person_password_error(new_password, person)  # may equal the old one (R-PW-4)
    if problem is not None:
        raise problem
    was_locked = is_locked(person.locked_until, now)
    verification.used_at = now
    person.password_hash = context.hasher.hash(new_password)
    person.initial_password = False
    person.locked_until = None
    session.execute(
        update(FailureCounter).where(FailureCounter.person_id == person.id).values(count=0)
    )
    session.execute(
        update(LoginAttempt)
        .where(LoginAttempt.person_id == person.id, LoginAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.VOIDED)
    )
    end_sessions(session, person.id, now)
    for kind in (EventKind.PASSWORD_RESET, *([EventKind.LOCK_CLEARED] if was_locked else [])):
        events.record(
            session, person_id=person.id, kind=kind, terminal_id=terminal_id, at=now, detail={}
        )
    return ResetDone(unlocked=was_locked)


# Retrieve phone number -----------------------------------------------------------------


def start_retrieve(
    *,
    session: Session,
    context: ServiceContext,
    identifier: str,
    password: str,
    terminal_id: uuid.UUID | None = None,
) -> RetrieveStarted:
    now = context.clock.now()
    found, _phone = identify_for_password(
        session, context, identifier, password, now=now, terminal_id=terminal_id
    )
    person = lock_person(session=session, person_id=found.id)
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.PASSWORD,
        now=now,
        terminal_id=terminal_id,
    )
    if not password_matches(context.hasher, person.password_hash, password):
        raise record_failure(
            session=session,
            context=context,
            person=person,
            method=AuthMethod.PASSWORD,
            now=now,
            wrong=ErrorCode.WRONG_PASSWORD,
            terminal_id=terminal_id,
        )
    record_success(session=session, person=person, method=AuthMethod.PASSWORD)
    if person.initial_password:  # R-PH-5: the personal password, not the initial one
        raise UserError(ErrorCode.INITIAL_PASSWORD_NOT_ACCEPTED)
    verification = open_verification(
        session, person_id=person.id, purpose=Purpose.PHONE_RETRIEVE, now=now
    )
    return RetrieveStarted(verification_id=str(verification.id))


def send_retrieve_sms(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    phone: str,
    terminal_id: uuid.UUID | None = None,
) -> SmsSent:
    verification, person = open_for(session, context, verification_id, Purpose.PHONE_RETRIEVE)
    refuse_if_locked(person, context.clock.now())
    number = checked_phone(phone)
    return send_verification_code(
        session, context, verification, number, SmsPurpose.PHONE_CHANGE, terminal_id=terminal_id
    )


def verify_retrieve_sms(
    *,
    session: Session,
    context: ServiceContext,
    verification_id: str,
    code: str,
    terminal_id: uuid.UUID,
) -> PhoneBound:
    """The verified number becomes the person's default and leaves anyone else (R-PH-2)."""
    found = peek(session, verification_id, Purpose.PHONE_RETRIEVE)
    number = found.phone
    if number is None:
        raise UserError(ErrorCode.SMS_NOT_SENT)
    lock_number(session, number)  # the lock order of account.phones
    owner = owner_of(session, number)
    people = lock_people(session, [found.person_id, *([owner] if owner else [])])
    person = people[found.person_id]
    verification = reload_live(session, context, found)
    now = context.clock.now()
    refuse_if_locked(person, now)
    if verification.phone != number:  # a new number was chosen meanwhile: its code is new
        raise UserError(ErrorCode.SMS_CODE_EXPIRED)
    if person.deregistered_at is not None:
        raise not_registered()
    check_code(session, context, verification, person, code, terminal_id=terminal_id)
    verification.used_at = now
    moved = take_number(
        session,
        people=people,
        person=person,
        number=number,
        make_default=True,
        now=now,
        terminal_id=terminal_id,
    )
    events.record(
        session,
        person_id=person.id,
        kind=EventKind.PHONE_RETRIEVED,
        terminal_id=terminal_id,
        at=now,
        detail={"phone_masked": mask_phone(number)},
    )
    return PhoneBound(
        phone_masked=mask_phone(number), moved_from_another_person=moved.moved_from is not None
    )
