"""企业业务 by the enterprise's tax digital certificate through real HTTP on SQLite and
PostgreSQL (R-EN-1, seed 002 11; R-2F-2, R-LK-1, R-RE-8 on the way).

The medium signs ``sm2_digest(point, nonce)`` with the enterprise's key; the service checks
it against the certificate ON RECORD for the enterprise, then the person types their own
identifier and the login goes on through the person login's second-factor routes. The demo
record (``load_demo_enterprise_certificates``) is loaded here: idempotent, so the test does
not depend on ``load_demo_data`` calling it.
"""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from account_service.cli import main as cli_main
from account_service.clock import ManualClock
from account_service.demo import (
    DEMO_CLIENT_ENTERPRISE,
    DEMO_ENTERPRISE,
    DEMO_PERSONS,
    load_demo_enterprise_certificates,
)
from account_service.embedded import EmbeddedService
from kiosk.demo.demo_keys import DEMO_ENTERPRISE_CERTIFICATES, demo_enterprise_key
from kiosk.domain.sm2 import generate_private_value, public_point, sign_digest, sm2_digest
from tests.account_service.test_agent_login import make_sm2_cert
from tests.support.signed_client import SignedClient

ZHANG, LI, WANG = DEMO_PERSONS[0], DEMO_PERSONS[1], DEMO_PERSONS[2]
ZHANG_PHONE, WANG_PHONE = "13800000001", "13800000003"
CERT = DEMO_ENTERPRISE_CERTIFICATES[0]
BASE = "/v1/enterprise-certificates/login"


@pytest.fixture
def client(
    account_service: EmbeddedService, signed_client: SignedClient, manual_clock: ManualClock
) -> SignedClient:
    load_demo_enterprise_certificates(account_service.session_factory, clock=manual_clock)
    return signed_client


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _cert(
    clock: ManualClock, *, key: int | None = None, serial: int = CERT.serial, days: int = 335
) -> bytes:
    now = clock.now()
    return make_sm2_cert(
        demo_enterprise_key(CERT.serial) if key is None else key,
        serial,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=days),
        common_name=CERT.enterprise_name,
    )


def _sign(private_value: int, nonce_b64: str) -> str:
    point = public_point(private_value)
    return _b64(sign_digest(private_value, sm2_digest(point, base64.b64decode(nonce_b64))))


def _error(response: Any, status: int, code: str, rule: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert error["rule"] == rule
    assert error["message_zh"] and error["message_en"]
    assert "{" not in error["message_zh"] + error["message_en"]
    return error


def _challenge(client: SignedClient, certificate: bytes) -> Any:
    return client.post(f"{BASE}/challenge", {"certificate": _b64(certificate)})


def _answer(client: SignedClient, challenge: dict[str, Any], signature: str) -> Any:
    return client.post(
        f"{BASE}/challenge/{challenge['challenge_id']}/signature", {"signature": signature}
    )


def _signed(client: SignedClient, clock: ManualClock, key: int | None = None) -> dict[str, Any]:
    """Certificate → nonce → the medium's signature: the accepted answer."""
    started = _challenge(client, _cert(clock, key=key))
    assert started.status_code == 200, started.text
    challenge = started.json()
    signer = demo_enterprise_key(CERT.serial) if key is None else key
    accepted = _answer(client, challenge, _sign(signer, challenge["nonce"]))
    assert accepted.status_code == 200, accepted.text
    body: dict[str, Any] = accepted.json()
    return body


def _identifier(client: SignedClient, login_id: str, identifier: str) -> Any:
    return client.post(f"{BASE}/{login_id}/identifier", {"identifier": identifier})


# -- the journey --------------------------------------------------------------------------


def test_R_EN_1_certificate_then_identifier_then_sms_opens_an_enterprise_session(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    started = _challenge(client, _cert(manual_clock))
    assert started.status_code == 200, started.text
    challenge = started.json()
    assert challenge["certificate_serial"] == format(CERT.serial, "x")
    assert challenge["expires_in_s"] == 120
    accepted = _answer(
        client, challenge, _sign(demo_enterprise_key(CERT.serial), challenge["nonce"])
    )
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["enterprise"]["code"] == DEMO_ENTERPRISE.uscc
    assert body["enterprise"]["name"] == "北京示例科技有限公司"
    assert body["tries_left"] == 5

    # No password: the medium and its password were the first factor.
    answer = _identifier(client, body["login_id"], ZHANG.document_number)
    assert answer.status_code == 200, answer.text
    attempt = answer.json()
    assert attempt["sms_phone_masked"] == "138****0001"  # R-2F-2: the default phone
    assert attempt["initial_password"] is False
    assert "sms" in attempt["second_factors"]

    # The person login's own second factor, then the enterprise entry's session.
    assert client.send_sms(attempt["attempt_id"]).status_code == 200
    verified = client.verify(attempt["attempt_id"], client.outbox_code(ZHANG_PHONE))
    assert verified.status_code == 200, verified.text
    logged_in = verified.json()
    assert logged_in["acting"]["enterprise"]["code"] == DEMO_ENTERPRISE.uscc
    # The identifier step is spent with the attempt.
    _error(
        _identifier(client, body["login_id"], ZHANG.document_number),
        401,
        "AGENT_CHALLENGE_EXPIRED",
        "R-AG-2",
    )


def test_R_2F_2_a_typed_phone_gets_the_code_and_a_pending_relation_may_enter(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    """王五 is the pending finance head (confirmed after the login, R-RE-3); he types his
    phone number, so the code goes to that number."""
    login_id = _signed(client, manual_clock)["login_id"]
    answer = _identifier(client, login_id, WANG_PHONE)
    assert answer.status_code == 200, answer.text
    attempt = answer.json()
    assert attempt["sms_phone_masked"] == "138****0003"
    assert client.send_sms(attempt["attempt_id"]).status_code == 200
    verified = client.verify(attempt["attempt_id"], client.outbox_code(WANG_PHONE))
    assert verified.status_code == 200, verified.text


def test_R_RE_8_an_identifier_without_a_relation_is_refused_and_tries_run_out(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    login_id = _signed(client, manual_clock)["login_id"]
    error = _error(
        _identifier(client, login_id, LI.document_number), 403, "ENTERPRISE_NO_RELATION", "R-RE-8"
    )
    assert "未查询到您与该企业的关联关系信息" in error["message_zh"]
    _error(_identifier(client, login_id, "11010519491231003X"), 422, "ID_NUMBER_INVALID", "R-ID-5")
    for _ in range(4):
        _identifier(client, login_id, LI.document_number)
    # Five lookups that found no one to let in: the medium must sign again.
    _error(
        _identifier(client, login_id, ZHANG.document_number),
        401,
        "AGENT_CHALLENGE_EXPIRED",
        "R-AG-2",
    )


def test_R_LK_1_a_locked_account_cannot_enter_by_the_certificate(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    for _ in range(5):
        client.login(ZHANG.document_number, "Wrong@2024x")
    assert (
        client.login(ZHANG.document_number, ZHANG.password).json()["error"]["code"]
        == "ACCOUNT_LOCKED"
    )
    login_id = _signed(client, manual_clock)["login_id"]
    _error(_identifier(client, login_id, ZHANG.document_number), 423, "ACCOUNT_LOCKED", "R-LK-1")


# -- the certificate's refusals -----------------------------------------------------------


def test_R_EN_1_an_unknown_certificate_or_another_key_under_the_serial_is_refused(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    stranger = generate_private_value()
    error = _error(
        _challenge(client, _cert(manual_clock, key=stranger, serial=0x7777)),
        404,
        "ENTERPRISE_CERT_UNKNOWN",
        "R-EN-1",
    )
    assert "企业" in error["message_zh"]
    # The demo serial with another key: not the certificate on record.
    _error(
        _challenge(client, _cert(manual_clock, key=stranger)),
        404,
        "ENTERPRISE_CERT_UNKNOWN",
        "R-EN-1",
    )
    _error(
        client.post(f"{BASE}/challenge", {"certificate": _b64(b"garbage")}),
        404,
        "ENTERPRISE_CERT_UNKNOWN",
        "R-EN-1",
    )


def test_R_EN_1_a_wrong_signature_spends_the_challenge(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    challenge = _challenge(client, _cert(manual_clock)).json()
    _error(
        _answer(client, challenge, _sign(generate_private_value(), challenge["nonce"])),
        401,
        "ENTERPRISE_CERT_SIGNATURE_INVALID",
        "R-EN-1",
    )
    right = _sign(demo_enterprise_key(CERT.serial), challenge["nonce"])
    _error(_answer(client, challenge, right), 401, "AGENT_CHALLENGE_USED", "R-AG-2")


def test_R_EN_1_a_challenge_answers_once_and_only_in_its_time(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    challenge = _challenge(client, _cert(manual_clock)).json()
    signature = _sign(demo_enterprise_key(CERT.serial), challenge["nonce"])
    assert _answer(client, challenge, signature).status_code == 200
    # The very same pair again (a captured answer replayed): spent.
    _error(_answer(client, challenge, signature), 401, "AGENT_CHALLENGE_USED", "R-AG-2")

    late = _challenge(client, _cert(manual_clock)).json()
    manual_clock.advance(seconds=121)
    _error(
        _answer(client, late, _sign(demo_enterprise_key(CERT.serial), late["nonce"])),
        401,
        "AGENT_CHALLENGE_EXPIRED",
        "R-AG-2",
    )


def test_R_EN_1_an_expired_certificate_is_refused(
    client: SignedClient, manual_clock: ManualClock
) -> None:
    certificate = _cert(manual_clock, days=1)
    manual_clock.advance(seconds=2 * 86400)
    error = _error(_challenge(client, certificate), 403, "ENTERPRISE_CERT_EXPIRED", "R-EN-1")
    assert "有效期" in error["message_zh"]


def test_R_EN_1_certificates_are_added_listed_and_revoked_by_the_cli(
    account_service: EmbeddedService,
    client: SignedClient,
    manual_clock: ManualClock,
    tmp_path: Path,
) -> None:
    """``account-service enterprise certificate add|list|revoke``: a new certificate for
    上海示例贸易 logs 张三 (its legal representative) in; revoked, it is refused."""
    database_url = account_service.settings.database_url
    private_value = generate_private_value()
    now = manual_clock.now()
    der = make_sm2_cert(
        private_value,
        0xC0FFEE,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    path = tmp_path / "shanghai.der"
    path.write_bytes(der)
    argv = [
        "enterprise",
        "certificate",
        "add",
        "--enterprise",
        DEMO_CLIENT_ENTERPRISE.code,
        "--certificate",
        str(path),
        "--database-url",
        database_url,
    ]
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(argv, out=out, err=err) == 0, err.getvalue()
    assert f"registered certificate c0ffee for {DEMO_CLIENT_ENTERPRISE.code}" in out.getvalue()
    assert cli_main(argv, out=out, err=err) == 1
    assert "already on record" in err.getvalue()
    listing = io.StringIO()
    assert (
        cli_main(["enterprise", "certificate", "list", "--database-url", database_url], out=listing)
        == 0
    )
    assert f"c0ffee\t{DEMO_CLIENT_ENTERPRISE.code}" in listing.getvalue()

    challenge = _challenge(client, der).json()
    accepted = _answer(client, challenge, _sign(private_value, challenge["nonce"]))
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["enterprise"]["code"] == DEMO_CLIENT_ENTERPRISE.code
    answer = _identifier(client, accepted.json()["login_id"], ZHANG.document_number)
    assert answer.status_code == 200, answer.text

    # Revoked between the signature and the identifier: refused at the next step too.
    again = _challenge(client, der).json()
    signed = _answer(client, again, _sign(private_value, again["nonce"])).json()
    revoke = ["enterprise", "certificate", "revoke", "c0ffee", "--database-url", database_url]
    assert cli_main(revoke, out=io.StringIO(), err=err) == 0, err.getvalue()
    _error(
        _identifier(client, signed["login_id"], ZHANG.document_number),
        403,
        "ENTERPRISE_CERT_REVOKED",
        "R-EN-1",
    )
    _error(_challenge(client, der), 403, "ENTERPRISE_CERT_REVOKED", "R-EN-1")

    bad = tmp_path / "bad.der"
    bad.write_bytes(b"garbage")
    err = io.StringIO()
    argv[argv.index(str(path))] = str(bad)
    assert cli_main(argv, out=io.StringIO(), err=err) == 1
    assert "certificate unusable" in err.getvalue()


def test_R_EN_1_the_demo_record_is_loaded_once(
    account_service: EmbeddedService, client: SignedClient, manual_clock: ManualClock
) -> None:
    assert (
        load_demo_enterprise_certificates(account_service.session_factory, clock=manual_clock) == 0
    )
