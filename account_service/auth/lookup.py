"""Looking a person up by what they typed at a password entry, without telling strangers
more than the seeds' messages do (R-ID-6, R-PH-3). An identifier that names nobody costs
the time of a wrong password (a decoy check) and one look-up of the terminal's budget
(``terminal_unknown_ids_per_10min``): enumeration is neither faster nor unlimited."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from account_service.context import ServiceContext
from account_service.errors import AppError
from account_service.persons.models import Person
from account_service.persons.service import identify
from account_service.security import verify_nothing
from account_service.throttle.service import Scope, budget, spend
from kiosk.domain.messages import ErrorCode
from kiosk.domain.sms_window import seconds_up

NOBODY = frozenset({ErrorCode.USER_NOT_REGISTERED, ErrorCode.PHONE_NOT_FOUND})


def identify_for_password(
    session: Session,
    context: ServiceContext,
    identifier: str,
    password: str,
    *,
    now: datetime,
    terminal_id: uuid.UUID | None,
) -> tuple[Person, str | None]:
    try:
        return identify(session, identifier, now=now)
    except AppError as error:
        if error.code not in NOBODY:
            raise
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
        raise AppError(ErrorCode.TERMINAL_THROTTLED, {"retry_after_s": seconds_up(wait)})
