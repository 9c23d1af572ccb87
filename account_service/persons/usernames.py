"""R-UN-1 beside R-LG-1: a document number always wins over a username equal to it (the
rules are told in ``account.usernames``). Registering the number releases the username."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from account_service.persons.models import Person
from account_service.trail.events import EventKind
from account_service.trail.notices import notify
from kiosk.protocol.people import NoticeKind


def release_username_for(
    session: Session, *, number: str, now: datetime, terminal_id: uuid.UUID | None
) -> None:
    """A document number is now registered: a username equal to it (any case) goes."""
    owners = session.scalars(
        select(Person)
        .where(func.upper(Person.username) == number, Person.document_number != number)
        .with_for_update()
    ).all()
    for owner in owners:
        released = owner.username
        owner.username = None
        owner.username_set_at = None  # the next name is a first setting (R-UN-1)
        owner.username_changed_at = None
        notify(
            session,
            person_id=owner.id,
            kind=NoticeKind.USERNAME_RELEASED,
            event=EventKind.USERNAME_RELEASED,
            at=now,
            terminal_id=terminal_id,
            username=released,
        )
    if owners:
        session.flush()
