"""Issue 14: hall collection records carry proof of the staff member (R-HA-1), and a face
never replaces another without a second staff member. The reproduction: a record with
``staff_no: "NOBODY"``, dated 2030, with a chosen face, was accepted; that face then reset
the victim's password (R-PW-4), logged in as the second factor and raised the level to 5.
On SQLite and PostgreSQL, over real HTTP."""

from __future__ import annotations

import base64
import io
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from account_service.cli import main as service_main
from account_service.clock import ManualClock
from account_service.collection.models import HallCollection
from account_service.embedded import EmbeddedService
from account_service.security import make_password_hasher
from account_service.staff.service import create_staff
from account_service.trail.models import AuditEvent
from tests.support.records import sample_jpeg
from tests.support.signed_client import SignedClient

WANG_ID, WANG_PASSWORD, WANG_PHONE = "320106197603154413", "Wang#2024x", "13800000003"
RESET = "/v1/account/password-reset"
PLANTED = [0.05 * ((i * 7) % 13) for i in range(128)]  # the attacker's chosen face
GENUINE = [0.01 * i for i in range(128)]


def _record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "created_at": "2026-11-22T10:00:00+08:00",
        "staff_no": "S0001",
        "document_type": "RESIDENT_ID",
        "personal": {
            "name": "王五",
            "document_number": WANG_ID,
            "birth_date": None,
            "sex": None,
            "nationality": "CHN",
            "name_latin": "",
        },
        "face_template": GENUINE,
        "face_jpeg_b64": base64.b64encode(sample_jpeg()).decode("ascii"),
        "quality": [],
        "liveness_passed": True,
        "liveness_steps": ["blink"],
        "match_distance": 0.3,
        "attempts": 1,
        "exception_reason": None,
    }
    return base | changes


def _post(client: SignedClient, *records: dict[str, Any]) -> list[dict[str, Any]]:
    answer = client.post("/v1/collection-records", {"records": list(records)})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def _reset_by_face(client: SignedClient, template: list[float]) -> httpx.Response:
    started = client.post(RESET, {"document_type": "RESIDENT_ID", "document_number": WANG_ID})
    vid = started.json()["verification_id"]
    return client.post(f"{RESET}/{vid}/face", {"template": template})


def test_the_planted_face_takeover_is_refused(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """Unsigned, a staff number nobody has, dated 2030: refused, stored nowhere, and the
    planted face opens nothing."""
    planted = _record(
        staff_no="NOBODY", created_at="2030-01-01T09:00:00+08:00", face_template=PLANTED
    )
    (result,) = _post(signed_client, planted)
    assert result["status"] == "rejected"
    signed = signed_client.prove(
        _record(created_at="2030-01-01T09:00:00+08:00", face_template=PLANTED)
    )
    (dated,) = _post(signed_client, signed)
    assert dated["status"] == "rejected" and "future" in dated["reason_en"]
    with account_service.session_factory() as session:
        assert session.scalars(select(HallCollection)).first() is None
    assert _reset_by_face(signed_client, PLANTED).json()["error"]["code"] in {
        "FACE_NO_REFERENCE",
        "FACE_UNAVAILABLE",
    }


@pytest.mark.parametrize("forgery", ["unsigned", "tampered", "other_staff", "other_terminal"])
def test_a_record_without_a_valid_staff_proof_is_refused(
    signed_client: SignedClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    forgery: str,
) -> None:
    record = signed_client.prove(_record())
    if forgery == "unsigned":
        record = _record()
    elif forgery == "tampered":  # signed, then the face swapped on the way
        record = {**record, "face_template": PLANTED}
    elif forgery == "other_staff":  # S0001's key, claimed for someone else
        record = {**record, "staff_no": "S0009"}
    else:  # a proof made on another terminal, replayed from this one
        with SignedClient(account_service.base_url, now=manual_clock.now) as other:
            other.enroll(account_service.create_enroll_code("another terminal"))
            record = other.prove(_record())
    (result,) = _post(signed_client, record)
    assert result["status"] == "rejected", result
    assert result["reason_en"]


def test_a_different_face_waits_for_a_second_staff_member(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    """The first hall face is 王五's reference; a different one, even properly signed by a
    staff member, is held: it resets nothing until a colleague approves it."""
    (first,) = _post(signed_client, signed_client.prove(_record()))
    assert first == {"id": first["id"], "status": "accepted", "reason": None, "reason_en": None}
    (held,) = _post(signed_client, signed_client.prove(_record(face_template=PLANTED)))
    assert held["status"] == "accepted" and "review" in held["reason_en"]
    manual_clock.advance(seconds=2)
    assert _reset_by_face(signed_client, PLANTED).json()["error"]["code"] == "FACE_MISMATCH"
    manual_clock.advance(seconds=2)
    assert "reset_token" in _reset_by_face(signed_client, GENUINE).json()
    # 王五 is told at his next login.
    logged_in = signed_client.full_login(WANG_ID, WANG_PASSWORD, WANG_PHONE)
    assert "hall_face_held" in [n["kind"] for n in logged_in["notices"]]

    # The collector cannot approve their own record; a colleague can.
    with account_service.session_factory.begin() as session:
        create_staff(
            session=session,
            hasher=make_password_hasher(account_service.settings),
            clock=account_service.clock,
            staff_no="S0002",
            name="李娜",
            password="Staff@2025",
        )
    own = signed_client.post(
        "/v1/staff/login", {"staff_no": "S0001", "password": "Staff@2024"}
    ).json()["staff_token"]
    listed = signed_client.post("/v1/staff/reviews/list", {}, bearer=own).json()["records"]
    assert [r["record_id"] for r in listed] == [held["id"]]
    assert listed[0]["collected_by"] == "S0001" and listed[0]["name_masked"] == "王*"
    refused = signed_client.post(f"/v1/staff/reviews/{held['id']}", {"approve": True}, bearer=own)
    assert refused.json()["error"]["code"] == "SECOND_STAFF_REQUIRED"
    colleague = signed_client.post(
        "/v1/staff/login", {"staff_no": "S0002", "password": "Staff@2025"}
    ).json()["staff_token"]
    approved = signed_client.post(
        f"/v1/staff/reviews/{held['id']}", {"approve": True}, bearer=colleague
    )
    assert approved.status_code == 200, approved.text
    manual_clock.advance(seconds=2)
    assert "reset_token" in _reset_by_face(signed_client, PLANTED).json()
    with account_service.session_factory() as session:
        detail = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.event == "collection.reviewed")
        ).one()
    assert '"reviewer": "S0002"' in detail and '"collector": "S0001"' in detail


def test_operators_review_held_records_from_the_command_line(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    _post(signed_client, signed_client.prove(_record()))
    (held,) = _post(signed_client, signed_client.prove(_record(face_template=PLANTED)))
    url = ["--database-url", account_service.settings.database_url]
    out, err = io.StringIO(), io.StringIO()
    assert service_main(["collection", "held", *url], out=out, err=err, clock=manual_clock) == 0
    assert held["id"] in out.getvalue() and WANG_ID not in out.getvalue()
    argv = ["collection", "review", held["id"], "--reject", "--staff", "S0001", *url]
    assert service_main(argv, out=out, err=err, clock=manual_clock) == 1  # the collector
    argv = ["collection", "review", held["id"], "--reject", "--staff", "S0002", *url]
    assert service_main(argv, out=out, err=err, clock=manual_clock) == 0
    assert f"{held['id']}: refused" in out.getvalue()
    manual_clock.advance(seconds=2)
    assert _reset_by_face(signed_client, PLANTED).json()["error"]["code"] == "FACE_MISMATCH"
