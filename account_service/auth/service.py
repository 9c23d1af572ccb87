"""Login with two factors (R-LG-1, R-2F-1..3, R-PW-3, R-LK-1, R-SMS-1, R-PH-3/4).

Each function runs inside the caller's transaction and raises ``UserError`` for a rule's
"no"; changes made before the error (a counted failure) are committed by the caller.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from account_service.api import Bearer
from account_service.auth import acting
from account_service.auth.faces import check_face, face_reference, raise_level_after_face
from account_service.auth.lockout import (
    before_verifying,
    record_failure,
    record_success,
    refuse_if_locked,
)
from account_service.auth.lookup import PasswordVerdict, identify_for_password, password_ok
from account_service.auth.models import (
    AttemptStatus,
    AuthSession,
    LoginAttempt,
    PasswordChangeToken,
)
from account_service.auth.sessions import live_session
from account_service.context import ServiceContext
from account_service.enterprises import relations
from account_service.enterprises.models import Enterprise
from account_service.persons.models import Person
from account_service.persons.passwords import person_password_error
from account_service.persons.service import lock_person, summary
from account_service.quick_login.service import SeenFrom, mark_failure
from account_service.security import (
    code_digest,
    new_token,
    password_matches,
    sha256_hex,
)
from account_service.sms.gateway import SmsPurpose
from account_service.sms.service import send_code, take_window_slot, typed_code
from account_service.trail import events
from account_service.trail.models import PersonNotice
from account_service.trail.notices import pop_notices
from kiosk.domain.lockout import AuthMethod
from kiosk.domain.masking import mask_phone
from kiosk.domain.sms_window import CODE_TTL, RESEND_COUNTDOWN, resend_wait, seconds_up
from kiosk.protocol.auth import (
    LoggedIn,
    PasswordAccepted,
    PasswordChangeRequired,
    SessionAnswer,
    SmsSent,
)
from kiosk.protocol.enterprise import Entry
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import NoticeKind

logger = logging.getLogger(__name__)


def second_factors(session: Session, context: ServiceContext, person: Person) -> list[str]:
    """R-2F-1: the configured second factors, face only when there is a face to compare
    with (the terminal offers it only when it also has a camera)."""
    offered: list[str] = list(context.settings.second_factors)
    if "face" in offered and face_reference(session, person) is None:
        offered.remove("face")
    return offered


# How many earlier owners of a number are tried: a bound on the extra hashing per login.
_LOSERS_TRIED = 5


def _lost_this_number(
    session: Session, context: ServiceContext, number: str, password: str
) -> bool:
    """Whether ``password`` is that of someone this number moved away from (R-PH-2).

    Notices keep only the masked number (no personal data at rest beyond need), so the
    mask narrows the candidates and the password decides."""
    losers = session.scalars(
        select(Person)
        .join(PersonNotice, PersonNotice.person_id == Person.id)
        .where(
            PersonNotice.kind == NoticeKind.PHONE_MOVED.value,
            PersonNotice.phone_masked == mask_phone(number),
            Person.deregistered_at.is_(None),
        )
        .order_by(PersonNotice.at.desc())
        .limit(_LOSERS_TRIED)
    ).unique()
    return any(password_matches(context.hasher, loser.password_hash, password) for loser in losers)


def start_login(
    *,
    session: Session,
    context: ServiceContext,
    identifier: str,
    password: str,
    terminal_id: uuid.UUID | None = None,
    verdict: PasswordVerdict | None = None,
    enterprise_code: str | None = None,
) -> PasswordAccepted:
    """First factor. Success opens a new attempt and voids the person's older ones.
    ``verdict``: the password checked before this transaction (``check_password_first``).
    ``enterprise_code``: 企业业务 (R-EN-1); the relation is looked at only once the password
    is right, so the entry tells a stranger nothing about who works where (R-RE-8)."""
    code = relations.enterprise_code(enterprise_code) if enterprise_code is not None else None
    now = context.clock.now()
    found, login_phone = identify_for_password(
        session,
        context,
        identifier,
        password,
        now=now,
        terminal_id=terminal_id,
        decoy_done=verdict is not None and verdict.person_id is None,
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
    if not password_ok(context, person, password, verdict):
        if login_phone is not None and _lost_this_number(session, context, login_phone, password):
            # R-PH-3: the number was taken from the person typing it (R-PH-2). Tell them
            # so, and do not count their habit against the number's new owner (R-LK-1).
            seen = SeenFrom(person_id=person.id, terminal_id=terminal_id)
            mark_failure(session=session, context=context, seen=seen, now=now)
            raise UserError(ErrorCode.PHONE_NOT_FOUND)
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
    if context.hasher.check_needs_rehash(person.password_hash):
        person.password_hash = context.hasher.hash(password)
    enterprise = relations.entry_enterprise(session, person, code) if code is not None else None
    return first_factor_passed(
        session, context, person, login_phone=login_phone, enterprise=enterprise, now=now
    )


def first_factor_passed(
    session: Session,
    context: ServiceContext,
    person: Person,
    *,
    login_phone: str | None,
    enterprise: Enterprise | None,
    now: datetime,
) -> PasswordAccepted:
    """A new attempt at the second factor (the password, or the enterprise's certificate
    medium, was right): older attempts and their codes are void (R-2F-3); the code goes to
    the login phone, else the default phone (R-2F-2); an account still on its initial
    password changes it whatever the first factor was (R-PW-3: that password is known to
    anyone who knows the document number)."""
    session.execute(
        update(LoginAttempt)
        .where(LoginAttempt.person_id == person.id, LoginAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.VOIDED)
    )
    sms_phone = login_phone or person.default_phone
    attempt = LoginAttempt(
        id=uuid.uuid4(),
        person_id=person.id,
        status=AttemptStatus.OPEN,
        sms_phone=sms_phone,
        initial_password=person.initial_password,
        created_at=now,
        code_hash=None,
        code_sent_at=None,
        enterprise_id=enterprise.id if enterprise is not None else None,
    )
    session.add(attempt)
    return PasswordAccepted(
        attempt_id=str(attempt.id),
        sms_phone_masked=mask_phone(sms_phone) if sms_phone else None,
        initial_password=person.initial_password,
        second_factors=second_factors(session, context, person),
    )


def _open_attempt(
    session: Session, context: ServiceContext, attempt_id: str
) -> tuple[LoginAttempt, Person]:
    """The attempt (behind its person's row lock), or ATTEMPT_NOT_FOUND / SMS_CODE_VOID."""
    try:
        key = uuid.UUID(attempt_id)
    except ValueError:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND) from None
    found = session.get(LoginAttempt, key)
    if found is None:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    person = lock_person(session=session, person_id=found.person_id)
    attempt = session.get(LoginAttempt, key, populate_existing=True)
    assert attempt is not None
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    if attempt.status is AttemptStatus.FINISHED or context.clock.now() >= attempt.created_at + ttl:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    if attempt.status is AttemptStatus.VOIDED:
        raise UserError(ErrorCode.SMS_CODE_VOID)  # R-2F-3
    return attempt, person


def send_login_sms(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    terminal_id: uuid.UUID | None = None,
) -> SmsSent:
    attempt, person = _open_attempt(session, context, attempt_id)
    now = context.clock.now()
    refuse_if_locked(person, now)
    if attempt.sms_phone is None:
        raise UserError(ErrorCode.PHONE_EMPTY)  # R-PH-4
    wait = resend_wait(attempt.code_sent_at, now)  # R-2F-3: per attempt
    if wait.total_seconds() > 0:
        raise UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": seconds_up(wait)})
    take_window_slot(  # R-SMS-1, and the budgets across numbers
        session=session,
        clock=context.clock,
        phone=attempt.sms_phone,
        settings=context.settings,
        terminal_id=terminal_id,
        person_key=f"person:{person.id}",
    )
    code = send_code(
        session=session,
        gateway=context.sms_gateway,
        phone=attempt.sms_phone,
        purpose=SmsPurpose.LOGIN,
    )
    attempt.code_hash = code_digest(_secret(context), str(attempt.id), code)
    attempt.code_sent_at = now
    logger.info("login code sent to %s", mask_phone(attempt.sms_phone))
    return SmsSent(
        phone_masked=mask_phone(attempt.sms_phone),
        resend_after_s=seconds_up(RESEND_COUNTDOWN),
        expires_in_s=seconds_up(CODE_TTL),
    )


def _is_voided_code(session: Session, context: ServiceContext, person: Person, code: str) -> bool:
    """Whether ``code`` is the still-fresh code of one of the person's voided attempts."""
    since = context.clock.now() - CODE_TTL
    voided = session.scalars(
        select(LoginAttempt).where(
            LoginAttempt.person_id == person.id,
            LoginAttempt.status == AttemptStatus.VOIDED,
            LoginAttempt.code_sent_at >= since,
        )
    )
    secret = _secret(context)
    return any(
        a.code_hash is not None
        and hmac.compare_digest(code_digest(secret, str(a.id), code), a.code_hash)
        for a in voided
    )


def _secret(context: ServiceContext) -> str:
    return context.settings.secret_key.get_secret_value()


def verify_login_sms(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    code: str,
    terminal_id: uuid.UUID,
) -> LoggedIn | PasswordChangeRequired:
    attempt, person = _open_attempt(session, context, attempt_id)
    now = context.clock.now()
    code = typed_code(code)
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.SMS,
        now=now,
        terminal_id=terminal_id,
    )
    if attempt.code_hash is None or attempt.code_sent_at is None:
        if _is_voided_code(session, context, person, code):
            raise UserError(ErrorCode.SMS_CODE_VOID)  # R-2F-3: the seed's trap, said plainly
        raise UserError(ErrorCode.SMS_NOT_SENT)
    if now >= attempt.code_sent_at + CODE_TTL:
        raise UserError(ErrorCode.SMS_CODE_EXPIRED)
    given = code_digest(_secret(context), str(attempt.id), code)
    if not hmac.compare_digest(given, attempt.code_hash):
        if _is_voided_code(session, context, person, code):
            # The code of an attempt voided by re-entering the password: tell the person
            # why it no longer works instead of counting it toward the lock.
            raise UserError(ErrorCode.SMS_CODE_VOID)
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
    return finish_attempt(
        session, context, attempt, person, terminal_id=terminal_id, method=AuthMethod.SMS
    )


def verify_login_face(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    template: list[float],
    terminal_id: uuid.UUID,
) -> LoggedIn | PasswordChangeRequired:
    """Second factor by the kiosk camera (R-2F-1): the service judges the template against
    the person's reference; failures count as the face method's own (R-LK-1). A passed
    face login lifts level 3 to 4 (R-RN-3)."""
    attempt, person = _open_attempt(session, context, attempt_id)
    now = context.clock.now()
    refuse_if_locked(person, now)
    check_face(
        session=session,
        context=context,
        person=person,
        template=template,
        now=now,
        terminal_id=terminal_id,
    )
    raise_level_after_face(session, person, terminal_id=terminal_id, now=now)
    return finish_attempt(
        session, context, attempt, person, terminal_id=terminal_id, method=AuthMethod.FACE
    )


def finish_attempt(
    session: Session,
    context: ServiceContext,
    attempt: LoginAttempt,
    person: Person,
    *,
    terminal_id: uuid.UUID,
    method: AuthMethod | str,
) -> LoggedIn | PasswordChangeRequired:
    """Both factors are done: the attempt is spent, then R-PW-3's change token or the
    session (whatever the second factor was)."""
    now = context.clock.now()
    attempt.status = AttemptStatus.FINISHED
    if attempt.initial_password:
        return issue_change_token(session, context, person, now)
    method_name = method.value if isinstance(method, AuthMethod) else method
    enterprise = session.get(Enterprise, attempt.enterprise_id) if attempt.enterprise_id else None
    row, token = open_session(
        session,
        context,
        person,
        terminal_id=terminal_id,
        detail={"method": method_name},
        enterprise=enterprise,
        second_factor=method_name,
    )
    return LoggedIn(
        session_token=token,
        expires_in_s=context.settings.session_ttl_s,
        person=summary(person),
        # R-PH-2: "your number was taken by someone who verified it", once, at this login.
        notices=pop_notices(session, person_id=person.id, now=now),
        acting=acting.acting(session, context, row, person),
    )


def issue_change_token(
    session: Session, context: ServiceContext, person: Person, now: datetime
) -> PasswordChangeRequired:
    """R-PW-3: an initial-password login ends in a password change, never a session."""
    token = new_token()
    session.add(
        PasswordChangeToken(
            token_hash=sha256_hex(token),
            person_id=person.id,
            created_at=now,
            expires_at=now + timedelta(seconds=context.settings.change_token_ttl_s),
            used_at=None,
        )
    )
    return PasswordChangeRequired(change_token=token)


def open_session(
    session: Session,
    context: ServiceContext,
    person: Person,
    *,
    terminal_id: uuid.UUID,
    detail: dict[str, str],
    enterprise: Enterprise | None = None,
    second_factor: str | None = None,
) -> tuple[AuthSession, str]:
    """A new login session, bound to the terminal that opened it, and its history row;
    through 企业业务 it acts for ``enterprise`` (R-EN-1). Returns (row, token)."""
    now = context.clock.now()
    token = new_token()
    ttl = context.settings.session_ttl_s
    row = AuthSession(
        id=uuid.uuid4(),
        token_hash=sha256_hex(token),
        person_id=person.id,
        terminal_id=terminal_id,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl),
        ended_at=None,
        entry=Entry.NATURAL_PERSON.value,
        second_factor=second_factor,
        as_agent=False,
    )
    if enterprise is not None:
        acting.enter(session, row, person, enterprise, second_factor=second_factor or "")
        detail = {**detail, "enterprise_code": enterprise.code}
    session.add(row)
    events.record(
        session,
        person_id=person.id,
        kind=events.EventKind.LOGIN,
        terminal_id=terminal_id,
        at=now,
        detail=detail,
    )
    return row, token


def change_initial_password(
    *, session: Session, context: ServiceContext, change_token: str, new_password: str
) -> None:
    """R-PW-3: replace the initial password; the person logs in again afterwards."""
    now = context.clock.now()
    row = session.get(PasswordChangeToken, sha256_hex(change_token), with_for_update=True)
    if row is None or row.used_at is not None or now >= row.expires_at:
        raise UserError(ErrorCode.SESSION_INVALID)
    person = lock_person(session=session, person_id=row.person_id)
    problem = person_password_error(new_password, person)
    if problem is not None:
        raise problem
    if password_matches(context.hasher, person.password_hash, new_password):
        raise UserError(ErrorCode.PASSWORD_SAME_AS_INITIAL)
    row.used_at = now
    person.password_hash = context.hasher.hash(new_password)
    person.initial_password = False
    session.execute(
        update(LoginAttempt)
        .where(LoginAttempt.person_id == person.id, LoginAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.VOIDED)
    )


def current_session(*, session: Session, context: ServiceContext, token: Bearer) -> SessionAnswer:
    row = live_session(session, context, token)
    person = session.get(Person, row.person_id)
    assert person is not None
    return SessionAnswer(
        person=summary(person),
        expires_in_s=seconds_up(row.expires_at - context.clock.now()),
        acting=acting.acting(session, context, row, person),
    )


def logout(*, session: Session, context: ServiceContext, token: Bearer) -> None:
    row = live_session(session, context, token)
    row.ended_at = context.clock.now()
