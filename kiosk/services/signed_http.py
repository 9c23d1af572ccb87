"""One signed call to the account service (docs/protocol.md): method, path, body, and the
wire model the answer must match.

Every request is signed by the terminal key; every POST carries an ``Idempotency-Key``
that stays the same when the call is retried after a connection error, so a retried wrong
password never counts twice. An answer that does not match its model is a service fault
(``INTERNAL_ERROR``), never a crash of the kiosk; error answers become ``UserError``.
"""

from __future__ import annotations

import json
import logging
import secrets
import ssl
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from kiosk.domain.masking import mask_text
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.signing import (
    HEADER_IDEMPOTENCY,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TERMINAL,
    HEADER_TIMESTAMP,
    canonical_request,
    sign,
)
from kiosk.services.http_errors import error_from_response, unreachable
from kiosk.services.service_endpoint import tls
from kiosk.services.sync.errors import SERVER_DATE_DETAIL
from kiosk.services.terminal_identity import TerminalIdentity

_log = logging.getLogger(__name__)

DEFAULT_RETRIES = 2
_M = TypeVar("_M", bound=BaseModel)


def new_nonce() -> str:
    """24 random bytes, url-safe base64 (32 characters)."""
    return secrets.token_urlsafe(24)


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def sleep_backoff(attempt: int) -> None:
    """Wait before retry number ``attempt`` (1, 2, ...): 0.25 s, 0.5 s, ... at most 2 s."""
    time.sleep(min(0.25 * 2 ** (attempt - 1), 2.0))


class SignedHttp:
    """``http`` defaults to a client owned (and closed) by this object; ``clock`` gives unix
    seconds for ``X-Timestamp``; ``backoff(attempt)`` waits before a retry (tests pass a
    no-op); ``retries`` is how many times a call is repeated after a connection error."""

    def __init__(
        self,
        base_url: str,
        identity: TerminalIdentity,
        *,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        nonce_factory: Callable[[], str] = new_nonce,
        idempotency_key_factory: Callable[[], str] = new_idempotency_key,
        backoff: Callable[[int], None] = sleep_backoff,
        retries: int = DEFAULT_RETRIES,
        timeout_s: float = 10.0,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.identity = identity
        self.verify = verify
        self.clock = clock
        self.backoff = backoff
        self._owns_http = http is None
        self._http = (
            http if http is not None else httpx.Client(timeout=timeout_s, verify=tls(verify))
        )
        self._nonce_factory = nonce_factory
        self._key_factory = idempotency_key_factory
        self._retries = retries

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def get_unsigned(self, path: str) -> httpx.Response:
        return self._http.get(self.base_url + path)

    def call(
        self,
        method: str,
        path: str,
        answer: type[_M],
        *,
        body: Mapping[str, Any] | None = None,
        bearer: str | None = None,
        params: Mapping[str, str | int] | None = None,
        timeout_s: float | None = None,
        one_try: bool = False,
    ) -> _M:
        """``timeout_s`` replaces the client's timeout for this call (long polls);
        ``one_try`` leaves retries to the caller and tells it the service's ``Date`` on an
        error, so that it can tell clock skew (the sync worker)."""
        response = self._send(
            method, path, body, bearer=bearer, params=params, timeout_s=timeout_s, one_try=one_try
        )
        _log.debug("%s %s -> %d", method, mask_text(path), response.status_code)
        if not response.is_success:
            error = error_from_response(response)
            if one_try and "date" in response.headers:
                error.details[SERVER_DATE_DETAIL] = response.headers["date"]
            raise error
        try:
            return answer.model_validate_json(response.content)
        except ValidationError:
            # Not chained: the validation error quotes the answer, tokens and names included.
            _log.warning("%s %s: the answer does not match %s", method, path, answer.__name__)
            raise UserError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code}) from None

    def _send(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None,
        /,
        *,
        bearer: str | None,
        params: Mapping[str, str | int] | None,
        timeout_s: float | None,
        one_try: bool,
    ) -> httpx.Response:
        content = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if method == "POST":
            # One key for every try of this call: the service answers a retry from its store.
            headers[HEADER_IDEMPOTENCY] = self._key_factory()
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        retries = 0 if one_try else self._retries
        attempt = 0
        while True:
            request = self._http.build_request(
                method,
                self.base_url + path,
                content=content,
                params=params,
                headers=headers,
                timeout=timeout_s if timeout_s is not None else httpx.USE_CLIENT_DEFAULT,
            )
            self._sign(request, content)
            try:
                return self._http.send(request)
            except httpx.TransportError as exc:
                attempt += 1
                _log.warning(
                    "%s %s failed (%s), try %d of %d",
                    method,
                    mask_text(request.url.path),
                    type(exc).__name__,
                    attempt,
                    retries + 1,
                )
                if attempt > retries:
                    raise unreachable(exc) from exc
                self.backoff(attempt)

    def _sign(self, request: httpx.Request, content: bytes) -> None:
        """A fresh timestamp and nonce per try: the service refuses a nonce it has seen."""
        timestamp = int(self.clock())
        nonce = self._nonce_factory()
        message = canonical_request(
            method=request.method,
            path_with_query=request.url.raw_path.decode("ascii"),
            timestamp=timestamp,
            nonce=nonce,
            body=content,
            terminal_id=self.identity.terminal_id,
        )
        request.headers[HEADER_TERMINAL] = self.identity.terminal_id
        request.headers[HEADER_TIMESTAMP] = str(timestamp)
        request.headers[HEADER_NONCE] = nonce
        request.headers[HEADER_SIGNATURE] = sign(self.identity.private_key, message)
