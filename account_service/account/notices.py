"""A notice for a person's next login: something that happened to their account while they
were away (a number another person verified, R-PH-2; a username a document holder took,
R-LG-1), with the history event the person keeps (R-AC-2)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from account_service.account import events
from account_service.account.models import NoticeKind, PersonNotice


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
) -> None:
    session.add(
        PersonNotice(
            id=uuid.uuid4(),
            person_id=person_id,
            kind=kind.value,
            phone_masked=phone_masked,
            username=username,
            at=at,
            delivered_at=None,
        )
    )
    detail: dict[str, str] = {}
    if phone_masked:
        detail["phone_masked"] = phone_masked
    if username:
        detail["username"] = username
    events.record(
        session, person_id=person_id, kind=event, terminal_id=terminal_id, at=at, detail=detail
    )
