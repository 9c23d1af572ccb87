"""HttpAccountClient at the transport level (httpx.MockTransport): signing, idempotency keys,
retries, error mapping and parsing — docs/protocol.md."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.protocol.auth import LoggedIn, PasswordAccepted, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.signing import (
    HEADER_IDEMPOTENCY,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TERMINAL,
    HEADER_TIMESTAMP,
    canonical_request,
    public_key_b64,
    verify,
)
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.terminal_identity import TerminalIdentity

Handler = Callable[[httpx.Request], httpx.Response]
NOW = 1_790_000_000.7
PERSON = {
    "person_id": "p-1",
    "name_masked": "张*",
    "id_number_masked": "110***********123X",
    "real_name_level": 4,
    "username": "zhangsan01",
    "phone_masked": "138****0001",
}


def _error(status: int, code: str, **details: object) -> httpx.Response:
    body = {
        "error": {
            "code": code,
            "rule": None,
            "message_zh": "",
            "message_en": "",
            "details": details,
        }
    }
    return httpx.Response(status, json=body)


class Recorder:
    """A MockTransport handler that records requests and answers from a script."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers: Iterator[httpx.Response | Exception] = iter(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = next(self.answers)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def identity() -> TerminalIdentity:
    return TerminalIdentity("term-0001", Ed25519PrivateKey.generate())


def make_client(
    identity: TerminalIdentity,
    handler: Handler,
    backoffs: list[int] | None = None,
    retries: int = 2,
) -> HttpAccountClient:
    nonces = (f"nonce-{i:016d}" for i in itertools.count())
    return HttpAccountClient(
        "http://service.test/",
        identity,
        http=httpx.Client(transport=httpx.MockTransport(handler)),
        clock=lambda: NOW,
        nonce_factory=lambda: next(nonces),
        backoff=(backoffs.append if backoffs is not None else lambda attempt: None),
        retries=retries,
    )


def _verifies(request: httpx.Request, identity: TerminalIdentity) -> bool:
    message = canonical_request(
        method=request.method,
        path_with_query=request.url.raw_path.decode(),
        timestamp=int(request.headers[HEADER_TIMESTAMP]),
        nonce=request.headers[HEADER_NONCE],
        body=request.content,
        terminal_id=request.headers[HEADER_TERMINAL],
    )
    return verify(public_key_b64(identity.private_key), message, request.headers[HEADER_SIGNATURE])


def test_post_is_signed_and_the_signature_verifies(identity: TerminalIdentity) -> None:
    accepted = {
        "attempt_id": "a-1",
        "sms_phone_masked": "138****0001",
        "initial_password": False,
        "second_factors": ["sms"],
    }
    recorder = Recorder(httpx.Response(200, json=accepted))
    result = make_client(identity, recorder).start_login("11010519491231002X", "Secret.123")

    assert result == PasswordAccepted(
        attempt_id="a-1",
        sms_phone_masked="138****0001",
        initial_password=False,
        second_factors=("sms",),
    )
    (request,) = recorder.requests
    assert request.url.path == "/v1/auth/login"
    assert request.headers[HEADER_TERMINAL] == "term-0001"
    assert request.headers[HEADER_TIMESTAMP] == str(int(NOW))
    assert request.headers[HEADER_NONCE] == "nonce-0000000000000000"
    assert json.loads(request.content) == {
        "identifier": "11010519491231002X",
        "password": "Secret.123",
    }
    assert _verifies(request, identity)


def test_a_tampered_body_no_longer_verifies(identity: TerminalIdentity) -> None:
    recorder = Recorder(httpx.Response(200, json={"status": "logged_out"}))
    make_client(identity, recorder).logout("tok")
    request = recorder.requests[0]
    forged = httpx.Request(
        request.method, request.url, headers=request.headers, content=b'{"x": 1}'
    )
    assert _verifies(request, identity)
    assert not _verifies(forged, identity)


def test_get_with_query_signs_path_and_query(identity: TerminalIdentity) -> None:
    outbox = {
        "messages": [
            {
                "phone": "13800000001",
                "code": "654321",
                "purpose": "login",
                "sent_at": "2026-11-22T10:02:00+08:00",
            },
            {
                "phone": "13800000001",
                "code": "123456",
                "purpose": "login",
                "sent_at": "2026-11-22T10:01:00+08:00",
            },
        ]
    }
    recorder = Recorder(httpx.Response(200, json=outbox))
    messages = make_client(identity, recorder).sms_outbox(phone="13800000001", limit=5)

    assert [m.code for m in messages] == ["654321", "123456"]
    request = recorder.requests[0]
    assert request.method == "GET"
    assert request.url.raw_path == b"/v1/dev/sms-outbox?limit=5&phone=13800000001"
    assert HEADER_IDEMPOTENCY not in request.headers
    assert _verifies(request, identity)


def test_every_post_carries_a_fresh_idempotency_key(identity: TerminalIdentity) -> None:
    sent = {"phone_masked": "138****0001", "resend_after_s": 60, "expires_in_s": 300}
    recorder = Recorder(httpx.Response(200, json=sent), httpx.Response(200, json=sent))
    client = make_client(identity, recorder)
    client.send_login_sms("a-1")
    client.send_login_sms("a-1")
    keys = [r.headers[HEADER_IDEMPOTENCY] for r in recorder.requests]
    assert all(len(k) == 36 for k in keys)
    assert keys[0] != keys[1]


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_retry_after_connection_error_reuses_the_idempotency_key(
    identity: TerminalIdentity,
) -> None:
    """A retried wrong password must not count twice (R-LK-1): same key, new nonce."""
    recorder = Recorder(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("lost answer"),
        _error(401, "WRONG_PASSWORD", remaining=3),
    )
    backoffs: list[int] = []
    client = make_client(identity, recorder, backoffs)
    with pytest.raises(UserError) as caught:
        client.start_login("zhangsan01", "wrong.pass1")

    assert caught.value.code is ErrorCode.WRONG_PASSWORD
    assert caught.value.details == {"remaining": 3}
    assert len(recorder.requests) == 3
    assert len({r.headers[HEADER_IDEMPOTENCY] for r in recorder.requests}) == 1
    assert len({r.headers[HEADER_NONCE] for r in recorder.requests}) == 3
    assert all(_verifies(r, identity) for r in recorder.requests)
    assert backoffs == [1, 2]


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_unreachable_after_bounded_retries(identity: TerminalIdentity) -> None:
    recorder = Recorder(*(httpx.ConnectError("refused") for _ in range(3)))
    backoffs: list[int] = []
    with pytest.raises(UserError) as caught:
        make_client(identity, recorder, backoffs).send_login_sms("a-1")
    assert caught.value.code is ErrorCode.SERVICE_UNREACHABLE
    assert len(recorder.requests) == 3
    assert backoffs == [1, 2]


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: GET /v")
def test_timeout_without_retries_is_unreachable(identity: TerminalIdentity) -> None:
    recorder = Recorder(httpx.ConnectTimeout("slow"))
    with pytest.raises(UserError) as caught:
        make_client(identity, recorder, retries=0).current_person("tok")
    assert caught.value.code is ErrorCode.SERVICE_UNREACHABLE


def test_account_locked_details_are_kept(identity: TerminalIdentity) -> None:
    recorder = Recorder(
        _error(423, "ACCOUNT_LOCKED", unlock_at="2026-11-23T00:00:00+08:00", retry_after_s=3600)
    )
    with pytest.raises(UserError) as caught:
        make_client(identity, recorder).start_login("13800000001", "x")
    assert caught.value.code is ErrorCode.ACCOUNT_LOCKED
    assert caught.value.retry_after_s == 3600
    assert caught.value.rule == "R-LK-1"
    # Worded for a person even when the answer carried only the instant (issue 13).
    assert "2026年11月23日 00:00" in caught.value.text(Lang.ZH)
    assert "T00:00" not in caught.value.text(Lang.EN)


@pytest.mark.parametrize(
    "response",
    [
        _error(418, "SOMETHING_NEW"),
        httpx.Response(502, text="<html>bad gateway</html>"),
        httpx.Response(500, json={"detail": "boom"}),
    ],
    ids=["unknown-code", "not-json", "no-error-object"],
)
def test_unknown_errors_map_to_internal_error(
    identity: TerminalIdentity, response: httpx.Response
) -> None:
    with pytest.raises(UserError) as caught:
        make_client(identity, Recorder(response)).logout("tok")
    assert caught.value.code is ErrorCode.INTERNAL_ERROR


@pytest.mark.expected_log(
    r"^kiosk\.services\.signed_http: POST /v1/auth/login: the answer does not match"
)
def test_a_success_missing_fields_is_internal_error(identity: TerminalIdentity) -> None:
    recorder = Recorder(httpx.Response(200, json={"attempt_id": "a-1"}))
    with pytest.raises(UserError) as caught:
        make_client(identity, recorder).start_login("zhangsan01", "x")
    assert caught.value.code is ErrorCode.INTERNAL_ERROR


def test_verify_returns_logged_in_with_person(identity: TerminalIdentity) -> None:
    body = {
        "status": "logged_in",
        "session_token": "s3cr3t",
        "expires_in_s": 1800,
        "person": PERSON,
    }
    recorder = Recorder(httpx.Response(200, json=body))
    result = make_client(identity, recorder).verify_login_sms("a-1", "123456")
    assert isinstance(result, LoggedIn)
    assert result.session_token == "s3cr3t"
    assert result.person.name_masked == "张*"
    assert result.person.real_name_level == 4
    assert json.loads(recorder.requests[0].content) == {"code": "123456"}
    assert recorder.requests[0].url.path == "/v1/auth/login/a-1/verify"


def test_verify_with_initial_password_requires_change(identity: TerminalIdentity) -> None:
    """R-PW-3: the initial password leads to a change, not a session."""
    body = {"status": "password_change_required", "change_token": "ct"}
    result = make_client(identity, Recorder(httpx.Response(200, json=body))).verify_login_sms(
        "a-1", "123456"
    )
    assert result == PasswordChangeRequired(change_token="ct")


def test_change_initial_password_posts_token_and_password(identity: TerminalIdentity) -> None:
    recorder = Recorder(httpx.Response(200, json={"status": "password_changed"}))
    make_client(identity, recorder).change_initial_password("ct", "New.pass99")
    request = recorder.requests[0]
    assert request.url.path == "/v1/auth/password/initial-change"
    assert json.loads(request.content) == {"change_token": "ct", "new_password": "New.pass99"}


def test_session_routes_send_the_bearer_token(identity: TerminalIdentity) -> None:
    recorder = Recorder(
        httpx.Response(200, json={"person": PERSON, "expires_in_s": 100}),
        httpx.Response(200, json={"status": "logged_out"}),
    )
    client = make_client(identity, recorder)
    assert client.current_person("tok-1").person_id == "p-1"
    client.logout("tok-1")
    assert [r.headers["Authorization"] for r in recorder.requests] == ["Bearer tok-1"] * 2
    assert [r.url.path for r in recorder.requests] == ["/v1/session", "/v1/auth/logout"]
    assert HEADER_IDEMPOTENCY in recorder.requests[1].headers


def test_invalid_session_maps_to_session_invalid(identity: TerminalIdentity) -> None:
    with pytest.raises(UserError) as caught:
        make_client(identity, Recorder(_error(401, "SESSION_INVALID"))).current_person("old")
    assert caught.value.code is ErrorCode.SESSION_INVALID


def test_health(identity: TerminalIdentity) -> None:
    ok = {"status": "ok", "database": "ok", "version": "0.1.0"}
    assert make_client(identity, Recorder(httpx.Response(200, json=ok))).health() is True
    down = Recorder(httpx.ConnectError("refused"))
    assert make_client(identity, down).health() is False
    sick = Recorder(httpx.Response(503, json={"status": "degraded"}))
    assert make_client(identity, sick).health() is False


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_passwords_and_codes_never_reach_the_log(
    identity: TerminalIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder(
        httpx.ConnectError("refused"),
        _error(401, "WRONG_PASSWORD", remaining=4),
        _error(401, "SMS_CODE_WRONG", remaining=4),
    )
    client = make_client(identity, recorder)
    with pytest.raises(UserError):
        client.start_login("11010519491231002X", "Hunter2.secret")
    with pytest.raises(UserError):
        client.verify_login_sms("a-1", "987123")
    assert caplog.records  # the retry and the answers were logged
    assert "Hunter2.secret" not in caplog.text
    assert "987123" not in caplog.text
    assert "11010519491231002X" not in caplog.text
