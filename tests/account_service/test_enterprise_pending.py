"""Pending authorizations confirmed on the enterprise login (issue 17) over real HTTP on
SQLite and PostgreSQL: the finance head recorded at tax registration (R-RE-3) and a
core-system handler (R-RE-6) log in with nothing to act in yet and their roles pending;
they confirm by face unless the login was by face (R-RE-5); the finance head cannot refuse
(R-RE-3 choice); a handler can. Two terminals confirming the same authorization at once
give one relation and one audit event (PostgreSQL, where the two really race)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from account_service.enterprises.models import Enterprise, EnterpriseRelation
from kiosk.protocol.messages import ErrorCode
from tests.support.enterprise_world import (
    FACE,
    OTHER_FACE,
    WANG,
    ZHANG,
    acting_now,
    audit_count,
    audit_details,
    confirm,
    error,
    face_login,
    give_face,
    import_firm,
    new_firm,
    ok,
    refuse,
    sms_login,
)
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

CONFIRMED = "relation.confirmed"
REFUSED = "relation.refused"


def _states(service: EmbeddedService, code: str, number: str) -> dict[str, str]:
    with service.session_factory() as session:
        rows = session.execute(
            select(EnterpriseRelation.role, EnterpriseRelation.status)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(Enterprise.taxpayer_id == code, EnterpriseRelation.document_number == number)
        ).all()
    return {row.role: row.status for row in rows}


def test_R_RE_3_the_finance_head_logs_in_with_the_role_pending_and_confirms_by_face(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (WANG, "finance_head"))
    give_face(account_service, WANG, FACE)
    answer = sms_login(signed_client, WANG, firm.code)
    token, acting = answer["session_token"], answer["acting"]
    assert acting["entry"] == "enterprise"
    assert acting["enterprise"]["code"] == firm.code
    assert acting["role"] is None
    assert acting["roles"] == []
    assert acting["pending"] == [{"role": "finance_head", "refusable": False}]
    assert acting["scope"] == []
    assert acting["confirm_needs_face"] is True  # the login was by SMS (R-RE-5)

    # No face, or another face: not confirmed.
    error(confirm(signed_client, token, "finance_head"), ErrorCode.CONFIRM_FACE_REQUIRED)
    error(confirm(signed_client, token, "finance_head", OTHER_FACE), ErrorCode.FACE_MISMATCH)
    # R-RE-3 choice: the finance head cannot refuse.
    error(refuse(signed_client, token, "finance_head"), ErrorCode.FINANCE_HEAD_CANNOT_REFUSE)
    assert _states(account_service, firm.code, WANG.document_number) == {"finance_head": "pending"}
    assert audit_count(account_service, CONFIRMED) == 0

    confirmed = ok(confirm(signed_client, token, "finance_head", FACE))
    assert confirmed["role"] == "finance_head"  # now the only role: acting in it
    assert confirmed["roles"] == ["finance_head"]
    assert confirmed["pending"] == []
    assert confirmed["scope"]
    assert acting_now(signed_client, token) == confirmed
    assert _states(account_service, firm.code, WANG.document_number) == {"finance_head": "bound"}
    assert audit_count(account_service, CONFIRMED) == 1
    (detail,) = audit_details(account_service, CONFIRMED)
    assert detail["role"] == "finance_head"
    assert detail["enterprise"] == firm.name

    # Confirming again changes nothing (a repeated tap): still one event.
    assert ok(confirm(signed_client, token, "finance_head", FACE))["role"] == "finance_head"
    assert audit_count(account_service, CONFIRMED) == 1
    # The next login acts in the bound role at once.
    again = sms_login(signed_client, WANG, firm.code)["acting"]
    assert (again["role"], again["pending"]) == ("finance_head", [])


def test_R_RE_5_after_a_face_login_no_face_again_to_confirm(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (WANG, "tax_handler"))
    give_face(account_service, WANG, FACE)
    answer = face_login(signed_client, WANG, firm.code)
    token = answer["session_token"]
    assert answer["acting"]["role"] is None
    assert answer["acting"]["pending"] == [{"role": "tax_handler", "refusable": True}]
    assert answer["acting"]["confirm_needs_face"] is False
    confirmed = ok(confirm(signed_client, token, "tax_handler"))
    assert confirmed["role"] == "tax_handler"
    assert _states(account_service, firm.code, WANG.document_number) == {"tax_handler": "bound"}
    assert audit_count(account_service, CONFIRMED) == 1


def test_R_RE_6_a_core_system_handler_refuses_and_the_relation_ends(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"), (ZHANG, "tax_handler"))
    answer = sms_login(signed_client, ZHANG, firm.code)
    token = answer["session_token"]
    # A bound role and a pending one: the person confirms or refuses before acting.
    assert answer["acting"]["role"] is None
    assert answer["acting"]["roles"] == ["legal_representative"]
    assert answer["acting"]["pending"] == [{"role": "tax_handler", "refusable": True}]
    refused = ok(refuse(signed_client, token, "tax_handler"))
    assert refused["pending"] == []
    assert refused["role"] == "legal_representative"  # the one role left
    assert _states(account_service, firm.code, ZHANG.document_number) == {
        "legal_representative": "bound",
        "tax_handler": "ended",
    }
    assert audit_count(account_service, REFUSED) == 1
    assert audit_count(account_service, CONFIRMED) == 0
    # Gone: neither refused nor confirmed again; a role never pending is not found either.
    error(refuse(signed_client, token, "tax_handler"), ErrorCode.PENDING_NOT_FOUND)
    error(confirm(signed_client, token, "tax_handler", FACE), ErrorCode.PENDING_NOT_FOUND)
    error(confirm(signed_client, token, "invoicer", FACE), ErrorCode.PENDING_NOT_FOUND)


def test_R_RE_5_a_natural_person_session_has_nothing_to_confirm(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (WANG, "tax_handler"))
    token = sms_login(signed_client, WANG, None)["session_token"]
    assert acting_now(signed_client, token)["entry"] == "natural_person"
    error(
        confirm(signed_client, token, "tax_handler", FACE), ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE
    )
    assert _states(account_service, firm.code, WANG.document_number) == {"tax_handler": "pending"}


# -- two terminals at once (PostgreSQL) ------------------------------------------------------


@pytest.fixture
def pg_service(
    postgres_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    with live_service(postgres_database_url, manual_clock, tmp_path) as service:
        yield service


def _terminal(service: EmbeddedService, clock: ManualClock, name: str) -> SignedClient:
    client = SignedClient(service.base_url, now=clock.now)
    client.enroll(service.create_enroll_code(name), name)
    return client


@pytest.mark.postgres
def test_R_RE_5_two_terminals_confirming_at_once_bind_one_relation_with_one_event(
    pg_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    firm = new_firm()
    import_firm(pg_service, firm, (WANG, "finance_head"))
    give_face(pg_service, WANG, FACE)
    with (
        _terminal(pg_service, manual_clock, "hall A") as first,
        _terminal(pg_service, manual_clock, "hall B") as second,
    ):
        # The same person logged in on both (a face login each: no template to confirm).
        tokens = [
            face_login(client, WANG, firm.code)["session_token"] for client in (first, second)
        ]
        barrier = threading.Barrier(2)

        def go(index: int) -> httpx.Response:
            client = (first, second)[index]
            barrier.wait(timeout=30)
            return confirm(client, tokens[index], "finance_head")

        for _round in range(3):  # confirming again later changes nothing either
            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(go, range(2)))
            assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
            assert all(a.json()["role"] == "finance_head" for a in answers)
        for client, token in zip((first, second), tokens, strict=True):
            assert acting_now(client, token)["role"] == "finance_head"
    assert _states(pg_service, firm.code, WANG.document_number) == {"finance_head": "bound"}
    with pg_service.session_factory() as session:
        rows = session.scalars(
            select(EnterpriseRelation)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(Enterprise.taxpayer_id == firm.code)
        ).all()
    assert len(rows) == 1
    assert audit_count(pg_service, CONFIRMED) == 1
