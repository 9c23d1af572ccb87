"""The kiosk's agent certificate login calls (``AgentLoginApi`` on ``HttpAccountClient``)
against the live service on SQLite and PostgreSQL, plus the wire format at the transport
level (R-AG-1, R-AG-2)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from account_service.clock import ManualClock
from account_service.demo import DEMO_AGENCY, DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE
from kiosk.demo.demo_keys import DEMO_AGENT_CERTIFICATES, demo_agent_key
from kiosk.domain.sm2 import generate_private_value, public_point, sign_digest, sm2_digest
from kiosk.protocol.agents import AgentClientChoice
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.people import Organization
from kiosk.services.account_api import AgentLoginApi
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.terminal_identity import TerminalIdentity
from tests.account_service.test_agent_login import make_sm2_cert

WANG_CERT = DEMO_AGENT_CERTIFICATES[0]
WANG_PHONE = "13800000003"


def _wang_certificate(clock: ManualClock) -> bytes:
    now = clock.now()
    return make_sm2_cert(
        demo_agent_key(WANG_CERT.serial),
        WANG_CERT.serial,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=100),
    )


def _token_signature(private_value: int, nonce: bytes) -> bytes:
    """What the Tax UKey returns for SM2 sign of the host-computed digest."""
    return sign_digest(private_value, sm2_digest(public_point(private_value), nonce))


def _code(api: HttpAccountClient) -> str:
    return api.sms_outbox(WANG_PHONE, limit=1)[0].code


def test_agent_login_journey_through_the_client(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    api: AgentLoginApi = kiosk_api
    challenge = api.start_agent_login(_wang_certificate(manual_clock))
    assert len(challenge.nonce) == 32
    assert challenge.certificate_serial == format(WANG_CERT.serial, "x")
    assert "nonce" not in repr(challenge)

    signature = _token_signature(demo_agent_key(WANG_CERT.serial), challenge.nonce)
    accepted = api.answer_agent_challenge(challenge.challenge_id, signature)
    assert accepted.agency == Organization(uscc=DEMO_AGENCY.uscc, name=DEMO_AGENCY.name)
    assert accepted.agent_name_masked == "王*"
    assert accepted.sms_phone_masked == "138****0003"
    assert accepted.second_factors == ("sms",)

    sent = api.send_agent_login_sms(accepted.attempt_id)
    assert sent.phone_masked == "138****0003"
    choice = api.verify_agent_login_sms(accepted.attempt_id, _code(kiosk_api))
    assert isinstance(choice, AgentClientChoice)
    assert {c.uscc for c in choice.clients} == {DEMO_ENTERPRISE.uscc, DEMO_CLIENT_ENTERPRISE.uscc}

    logged_in = api.choose_agent_client(accepted.attempt_id, DEMO_CLIENT_ENTERPRISE.uscc)
    assert logged_in.client == Organization(
        uscc=DEMO_CLIENT_ENTERPRISE.uscc, name=DEMO_CLIENT_ENTERPRISE.name
    )
    assert logged_in.person.name_masked == "王*"
    assert logged_in.session_token not in repr(logged_in)

    info = api.current_agent_session(logged_in.session_token)
    assert info.client.uscc == DEMO_CLIENT_ENTERPRISE.uscc
    assert info.agency.uscc == DEMO_AGENCY.uscc
    kiosk_api.logout(logged_in.session_token)
    with pytest.raises(UserError) as ended:
        api.current_agent_session(logged_in.session_token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_refusals_arrive_as_typed_errors_with_rule_and_text(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    challenge = kiosk_api.start_agent_login(_wang_certificate(manual_clock))
    forged = _token_signature(generate_private_value(), challenge.nonce)
    with pytest.raises(UserError) as wrong:
        kiosk_api.answer_agent_challenge(challenge.challenge_id, forged)
    assert wrong.value.code is ErrorCode.AGENT_SIGNATURE_INVALID
    assert wrong.value.rule == "R-AG-2"
    assert "签名" in wrong.value.text(Lang.ZH)
    assert "signature" in wrong.value.text(Lang.EN)

    with pytest.raises(UserError) as used:
        kiosk_api.answer_agent_challenge(
            challenge.challenge_id,
            _token_signature(demo_agent_key(WANG_CERT.serial), challenge.nonce),
        )
    assert used.value.code is ErrorCode.AGENT_CHALLENGE_USED

    now = manual_clock.now()
    stranger = make_sm2_cert(
        generate_private_value(), 0x9999, not_before=now, not_after=now + timedelta(days=1)
    )
    with pytest.raises(UserError) as unknown:
        kiosk_api.start_agent_login(stranger)
    assert unknown.value.code is ErrorCode.AGENT_CERT_UNKNOWN

    fresh = kiosk_api.start_agent_login(_wang_certificate(manual_clock))
    accepted = kiosk_api.answer_agent_challenge(
        fresh.challenge_id, _token_signature(demo_agent_key(WANG_CERT.serial), fresh.nonce)
    )
    kiosk_api.send_agent_login_sms(accepted.attempt_id)
    kiosk_api.verify_agent_login_sms(accepted.attempt_id, _code(kiosk_api))
    with pytest.raises(UserError) as not_client:
        kiosk_api.choose_agent_client(accepted.attempt_id, "91440300MA5G2K8L1P")
    assert not_client.value.code is ErrorCode.AGENT_CLIENT_NOT_IN_AGREEMENTS
    assert not_client.value.rule == "R-AG-1"


def _offline_client(handler: httpx.MockTransport) -> HttpAccountClient:
    identity = TerminalIdentity(str(uuid.uuid4()), Ed25519PrivateKey.generate())
    return HttpAccountClient(
        "http://service.test",
        identity,
        http=httpx.Client(transport=handler),
        backoff=lambda _attempt: None,
    )


def test_wire_format_base64_bodies_and_idempotency_key() -> None:
    seen: list[httpx.Request] = []
    nonce = bytes(range(32))

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "challenge_id": "c-1",
                "nonce": base64.b64encode(nonce).decode(),
                "expires_in_s": 120,
                "certificate_serial": "ab",
            },
        )

    client = _offline_client(httpx.MockTransport(handler))
    challenge = client.start_agent_login(b"\x30\x03DER")
    assert challenge.nonce == nonce
    request = seen[0]
    assert request.url.path == "/v1/agents/login/challenge"
    assert json.loads(request.content) == {"certificate": base64.b64encode(b"\x30\x03DER").decode()}
    assert request.headers["Idempotency-Key"]
    assert request.headers["X-Signature"]


@pytest.mark.expected_log(
    r"^kiosk\.services\.signed_http: POST /v1/agents/login/.*: the answer does not match"
)
def test_a_malformed_success_answer_is_a_service_fault() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"challenge_id": "c-1", "nonce": "***not base64***"})

    client = _offline_client(httpx.MockTransport(handler))
    with pytest.raises(UserError) as fault:
        client.start_agent_login(b"der")
    assert fault.value.code is ErrorCode.INTERNAL_ERROR
    with pytest.raises(UserError) as fault2:
        client.verify_agent_login_sms("a-1", "123456")
    assert fault2.value.code is ErrorCode.INTERNAL_ERROR
