"""The gate every request passes before any route, body parser or database sees it:

- the address (path and query) must be printable UTF-8: 422, never a 500 further in;
- a body is bounded per route (``BODY_LIMITS``): 413 from the ``Content-Length`` or while
  reading, never buffering more than the limit;
- every route but the unsigned ones (``UNSIGNED``) needs a terminal signature, checked here
  before the body is parsed: a request without signature headers is answered 401 without
  its body being read, and a signed one is verified (key, time, nonce, body hash) before
  FastAPI parses the body, so an unsigned malformed body is a 401, not a 422.

The verified terminal travels in ``scope["state"]["signed"]`` to the ``Signed`` dependency.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import unquote_to_bytes

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from account_service.api.signed import SIGNED_STATE
from account_service.context import ServiceContext
from account_service.errors import error_body
from account_service.terminals.service import SignatureHeaders, verify_request
from kiosk.domain.text import unprintable
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, message_for

KIB = 1024
DEFAULT_BODY_LIMIT = 64 * KIB  # logins, codes, 128-float face templates: a few KB
# A batch of up to 100 records, each with a bounded face photo (collection.service).
BODY_LIMITS: Mapping[str, int] = {"/v1/collection-records": 64 * 1024 * KIB}
UNSIGNED: frozenset[tuple[str, str]] = frozenset(
    {("GET", "/v1/health"), ("POST", "/v1/terminals/enroll")}
)
DOCS = ("/docs", "/openapi.json")


def body_limit(path: str) -> int:
    return BODY_LIMITS.get(path, DEFAULT_BODY_LIMIT)


def _raw_target(scope: Scope) -> str:
    raw = scope.get("raw_path") or str(scope["path"]).encode("utf-8")
    path = bytes(raw).decode("latin-1")
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    return f"{path}?{query}" if query else path


def _printable_address(scope: Scope) -> bool:
    for part in (scope.get("raw_path") or b"", scope.get("query_string", b"")):
        try:
            text = unquote_to_bytes(bytes(part)).decode("utf-8")
        except UnicodeDecodeError:
            return False
        if unprintable(text):
            return False
    return True


class _TooLargeError(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLargeError
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class TerminalGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = str(scope["path"]), str(scope["method"])
        if not _printable_address(scope):
            reason: dict[str, str | int] = {"reason": "请求地址含有控制字符或无效字符"}
            reason_en: dict[str, str | int] = {
                "reason": "the address contains a control or invalid character"
            }
            await self._refuse(
                scope,
                receive,
                send,
                ErrorCode.VALIDATION_ERROR,
                details=reason,
                details_en=reason_en,
            )
            return
        limit = body_limit(path)
        headers = Headers(scope=scope)
        unsigned = (method, path) in UNSIGNED or path.startswith(DOCS)
        signature = SignatureHeaders(
            headers.get("x-terminal-id"),
            headers.get("x-timestamp"),
            headers.get("x-nonce"),
            headers.get("x-signature"),
        )
        present = (signature.terminal_id, signature.timestamp, signature.nonce, signature.signature)
        if not unsigned and not all(present):
            # Refused before a byte of the body is read (an unsigned 100 MB is not buffered).
            await self._refuse(scope, receive, send, ErrorCode.TERMINAL_UNAUTHORIZED)
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        try:
            body = await _read_body(receive, limit)
        except _TooLargeError:
            await self._too_large(scope, receive, send, limit)
            return
        if unsigned:
            await self.app(scope, _replay(body), send)
            return
        context: ServiceContext = scope["app"].state.service_context
        if method == "GET":  # reads, and the QR long poll that waits 15 s on purpose
            await self._signed(scope, send, context, signature, body)
            return
        # Writes beyond ``max_in_flight`` wait here, cheaply, instead of all contending for
        # the threads and the interpreter at once: the health check never waits behind them.
        async with context.in_flight:
            await self._signed(scope, send, context, signature, body)

    async def _signed(
        self,
        scope: Scope,
        send: Send,
        context: ServiceContext,
        signature: SignatureHeaders,
        body: bytes,
    ) -> None:
        method = str(scope["method"])
        target = _raw_target(scope)
        receive = _replay(body)

        def check() -> object:
            with context.session_factory.begin() as session:
                return verify_request(
                    session=session,
                    clock=context.clock,
                    headers=signature,
                    method=method,
                    path_with_query=target,
                    body=body,
                )

        try:
            terminal_id = await anyio.to_thread.run_sync(check)
        except UserError as refused:
            await self._refuse(scope, receive, send, refused.code)
            return
        scope.setdefault("state", {})[SIGNED_STATE] = (
            terminal_id,
            target,
            hashlib.sha256(body).hexdigest(),
        )
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        details: dict[str, str | int] = {"limit_kb": limit // KIB}
        await self._refuse(scope, receive, send, ErrorCode.BODY_TOO_LARGE, details=details)

    @staticmethod
    async def _refuse(
        scope: Scope,
        receive: Receive,
        send: Send,
        code: ErrorCode,
        *,
        details: dict[str, str | int] | None = None,
        details_en: dict[str, str | int] | None = None,
    ) -> None:
        body = error_body(code, details, details_en)
        response = JSONResponse(body, status_code=message_for(code).http_status)
        await response(scope, receive, send)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
