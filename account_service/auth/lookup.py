"""Looking a person up by what they typed at a password entry, without telling strangers
more than the seeds' messages do (R-ID-6, R-PH-3). An identifier that names nobody costs
the time of a wrong password (a decoy check) and one look-up of the terminal's budget
(``terminal_unknown_ids_per_10min``): enumeration is neither faster nor unlimited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.persons.service import identify
from account_service.security import password_matches, verify_nothing
from account_service.throttle.service import Scope, budget, spend
from kiosk.domain.sms_window import seconds_up
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

NOBODY = frozenset({ErrorCode.USER_NOT_REGISTERED, ErrorCode.PHONE_NOT_FOUND})


def identify_for_password(
    session: Session,
    context: ServiceContext,
    identifier: str,
    password: str,
    *,
    now: datetime,
    terminal_id: uuid.UUID | None,
    decoy_done: bool = False,
) -> tuple[Person, str | None]:
    try:
        return identify(session, identifier, now=now)
    except UserError as error:
        if error.code not in NOBODY:
            raise
        if not decoy_done:
            verify_nothing(context.hasher, password)
        refuse_unknown_lookup(session, context, now=now, terminal_id=terminal_id)
        raise


def refuse_unknown_lookup(
    session: Session, context: ServiceContext, *, now: datetime, terminal_id: uuid.UUID | None
) -> None:
    """Count one look-up of nobody for this terminal; TERMINAL_THROTTLED past its budget."""
    if terminal_id is None:
        return
    wait = spend(session, budget(context.settings, Scope.UNKNOWN_IDS), str(terminal_id), now)
    if wait > timedelta(0):
        raise UserError(ErrorCode.TERMINAL_THROTTLED, {"retry_after_s": seconds_up(wait)})


@dataclass(frozen=True, slots=True)
class PasswordVerdict:
    """A password checked before the login's write transaction: for which person, against
    which hash, and whether it matched. ``person_id`` None: the identifier names nobody
    (the decoy check was done)."""

    person_id: uuid.UUID | None
    password_hash: str | None = field(default=None, repr=False)
    matches: bool = False


def check_password_first(
    context: ServiceContext, identifier: str, password: str, *, now: datetime
) -> PasswordVerdict | None:
    """The argon2 work of a login, in a read transaction (no write lock is held while it
    hashes: SQLite has one writer). None when the identifier cannot be looked up at all
    (the login's own transaction says why)."""
    with context.read_sessions() as session:
        try:
            person, _phone = identify(session, identifier, now=now)
        except UserError as error:
            if error.code not in NOBODY:
                return None
            verify_nothing(context.hasher, password)
            return PasswordVerdict(person_id=None)
        person_id, stored = person.id, person.password_hash
    return PasswordVerdict(person_id, stored, password_matches(context.hasher, stored, password))


def password_ok(
    context: ServiceContext, person: Person, password: str, verdict: PasswordVerdict | None
) -> bool:
    """The verdict when it is about this person's current hash, else the check now (the
    password changed between the two: rare, and then correct)."""
    if (
        verdict is not None
        and verdict.person_id == person.id
        and verdict.password_hash == person.password_hash
    ):
        return verdict.matches
    return password_matches(context.hasher, person.password_hash, password)
