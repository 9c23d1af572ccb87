"""HttpAccountClient against the real account service over HTTP (uvicorn on loopback),
on SQLite and PostgreSQL, with the service's manual clock driving the kiosk's timestamps."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from kiosk.protocol.auth import LoggedIn, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import IdlePolicy, KioskSession
from kiosk.services.terminal_identity import TerminalIdentity, enroll

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password and p.phone)


class LoseFirstAnswer(httpx.BaseTransport):
    """Delivers the first request, then drops its answer (a cut connection)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.dropped = False
        self.idempotency_keys: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.idempotency_keys.append(request.headers.get("Idempotency-Key", ""))
        response = self.inner.handle_request(request)
        if not self.dropped:
            self.dropped = True
            response.read()
            response.close()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def identity(account_service: EmbeddedService) -> TerminalIdentity:
    code = account_service.create_enroll_code("pytest kiosk")
    return enroll(account_service.base_url, code, "pytest kiosk")


def _client(
    service: EmbeddedService,
    identity: TerminalIdentity,
    clock: ManualClock,
    http: httpx.Client | None = None,
) -> HttpAccountClient:
    return HttpAccountClient(
        service.base_url,
        identity,
        http=http,
        clock=lambda: clock.now().timestamp(),
        backoff=lambda attempt: None,
    )


@pytest.fixture
def client(
    account_service: EmbeddedService, identity: TerminalIdentity, manual_clock: ManualClock
) -> Iterator[HttpAccountClient]:
    with _client(account_service, identity, manual_clock) as c:
        yield c


def _login_code(client: HttpAccountClient, attempt_id: str, phone: str) -> str:
    client.send_login_sms(attempt_id)
    return client.sms_outbox(phone=phone, limit=1)[0].code


def test_enrolled_terminal_is_accepted_and_a_code_works_once(
    account_service: EmbeddedService, identity: TerminalIdentity, client: HttpAccountClient
) -> None:
    assert uuid.UUID(identity.terminal_id)
    assert client.health() is True
    assert client.sms_outbox(limit=5) == []
    code = account_service.create_enroll_code("second")
    enroll(account_service.base_url, code, "second")
    with pytest.raises(UserError) as caught:
        enroll(account_service.base_url, code, "third")
    assert caught.value.code is ErrorCode.ENROLL_CODE_INVALID


@pytest.mark.expected_log(
    r"^account_service\.terminals\.service: terminal request refused: bad signature",
)
def test_unenrolled_key_is_refused(
    account_service: EmbeddedService, manual_clock: ManualClock, identity: TerminalIdentity
) -> None:
    impostor = TerminalIdentity(identity.terminal_id, Ed25519PrivateKey.generate())
    with (
        _client(account_service, impostor, manual_clock) as client,
        pytest.raises(UserError) as caught,
    ):
        client.sms_outbox()
    assert caught.value.code is ErrorCode.TERMINAL_UNAUTHORIZED


def test_r_lg_1_r_2f_1_full_login_by_id_number_then_logout(client: HttpAccountClient) -> None:
    assert ZHANG.phone is not None
    accepted = client.start_login(ZHANG.document_number, ZHANG.password)
    assert accepted.sms_phone_masked == "138****0001"
    assert accepted.initial_password is False

    sent = client.send_login_sms(accepted.attempt_id)
    assert sent.phone_masked == "138****0001"
    assert sent.resend_after_s == 60
    (sms,) = client.sms_outbox(phone=ZHANG.phone, limit=1)
    assert sms.purpose == "login"
    assert len(sms.code) == 6

    result = client.verify_login_sms(accepted.attempt_id, sms.code)
    assert isinstance(result, LoggedIn)
    assert result.person.name_masked == "张*"
    assert result.person.id_number_masked == "110***********002X"
    assert client.current_person(result.session_token) == result.person

    client.logout(result.session_token)
    with pytest.raises(UserError) as caught:
        client.current_person(result.session_token)
    assert caught.value.code is ErrorCode.SESSION_INVALID


def test_r_lk_1_wrong_password_maps_to_wrong_password_with_remaining(
    client: HttpAccountClient,
) -> None:
    with pytest.raises(UserError) as caught:
        client.start_login(ZHANG.document_number, "Wrong@2024")
    assert caught.value.code is ErrorCode.WRONG_PASSWORD
    assert caught.value.details["remaining"] == 4
    assert caught.value.rule == "R-LK-1"


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_r_lk_1_a_retried_wrong_password_counts_once(
    account_service: EmbeddedService, identity: TerminalIdentity, manual_clock: ManualClock
) -> None:
    """The answer to the first try is lost; the retry (same Idempotency-Key) gets the stored
    answer, so the failure is counted once."""
    transport = LoseFirstAnswer()
    with (
        httpx.Client(transport=transport) as http,
        _client(account_service, identity, manual_clock, http) as c,
    ):
        with pytest.raises(UserError) as first:
            c.start_login(ZHANG.document_number, "Wrong@2024")
        assert transport.dropped
        assert len(transport.idempotency_keys) == 2
        assert transport.idempotency_keys[0] == transport.idempotency_keys[1]
        assert first.value.code is ErrorCode.WRONG_PASSWORD
        assert first.value.details["remaining"] == 4
        with pytest.raises(UserError) as second:
            c.start_login(ZHANG.document_number, "Wrong@2024")
        assert second.value.details["remaining"] == 3


def test_r_pw_3_initial_password_requires_a_change(client: HttpAccountClient) -> None:
    assert LI.phone is not None
    accepted = client.start_login(LI.document_number, LI.password)
    assert accepted.initial_password is True
    result = client.verify_login_sms(
        accepted.attempt_id, _login_code(client, accepted.attempt_id, LI.phone)
    )
    assert isinstance(result, PasswordChangeRequired)
    with pytest.raises(UserError) as caught:
        client.change_initial_password(result.change_token, LI.password)
    assert caught.value.code in {ErrorCode.PASSWORD_SAME_AS_INITIAL, ErrorCode.PASSWORD_RULE}
    client.change_initial_password(result.change_token, "Li.new2026")

    again = client.start_login(LI.document_number, "Li.new2026")
    assert again.initial_password is False


def test_r_se_1_idle_expiry_logs_the_session_out_on_the_service(
    client: HttpAccountClient,
) -> None:
    assert ZHANG.phone is not None
    accepted = client.start_login(ZHANG.username or "", ZHANG.password)
    logged_in = client.verify_login_sms(
        accepted.attempt_id, _login_code(client, accepted.attempt_id, ZHANG.phone)
    )
    assert isinstance(logged_in, LoggedIn)
    now = [0.0]
    session = KioskSession(IdlePolicy(90, 20), clock=lambda: now[0])
    session.begin(logged_in)
    now[0] = 90.0
    assert session.expire_if_idle(client) is True
    assert session.person is None
    with pytest.raises(UserError) as caught:
        client.current_person(logged_in.session_token)
    assert caught.value.code is ErrorCode.SESSION_INVALID
