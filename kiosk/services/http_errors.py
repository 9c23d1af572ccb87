"""Turning the service's error answers (docs/protocol.md "Errors") into ``UserError``."""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from kiosk.protocol.errors import ErrorAnswer, UserError
from kiosk.protocol.messages import ErrorCode


def error_from_response(response: httpx.Response) -> UserError:
    """The protocol's error body → ``UserError``; anything else (or a code this kiosk does
    not know yet, from a newer service) → ``INTERNAL_ERROR``, the generic message."""
    try:
        error = ErrorAnswer.model_validate_json(response.content).error
    except ValidationError:
        return UserError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code})
    return UserError(error.code, error.details)


def unreachable(exc: httpx.TransportError) -> UserError:
    """Connection refused, timeouts, cut connections: the service cannot be reached."""
    error = UserError(ErrorCode.SERVICE_UNREACHABLE, {})
    error.__cause__ = exc
    return error
