"""Terminal authentication and idempotency (protocol: terminal authentication)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.sms.gateway import SmsPurpose
from account_service.terminals.service import CODE_ALPHABET, CODE_LENGTH, revoke
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]


def _code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


def _unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert _code(response) == "TERMINAL_UNAUTHORIZED"


def test_health_is_unsigned(account_service: EmbeddedService) -> None:
    response = httpx.get(f"{account_service.base_url}/v1/health")
    assert response.json() == {"status": "ok", "database": "ok", "version": "0.1.0"}


def test_openapi_lists_the_routes(account_service: EmbeddedService) -> None:
    paths = httpx.get(f"{account_service.base_url}/openapi.json").json()["paths"]
    assert {
        "/v1/health",
        "/v1/terminals/enroll",
        "/v1/auth/login",
        "/v1/auth/login/{attempt_id}/sms",
        "/v1/auth/login/{attempt_id}/verify",
        "/v1/auth/password/initial-change",
        "/v1/session",
        "/v1/auth/logout",
        "/v1/dev/sms-outbox",
    } <= set(paths)


def test_enroll_code_is_single_use(account_service: EmbeddedService) -> None:
    code = account_service.create_enroll_code("hall 1")
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    with (
        SignedClient(account_service.base_url) as first,
        SignedClient(account_service.base_url) as second,
    ):
        uuid.UUID(first.enroll(code))
        response = second.http.post(
            "/v1/terminals/enroll",
            json={"code": code, "public_key": second.public_key, "name": "again"},
        )
        assert response.status_code == 401
        assert _code(response) == "ENROLL_CODE_INVALID"
        unknown = second.http.post(
            "/v1/terminals/enroll",
            json={"code": "ABCDEFGHJK", "public_key": second.public_key, "name": "x"},
        )
        assert _code(unknown) == "ENROLL_CODE_INVALID"


def test_enroll_code_expires_after_24_hours(
    account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    code = account_service.create_enroll_code()
    manual_clock.advance(seconds=86400)
    with SignedClient(account_service.base_url) as client:
        response = client.http.post(
            "/v1/terminals/enroll", json={"code": code, "public_key": client.public_key}
        )
    assert _code(response) == "ENROLL_CODE_INVALID"


def test_unsigned_request_is_refused(signed_client: SignedClient) -> None:
    _unauthorized(signed_client.login("zhangsan01", ZHANG.password, signed=False))
    _unauthorized(signed_client.get("/v1/session", signed=False))


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: bad signature",
)
def test_bad_signature_is_refused(signed_client: SignedClient) -> None:
    _unauthorized(signed_client.login("zhangsan01", ZHANG.password, tamper_signature=True))


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: bad signature",
)
def test_body_changed_after_signing_is_refused(signed_client: SignedClient) -> None:
    signed_client.login("zhangsan01", ZHANG.password)
    assert signed_client.last is not None
    last = signed_client.last
    headers = dict(last.headers) | {"Idempotency-Key": str(uuid.uuid4())}
    body = last.body.replace(b"zhangsan01", b"13800000001")
    _unauthorized(signed_client.http.post(last.path, content=body, headers=headers))


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: replayed nonce",
)
def test_replayed_nonce_is_refused(signed_client: SignedClient) -> None:
    first = signed_client.get("/v1/dev/sms-outbox")
    assert first.status_code == 200
    _unauthorized(signed_client.replay())


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: stale timestam",
)
def test_stale_timestamp_is_refused(signed_client: SignedClient, manual_clock: ManualClock) -> None:
    assert signed_client.get("/v1/dev/sms-outbox", clock_offset_s=-300).status_code == 200
    _unauthorized(signed_client.get("/v1/dev/sms-outbox", clock_offset_s=-301))
    _unauthorized(signed_client.get("/v1/dev/sms-outbox", clock_offset_s=301))
    # The same: the client signs at t, the service's clock has moved on by 301 s.
    signed_client.get("/v1/dev/sms-outbox")
    assert signed_client.last is not None
    manual_clock.advance(seconds=301)
    last = signed_client.last
    headers = dict(last.headers) | {"X-Nonce": "fresh-nonce-0123456789"}
    _unauthorized(signed_client.http.get(last.path, headers=headers))


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: unknown or rev",
)
def test_unknown_terminal_is_refused(signed_client: SignedClient) -> None:
    _unauthorized(signed_client.get("/v1/dev/sms-outbox", terminal_id=str(uuid.uuid4())))


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: unknown or rev",
)
def test_revoked_terminal_is_refused(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    assert signed_client.get("/v1/dev/sms-outbox").status_code == 200
    assert signed_client.terminal_id is not None
    with account_service.session_factory.begin() as session:
        assert revoke(
            session=session,
            clock=account_service.clock,
            terminal_id=uuid.UUID(signed_client.terminal_id),
        )
    _unauthorized(signed_client.get("/v1/dev/sms-outbox"))


def test_post_without_idempotency_key_is_a_validation_error(
    signed_client: SignedClient,
) -> None:
    response = signed_client.login("zhangsan01", ZHANG.password, with_idempotency_key=False)
    assert response.status_code == 422
    assert _code(response) == "VALIDATION_ERROR"


def test_fastapi_validation_errors_use_the_error_body(signed_client: SignedClient) -> None:
    response = signed_client.post("/v1/auth/login", {"identifier": "zhangsan01"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "password" in error["details"]["reason"]
    assert "Traceback" not in response.text


def test_R_LK_1_retried_wrong_password_counts_once(signed_client: SignedClient) -> None:
    """Same Idempotency-Key, same body: the stored answer, the failure counted once."""
    key = str(uuid.uuid4())
    first = signed_client.login("zhangsan01", "Wrong.pass1", idempotency_key=key)
    again = signed_client.login("zhangsan01", "Wrong.pass1", idempotency_key=key)
    assert first.status_code == again.status_code == 401
    assert first.json() == again.json()
    assert first.json()["error"]["details"]["remaining"] == 4
    third = signed_client.login("zhangsan01", "Wrong.pass1")
    assert third.json()["error"]["details"]["remaining"] == 3


def test_same_key_different_body_conflicts(signed_client: SignedClient) -> None:
    key = str(uuid.uuid4())
    assert signed_client.login("zhangsan01", ZHANG.password, idempotency_key=key).status_code == 200
    response = signed_client.login("zhangsan01", "Other.pass1", idempotency_key=key)
    assert response.status_code == 409
    assert _code(response) == "IDEMPOTENCY_CONFLICT"


def test_same_key_success_returns_the_same_attempt(signed_client: SignedClient) -> None:
    key = str(uuid.uuid4())
    first: dict[str, Any] = signed_client.login(
        "zhangsan01", ZHANG.password, idempotency_key=key
    ).json()
    again: dict[str, Any] = signed_client.login(
        "zhangsan01", ZHANG.password, idempotency_key=key
    ).json()
    assert first["attempt_id"] == again["attempt_id"]


def test_argon2id_hash_records_its_parameters(account_service: EmbeddedService) -> None:
    with account_service.session_factory() as session:
        stored = session.scalars(
            select(Person.password_hash).where(Person.username == "zhangsan01")
        ).one()
    assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")


def test_dev_outbox_exists_only_with_the_outbox_gateway(
    sqlite_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> None:
    with (
        live_service(sqlite_database_url, manual_clock, tmp_path, sms_gateway="null") as service,
        SignedClient(service.base_url, now=manual_clock.now) as client,
    ):
        client.enroll(service.create_enroll_code())
        response = client.get("/v1/dev/sms-outbox")
        assert response.status_code == 404
        assert response.json()["error"]["code"]
        attempt = client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
        assert client.send_sms(attempt).status_code == 200


class _BrokenGateway:
    def send(self, phone: str, code: str, purpose: SmsPurpose) -> None:
        raise RuntimeError(f"provider down for {phone}")


@pytest.mark.expected_log(r"^account_service\.errors: unhandled error: Traceback \(most recent")
def test_unexpected_failure_is_internal_error_without_trace(
    sqlite_database_url: str,
    manual_clock: ManualClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        live_service(
            sqlite_database_url, manual_clock, tmp_path, gateway=_BrokenGateway()
        ) as service,
        SignedClient(service.base_url, now=manual_clock.now) as client,
    ):
        client.enroll(service.create_enroll_code())
        attempt = client.login("zhangsan01", ZHANG.password).json()["attempt_id"]
        response = client.send_sms(attempt)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"
    assert "Traceback" not in response.text
    assert "provider down for 138****0001" in caplog.text  # logged, masked
    assert "13800000001" not in caplog.text


def test_lower_case_document_number_logs_in(signed_client: SignedClient) -> None:
    chen = DEMO_PERSONS[4]
    response = signed_client.login(chen.document_number.lower(), chen.password)
    assert response.status_code == 200, response.text


def test_unknown_route_is_not_found_in_the_error_envelope(signed_client: SignedClient) -> None:
    response = signed_client.get("/v1/no-such-route")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "NOT_FOUND"
    assert "终端" in error["message_zh"] and "terminal" in error["message_en"]
