"""Issue 14, configuration: the account service is production unless told otherwise.

Each test is an attack or a mistake as it was reproduced: the README's production command
with nothing else set, a development gateway left on, the development routes probed from
an enrolled terminal."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from account_service.app import create_app
from account_service.cli import main
from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from account_service.settings import AccountServiceSettings, UnsafeSettingsError
from account_service.sms.gateway import HttpGateway, SmsPurpose
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient
from tests.support.sms_provider import StubProvider, stub_sms_provider

ZHANG_ID, ZHANG_PASSWORD, ZHANG_PHONE = "11010519491231002X", "Zhang@2024", "13800000001"
SECRET = secrets.token_urlsafe(48)


def test_the_readme_production_start_refuses_without_a_secret_or_an_sms_gateway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`account-service serve --database-url …`, nothing else set: it says what to set and
    serves nothing (it used to serve the SMS outbox to every terminal)."""
    for name in ("PROFILE", "SECRET_KEY", "SMS_GATEWAY", "SMS_GATEWAY_URL"):
        monkeypatch.delenv(f"ACCOUNT_SERVICE_{name}", raising=False)
    err = io.StringIO()
    url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    assert main(["serve", "--database-url", url, "--port", "1"], err=err) == 2
    message = err.getvalue()
    assert "ACCOUNT_SERVICE_SECRET_KEY" in message
    assert "ACCOUNT_SERVICE_SMS_GATEWAY=http" in message
    assert not (tmp_path / "prod.sqlite3").exists()  # refused before touching the database


@pytest.mark.parametrize("gateway", ["outbox", "null"])
def test_production_refuses_a_development_sms_gateway(gateway: str) -> None:
    settings = AccountServiceSettings(
        database_url="sqlite://", secret_key=SECRET, sms_gateway=gateway
    )
    with pytest.raises(UnsafeSettingsError, match="development only"):
        create_app(settings)


def test_production_refuses_a_short_secret() -> None:
    settings = AccountServiceSettings(
        database_url="sqlite://",
        secret_key="short-secret",
        sms_gateway="http",
        sms_gateway_url="http://sms.example/send",
    )
    with pytest.raises(UnsafeSettingsError, match="ACCOUNT_SERVICE_SECRET_KEY"):
        create_app(settings)


def test_demo_people_are_never_loaded_in_production(tmp_path: Path) -> None:
    err = io.StringIO()
    url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    assert main(["serve", "--database-url", url, "--demo-data"], err=err) == 2
    assert "ACCOUNT_SERVICE_PROFILE=development" in err.getvalue()


def test_the_first_log_line_names_the_profile(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="account_service")
    create_app(
        AccountServiceSettings(
            database_url="sqlite://",
            secret_key=SECRET,
            sms_gateway="http",
            sms_gateway_url="http://sms.example/send",
        )
    )
    create_app(AccountServiceSettings(database_url="sqlite://", profile="development"))
    said = [r.getMessage() for r in caplog.records if r.name == "account_service"]
    assert "production profile: no development routes" in said[0]
    assert "DEVELOPMENT profile: development routes on" in said[1]
    assert [r.levelno for r in caplog.records if r.name == "account_service"] == [
        logging.INFO,
        logging.WARNING,
    ]


@pytest.fixture
def provider() -> Iterator[StubProvider]:
    with stub_sms_provider() as stub:
        yield stub


@pytest.fixture
def production(
    database_url: str, manual_clock: ManualClock, tmp_path: Path, provider: StubProvider
) -> Iterator[EmbeddedService]:
    with live_service(
        database_url,
        manual_clock,
        tmp_path,
        profile="production",
        secret_key=SECRET,
        sms_gateway="http",
        sms_gateway_url=provider.url,
        sms_gateway_token="provider-token",
        sms_gateway_timeout_s=0.5,
    ) as service:
        yield service


@pytest.fixture
def terminal(production: EmbeddedService, manual_clock: ManualClock) -> Iterator[SignedClient]:
    with SignedClient(production.base_url, now=manual_clock.now) as client:
        client.enroll(production.create_enroll_code("attacker"))
        yield client


def test_no_development_route_exists_in_production(terminal: SignedClient) -> None:
    """The reproduced takeover: the outbox handed every code to any terminal, and the
    tax-app simulator logged anyone in by ID number alone."""
    outbox = terminal.get("/v1/dev/sms-outbox?phone=13800000001&limit=1")
    assert outbox.status_code == 404
    challenge = terminal.post("/v1/qr/challenges", {"purpose": "login"})
    assert challenge.status_code == 200, challenge.text
    scan = terminal.post(
        "/v1/qr/scan",
        {"payload": challenge.json()["payload"], "app": "etax", "person_document_number": ZHANG_ID},
    )
    assert scan.status_code == 404
    assert terminal.http.get("/docs").status_code == 404
    assert terminal.http.get("/openapi.json").status_code == 404


def test_codes_go_to_the_sms_provider_and_nowhere_else(
    terminal: SignedClient, provider: StubProvider
) -> None:
    started = terminal.login(ZHANG_ID, ZHANG_PASSWORD)
    assert started.status_code == 200, started.text
    sent = terminal.send_sms(started.json()["attempt_id"])
    assert sent.status_code == 200, sent.text
    assert provider.authorizations == ["Bearer provider-token"]
    assert provider.received[0]["phone"] == ZHANG_PHONE
    assert provider.received[0]["purpose"] == "login"
    (code,) = provider.codes_for(ZHANG_PHONE)
    verified = terminal.verify(started.json()["attempt_id"], code)
    assert verified.json()["status"] == "logged_in"


@pytest.mark.expected_log(r"^account_service\.sms\.gateway: SMS to")
@pytest.mark.parametrize("fault", ["refused", "slow"])
def test_a_failing_sms_provider_answers_and_logs_masked(
    terminal: SignedClient,
    provider: StubProvider,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    if fault == "refused":
        provider.status = 503
    else:
        provider.delay_s = 1.0  # beyond the gateway's timeout
    started = terminal.login(ZHANG_ID, ZHANG_PASSWORD)
    with caplog.at_level(logging.WARNING, logger="account_service.sms.gateway"):
        sent = terminal.send_sms(started.json()["attempt_id"])
    assert sent.status_code == 200, sent.text  # the code is stored; the person may resend
    warnings = [r.getMessage() for r in caplog.records if r.name == "account_service.sms.gateway"]
    assert len(warnings) == 1 and "138****0001" in warnings[0]
    assert ZHANG_PHONE not in warnings[0]
    caplog.clear()  # a provider fault is expected here, not a defect


def test_every_answer_carries_the_security_headers(terminal: SignedClient) -> None:
    answers = [
        terminal.http.get("/v1/health"),  # unsigned, public
        terminal.http.post("/v1/auth/login", json={}),  # unsigned: 401
        terminal.get("/v1/no-such-route"),  # 404
        terminal.login(ZHANG_ID, ZHANG_PASSWORD),  # 200 with an attempt
    ]
    for answer in answers:
        headers = answer.headers
        assert headers["x-content-type-options"] == "nosniff", answer.request.url
        assert headers["cache-control"] == "no-store"
        assert headers["x-frame-options"] == "DENY"
        assert headers["content-security-policy"].startswith("default-src 'none'")
        assert headers["referrer-policy"] == "no-referrer"


def test_development_keeps_its_routes_for_testers(signed_client: SignedClient) -> None:
    """The demo's and the tests' service: development profile, outbox and simulator on."""
    assert signed_client.get("/v1/dev/sms-outbox?limit=1").status_code == 200
    assert httpx.get(signed_client.http.base_url.join("/openapi.json")).status_code == 200


def test_a_provider_without_a_token_gets_the_code_without_an_authorization_header(
    provider: StubProvider,
) -> None:
    """Found by the kiosk-run end-to-end test (issue 15): with no token, "Bearer " alone
    was not a valid header value and no code ever left the service."""
    gateway = HttpGateway(provider.url, "", timeout_s=2)
    try:
        gateway.send(ZHANG_PHONE, "123456", SmsPurpose.LOGIN)
    finally:
        gateway.close()
    assert provider.authorizations == [""]
    assert provider.codes_for(ZHANG_PHONE) == ["123456"]
