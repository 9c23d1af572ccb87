"""Agent certificate login through real HTTP on SQLite and PostgreSQL (R-AG-1, R-AG-2,
R-LK-1 shared with the person login).

Certificates are real self-signed SM2 certificates made here at test time (``make_sm2_cert``)
and the token's signature is ``sign_digest(d, sm2_digest(point, nonce))``, exactly what the
emulated Tax UKey computes. The demo data gives 王五 an active agent with the demo key
(``kiosk.demo.demo_keys``) and two clients; 陈小明 a revoked one.
"""

from __future__ import annotations

import base64
import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from account_service.agents.certificates import parse_certificate
from account_service.agents.service import add_agent, create_agency, register_certificate
from account_service.cli import main as cli_main
from account_service.clock import ManualClock
from account_service.demo import DEMO_AGENCY, DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE, DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from kiosk.demo.demo_keys import DEMO_AGENT_CERTIFICATES, demo_agent_key
from kiosk.domain.sm2 import generate_private_value, public_point, sign_digest, sm2_digest
from kiosk.domain.uscc import validate_uscc
from tests.support.signed_client import SignedClient

WANG = DEMO_PERSONS[2]
ZHANG = DEMO_PERSONS[0]
WANG_CERT = DEMO_AGENT_CERTIFICATES[0]
CHEN_CERT = DEMO_AGENT_CERTIFICATES[1]
WANG_PHONE = "13800000003"
# Valid USCCs (GB 32100) that no demo agreement names.
OTHER_USCC = "91440300MA5G2K8L1P"
NEW_AGENCY_USCC = "91110105660509886J"

# -- a minimal DER writer: enough for a self-signed SM2 certificate --------------------


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _seq(*parts: bytes) -> bytes:
    return _der(0x30, b"".join(parts))


def _integer(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return _der(0x02, raw)


def _oid(dotted: str) -> bytes:
    numbers = [int(n) for n in dotted.split(".")]
    out = bytearray([40 * numbers[0] + numbers[1]])
    for number in numbers[2:]:
        rest = number
        chunk = [rest & 0x7F]
        rest >>= 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        out += bytes(reversed(chunk))
    return _der(0x06, bytes(out))


def _name(common_name: str) -> bytes:
    return _seq(_der(0x31, _seq(_oid("2.5.4.3"), _der(0x0C, common_name.encode()))))


def _time(moment: datetime) -> bytes:
    return _der(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())


SM2_WITH_SM3 = _seq(_oid("1.2.156.10197.1.501"))


def make_sm2_cert(
    private_value: int,
    serial: int,
    *,
    not_before: datetime,
    not_after: datetime,
    common_name: str = "王五",
) -> bytes:
    """A self-signed X.509 v3 certificate (DER) for the SM2 key ``private_value``."""
    point = public_point(private_value)
    spki = _seq(
        _seq(_oid("1.2.840.10045.2.1"), _oid("1.2.156.10197.1.301")),
        _der(0x03, b"\x00" + point),
    )
    tbs = _seq(
        _der(0xA0, _integer(2)),
        _integer(serial),
        SM2_WITH_SM3,
        _name("示例税务数字证书 CA (test)"),
        _seq(_time(not_before), _time(not_after)),
        _name(common_name),
        spki,
    )
    signature = sign_digest(private_value, sm2_digest(point, tbs))
    return _seq(tbs, SM2_WITH_SM3, _der(0x03, b"\x00" + signature))


# -- helpers ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _error(response: Any, status: int, code: str, rule: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert error["rule"] == rule
    assert error["message_zh"]
    assert error["message_en"]
    assert "{" not in error["message_zh"] + error["message_en"]
    return error


def _wang_cert(clock: ManualClock) -> bytes:
    now = clock.now()
    return make_sm2_cert(
        demo_agent_key(WANG_CERT.serial),
        WANG_CERT.serial,
        not_before=now - timedelta(days=30),
        not_after=now + timedelta(days=335),
    )


def _challenge(client: SignedClient, certificate: bytes) -> Any:
    return client.post("/v1/agents/login/challenge", {"certificate": _b64(certificate)})


def _sign(private_value: int, nonce_b64: str) -> str:
    point = public_point(private_value)
    return _b64(sign_digest(private_value, sm2_digest(point, base64.b64decode(nonce_b64))))


def _answer(client: SignedClient, challenge: dict[str, Any], signature: str) -> Any:
    return client.post(
        f"/v1/agents/login/challenge/{challenge['challenge_id']}/signature",
        {"signature": signature},
    )


def _signed_in(client: SignedClient, clock: ManualClock) -> dict[str, Any]:
    """Certificate → nonce → signature: the accepted answer (attempt id, agency...)."""
    started = _challenge(client, _wang_cert(clock))
    assert started.status_code == 200, started.text
    challenge = started.json()
    accepted = _answer(
        client, challenge, _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    )
    assert accepted.status_code == 200, accepted.text
    result: dict[str, Any] = accepted.json()
    return result


def _sms_verified(client: SignedClient, clock: ManualClock) -> tuple[str, dict[str, Any]]:
    attempt = _signed_in(client, clock)["attempt_id"]
    assert client.post(f"/v1/agents/login/{attempt}/sms").status_code == 200
    verified = client.post(
        f"/v1/agents/login/{attempt}/verify", {"code": client.outbox_code(WANG_PHONE)}
    )
    assert verified.status_code == 200, verified.text
    body: dict[str, Any] = verified.json()
    return attempt, body


# -- the journey --------------------------------------------------------------------------


def test_R_AG_2_certificate_login_to_an_agent_session_for_the_chosen_client(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    started = _challenge(signed_client, _wang_cert(manual_clock))
    assert started.status_code == 200, started.text
    challenge = started.json()
    assert challenge["expires_in_s"] == 120
    assert challenge["certificate_serial"] == format(WANG_CERT.serial, "x")
    assert len(base64.b64decode(challenge["nonce"])) == 32

    signature = _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    accepted = _answer(signed_client, challenge, signature)
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["agent_name_masked"] == "王*"
    assert body["agency"] == {"uscc": DEMO_AGENCY.uscc, "name": "北京示例税务师事务所"}
    assert body["sms_phone_masked"] == "138****0003"
    assert body["second_factors"] == ["sms"]
    attempt = body["attempt_id"]

    sent = signed_client.post(f"/v1/agents/login/{attempt}/sms")
    assert sent.json() == {"phone_masked": "138****0003", "resend_after_s": 60, "expires_in_s": 300}
    verified = signed_client.post(
        f"/v1/agents/login/{attempt}/verify", {"code": signed_client.outbox_code(WANG_PHONE)}
    )
    assert verified.status_code == 200, verified.text
    assert verified.json() == {
        "status": "choose_client",
        "clients": sorted(
            [
                {"uscc": DEMO_ENTERPRISE.uscc, "name": "北京示例科技有限公司"},
                {"uscc": DEMO_CLIENT_ENTERPRISE.uscc, "name": DEMO_CLIENT_ENTERPRISE.name},
            ],
            key=lambda c: c["uscc"],
        ),
    }

    chosen = signed_client.post(
        f"/v1/agents/login/{attempt}/client", {"client_uscc": DEMO_ENTERPRISE.uscc}
    )
    assert chosen.status_code == 200, chosen.text
    logged_in = chosen.json()
    assert logged_in["status"] == "logged_in"
    assert logged_in["expires_in_s"] == 1800
    assert logged_in["person"]["name_masked"] == "王*"
    assert logged_in["client"] == {"uscc": DEMO_ENTERPRISE.uscc, "name": "北京示例科技有限公司"}
    assert logged_in["agency"]["uscc"] == DEMO_AGENCY.uscc
    token = logged_in["session_token"]

    agent_session = signed_client.get("/v1/agents/session", bearer=token)
    assert agent_session.status_code == 200, agent_session.text
    assert agent_session.json()["client"]["uscc"] == DEMO_ENTERPRISE.uscc
    # The session mechanism is the person login's: /v1/session and logout work on it.
    assert signed_client.get("/v1/session", bearer=token).json()["person"]["name_masked"] == "王*"
    assert signed_client.post("/v1/auth/logout", bearer=token).json() == {"status": "logged_out"}
    _error(signed_client.get("/v1/agents/session", bearer=token), 401, "SESSION_INVALID", "R-SE-1")
    # A finished attempt cannot choose again.
    again = signed_client.post(
        f"/v1/agents/login/{attempt}/client", {"client_uscc": DEMO_ENTERPRISE.uscc}
    )
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "ATTEMPT_NOT_FOUND"


def test_a_person_session_is_not_an_agent_session(signed_client: SignedClient) -> None:
    token = signed_client.full_login(ZHANG.document_number, ZHANG.password, "13800000001")[
        "session_token"
    ]
    _error(signed_client.get("/v1/agents/session", bearer=token), 401, "SESSION_INVALID", "R-SE-1")


# -- refusals ----------------------------------------------------------------------------


def test_R_AG_2_wrong_signature_is_refused_and_spends_the_challenge(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    challenge = _challenge(signed_client, _wang_cert(manual_clock)).json()
    forged = _sign(generate_private_value(), challenge["nonce"])
    error = _error(
        _answer(signed_client, challenge, forged), 401, "AGENT_SIGNATURE_INVALID", "R-AG-2"
    )
    assert "签名" in error["message_zh"]
    assert "signature" in error["message_en"]
    # The right signature afterwards is too late: one answer per challenge.
    right = _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    _error(_answer(signed_client, challenge, right), 401, "AGENT_CHALLENGE_USED", "R-AG-2")
    # A signature over some other message is wrong too.
    other = _challenge(signed_client, _wang_cert(manual_clock)).json()
    _error(_answer(signed_client, other, right), 401, "AGENT_SIGNATURE_INVALID", "R-AG-2")


def test_R_AG_2_unknown_certificate_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    now = manual_clock.now()
    stranger = make_sm2_cert(
        generate_private_value(), 0x7777, not_before=now, not_after=now + timedelta(days=1)
    )
    error = _error(_challenge(signed_client, stranger), 404, "AGENT_CERT_UNKNOWN", "R-AG-2")
    assert "证书" in error["message_zh"]
    # Wang's serial on a certificate with another key: not the certificate on record.
    impostor = make_sm2_cert(
        generate_private_value(), WANG_CERT.serial, not_before=now, not_after=now + timedelta(1)
    )
    _error(_challenge(signed_client, impostor), 404, "AGENT_CERT_UNKNOWN", "R-AG-2")
    _error(_challenge(signed_client, b"not a certificate"), 404, "AGENT_CERT_UNKNOWN", "R-AG-2")


def test_R_AG_2_expired_certificate_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    now = manual_clock.now()
    expired = make_sm2_cert(
        demo_agent_key(WANG_CERT.serial),
        WANG_CERT.serial,
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=35),
    )
    error = _error(_challenge(signed_client, expired), 403, "AGENT_CERT_EXPIRED", "R-AG-2")
    assert error["details"]["not_after"] == (now - timedelta(days=35)).date().isoformat()


def test_R_AG_1_revoked_agent_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    now = manual_clock.now()
    chen = make_sm2_cert(
        demo_agent_key(CHEN_CERT.serial),
        CHEN_CERT.serial,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
        common_name="陈小明",
    )
    error = _error(_challenge(signed_client, chen), 403, "AGENT_REVOKED", "R-AG-1")
    assert "注销" in error["message_zh"]
    assert "revoked" in error["message_en"]


def test_R_AG_1_agent_revoked_during_login_is_refused(
    signed_client: SignedClient,
    manual_clock: ManualClock,
    account_service: EmbeddedService,
) -> None:
    attempt = _signed_in(signed_client, manual_clock)["attempt_id"]
    assert signed_client.post(f"/v1/agents/login/{attempt}/sms").status_code == 200
    out, err = io.StringIO(), io.StringIO()
    database_url = account_service.settings.database_url
    assert (
        cli_main(
            ["agent", "revoke", WANG.document_number, "--database-url", database_url],
            out=out,
            err=err,
        )
        == 0
    ), err.getvalue()
    assert out.getvalue().startswith("revoked agent ")
    code = signed_client.outbox_code(WANG_PHONE)
    _error(
        signed_client.post(f"/v1/agents/login/{attempt}/verify", {"code": code}),
        403,
        "AGENT_REVOKED",
        "R-AG-1",
    )
    _error(_challenge(signed_client, _wang_cert(manual_clock)), 403, "AGENT_REVOKED", "R-AG-1")


def test_R_AG_2_reused_challenge_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    challenge = _challenge(signed_client, _wang_cert(manual_clock)).json()
    signature = _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    assert _answer(signed_client, challenge, signature).status_code == 200
    # The very same answer again (a new request, not an idempotent retry): refused.
    _error(_answer(signed_client, challenge, signature), 401, "AGENT_CHALLENGE_USED", "R-AG-2")


def test_R_AG_2_expired_challenge_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    challenge = _challenge(signed_client, _wang_cert(manual_clock)).json()
    signature = _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    manual_clock.advance(seconds=challenge["expires_in_s"])
    error = _error(
        _answer(signed_client, challenge, signature), 401, "AGENT_CHALLENGE_EXPIRED", "R-AG-2"
    )
    assert "过期" in error["message_zh"]


def test_R_AG_2_challenge_belongs_to_the_terminal_that_asked(
    signed_client: SignedClient, manual_clock: ManualClock, account_service: EmbeddedService
) -> None:
    challenge = _challenge(signed_client, _wang_cert(manual_clock)).json()
    signature = _sign(demo_agent_key(WANG_CERT.serial), challenge["nonce"])
    with SignedClient(account_service.base_url, now=manual_clock.now) as other:
        other.enroll(account_service.create_enroll_code("other"))
        _error(_answer(other, challenge, signature), 401, "AGENT_CHALLENGE_EXPIRED", "R-AG-2")
    assert _answer(signed_client, challenge, signature).status_code == 200


def test_R_AG_1_client_not_in_the_agreements_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    attempt, _clients = _sms_verified(signed_client, manual_clock)
    error = _error(
        signed_client.post(f"/v1/agents/login/{attempt}/client", {"client_uscc": OTHER_USCC}),
        403,
        "AGENT_CLIENT_NOT_IN_AGREEMENTS",
        "R-AG-1",
    )
    assert "协议" in error["message_zh"]
    # The agent can still pick one of the listed clients.
    chosen = signed_client.post(
        f"/v1/agents/login/{attempt}/client", {"client_uscc": DEMO_CLIENT_ENTERPRISE.uscc}
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["client"]["uscc"] == DEMO_CLIENT_ENTERPRISE.uscc


def test_R_AG_1_client_only_after_the_sms_code(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    attempt = _signed_in(signed_client, manual_clock)["attempt_id"]
    response = signed_client.post(
        f"/v1/agents/login/{attempt}/client", {"client_uscc": DEMO_ENTERPRISE.uscc}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ATTEMPT_NOT_FOUND"


def test_R_AG_1_agent_without_agreements_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock, account_service: EmbeddedService
) -> None:
    """张三 is put on record as an agent of a new agency, with a certificate but no client."""
    private_value = generate_private_value()
    now = manual_clock.now()
    certificate = make_sm2_cert(
        private_value,
        0x42424242,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
        common_name="张三",
    )
    with account_service.session_factory.begin() as session:
        person = session.scalars(
            select(Person).where(Person.document_number == ZHANG.document_number)
        ).one()
        agency = create_agency(
            session=session, clock=manual_clock, name="示例新税务师事务所", uscc=NEW_AGENCY_USCC
        )
        agent = add_agent(session=session, clock=manual_clock, agency=agency, person=person)
        register_certificate(
            session=session,
            clock=manual_clock,
            agent=agent,
            certificate=parse_certificate(certificate),
        )
    challenge = _challenge(signed_client, certificate).json()
    error = _error(
        _answer(signed_client, challenge, _sign(private_value, challenge["nonce"])),
        409,
        "AGENT_NO_CLIENTS",
        "R-AG-1",
    )
    assert "协议" in error["message_zh"]


def test_R_LK_1_wrong_agent_sms_codes_count_with_the_person_login(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    """One SMS failure counter per person: 3 wrong agent codes + 2 wrong person-login
    codes lock 王五, and the locked person cannot finish an agent login either."""
    attempt = _signed_in(signed_client, manual_clock)["attempt_id"]
    signed_client.post(f"/v1/agents/login/{attempt}/sms")
    right = signed_client.outbox_code(WANG_PHONE)
    wrong = "000000" if right != "000000" else "111111"
    remaining = []
    for _ in range(3):
        error = _error(
            signed_client.post(f"/v1/agents/login/{attempt}/verify", {"code": wrong}),
            401,
            "SMS_CODE_WRONG",
            "R-LK-1",
        )
        remaining.append(error["details"]["remaining"])
    assert remaining == [4, 3, 2]

    manual_clock.advance(seconds=61)
    person_attempt = signed_client.login(WANG.document_number, WANG.password).json()["attempt_id"]
    signed_client.send_sms(person_attempt)
    person_code = signed_client.outbox_code(WANG_PHONE)
    person_wrong = "000000" if person_code != "000000" else "111111"
    first = signed_client.verify(person_attempt, person_wrong)
    assert first.json()["error"]["details"]["remaining"] == 1
    locked = signed_client.verify(person_attempt, person_wrong)
    assert locked.json()["error"]["code"] == "ACCOUNT_LOCKED"

    # Locked: the agent login is refused even with the right code or a fresh signature.
    relogin = _challenge(signed_client, _wang_cert(manual_clock)).json()
    _error(
        _answer(signed_client, relogin, _sign(demo_agent_key(WANG_CERT.serial), relogin["nonce"])),
        423,
        "ACCOUNT_LOCKED",
        "R-LK-1",
    )


def test_R_LK_1_right_agent_code_resets_the_counter(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    attempt = _signed_in(signed_client, manual_clock)["attempt_id"]
    signed_client.post(f"/v1/agents/login/{attempt}/sms")
    right = signed_client.outbox_code(WANG_PHONE)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        signed_client.post(f"/v1/agents/login/{attempt}/verify", {"code": wrong})
    verified = signed_client.post(f"/v1/agents/login/{attempt}/verify", {"code": right})
    assert verified.status_code == 200, verified.text
    manual_clock.advance(seconds=61)
    again = _signed_in(signed_client, manual_clock)["attempt_id"]
    signed_client.post(f"/v1/agents/login/{again}/sms")
    error = _error(
        signed_client.post(f"/v1/agents/login/{again}/verify", {"code": wrong}),
        401,
        "SMS_CODE_WRONG",
        "R-LK-1",
    )
    assert error["details"]["remaining"] == 4


def test_R_2F_3_a_new_certificate_login_voids_the_older_attempt(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    first = _signed_in(signed_client, manual_clock)["attempt_id"]
    signed_client.post(f"/v1/agents/login/{first}/sms")
    code = signed_client.outbox_code(WANG_PHONE)
    _signed_in(signed_client, manual_clock)
    response = signed_client.post(f"/v1/agents/login/{first}/verify", {"code": code})
    assert response.json()["error"]["code"] == "SMS_CODE_VOID"


# -- the CLI ------------------------------------------------------------------------------


def test_cli_registers_a_certificate_from_pem_or_der_and_lists_agents(
    signed_client: SignedClient,
    manual_clock: ManualClock,
    account_service: EmbeddedService,
    tmp_path: Path,
) -> None:
    database_url = account_service.settings.database_url
    private_value = generate_private_value()
    now = manual_clock.now()
    der = make_sm2_cert(
        private_value, 0xABC123, not_before=now - timedelta(1), not_after=now + timedelta(90)
    )
    path = tmp_path / "wang-new.cer"
    path.write_bytes(der)
    out, err = io.StringIO(), io.StringIO()
    argv = ["agent", "register-certificate", WANG.document_number, str(path)]
    assert cli_main([*argv, "--database-url", database_url], out=out, err=err) == 0, err.getvalue()
    assert "registered certificate abc123" in out.getvalue()
    # Again: the serial is already on record.
    assert cli_main([*argv, "--database-url", database_url], out=out, err=err) == 1
    assert "already on record" in err.getvalue()

    listing = io.StringIO()
    assert cli_main(["agent", "list", "--database-url", database_url], out=listing) == 0
    lines = listing.getvalue().splitlines()
    wang = next(line for line in lines if "320***********4413" in line)
    assert "王*" in wang
    assert WANG.document_number not in listing.getvalue()  # masked
    assert "certs=5a0e0001,abc123" in wang
    assert f"clients={DEMO_ENTERPRISE.uscc},{DEMO_CLIENT_ENTERPRISE.uscc}" in wang
    assert any("revoked" in line for line in lines)

    # The newly registered certificate logs in.
    challenge = _challenge(signed_client, der).json()
    accepted = _answer(signed_client, challenge, _sign(private_value, challenge["nonce"]))
    assert accepted.status_code == 200, accepted.text

    bad = tmp_path / "garbage.cer"
    bad.write_bytes(b"garbage")
    err = io.StringIO()
    assert (
        cli_main(
            ["agent", "register-certificate", WANG.document_number, str(bad)],
            out=out,
            err=err,
        )
        == 1
    )
    assert "certificate unusable" in err.getvalue()


@pytest.mark.parametrize("encoding", ["der", "pem"])
def test_certificate_parsing_reads_the_sm2_point(encoding: str) -> None:
    private_value = generate_private_value()
    now = datetime(2026, 11, 22, 2, 0, tzinfo=ManualClock().now().tzinfo)
    der = make_sm2_cert(private_value, 99, not_before=now, not_after=now + timedelta(days=1))
    data = der
    if encoding == "pem":
        body = base64.encodebytes(der).decode("ascii")
        data = f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n".encode()
    parsed = parse_certificate(data)
    assert parsed.public_key == public_point(private_value)
    assert parsed.serial == "63"
    assert parsed.subject == "CN=王五"
    assert parsed.not_after - parsed.not_before == timedelta(days=1)


def test_demo_agency_data_is_valid() -> None:
    assert validate_uscc(DEMO_AGENCY.uscc).ok
    assert validate_uscc(DEMO_CLIENT_ENTERPRISE.uscc).ok
    assert validate_uscc(OTHER_USCC).ok
    assert validate_uscc(NEW_AGENCY_USCC).ok
    # Deterministic: the emulator card and the service derive the same key from the serial.
    keys = {demo_agent_key(c.serial) for c in DEMO_AGENT_CERTIFICATES}
    assert len(keys) == len(DEMO_AGENT_CERTIFICATES)
    assert demo_agent_key(WANG_CERT.serial) == demo_agent_key(WANG_CERT.serial)
