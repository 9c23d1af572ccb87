"""A person's face reference, and the one place a live face template is judged against it
(R-RN-3/4, R-LK-1).

The hall's collection comes first (it is the newest, staff-checked picture, level 5);
otherwise the identity authority's reference photo, the public-security picture R-RN-4
names. The terminal only ever sends the 128-d template of the frame it chose; the match
is decided here with ``face_match_threshold``.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from account_service.auth.lockout import before_verifying, record_failure, record_success
from account_service.authority.service import RegistryAuthority
from account_service.collection.service import face_reference_for
from account_service.context import ServiceContext
from account_service.persons.models import Person
from account_service.trail import events
from kiosk.domain.documents import DocumentType
from kiosk.domain.lockout import AuthMethod
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


def face_reference(session: Session, person: Person) -> list[float] | None:
    """The template a live face of ``person`` is compared with; None when there is none."""
    hall = face_reference_for(session, person.document_type, person.document_number)
    if hall is not None:
        return hall
    try:
        kind = DocumentType(person.document_type)
    except ValueError:  # pragma: no cover - persons are stored with a known type
        return None
    resident = RegistryAuthority(session).lookup(kind, person.document_number)
    return None if resident is None else resident.face_template


def check_face(
    *,
    session: Session,
    context: ServiceContext,
    person: Person,
    template: Sequence[float],
    now: datetime,
    terminal_id: uuid.UUID | None,
    missing: ErrorCode = ErrorCode.FACE_UNAVAILABLE,
) -> None:
    """Pass, or raise: ``missing`` without a reference, FACE_MISMATCH with the tries left,
    ACCOUNT_LOCKED at the fifth failure of the day (face counts on its own, R-LK-1).

    The caller holds the person's row lock (``lock_person``), so the count is exact."""
    reference = face_reference(session, person)
    if reference is None or len(reference) != len(template):
        raise UserError(missing)
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.FACE,
        now=now,
        terminal_id=terminal_id,
        while_locked=True,  # a reset by SMS or face works while locked (R-PW-4)
    )
    if math.dist(template, reference) > context.settings.face_match_threshold:
        raise record_failure(
            session=session,
            context=context,
            person=person,
            method=AuthMethod.FACE,
            now=now,
            wrong=ErrorCode.FACE_MISMATCH,
            terminal_id=terminal_id,
        )
    record_success(session=session, person=person, method=AuthMethod.FACE)


# R-RN-1: legacy users without a face check are level 3; a passed face check makes them 4.
LEGACY_LEVEL = 3
FACE_LEVEL = 4


def raise_level_after_face(
    session: Session, person: Person, *, terminal_id: uuid.UUID | None, now: datetime
) -> bool:
    """R-RN-3: a passed face check (account center, key business, face login) lifts level 3
    to 4; level 5 comes only from the hall. Returns whether the level changed."""
    if person.real_name_level != LEGACY_LEVEL:
        return False
    person.real_name_level = FACE_LEVEL
    events.record(
        session,
        person_id=person.id,
        kind=events.EventKind.LEVEL_RAISED,
        terminal_id=terminal_id,
        at=now,
        detail={"level": str(FACE_LEVEL)},
    )
    return True
