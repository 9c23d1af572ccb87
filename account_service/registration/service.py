"""Registration of a natural person (R-ID-1): identity check → phone by SMS code → face
check (skipped for a hall-collected person, R-ID-3) → password and optional username,
ending logged in at level 4 (5 when hall-collected, R-RN-1).

Each function runs inside the caller's transaction and raises ``UserError`` for a rule's
"no"; changes made before the error (a counted failure) are committed by the caller.
The service decides the face match (``face_match_threshold``), never the terminal.
"""

from __future__ import annotations

import hmac
import logging
import math
import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from account_service.account.phones import lock_number, lock_people, owner_of, take_number
from account_service.account.recovery import checked_phone
from account_service.account.usernames import username_unavailable
from account_service.auth.models import FailureCounter
from account_service.auth.service import open_session
from account_service.authority.service import IdentityAuthority, RegistryAuthority, names_match
from account_service.collection.service import latest_collection_for
from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.persons.passwords import new_password_error
from account_service.persons.service import create_person, restore_deregistered, summary
from account_service.registration.models import Registration
from account_service.security import code_digest
from account_service.sms.gateway import SmsPurpose
from account_service.sms.service import send_code, take_window_slot, typed_code
from account_service.trail import events
from account_service.trail.events import EventKind
from account_service.trail.notices import pop_notices
from kiosk.domain.documents import (
    DocumentType,
    needs_hall_collection,
    normalize_document_number,
    validate_document_number,
)
from kiosk.domain.lockout import MAX_CONSECUTIVE_FAILURES, SHANGHAI, shanghai_day
from kiosk.domain.masking import mask_id_number, mask_phone
from kiosk.domain.sms_window import CODE_TTL, RESEND_COUNTDOWN, resend_wait, seconds_up
from kiosk.domain.usernames import check_username
from kiosk.protocol.auth import LoggedIn, SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import CodedEnum, ErrorCode, Lang, message_for
from kiosk.protocol.registration import (
    RegistrationFaceChecked,
    RegistrationFaceStatus,
    RegistrationPhoneVerified,
    RegistrationStarted,
)

logger = logging.getLogger(__name__)

DIRECT_LEVEL = 4  # R-ID-1: a face-verified registrant
HALL_LEVEL = 5  # R-ID-1/R-RN-1: had in-hall collection before
MAX_FACE_FAILURES = MAX_CONSECUTIVE_FAILURES  # R-RN-4: then the hall
MAX_SMS_FAILURES = MAX_CONSECUTIVE_FAILURES


class MissingStep(CodedEnum):
    """A step ``complete`` needs first: the REGISTRATION_INCOMPLETE reason, worded by the
    catalog."""

    PHONE = ErrorCode.REGISTRATION_STEP_PHONE
    FACE = ErrorCode.REGISTRATION_STEP_FACE


def _invalid(reason_zh: str, reason_en: str) -> UserError:
    return UserError(
        ErrorCode.VALIDATION_ERROR, {"reason": reason_zh}, details_en={"reason": reason_en}
    )


def _expired() -> UserError:
    return UserError(ErrorCode.VERIFICATION_EXPIRED)


def _incomplete(step: MissingStep) -> UserError:
    named = message_for(step.code)
    zh, en = named.render(Lang.ZH), named.render(Lang.EN)
    # Named mid-sentence ("please complete {reason} first"): no capital letter there.
    en = en[:1].lower() + en[1:]
    return UserError(ErrorCode.REGISTRATION_INCOMPLETE, {"reason": zh}, details_en={"reason": en})


def _day_start(now: datetime) -> datetime:
    return datetime.combine(shanghai_day(now), time(0), SHANGHAI)


def face_failures_today(session: Session, document_number: str, now: datetime) -> int:
    """R-RN-4 across registrations: starting again does not give five more tries today."""
    total = session.scalar(
        select(func.coalesce(func.sum(Registration.face_failures), 0)).where(
            Registration.document_number == document_number,
            Registration.created_at >= _day_start(now),
        )
    )
    return int(total or 0)


def _registered(session: Session, number: str) -> Person | None:
    return session.scalars(select(Person).where(Person.document_number == number)).one_or_none()


# Identity check ----------------------------------------------------------------------


def start(
    *,
    session: Session,
    context: ServiceContext,
    terminal_id: uuid.UUID,
    document_type: str,
    document_number: str,
    name: str,
    authority: IdentityAuthority | None = None,
) -> RegistrationStarted:
    """R-ID-5 format, R-ID-2 hall-first types, R-ID-6 already registered, R-ID-1 identity
    check against the authority (or the hall record, R-ID-3)."""
    now = context.clock.now()
    try:
        kind = DocumentType(document_type)
    except ValueError:
        raise _invalid("证件类型未知", "unknown document type") from None
    number = normalize_document_number(document_number)
    checked = validate_document_number(kind, number, today=shanghai_day(now))
    if not checked.ok:
        raise _invalid(checked.reason_zh, checked.reason_en)
    if not name.strip():
        raise _invalid("请输入姓名。", "Please enter the name.")
    hall = latest_collection_for(session, kind, number)
    if hall is None and needs_hall_collection(kind):
        raise UserError(ErrorCode.FOREIGN_DOC_NO_HALL)  # R-ID-2 choice: staff collection
    existing = _registered(session, number)
    if existing is not None and existing.deregistered_at is None:
        raise UserError(ErrorCode.USER_ALREADY_REGISTERED)  # R-ID-6: log in / 忘记密码
    if hall is not None:
        # Staff saw the document at collection: the hall record is the identity check.
        if not (names_match(name, hall.name) or names_match(name, hall.name_latin)):
            raise UserError(ErrorCode.IDENTITY_NOT_VERIFIED)
    else:
        resident = (authority or RegistryAuthority(session)).lookup(kind, number)
        if resident is None or not names_match(name, resident.name):
            raise UserError(ErrorCode.IDENTITY_NOT_VERIFIED)  # R-ID-1
        # No reference to compare with, or today's tries spent: only the hall helps.
        if resident.face_template is None:
            raise UserError(ErrorCode.FACE_CHECK_AT_HALL)
        if face_failures_today(session, number, now) >= MAX_FACE_FAILURES:
            raise UserError(ErrorCode.FACE_CHECK_AT_HALL)
    registration = Registration(
        id=uuid.uuid4(),
        terminal_id=terminal_id,
        document_type=kind.value,
        document_number=number,
        name=name.strip(),
        hall_collected=hall is not None,
        level_on_success=HALL_LEVEL if hall is not None else DIRECT_LEVEL,
        phone=None,
        code_hash=None,
        code_sent_at=None,
        sms_failures=0,
        phone_verified_at=None,
        face_failures=0,
        face_distance=None,
        face_verified_at=None,
        person_id=None,
        completed_at=None,
        closed_at=None,
        created_at=now,
    )
    session.add(registration)
    session.flush()
    logger.info("registration %s started for %s", registration.id, mask_id_number(number))
    return RegistrationStarted(
        registration_id=str(registration.id),
        face_required=not registration.hall_collected,
        level_on_success=registration.level_on_success,
        expires_in_s=context.settings.attempt_ttl_s,
    )


def _live(
    session: Session, context: ServiceContext, registration_id: str, terminal_id: uuid.UUID
) -> Registration:
    """The open registration behind a row lock, from the terminal that started it."""
    try:
        key = uuid.UUID(registration_id)
    except ValueError:
        raise _expired() from None
    row = session.get(Registration, key, with_for_update=True, populate_existing=True)
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    if (
        row is None
        or row.terminal_id != terminal_id
        or row.completed_at is not None
        or row.closed_at is not None
        or context.clock.now() >= row.created_at + ttl
    ):
        raise _expired()
    return row


# Phone (R-PH-2, R-SMS-1) ----------------------------------------------------------------


def _scope(registration: Registration) -> str:
    return f"registration:{registration.id}"


def _secret(context: ServiceContext) -> str:
    return context.settings.secret_key.get_secret_value()


def send_sms(
    *,
    session: Session,
    context: ServiceContext,
    registration_id: str,
    terminal_id: uuid.UUID,
    phone: str,
) -> SmsSent:
    """A code to ``phone`` (resend countdown per registration, R-SMS-1 window per number).
    A new number needs its own verification."""
    registration = _live(session, context, registration_id, terminal_id)
    number = checked_phone(phone)
    now = context.clock.now()
    wait = resend_wait(registration.code_sent_at, now)
    if wait.total_seconds() > 0:
        raise UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": seconds_up(wait)})
    take_window_slot(
        session=session,
        clock=context.clock,
        phone=number,
        settings=context.settings,
        terminal_id=terminal_id,
        # One resident's registrations share a budget: not 30 numbers from one start.
        person_key=f"document:{registration.document_number}",
    )
    code = send_code(
        session=session, gateway=context.sms_gateway, phone=number, purpose=SmsPurpose.REGISTRATION
    )
    registration.phone = number
    registration.code_hash = code_digest(_secret(context), _scope(registration), code)
    registration.code_sent_at = now
    registration.phone_verified_at = None
    logger.info("registration code sent to %s", mask_phone(number))
    return SmsSent(
        phone_masked=mask_phone(number),
        resend_after_s=seconds_up(RESEND_COUNTDOWN),
        expires_in_s=seconds_up(CODE_TTL),
    )


def verify_sms(
    *,
    session: Session,
    context: ServiceContext,
    registration_id: str,
    terminal_id: uuid.UUID,
    code: str,
) -> RegistrationPhoneVerified:
    """The code once; five wrong codes end the registration (start again)."""
    registration = _live(session, context, registration_id, terminal_id)
    now = context.clock.now()
    if registration.code_hash is None or registration.code_sent_at is None:
        raise UserError(ErrorCode.SMS_NOT_SENT)
    if now >= registration.code_sent_at + CODE_TTL:
        raise UserError(ErrorCode.SMS_CODE_EXPIRED)
    given = code_digest(_secret(context), _scope(registration), typed_code(code))
    if not hmac.compare_digest(given, registration.code_hash):
        registration.sms_failures += 1
        remaining = MAX_SMS_FAILURES - registration.sms_failures
        if remaining <= 0:
            registration.closed_at = now
            raise _expired()
        raise UserError(ErrorCode.SMS_CODE_WRONG, {"remaining": remaining})
    assert registration.phone is not None
    registration.code_hash = None  # single use
    registration.phone_verified_at = now
    return RegistrationPhoneVerified(phone_masked=mask_phone(registration.phone))


# Face (R-RN-4) ---------------------------------------------------------------------------


def check_face(
    *,
    session: Session,
    context: ServiceContext,
    registration_id: str,
    terminal_id: uuid.UUID,
    template: list[float],
    authority: IdentityAuthority | None = None,
) -> RegistrationFaceChecked:
    """Distance to the authority's reference ≤ ``face_match_threshold``; the fifth failure
    of the day for this document sends the person to the hall."""
    registration = _live(session, context, registration_id, terminal_id)
    if registration.hall_collected:
        return RegistrationFaceChecked(status=RegistrationFaceStatus.NOT_REQUIRED)  # R-ID-3
    now = context.clock.now()
    kind = DocumentType(registration.document_type)
    resident = (authority or RegistryAuthority(session)).lookup(kind, registration.document_number)
    reference = None if resident is None else resident.face_template
    if reference is None or len(reference) != len(template):
        raise UserError(ErrorCode.FACE_CHECK_AT_HALL)
    failures = face_failures_today(session, registration.document_number, now)
    if failures >= MAX_FACE_FAILURES:
        registration.closed_at = now
        raise UserError(ErrorCode.FACE_CHECK_AT_HALL)
    distance = math.dist(template, reference)
    registration.face_distance = distance
    if distance > context.settings.face_match_threshold:
        registration.face_failures += 1
        remaining = MAX_FACE_FAILURES - failures - 1
        if remaining <= 0:
            registration.closed_at = now
            raise UserError(ErrorCode.FACE_CHECK_AT_HALL)
        raise UserError(ErrorCode.FACE_MISMATCH, {"remaining": remaining})
    registration.face_verified_at = now
    return RegistrationFaceChecked(status=RegistrationFaceStatus.VERIFIED)


# Completion ------------------------------------------------------------------------------


def _checked_username(session: Session, username: str | None, number: str) -> str | None:
    """R-UN-1: optional; the rule, then nobody else's username or document number."""
    if username is None or not username.strip():
        return None
    result = check_username(username)
    if not result.ok:
        raise UserError(
            ErrorCode.USERNAME_RULE,
            {"reason": result.reason_zh},
            details_en={"reason": result.reason_en},
        )
    if username_unavailable(session, username, owner_number=number):
        raise UserError(ErrorCode.USERNAME_TAKEN)
    return username


def _restore(
    session: Session,
    context: ServiceContext,
    person: Person,
    *,
    registration: Registration,
    password: str,
    username: str | None,
    terminal_id: uuid.UUID,
) -> Person:
    """R-ID-6 / R-AC-1: the deregistered account comes back with the new password."""
    now = context.clock.now()
    restore_deregistered(session=session, person_id=person.id, now=now, terminal_id=terminal_id)
    person.password_hash = context.hasher.hash(password)
    person.initial_password = False
    person.locked_until = None
    person.real_name_level = max(person.real_name_level, registration.level_on_success)
    session.execute(
        update(FailureCounter).where(FailureCounter.person_id == person.id).values(count=0)
    )
    if username is not None and username != person.username:
        # R-ID-6: registering again starts the account anew, so the username asked for is
        # a first setting (R-UN-1), not the year's change; the old one is free again.
        person.username = username
        person.username_set_at = now
        person.username_changed_at = None
    return person


def complete(
    *,
    session: Session,
    context: ServiceContext,
    registration_id: str,
    terminal_id: uuid.UUID,
    password: str,
    username: str | None,
) -> LoggedIn:
    """Create (or restore) the person, bind the verified number (R-PH-2 move), log in."""
    registration = _live(session, context, registration_id, terminal_id)
    if registration.phone_verified_at is None or registration.phone is None:
        raise _incomplete(MissingStep.PHONE)
    if not registration.hall_collected and registration.face_verified_at is None:
        raise _incomplete(MissingStep.FACE)
    problem = new_password_error(
        password, document_number=registration.document_number, phones=[registration.phone]
    )
    if problem is not None:
        raise problem
    number = registration.document_number
    name_wanted = _checked_username(session, username, number)
    now = context.clock.now()
    phone = registration.phone
    lock_number(session, phone)  # the lock order of account.phones
    existing = _registered(session, number)
    owner = owner_of(session, phone)
    people = lock_people(
        session, [*([owner] if owner else []), *([existing.id] if existing else [])]
    )
    if existing is not None:
        person = people[existing.id]
        if person.deregistered_at is None:
            raise UserError(ErrorCode.USER_ALREADY_REGISTERED)
        username_set = name_wanted is not None and name_wanted != person.username
        person = _restore(
            session,
            context,
            person,
            registration=registration,
            password=password,
            username=name_wanted,
            terminal_id=terminal_id,
        )
    else:
        try:
            with session.begin_nested():  # a concurrent twin loses on the UNIQUE indexes
                person = create_person(
                    session=session,
                    hasher=context.hasher,
                    clock=context.clock,
                    name=registration.name,
                    document_type=registration.document_type,
                    document_number=number,
                    password=password,
                    username=name_wanted,
                    real_name_level=registration.level_on_success,
                    terminal_id=terminal_id,
                )
        except IntegrityError:
            if _registered(session, number) is not None:
                raise UserError(ErrorCode.USER_ALREADY_REGISTERED) from None
            raise UserError(ErrorCode.USERNAME_TAKEN) from None
        people[person.id] = person
        username_set = name_wanted is not None
    take_number(
        session,
        people=people,
        person=person,
        number=phone,
        make_default=True,
        now=now,
        terminal_id=terminal_id,
    )
    registration.completed_at = now
    registration.person_id = person.id
    events.record(
        session,
        person_id=person.id,
        kind=EventKind.ACCOUNT_REGISTERED,
        terminal_id=terminal_id,
        at=now,
        detail={
            "level": str(registration.level_on_success),
            "hall_collected": "true" if registration.hall_collected else "false",
        },
    )
    masked = mask_phone(phone)
    events.record(
        session,
        person_id=person.id,
        kind=EventKind.PHONE_ADDED,
        terminal_id=terminal_id,
        at=now,
        detail={"phone_masked": masked},
    )
    if username_set and person.username is not None:
        events.record(
            session,
            person_id=person.id,
            kind=EventKind.USERNAME_SET,
            terminal_id=terminal_id,
            at=now,
            detail={"username": person.username},
        )
    return _log_in(session, context, person, terminal_id, now)


def _log_in(
    session: Session,
    context: ServiceContext,
    person: Person,
    terminal_id: uuid.UUID,
    now: datetime,
) -> LoggedIn:
    """A login session on this terminal, as the login's last step makes one."""
    _row, token = open_session(session, context, person, terminal_id=terminal_id, detail={})
    session.flush()
    session.expire(person, ["phones"])
    return LoggedIn(
        session_token=token,
        expires_in_s=context.settings.session_ttl_s,
        person=summary(person),
        notices=pop_notices(session, person_id=person.id, now=now),
    )
