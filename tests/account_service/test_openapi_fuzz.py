"""Schemathesis over the service's own OpenAPI (issue 7): no generated input, valid or not,
gets a 5xx, and every 4xx answer carries the protocol's error envelope with a message.

The app runs in-process (ASGI) on a SQLite database built by the real migrations, with the
demo data. Most routes admit only signed terminal requests, so every generated request is
signed by an enrolled terminal over the exact bytes that go on the wire (a ``requests`` auth
hook runs after the body is serialized): the generated bodies reach the handlers instead of
stopping at 401. On the person-session routes a generated ``Authorization`` header is
swapped for a live session's token (a missing one stays missing); elsewhere it is kept, so
the bearer checks are fuzzed too. Runs on SQLite and, marked ``postgres``, on PostgreSQL
(which refuses some strings SQLite stores, e.g. NUL characters).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response

from account_service.app import create_app
from account_service.clock import ManualClock
from account_service.db import make_engine, make_session_factory
from account_service.demo import load_demo_data
from account_service.migrate import upgrade
from account_service.security import make_password_hasher
from account_service.terminals.service import create_enroll_code
from kiosk.protocol import signing
from tests.support.databases import fresh_postgres_database, sqlite_url
from tests.support.live_service import service_settings

pytestmark = pytest.mark.slow

# Bounded run: ~25 examples per operation, reproducible (derandomize), no per-example deadline
# (argon2 and SQLite commits vary with machine load).
FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _openapi() -> dict[str, Any]:
    """The OpenAPI document, read at import so pytest lists one test per operation. The
    engine of this throwaway app never connects (SQLAlchemy engines are lazy)."""
    app = create_app(service_settings("sqlite://", Path("unused-data-dir")))
    return app.openapi()


schema = schemathesis.openapi.from_dict(_openapi())


# Person-session routes that get a live bearer token (see TerminalSignature).
BEARER_PATHS = frozenset({"/v1/session", "/v1/auth/password/initial-change"})
DEMO_PERSON = ("13800000001", "Zhang@2024")  # demo.py: normal login, has a phone


class TerminalSignature(requests.auth.AuthBase):
    """Signs the prepared request (final method, path+query and body bytes) as an enrolled
    terminal, and gives every POST a fresh Idempotency-Key so generated bodies are not
    refused as replays or stopped by the header check."""

    def __init__(
        self, terminal_id: str, private_key: Ed25519PrivateKey, now: Callable[[], datetime]
    ) -> None:
        self._terminal_id = terminal_id
        self._private_key = private_key
        self._now = now
        self.session_token: str | None = None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        method = (request.method or "GET").upper()
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            raise AssertionError(f"streamed bodies cannot be signed: {type(body).__name__}")
        if method == "POST":
            request.headers[signing.HEADER_IDEMPOTENCY] = str(uuid.uuid4())
        # A generated Authorization becomes a live session (not on logout, which would end
        # it), so the bodies of session routes reach their handlers too; a missing header
        # stays missing.
        if (
            self.session_token is not None
            and "Authorization" in request.headers
            and request.path_url.split("?")[0] in BEARER_PATHS
        ):
            request.headers["Authorization"] = f"Bearer {self.session_token}"
        timestamp = int(self._now().timestamp())
        nonce = secrets.token_urlsafe(18)
        message = signing.canonical_request(
            method=method,
            path_with_query=request.path_url,
            timestamp=timestamp,
            nonce=nonce,
            body=body,
            terminal_id=self._terminal_id,
        )
        request.headers[signing.HEADER_TERMINAL] = self._terminal_id
        request.headers[signing.HEADER_TIMESTAMP] = str(timestamp)
        request.headers[signing.HEADER_NONCE] = nonce
        request.headers[signing.HEADER_SIGNATURE] = signing.sign(self._private_key, message)
        return request


def error_envelope(_ctx: schemathesis.CheckContext, response: Response, _case: Any) -> None:
    """Every 4xx is JSON ``{"error": {code, rule, message_zh, message_en, details}}`` with
    non-empty messages (errors.py)."""
    if not 400 <= response.status_code < 500:
        return
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} answer is not JSON") from None
    error = body.get("error") if isinstance(body, dict) else None
    assert isinstance(error, dict), f"{response.status_code} answer has no error envelope: {body}"
    assert isinstance(error.get("code"), str) and error["code"], error
    assert "rule" in error, error
    for key in ("message_zh", "message_en"):
        assert isinstance(error.get(key), str) and error[key].strip(), f"{key} empty: {error}"
    assert isinstance(error.get("details"), dict), error


@pytest.fixture(scope="module")
def fuzz_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def fuzz_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One fresh database per backend for the whole module (the fixtures.py one is per test)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("fuzz-sqlite"))
        return
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def fuzz_app(
    fuzz_database_url: str, tmp_path_factory: pytest.TempPathFactory, fuzz_clock: ManualClock
) -> Iterator[FastAPI]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    config = service_settings(fuzz_database_url, data_dir)
    upgrade(config.database_url)
    engine = make_engine(config.database_url)
    session_factory = make_session_factory(engine)
    load_demo_data(session_factory, hasher=make_password_hasher(config), clock=fuzz_clock)
    app = create_app(config, clock=fuzz_clock, session_factory=session_factory)
    app.state.fuzz_session_factory = session_factory
    yield app
    engine.dispose()


@pytest.fixture(scope="module")
def terminal_auth(fuzz_app: FastAPI, fuzz_clock: ManualClock) -> TerminalSignature:
    """Enrolls a terminal through the real enroll route."""
    ttl_s = fuzz_app.state.service_context.settings.enroll_code_ttl_s
    with fuzz_app.state.fuzz_session_factory.begin() as session:
        code = create_enroll_code(
            session=session, clock=fuzz_clock, name="fuzz", ttl=timedelta(seconds=ttl_s)
        )
    private_key = Ed25519PrivateKey.generate()
    enroll = schema["/v1/terminals/enroll"]["POST"]
    answer = enroll.Case(
        body={"code": code, "public_key": signing.public_key_b64(private_key), "name": "fuzz"}
    ).call(app=fuzz_app)
    assert answer.status_code == 201, answer.text
    auth = TerminalSignature(str(answer.json()["terminal_id"]), private_key, fuzz_clock.now)
    auth.session_token = _log_in(fuzz_app, auth)
    return auth


def _call(
    app: FastAPI, auth: TerminalSignature, method: str, path: str, **parts: Any
) -> dict[str, Any]:
    """One signed call of a documented operation (``parts``: body, path_parameters, query)."""
    response = schema[path][method].Case(**parts).call(app=app, auth=auth)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _log_in(app: FastAPI, auth: TerminalSignature) -> str:
    """Password → SMS (development outbox) → verify: a live person session."""
    phone, password = DEMO_PERSON
    login = {"identifier": phone, "password": password}
    attempt = {"attempt_id": _call(app, auth, "POST", "/v1/auth/login", body=login)["attempt_id"]}
    _call(app, auth, "POST", "/v1/auth/login/{attempt_id}/sms", path_parameters=attempt, body={})
    outbox = _call(app, auth, "GET", "/v1/dev/sms-outbox", query={"phone": phone, "limit": 1})
    code = {"code": outbox["messages"][0]["code"]}
    verified = _call(
        app, auth, "POST", "/v1/auth/login/{attempt_id}/verify", path_parameters=attempt, body=code
    )
    return str(verified["session_token"])


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error_and_4xx_has_envelope(
    case: schemathesis.Case[Any], fuzz_app: FastAPI, terminal_auth: TerminalSignature
) -> None:
    case.call_and_validate(
        app=fuzz_app, auth=terminal_auth, checks=[not_a_server_error, error_envelope]
    )
