"""Every error answer has the protocol's body (``kiosk.protocol.errors``): code, rule,
zh/en text and details."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.domain.masking import mask_text
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, message_for

logger = logging.getLogger(__name__)

Details = dict[str, str | int]


def error_body(
    code: ErrorCode, details: Details | None = None, details_en: Details | None = None
) -> dict[str, Any]:
    return UserError(code, details, details_en=details_en).answer().model_dump(mode="json")


def error_response(error: UserError) -> JSONResponse:
    return JSONResponse(error.answer().model_dump(mode="json"), status_code=error.status_code)


def _reason(exc: RequestValidationError) -> str:
    parts = []
    for item in exc.errors()[:3]:
        location = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        parts.append(f"{location}: {item.get('msg', 'invalid')}" if location else item["msg"])
    return "; ".join(parts) or "invalid request"


async def _on_app_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UserError)
    return error_response(exc)


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    reason = _reason(exc)
    return error_response(UserError(ErrorCode.VALIDATION_ERROR, {"reason": reason}))


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    # Unknown routes and methods are a terminal/service mismatch, not the person's input.
    if exc.status_code >= 500:
        code = ErrorCode.INTERNAL_ERROR
    elif exc.status_code in (404, 405):
        code = ErrorCode.NOT_FOUND
    else:
        code = ErrorCode.VALIDATION_ERROR
    body = error_body(code, {"reason": str(exc.detail)})
    # A body that cannot be parsed (starlette's 400) is the catalog's VALIDATION_ERROR, 422.
    status = (
        message_for(code).http_status if code is ErrorCode.VALIDATION_ERROR else exc.status_code
    )
    return JSONResponse(body, status_code=status, headers=exc.headers)


class CatchAllMiddleware:
    """500 INTERNAL_ERROR with no stack trace in the answer; the log gets a masked trace
    (Starlette's own handler would re-raise and let the server log it unmasked)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error("unhandled error: %s", mask_text("".join(traceback.format_exception(exc))))
            if started:
                return
            response = JSONResponse(error_body(ErrorCode.INTERNAL_ERROR), status_code=500)
            await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UserError, _on_app_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_middleware(CatchAllMiddleware)
