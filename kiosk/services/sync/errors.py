"""Sync error classes, said plainly (never "no internet" for something that is not).

The zh/en texts belong in kiosk.domain.messages (lead-owned); they live here meanwhile.
"""

from __future__ import annotations

import ssl
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

from kiosk.domain.messages import ErrorCode, Lang
from kiosk.services.account_api import AccountError

SERVER_DATE_DETAIL = "server_date"  # AccountError detail: the 401 answer's Date header


class SyncErrorClass(StrEnum):
    UNREACHABLE = "unreachable"
    TERMINAL_REVOKED = "terminal_revoked"
    CLOCK_SKEW = "clock_skew"
    TLS_PROBLEM = "tls_problem"
    RECORD_REJECTED = "record_rejected"
    SERVICE_ERROR = "service_error"


TEXTS: dict[SyncErrorClass, dict[Lang, str]] = {
    SyncErrorClass.UNREACHABLE: {
        Lang.ZH: "连接不上账户服务（连接被拒绝或超时），记录已保存在本机，稍后自动重试。",
        Lang.EN: "The account service cannot be reached (refused or timed out); records are "
        "kept here and retried automatically.",
    },
    SyncErrorClass.TERMINAL_REVOKED: {
        Lang.ZH: "本终端未注册或已被停用，请联系管理员重新注册终端。",
        Lang.EN: "This terminal is not enrolled or has been revoked; ask an administrator "
        "to enroll it again.",
    },
    SyncErrorClass.CLOCK_SKEW: {
        Lang.ZH: "本终端的时钟与服务器相差超过5分钟，请校准终端时间。",
        Lang.EN: "This terminal's clock differs from the service's by more than 5 minutes; "
        "set the terminal's time.",
    },
    SyncErrorClass.TLS_PROBLEM: {
        Lang.ZH: "与服务器的安全连接失败（证书问题），网络本身是通的，请联系管理员。",
        Lang.EN: "The secure connection to the service failed (certificate problem); the "
        "network itself works. Ask an administrator.",
    },
    SyncErrorClass.RECORD_REJECTED: {
        Lang.ZH: "服务拒收了该记录：{reason}",
        Lang.EN: "The service refused this record: {reason}",
    },
    SyncErrorClass.SERVICE_ERROR: {
        Lang.ZH: "账户服务出错，稍后自动重试。",
        Lang.EN: "The account service had an error; retried automatically later.",
    },
}


def text(error_class: SyncErrorClass, lang: Lang, reason: str = "") -> str:
    return TEXTS[error_class][lang].format(reason=reason)


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
    if isinstance(exc, AccountError):
        if exc.code == ErrorCode.SERVICE_UNREACHABLE:
            return SyncErrorClass.UNREACHABLE
        if exc.code == ErrorCode.TERMINAL_UNAUTHORIZED:
            skew = clock_skew_s(exc.details.get(SERVER_DATE_DETAIL), terminal_now)
            if skew is not None and skew > skew_limit_s:
                return SyncErrorClass.CLOCK_SKEW
            return SyncErrorClass.TERMINAL_REVOKED
    return SyncErrorClass.SERVICE_ERROR
