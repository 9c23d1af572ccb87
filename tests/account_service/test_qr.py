"""QR login (R-QR-1) and QR verification as a second factor (R-QR-2) through real HTTP on
SQLite and PostgreSQL: the terminal asks for a challenge and polls; the tax-app simulator
(``POST /v1/qr/scan``) completes it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from account_service.clock import ManualClock
from account_service.demo import DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE, DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.trail.models import AuditEvent
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]  # legal representative of DEMO_ENTERPRISE
LI = DEMO_PERSONS[1]  # still on the initial password (R-PW-3)
WANG = DEMO_PERSONS[2]
UNKNOWN_ID = "110101199001011237"  # valid checksum, nobody registered


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    return error


def _challenge(client: SignedClient, purpose: str = "login", **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/qr/challenges", {"purpose": purpose, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _scan(client: SignedClient, payload: str, who: str, **extra: Any) -> Any:
    body = {"payload": payload, "app": "etax", "person_document_number": who, **extra}
    return client.post("/v1/qr/scan", body)


def _poll(client: SignedClient, challenge_id: str, wait_s: int = 0) -> Any:
    return client.get(f"/v1/qr/challenges/{challenge_id}?wait_s={wait_s}")


def _completed(client: SignedClient, challenge_id: str) -> dict[str, Any]:
    response = _poll(client, challenge_id)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "completed"
    result: dict[str, Any] = body["result"]
    return result


def test_R_QR_1_personal_login_takes_over_the_app_login(signed_client: SignedClient) -> None:
    started = _challenge(signed_client)
    assert started["payload"].startswith("taxkiosk-qr:v1:")
    assert ZHANG.document_number not in started["payload"]
    assert started["expires_in_s"] == 120
    assert _poll(signed_client, started["challenge_id"]).json() == {
        "status": "pending",
        "result": None,
    }

    scanned = _scan(signed_client, started["payload"], ZHANG.document_number)
    assert scanned.status_code == 200, scanned.text
    assert scanned.json() == {"status": "confirmed", "purpose": "login", "mode": "personal"}

    result = _completed(signed_client, started["challenge_id"])
    assert result["status"] == "logged_in"
    assert result["mode"] == "personal"
    assert result["enterprise"] is None
    assert result["person"]["name_masked"] == "张*"
    token = result["session_token"]
    assert signed_client.get("/v1/session", bearer=token).status_code == 200
    # The session is handed over once; a second look is refused.
    _error(_poll(signed_client, started["challenge_id"]), 409, "QR_USED")
    history = signed_client.get("/v1/account/history", bearer=token).json()["events"]
    assert history[0]["kind"] == "login"


def test_R_QR_1_enterprise_login_state(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    started = _challenge(signed_client)
    scanned = _scan(
        signed_client,
        started["payload"],
        ZHANG.document_number,
        enterprise_uscc=DEMO_ENTERPRISE.uscc,
    )
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["mode"] == "enterprise"
    result = _completed(signed_client, started["challenge_id"])
    assert result["mode"] == "enterprise"
    assert result["enterprise"] == {"uscc": DEMO_ENTERPRISE.uscc, "name": DEMO_ENTERPRISE.name}
    with account_service.session_factory() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.event == "login")).all()
    assert any('"method": "qr_login"' in row.detail for row in audit)


@pytest.mark.parametrize(
    ("who", "uscc"),
    [
        (WANG.document_number, DEMO_ENTERPRISE.uscc),  # no relation at all
        (ZHANG.document_number, "91440300MA5G2K8L1P"),  # no such enterprise on record
    ],
    ids=["no-relation", "unknown-enterprise"],
)
def test_R_QR_1_enterprise_login_needs_a_relation(
    signed_client: SignedClient, who: str, uscc: str
) -> None:
    started = _challenge(signed_client)
    error = _error(
        _scan(signed_client, started["payload"], who, enterprise_uscc=uscc),
        403,
        "ENTERPRISE_RELATION_NOT_FOUND",
    )
    assert error["message_zh"].startswith("未查询到您与该企业的关联关系信息")
    assert _poll(signed_client, started["challenge_id"]).json()["status"] == "pending"


def test_R_QR_1_iit_app_logs_in_personal_business_only(signed_client: SignedClient) -> None:
    started = _challenge(signed_client)
    _error(
        _scan(
            signed_client,
            started["payload"],
            ZHANG.document_number,
            app="iit",
            enterprise_uscc=DEMO_CLIENT_ENTERPRISE.uscc,
        ),
        403,
        "QR_APP_PERSONAL_ONLY",
    )
    scanned = _scan(signed_client, started["payload"], ZHANG.document_number, app="iit")
    assert scanned.status_code == 200, scanned.text
    assert _completed(signed_client, started["challenge_id"])["mode"] == "personal"


def test_R_QR_1_unregistered_or_deregistered_person_is_refused(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    started = _challenge(signed_client)
    _error(_scan(signed_client, started["payload"], UNKNOWN_ID), 404, "USER_NOT_REGISTERED")
    with account_service.session_factory.begin() as session:
        session.execute(
            update(Person)
            .where(Person.document_number == WANG.document_number)
            .values(deregistered_at=manual_clock.now())
        )
    _error(
        _scan(signed_client, started["payload"], WANG.document_number), 404, "USER_NOT_REGISTERED"
    )
    # A refused scan does not spend the QR code.
    assert _scan(signed_client, started["payload"], ZHANG.document_number).status_code == 200


def test_R_QR_1_locked_account_is_refused(signed_client: SignedClient) -> None:
    for _ in range(5):
        signed_client.login(ZHANG.document_number, "Wrong#pass1")
    started = _challenge(signed_client)
    error = _error(
        _scan(signed_client, started["payload"], ZHANG.document_number), 423, "ACCOUNT_LOCKED"
    )
    assert error["rule"] == "R-LK-1"


def test_R_QR_1_expired_challenge_is_refused(
    signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    started = _challenge(signed_client)
    manual_clock.advance(seconds=120)
    assert _poll(signed_client, started["challenge_id"]).json()["status"] == "expired"
    _error(_scan(signed_client, started["payload"], ZHANG.document_number), 409, "QR_EXPIRED")


def test_R_QR_1_challenge_is_single_use(signed_client: SignedClient) -> None:
    started = _challenge(signed_client)
    assert _scan(signed_client, started["payload"], ZHANG.document_number).status_code == 200
    _error(_scan(signed_client, started["payload"], ZHANG.document_number), 409, "QR_USED")
    _completed(signed_client, started["challenge_id"])
    _error(_scan(signed_client, started["payload"], WANG.document_number), 409, "QR_USED")
    _error(_scan(signed_client, "taxkiosk-qr:v1:forged", ZHANG.document_number), 409, "QR_EXPIRED")


def test_R_QR_1_only_the_asking_terminal_sees_the_result(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    started = _challenge(signed_client)
    assert _scan(signed_client, started["payload"], ZHANG.document_number).status_code == 200
    with SignedClient(account_service.base_url, now=manual_clock.now) as other:
        other.enroll(account_service.create_enroll_code("other"))
        _error(_poll(other, started["challenge_id"]), 409, "QR_EXPIRED")
    assert _completed(signed_client, started["challenge_id"])["status"] == "logged_in"


def test_R_QR_1_long_poll_answers_as_soon_as_the_app_scans(signed_client: SignedClient) -> None:
    started = _challenge(signed_client)
    answers: list[Any] = []
    waiting = threading.Thread(
        target=lambda: answers.append(_poll(signed_client, started["challenge_id"], wait_s=20))
    )
    began = time.monotonic()
    waiting.start()
    # A short poll of our own: afterwards the long poll has surely been waiting a while.
    assert _poll(signed_client, started["challenge_id"], wait_s=1).json()["status"] == "pending"
    assert _scan(signed_client, started["payload"], ZHANG.document_number).status_code == 200
    waiting.join(timeout=25)
    elapsed = time.monotonic() - began
    assert not waiting.is_alive()
    assert answers[0].status_code == 200, answers[0].text
    assert answers[0].json()["status"] == "completed"
    assert elapsed < 10  # woken by the scan, not by the 20 s deadline


def test_R_QR_2_verification_is_the_second_factor(signed_client: SignedClient) -> None:
    attempt = signed_client.login(ZHANG.document_number, ZHANG.password).json()["attempt_id"]
    started = _challenge(signed_client, "verify", attempt_id=attempt)
    scanned = _scan(signed_client, started["payload"], ZHANG.document_number)
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["purpose"] == "verify"
    result = _completed(signed_client, started["challenge_id"])
    assert result["status"] == "logged_in"
    assert result["person"]["name_masked"] == "张*"
    # The attempt is finished, as after a right SMS code.
    _error(signed_client.send_sms(attempt), 404, "ATTEMPT_NOT_FOUND")


def test_R_QR_2_initial_password_still_forces_a_change(signed_client: SignedClient) -> None:
    attempt = signed_client.login(LI.document_number, LI.password).json()["attempt_id"]
    started = _challenge(signed_client, "verify", attempt_id=attempt)
    assert _scan(signed_client, started["payload"], LI.document_number).status_code == 200
    result = _completed(signed_client, started["challenge_id"])
    assert result["status"] == "password_change_required"
    assert "session_token" not in result


def test_R_QR_2_only_the_person_logging_in_may_verify(signed_client: SignedClient) -> None:
    attempt = signed_client.login(ZHANG.document_number, ZHANG.password).json()["attempt_id"]
    started = _challenge(signed_client, "verify", attempt_id=attempt)
    _error(_scan(signed_client, started["payload"], WANG.document_number), 403, "QR_WRONG_PERSON")
    _error(
        _scan(
            signed_client,
            started["payload"],
            ZHANG.document_number,
            enterprise_uscc=DEMO_ENTERPRISE.uscc,
        ),
        422,
        "VALIDATION_ERROR",
    )
    assert _scan(signed_client, started["payload"], ZHANG.document_number).status_code == 200


def test_R_2F_1_verification_needs_an_open_attempt(signed_client: SignedClient) -> None:
    _error(signed_client.post("/v1/qr/challenges", {"purpose": "verify"}), 422, "VALIDATION_ERROR")
    _error(
        signed_client.post(
            "/v1/qr/challenges",
            {"purpose": "verify", "attempt_id": "00000000-0000-0000-0000-000000000000"},
        ),
        404,
        "ATTEMPT_NOT_FOUND",
    )
    attempt = signed_client.login(ZHANG.document_number, ZHANG.password).json()["attempt_id"]
    started = _challenge(signed_client, "verify", attempt_id=attempt)
    # R-2F-3: entering the password again voids the attempt the QR code belongs to.
    assert signed_client.login(ZHANG.document_number, ZHANG.password).status_code == 200
    _error(_scan(signed_client, started["payload"], ZHANG.document_number), 409, "SMS_CODE_VOID")


def test_R_QR_1_simulator_exists_only_in_development(
    sqlite_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> None:
    with (
        live_service(
            sqlite_database_url,
            manual_clock,
            tmp_path,
            profile="production",
            secret_key="a-production-secret-of-more-than-32-characters",
            sms_gateway="http",
            sms_gateway_url="http://127.0.0.1:9/sms",  # no code is sent in this test
        ) as service,
        SignedClient(service.base_url, now=manual_clock.now) as client,
    ):
        client.enroll(service.create_enroll_code("production"))
        started = _challenge(client)
        _error(_scan(client, started["payload"], ZHANG.document_number), 404, "NOT_FOUND")
