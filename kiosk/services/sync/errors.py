"""Sync error classes, said plainly (never "no internet" for something that is not).

Each class has its own catalog entry in kiosk.protocol.messages (``SYNC_*``).
"""

from __future__ import annotations

import ssl
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang, render

SERVER_DATE_DETAIL = "server_date"  # UserError detail: the 401 answer's Date header


class SyncErrorClass(StrEnum):
    UNREACHABLE = "unreachable"
    TERMINAL_REVOKED = "terminal_revoked"
    CLOCK_SKEW = "clock_skew"
    TLS_PROBLEM = "tls_problem"
    RECORD_REJECTED = "record_rejected"
    SERVICE_ERROR = "service_error"


ERROR_CODES: dict[SyncErrorClass, ErrorCode] = {
    SyncErrorClass.UNREACHABLE: ErrorCode.SYNC_UNREACHABLE,
    SyncErrorClass.TERMINAL_REVOKED: ErrorCode.SYNC_TERMINAL_REVOKED,
    SyncErrorClass.CLOCK_SKEW: ErrorCode.SYNC_CLOCK_SKEW,
    SyncErrorClass.TLS_PROBLEM: ErrorCode.SYNC_TLS_PROBLEM,
    SyncErrorClass.RECORD_REJECTED: ErrorCode.SYNC_RECORD_REJECTED,
    SyncErrorClass.SERVICE_ERROR: ErrorCode.SYNC_SERVICE_ERROR,
}


def as_error(error_class: SyncErrorClass, reason: str = "", reason_en: str = "") -> UserError:
    """The class as a catalog error, for the screens' banner (zh/en, rule id)."""
    details = {"reason": reason, "reason_en": reason_en or reason} if reason else {}
    return UserError(ERROR_CODES[error_class], details)


def text(error_class: SyncErrorClass, lang: Lang, reason: str = "") -> str:
    return render(ERROR_CODES[error_class], lang, {"reason": reason} if reason else {})


def _caused_by_ssl(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def clock_skew_s(server_date: str | None, terminal_now: datetime) -> float | None:
    if not server_date:
        return None
    try:
        server = parsedate_to_datetime(server_date)
    except (TypeError, ValueError):
        return None
    return abs((terminal_now - server).total_seconds())


def classify(
    exc: Exception, *, terminal_now: datetime, skew_limit_s: float = 300.0
) -> SyncErrorClass:
    """One class per failed delivery (a transport error or an error answer)."""
    if _caused_by_ssl(exc):
        return SyncErrorClass.TLS_PROBLEM
    if isinstance(exc, UserError):
        if exc.code == ErrorCode.SERVICE_UNREACHABLE:
            return SyncErrorClass.UNREACHABLE
        if exc.code == ErrorCode.TERMINAL_UNAUTHORIZED:
            skew = clock_skew_s(exc.details.get(SERVER_DATE_DETAIL), terminal_now)
            if skew is not None and skew > skew_limit_s:
                return SyncErrorClass.CLOCK_SKEW
            return SyncErrorClass.TERMINAL_REVOKED
    return SyncErrorClass.SERVICE_ERROR
