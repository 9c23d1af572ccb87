"""A notice for a person's next login: something that happened to their account while they
were away (a number another person verified, R-PH-2; a username a document holder took,
R-LG-1), with the history event the person keeps (R-AC-2)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.trail import events
from account_service.trail.models import PersonNotice
from kiosk.protocol.people import Notice, NoticeKind


def notify(
    session: Session,
    *,
    person_id: uuid.UUID,
    kind: NoticeKind,
    event: events.EventKind,
    at: datetime,
    terminal_id: uuid.UUID | None,
    phone_masked: str | None = None,
    username: str | None = None,
    detail: dict[str, str] | None = None,
    enterprise: str | None = None,
    role: str | None = None,
    subject: str | None = None,
) -> None:
    """The notice and the person's history event; ``detail`` is the event's (its text
    names what ``EVENT_TEXT`` asks for)."""
    session.add(
        PersonNotice(
            id=uuid.uuid4(),
            person_id=person_id,
            kind=kind.value,
            phone_masked=phone_masked,
            username=username,
            at=at,
            delivered_at=None,
            enterprise=enterprise,
            role=role,
            subject=subject,
        )
    )
    detail = dict(detail or {})
    if phone_masked:
        detail["phone_masked"] = phone_masked
    if username:
        detail["username"] = username
    events.record(
        session, person_id=person_id, kind=event, terminal_id=terminal_id, at=at, detail=detail
    )


# Relation notices whose subject is None were the hall's doing (R-HA-2).
_HALL_KINDS = frozenset(
    k.value
    for k in (
        NoticeKind.RELATION_ADDED,
        NoticeKind.RELATION_ENDED,
        NoticeKind.APPLICATION_APPROVED,
        NoticeKind.APPLICATION_DECLINED,
    )
)


def notice_out(row: PersonNotice) -> Notice:
    return Notice(
        notice_id=str(row.id),
        kind=row.kind,
        phone_masked=row.phone_masked,
        username=row.username,
        at=row.at,
        enterprise=row.enterprise,
        role=row.role,
        subject=row.subject,
        by_hall=row.kind in _HALL_KINDS and row.subject is None,
    )


def pop_notices(session: Session, *, person_id: uuid.UUID, now: datetime) -> list[Notice]:
    """The notices not delivered yet, oldest first, now marked delivered (login answer)."""
    rows = session.scalars(
        select(PersonNotice)
        .where(PersonNotice.person_id == person_id, PersonNotice.delivered_at.is_(None))
        .order_by(PersonNotice.at, PersonNotice.id)
    ).all()
    for row in rows:
        row.delivered_at = now
    return [notice_out(row) for row in rows]
