"""The second staff member's review of a held face (R-HA-1; MOSIP's supervisor approval):
a hall record whose face differs from the person's reference takes effect only when a
staff member other than its collector approves it; a rejected one never does. Each
decision is audited and told to the person."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.collection.models import HallCollection, HallStatus
from account_service.persons.models import Person
from account_service.persons.service import lock_person
from account_service.trail.events import EventKind
from account_service.trail.models import AuditEvent
from account_service.trail.notices import notify
from kiosk.domain.masking import mask_id_number, mask_name
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import NoticeKind
from kiosk.protocol.staff import HeldRecord

COLLECTED_LEVEL = 5
REVIEWED_EVENT = "collection.reviewed"


def held_records(session: Session, *, limit: int = 50) -> list[HeldRecord]:
    rows = session.scalars(
        select(HallCollection)
        .where(HallCollection.status == HallStatus.HELD.value)
        .order_by(HallCollection.received_at)
        .limit(limit)
    )
    return [
        HeldRecord(
            record_id=str(row.id),
            name_masked=mask_name(row.name or row.name_latin),
            id_number_masked=mask_id_number(row.document_number),
            collected_by=row.staff_no,
            received_at=row.received_at,
        )
        for row in rows
    ]


def review(
    session: Session,
    *,
    record_id: str,
    approve: bool,
    reviewer_staff_no: str,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> HeldRecord:
    try:
        key = uuid.UUID(record_id)
    except ValueError:
        raise UserError(ErrorCode.RECORD_NOT_HELD) from None
    row = session.get(HallCollection, key, with_for_update=True)
    if row is None or row.status != HallStatus.HELD.value:
        raise UserError(ErrorCode.RECORD_NOT_HELD)
    if row.staff_no == reviewer_staff_no:
        raise UserError(ErrorCode.SECOND_STAFF_REQUIRED)
    row.status = (HallStatus.ACTIVE if approve else HallStatus.REJECTED).value
    row.reviewed_by, row.reviewed_at = reviewer_staff_no, now
    if approve:
        row.reference_at = now  # the newest reference from now on
    person = session.scalars(
        select(Person).where(
            Person.document_type == row.document_type,
            Person.document_number == row.document_number,
        )
    ).one_or_none()
    if person is not None:
        if approve:
            locked = lock_person(session=session, person_id=person.id)
            locked.real_name_level = max(locked.real_name_level, COLLECTED_LEVEL)
        notify(
            session,
            person_id=person.id,
            kind=NoticeKind.HALL_FACE_APPROVED if approve else NoticeKind.HALL_FACE_REJECTED,
            event=EventKind.HALL_FACE_APPROVED if approve else EventKind.HALL_FACE_REJECTED,
            at=now,
            terminal_id=terminal_id,
        )
    session.add(
        AuditEvent.of(
            REVIEWED_EVENT,
            at=now,
            terminal_id=terminal_id,
            record_id=row.id,
            detail={"reviewer": reviewer_staff_no, "collector": row.staff_no, "approved": approve},
        )
    )
    return HeldRecord(
        record_id=str(row.id),
        name_masked=mask_name(row.name or row.name_latin),
        id_number_masked=mask_id_number(row.document_number),
        collected_by=row.staff_no,
        received_at=row.received_at,
    )
