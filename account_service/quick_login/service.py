"""The quick-login check (Keycloak's "quick login check", NIST SP 800-63B §5.2.2 rate
limiting): a failed first factor sooner than ``quick_login_gap_ms`` after the previous
failure of the same account, or at the same terminal, is refused before the password is
checked and is not counted. Scripts guessing passwords slow down to human speed; a person
typing again after "wrong password" never notices. The marks live in the database, so
every replica sees them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from account_service.context import ServiceContext
from account_service.db import dialect_name
from account_service.quick_login.models import FailureMark
from kiosk.domain.sms_window import seconds_up
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


class MarkScope(StrEnum):
    PERSON = "person"
    STAFF = "staff"
    TERMINAL = "terminal"


def _gap(context: ServiceContext) -> timedelta:
    return timedelta(milliseconds=context.settings.quick_login_gap_ms)


@dataclass(frozen=True, slots=True)
class SeenFrom:
    """Who tried, from where: the two keys the gap is kept for."""

    person_id: uuid.UUID
    terminal_id: uuid.UUID | None
    subject: MarkScope = MarkScope.PERSON  # or STAFF: a staff member's own login

    def mark_keys(self) -> list[tuple[str, str]]:
        keys = [(self.subject.value, str(self.person_id))]
        if self.terminal_id is not None:
            keys.append((MarkScope.TERMINAL.value, str(self.terminal_id)))
        return keys


def refuse_if_too_fast(
    *,
    session: Session,
    context: ServiceContext,
    seen: SeenFrom,
    now: datetime,
) -> None:
    """LOGIN_TOO_FAST {retry_after_s} when the last failure is closer than the gap."""
    gap = _gap(context)
    if gap <= timedelta(0):
        return
    for scope, key in seen.mark_keys():
        mark = session.scalars(
            select(FailureMark).where(FailureMark.scope == scope, FailureMark.key == key)
        ).one_or_none()
        if mark is not None and now < mark.last_failure_at + gap:
            wait = mark.last_failure_at + gap - now
            raise UserError(ErrorCode.LOGIN_TOO_FAST, {"retry_after_s": seconds_up(wait)})


def mark_failure(
    *,
    session: Session,
    context: ServiceContext,
    seen: SeenFrom,
    now: datetime,
) -> None:
    if _gap(context) <= timedelta(0):
        return  # the check is off: no row to contend on
    insert = pg_insert if dialect_name(session) == "postgresql" else sqlite_insert
    for scope, key in seen.mark_keys():
        # An upsert: two replicas marking the same terminal at once must not collide.
        statement = insert(FailureMark).values(scope=scope, key=key, last_failure_at=now)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["scope", "key"], set_={"last_failure_at": now}
            )
        )
