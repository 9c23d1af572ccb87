"""R-SMS-1: the per-phone window (every purpose), and sending a code after commit."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from account_service.clock import Clock
from account_service.db import after_commit, dialect_name
from account_service.security import new_sms_code
from account_service.settings import AccountServiceSettings
from account_service.sms.gateway import SmsGateway, SmsPurpose
from account_service.sms.models import SmsWindowRow
from account_service.throttle.service import Budget, Scope, budget, spend, wait_for
from kiosk.domain.sms_window import SmsWindow, is_code, normalize_code, seconds_up
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


def _locked_window(session: Session, phone: str) -> SmsWindowRow:
    insert = pg_insert if dialect_name(session) == "postgresql" else sqlite_insert
    session.execute(
        insert(SmsWindowRow)
        .values(phone=phone, window_start=None, count=0)
        .on_conflict_do_nothing(index_elements=["phone"])
    )
    return session.scalars(
        select(SmsWindowRow)
        .where(SmsWindowRow.phone == phone)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def take_window_slot(
    *,
    session: Session,
    clock: Clock,
    phone: str,
    settings: AccountServiceSettings | None = None,
    terminal_id: uuid.UUID | None = None,
    person_key: str | None = None,
) -> None:
    """Count one code for ``phone`` or refuse with SMS_RATE_LIMITED {retry_after_s} (the
    R-SMS-1 window per number). With ``settings``, also the budgets across numbers that
    stop SMS pumping (SMS_BUDGET_SPENT): per terminal, per person (``person_key``: a
    person, or a registration's document) and for the whole service."""
    now = clock.now()
    budgets: list[tuple[Budget, str]] = []
    if settings is not None:
        budgets.append((budget(settings, Scope.SMS_GLOBAL), "all"))
        if terminal_id is not None:
            budgets.append((budget(settings, Scope.SMS_TERMINAL), str(terminal_id)))
        if person_key is not None:
            budgets.append((budget(settings, Scope.SMS_PERSON), person_key))
    for limit, key in budgets:
        refuse_spent(wait_for(session, limit, key, now))
    row = _locked_window(session, phone)
    window = SmsWindow(start=row.window_start, count=row.count)
    wait = window.wait(now)
    if wait.total_seconds() > 0:
        raise UserError(ErrorCode.SMS_RATE_LIMITED, {"retry_after_s": seconds_up(wait)})
    after = window.after_send(now)
    row.window_start = after.start
    row.count = after.count
    for limit, key in budgets:
        refuse_spent(spend(session, limit, key, now))


def refuse_spent(wait: timedelta) -> None:
    if wait > timedelta(0):
        raise UserError(ErrorCode.SMS_BUDGET_SPENT, {"retry_after_s": seconds_up(wait)})


def send_code(*, session: Session, gateway: SmsGateway, phone: str, purpose: SmsPurpose) -> str:
    """A fresh 6-digit code, handed to the gateway only once the transaction commits."""
    code = new_sms_code()
    after_commit(session, lambda: gateway.send(phone, code, purpose))
    return code


def typed_code(code: str) -> str:
    """The code as compared (full-width digits and spaces normalized), or SMS_CODE_FORMAT:
    something that cannot be a code is not a wrong code, and never counts toward a lock."""
    text = normalize_code(code)
    if not is_code(text):
        raise UserError(ErrorCode.SMS_CODE_FORMAT)
    return text
