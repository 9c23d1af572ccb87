"""The account center (logged in): view, confirmations by SMS (phones R-PH-1/2/7,
deregistration R-AC-1), username (R-UN-1), password change (R-PW-5), history (R-AC-2),
and the notices delivered at login.

Each function runs inside the caller's transaction and raises ``UserError`` for a rule's
"no"; changes made before the error (a counted failure) are committed by the caller.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from account_service.account.models import AccountVerification, Purpose
from account_service.account.phones import (
    lock_number,
    lock_people,
    owner_of,
    phones_of,
    remove_phone,
    set_default,
    take_number,
)
from account_service.account.recovery import checked_phone
from account_service.account.usernames import username_unavailable
from account_service.account.verification import (
    check_code,
    expired,
    open_for,
    open_verification,
    peek,
    reload_live,
    send_verification_code,
)
from account_service.api import Bearer
from account_service.auth import faces
from account_service.auth.lockout import (
    before_verifying,
    record_failure,
    record_success,
    refuse_if_locked,
)
from account_service.auth.sessions import end_sessions, live_session
from account_service.context import ServiceContext
from account_service.persons.models import Person, Phone
from account_service.persons.passwords import person_password_error
from account_service.persons.service import lock_person, summary
from account_service.security import password_matches
from account_service.sms.gateway import SmsPurpose
from account_service.terminals.models import Terminal
from account_service.trail import events
from account_service.trail.events import EventKind
from account_service.trail.models import AccountHistory, PersonNotice
from account_service.trail.notices import (
    notice_out,
)
from kiosk.domain.lockout import SHANGHAI, AuthMethod
from kiosk.domain.masking import mask_phone
from kiosk.domain.usernames import can_change_username, check_username, next_username_change
from kiosk.protocol.account import (
    AccountView,
    ConfirmationAction,
    ConfirmationDone,
    ConfirmationStarted,
    HistoryEvent,
    HistoryList,
    PhoneEntry,
)
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

HISTORY_LIMIT = 200
NOTICE_LIMIT = 20
SAME_AS_OLD = ("与原密码相同", "it is the same as the current password")


def person_for_session(session: Session, context: ServiceContext, token: Bearer) -> Person:
    """The logged-in person (no row lock), or SESSION_INVALID (a deregistered person's
    sessions are ended, but check anyway)."""
    row = live_session(session, context, token)
    person = session.get(Person, row.person_id)
    if person is None or person.deregistered_at is not None:
        raise UserError(ErrorCode.SESSION_INVALID)
    return person


# Reading ------------------------------------------------------------------------------


def account_view(session: Session, context: ServiceContext, person: Person) -> AccountView:
    now = context.clock.now()
    notices = session.scalars(
        select(PersonNotice)
        .where(PersonNotice.person_id == person.id)
        .order_by(PersonNotice.at.desc())
        .limit(NOTICE_LIMIT)
    ).all()
    next_change = (
        None
        if person.username_set_at is None
        else next_username_change(person.username_changed_at, now)
    )
    return AccountView(
        person=summary(person),
        phones=[
            PhoneEntry(phone_id=p.id, phone_masked=mask_phone(p.number), is_default=p.is_default)
            for p in phones_of(session, person.id)
        ],
        username=person.username,
        username_next_change_on=None if next_change is None else next_change.date(),
        real_name_level=person.real_name_level,
        notices=[notice_out(n) for n in notices],
        phone_limit=context.settings.phone_limit,
    )


def get_account(*, session: Session, context: ServiceContext, token: Bearer) -> AccountView:
    return account_view(session, context, person_for_session(session, context, token))


def history(*, session: Session, context: ServiceContext, token: Bearer) -> HistoryList:
    person = person_for_session(session, context, token)
    rows = session.execute(
        select(AccountHistory, Terminal.name)
        .outerjoin(Terminal, Terminal.id == AccountHistory.terminal_id)
        .where(AccountHistory.person_id == person.id, AccountHistory.hidden_at.is_(None))
        .order_by(AccountHistory.at.desc(), AccountHistory.id)
        .limit(HISTORY_LIMIT)
    ).all()
    out = []
    for row, terminal_name in rows:
        zh, en = events.render(row.kind, json.loads(row.detail))
        out.append(
            HistoryEvent(
                event_id=str(row.id),
                at=row.at,
                kind=row.kind,
                terminal_name=terminal_name,
                detail_zh=zh,
                detail_en=en,
            )
        )
    return HistoryList(events=out)


def clear_history(
    *, session: Session, context: ServiceContext, token: Bearer, event_id: str
) -> None:
    """R-AC-2: hidden from the list, never deleted."""
    person = person_for_session(session, context, token)
    try:
        key = uuid.UUID(event_id)
    except ValueError:
        raise UserError(ErrorCode.HISTORY_EVENT_UNKNOWN) from None
    row = session.get(AccountHistory, key, with_for_update=True)
    if row is None or row.person_id != person.id or row.hidden_at is not None:
        raise UserError(ErrorCode.HISTORY_EVENT_UNKNOWN)
    row.hidden_at = context.clock.now()


# Confirmations ------------------------------------------------------------------------


def _own_phone(session: Session, person: Person, phone_id: int | None) -> Phone:
    phone = None if phone_id is None else session.get(Phone, phone_id, populate_existing=True)
    if phone is None or phone.person_id != person.id:
        raise UserError(ErrorCode.PHONE_UNKNOWN_ON_ACCOUNT)
    return phone


def _check_can_add(session: Session, context: ServiceContext, person: Person, number: str) -> None:
    phones = phones_of(session, person.id)
    if any(p.number == number for p in phones):
        raise UserError(ErrorCode.PHONE_ALREADY_YOURS)
    limit = context.settings.phone_limit
    if len(phones) >= limit:
        raise UserError(ErrorCode.PHONE_LIMIT_REACHED, {"limit": limit})


def start_confirmation(
    *,
    session: Session,
    context: ServiceContext,
    token: Bearer,
    action: ConfirmationAction,
    phone: str | None,
    phone_id: int | None,
) -> ConfirmationStarted:
    """Check the action's rules, open the verification and send its code at once."""
    me = person_for_session(session, context, token)
    person = lock_person(session=session, person_id=me.id)
    now = context.clock.now()
    refuse_if_locked(person, now)
    target: int | None = None
    if action is ConfirmationAction.ADD_PHONE:
        destination = checked_phone(phone)
        _check_can_add(session, context, person, destination)
    elif action is ConfirmationAction.DEREGISTER or action is ConfirmationAction.REMOVE_PHONE:
        if action is ConfirmationAction.REMOVE_PHONE:
            target = _own_phone(session, person, phone_id).id
        default = person.default_phone  # the owner agrees on their default number
        if default is None:
            raise UserError(ErrorCode.PHONE_EMPTY)
        destination = default
    else:  # SET_DEFAULT_PHONE: the number itself must receive codes (R-PH-7)
        chosen = _own_phone(session, person, phone_id)
        target, destination = chosen.id, chosen.number
    verification = open_verification(
        session,
        person_id=person.id,
        purpose=Purpose.CONFIRMATION,
        now=now,
        action=action,
        phone=destination,
        phone_id=target,
    )
    sent = send_verification_code(
        session,
        context,
        verification,
        destination,
        SmsPurpose.PHONE_CHANGE,
        terminal_id=token.terminal_id,
    )
    return ConfirmationStarted(
        verification_id=str(verification.id),
        action=action,
        phone_masked=sent.phone_masked,
        resend_after_s=sent.resend_after_s,
        expires_in_s=sent.expires_in_s,
    )


def _mine(verification: AccountVerification, person: Person) -> None:
    if verification.person_id != person.id:
        raise expired()  # another person's verification: as if it did not exist


def resend_confirmation(
    *, session: Session, context: ServiceContext, token: Bearer, verification_id: str
) -> SmsSent:
    me = person_for_session(session, context, token)
    _mine(peek(session, verification_id, Purpose.CONFIRMATION), me)
    verification, person = open_for(session, context, verification_id, Purpose.CONFIRMATION)
    refuse_if_locked(person, context.clock.now())
    if verification.phone is None:  # pragma: no cover - set when the confirmation opened
        raise expired()
    return send_verification_code(
        session,
        context,
        verification,
        verification.phone,
        SmsPurpose.PHONE_CHANGE,
        terminal_id=token.terminal_id,
    )


def verify_confirmation(
    *,
    session: Session,
    context: ServiceContext,
    token: Bearer,
    verification_id: str,
    code: str,
    terminal_id: uuid.UUID,
) -> ConfirmationDone:
    me = person_for_session(session, context, token)
    found = peek(session, verification_id, Purpose.CONFIRMATION)
    _mine(found, me)
    if found.action is None:  # pragma: no cover - set when the confirmation opened
        raise expired()
    action = ConfirmationAction(found.action)
    number = found.phone
    involved = [me.id]
    if action is ConfirmationAction.ADD_PHONE and number is not None:
        lock_number(session, number)  # the lock order of account.phones
        owner = owner_of(session, number)
        involved += [owner] if owner else []
    people = lock_people(session, involved)
    person = people[me.id]
    verification = reload_live(session, context, found)
    now = context.clock.now()
    refuse_if_locked(person, now)
    check_code(session, context, verification, person, code, terminal_id=terminal_id)
    verification.used_at = now
    assert number is not None
    masked = mask_phone(number)

    def record(kind: EventKind, detail: dict[str, str]) -> None:
        events.record(
            session,
            person_id=person.id,
            kind=kind,
            terminal_id=terminal_id,
            at=now,
            detail=detail,
        )

    if action is ConfirmationAction.ADD_PHONE:
        _check_can_add(session, context, person, number)
        take_number(
            session,
            people=people,
            person=person,
            number=number,
            make_default=False,
            now=now,
            terminal_id=terminal_id,
        )
        record(EventKind.PHONE_ADDED, {"phone_masked": masked})
    elif action is ConfirmationAction.REMOVE_PHONE:
        gone = _own_phone(session, person, verification.phone_id)
        removed = remove_phone(session, person, gone.id)
        record(EventKind.PHONE_REMOVED, {"phone_masked": mask_phone(removed)})
    elif action is ConfirmationAction.SET_DEFAULT_PHONE:
        chosen = _own_phone(session, person, verification.phone_id)
        set_default(session, person, chosen.id)
        record(EventKind.PHONE_DEFAULT, {"phone_masked": mask_phone(chosen.number)})
    else:  # DEREGISTER (R-AC-1): relations stay; every entry now says not registered
        person.deregistered_at = now
        end_sessions(session, person.id, now)
        record(EventKind.ACCOUNT_DEREGISTERED, {})
        return ConfirmationDone(action=action, account=None)
    return ConfirmationDone(action=action, account=account_view(session, context, person))


# Username and password ----------------------------------------------------------------


def set_username(
    *,
    session: Session,
    context: ServiceContext,
    token: Bearer,
    username: str,
    terminal_id: uuid.UUID,
) -> AccountView:
    """R-UN-1: the first setting is free; a change once per Shanghai calendar year."""
    me = person_for_session(session, context, token)
    person = lock_person(session=session, person_id=me.id)
    now = context.clock.now()
    result = check_username(username)
    if not result.ok:
        raise UserError(
            ErrorCode.USERNAME_RULE,
            {"reason": result.reason_zh},
            details_en={"reason": result.reason_en},
        )
    if username == person.username:
        return account_view(session, context, person)  # the same name: nothing changes
    first = person.username_set_at is None
    if not first and not can_change_username(person.username_changed_at, now):
        next_on = next_username_change(person.username_changed_at, now)
        assert next_on is not None
        raise UserError(
            ErrorCode.USERNAME_CHANGE_TOO_SOON,
            {"next_change_on": next_on.astimezone(SHANGHAI).date().isoformat()},
        )
    if username_unavailable(session, username, owner_number=person.document_number):
        raise UserError(ErrorCode.USERNAME_TAKEN)
    try:
        with session.begin_nested():  # a concurrent twin loses on the UNIQUE index
            person.username = username
            if first:
                person.username_set_at = now
            else:
                person.username_changed_at = now
            session.flush()
    except IntegrityError:
        raise UserError(ErrorCode.USERNAME_TAKEN) from None
    events.record(
        session,
        person_id=person.id,
        kind=EventKind.USERNAME_SET if first else EventKind.USERNAME_CHANGED,
        terminal_id=terminal_id,
        at=now,
        detail={"username": username},
    )
    return account_view(session, context, person)


def change_password(
    *,
    session: Session,
    context: ServiceContext,
    token: Bearer,
    old_password: str,
    new_password: str,
    terminal_id: uuid.UUID,
) -> None:
    """R-PW-5 in the account center; every *other* session of the person ends."""
    current = live_session(session, context, token)
    me = person_for_session(session, context, token)
    person = lock_person(session=session, person_id=me.id)
    now = context.clock.now()
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.PASSWORD,
        now=now,
        terminal_id=terminal_id,
    )
    if not password_matches(context.hasher, person.password_hash, old_password):
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
    problem = person_password_error(new_password, person)
    if problem is not None:
        raise problem
    if password_matches(context.hasher, person.password_hash, new_password):
        zh, en = SAME_AS_OLD
        raise UserError(ErrorCode.PASSWORD_RULE, {"reason": zh}, details_en={"reason": en})
    person.password_hash = context.hasher.hash(new_password)
    person.initial_password = False
    end_sessions(session, person.id, now, keep=current.id)
    events.record(
        session,
        person_id=person.id,
        kind=EventKind.PASSWORD_CHANGED,
        terminal_id=terminal_id,
        at=now,
        detail={},
    )


# Real-name level (R-RN-2/3) ------------------------------------------------------------


def raise_level_by_face(
    *,
    session: Session,
    context: ServiceContext,
    token: Bearer,
    template: list[float],
    terminal_id: uuid.UUID,
) -> AccountView:
    """个人实名等级 3 → 4 by a live face check (R-RN-3), also what a level-3 person is asked
    before key business (R-RN-2). Level 4 and 5 have nothing to raise: the view as it is.

    The fifth failure of the day locks the account (R-LK-1), which ends its sessions
    (``auth.lockout``)."""
    row = live_session(session, context, token)
    person = lock_person(session=session, person_id=row.person_id)
    if person.deregistered_at is not None:
        raise UserError(ErrorCode.SESSION_INVALID)
    now = context.clock.now()
    if person.real_name_level >= faces.FACE_LEVEL:
        return account_view(session, context, person)
    faces.check_face(
        session=session,
        context=context,
        person=person,
        template=template,
        now=now,
        terminal_id=terminal_id,
    )
    faces.raise_level_after_face(session, person, terminal_id=terminal_id, now=now)
    return account_view(session, context, person)
