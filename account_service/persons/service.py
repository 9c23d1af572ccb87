"""Finding and creating persons (R-LG-1 lookups, R-PH-1 one owner per number)."""

from __future__ import annotations

import uuid
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.clock import Clock
from account_service.persons.models import Person, Phone
from account_service.persons.usernames import release_username_for
from account_service.trail import events
from kiosk.domain.identifiers import (
    IdentifierKind,
    classify_identifier,
    identifier_problem,
    normalize_identifier,
)
from kiosk.domain.lockout import shanghai_day
from kiosk.domain.masking import mask_id_number, mask_name, mask_phone
from kiosk.domain.passwords import initial_password
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, identifier_code
from kiosk.protocol.people import PersonSummary


def create_person(
    *,
    session: Session,
    hasher: PasswordHasher,
    clock: Clock,
    name: str,
    document_type: str,
    document_number: str,
    password: str | None,
    phones: tuple[str, ...] = (),
    username: str | None = None,
    real_name_level: int = 4,
    terminal_id: uuid.UUID | None = None,
) -> Person:
    """``password=None`` gives the person the initial password (R-PW-3). A username equal
    to the new document number is released from its owner (``persons.usernames``)."""
    release_username_for(session, number=document_number, now=clock.now(), terminal_id=terminal_id)
    on_initial = password is None
    secret = initial_password(document_number) if password is None else password
    person = Person(
        id=uuid.uuid4(),
        name=name,
        document_type=document_type,
        document_number=document_number,
        password_hash=hasher.hash(secret),
        initial_password=on_initial,
        username=username,
        real_name_level=real_name_level,
        locked_until=None,
        created_at=clock.now(),
        deregistered_at=None,
        # R-UN-1: a username given at registration spends the free first setting.
        username_set_at=clock.now() if username is not None else None,
        username_changed_at=None,
    )
    session.add(person)
    session.flush()
    for index, number in enumerate(phones):
        session.add(Phone(number=number, person_id=person.id, is_default=index == 0))
    session.flush()
    session.refresh(person)
    return person


def find_phone(*, session: Session, number: str) -> Phone | None:
    return session.scalars(select(Phone).where(Phone.number == number)).one_or_none()


def find_person(*, session: Session, kind: IdentifierKind, text: str) -> Person | None:
    """Phone numbers go through ``find_phone``. A username-shaped string may also be a
    foreign document number: the document number wins (R-LG-1, docs: a login identifier
    resolves to one person), and registering a number releases a username equal to it
    (``release_username_for``), so the username is only the fallback."""
    # Document numbers are stored upper-cased (kiosk.domain.documents normalization).
    number = text.upper()
    holder = session.scalars(select(Person).where(Person.document_number == number)).one_or_none()
    if holder is not None or kind is not IdentifierKind.USERNAME:
        return holder
    return session.scalars(select(Person).where(Person.username == text)).one_or_none()


def identify(session: Session, identifier: str, *, now: datetime) -> tuple[Person, str | None]:
    """The person a typed login identifier names, and the phone when a phone was typed
    (R-2F-2); or why not: INVALID_IDENTIFIER (R-LG-1), ID_NUMBER_INVALID (R-ID-5, which
    part), PHONE_NOT_FOUND (R-PH-3), USER_NOT_REGISTERED (R-ID-6, R-AC-1)."""
    text = normalize_identifier(identifier)
    problem = identifier_problem(text, today=shanghai_day(now))
    if problem is not None:
        raise UserError(
            identifier_code(problem),
            {"reason": problem.reason_zh},
            details_en={"reason": problem.reason_en},
        )
    kind = classify_identifier(text)
    if kind is IdentifierKind.PHONE:
        phone = find_phone(session=session, number=text)
        # R-PH-3: the number belongs to nobody, or to a deregistered person (R-AC-1).
        if phone is None or phone.person.deregistered_at is not None:
            raise UserError(ErrorCode.PHONE_NOT_FOUND)
        return phone.person, phone.number
    assert kind is not None  # identifier_problem refuses what fits no kind
    person = find_person(session=session, kind=kind, text=text)
    if person is None or person.deregistered_at is not None:
        raise UserError(ErrorCode.USER_NOT_REGISTERED)
    return person, None


def lock_person(*, session: Session, person_id: uuid.UUID) -> Person:
    """Row lock (PostgreSQL FOR UPDATE; SQLite already holds the single write lock): every
    rule that races on one person (the 5th failure) runs behind it."""
    person = session.get(Person, person_id, with_for_update=True, populate_existing=True)
    if person is None:  # pragma: no cover - callers found the person in this transaction
        raise LookupError("person vanished")
    return person


def restore_deregistered(
    *, session: Session, person_id: uuid.UUID, now: datetime, terminal_id: uuid.UUID | None
) -> Person:
    """R-AC-1: registering again restores a deregistered account (event
    ``account.restored``); relations were kept, so they apply again. A person who is not
    deregistered is left alone."""
    person = lock_person(session=session, person_id=person_id)
    if person.deregistered_at is None:
        return person
    person.deregistered_at = None
    events.record(
        session,
        person_id=person.id,
        kind=events.EventKind.ACCOUNT_RESTORED,
        terminal_id=terminal_id,
        at=now,
        detail={},
    )
    return person


def summary(person: Person) -> PersonSummary:
    phone = person.default_phone
    return PersonSummary(
        person_id=str(person.id),
        name_masked=mask_name(person.name),
        id_number_masked=mask_id_number(person.document_number),
        real_name_level=person.real_name_level,
        username=person.username,
        phone_masked=mask_phone(phone) if phone else None,
    )
