"""Turning the service's error answers (docs/protocol.md "Errors") into ``AccountError``."""

from __future__ import annotations

from typing import Any

import httpx

from kiosk.domain.messages import ErrorCode
from kiosk.services.account_api import AccountError


def error_from_response(response: httpx.Response) -> AccountError:
    """``{"error": {"code", "details"}}`` → ``AccountError``; anything unknown → INTERNAL_ERROR."""
    try:
        body: Any = response.json()
    except ValueError:
        return AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code})
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code})
    try:
        code = ErrorCode(str(error.get("code")))
    except ValueError:
        # A code this kiosk does not know yet (newer service): show the generic message.
        return AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code})
    details = error.get("details")
    return AccountError(code, details if isinstance(details, dict) else {})


def unreachable(exc: httpx.TransportError) -> AccountError:
    """Connection refused, timeouts, cut connections: the service cannot be reached."""
    error = AccountError(ErrorCode.SERVICE_UNREACHABLE, {})
    error.__cause__ = exc
    return error
