"""身份切换 (issue 17) over real HTTP on SQLite and PostgreSQL: logged in through 企业业务 a
person moves between their roles in the enterprise and to their other related enterprises
without logging in again, and may go to personal business but never back (R-SW-1); a tax
agent who came in with a client's code reaches no other client that way, only enterprises
they are bound to in a role of their own (R-AG-3). Every switch is audited; the session's
expiry goes on as it was."""

from __future__ import annotations

from typing import Any

import pytest

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Entry, PendingRole, RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from tests.support.enterprise_world import (
    FACE,
    ZHANG,
    Firm,
    acting_now,
    audit_count,
    audit_details,
    codes,
    confirm,
    error,
    face_login,
    give_face,
    import_firm,
    import_rows,
    new_firm,
    ok,
    sms_login,
    switch,
)
from tests.support.signed_client import SignedClient

SWITCHED = "identity.switched"


def _bind(
    client: SignedClient, service: EmbeddedService, firm: Firm, *roles: str
) -> dict[str, Any]:
    """张三 bound in ``roles`` at ``firm``: imported (pending unless legal representative),
    then confirmed on a face login with the firm's code (R-RE-5); the last Acting."""
    give_face(service, ZHANG, FACE)
    import_firm(service, firm, *((ZHANG, role) for role in roles))
    token = face_login(client, ZHANG, firm.code)["session_token"]
    acting = acting_now(client, token)
    for pending in acting["pending"]:
        acting = ok(confirm(client, token, pending["role"]))
    ok(client.post("/v1/auth/logout", {}, bearer=token))
    return acting


def _expires_in(client: SignedClient, token: str) -> int:
    seconds: int = ok(client.get("/v1/session", bearer=token))["expires_in_s"]
    return seconds


def _mine(identities: dict[str, Any], *firms: Firm) -> dict[str, list[str]]:
    """The listed enterprises of this test's own (the demo world has others)."""
    wanted = {firm.code for firm in firms}
    return {
        entry["enterprise"]["code"]: entry["roles"]
        for entry in identities["enterprises"]
        if entry["enterprise"]["code"] in wanted
    }


def test_R_SW_1_roles_in_one_enterprise_and_another_related_enterprise(
    signed_client: SignedClient, account_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    home = new_firm("北京主业科技有限公司")
    sister = new_firm("北京姊妹贸易有限公司")
    stranger = new_firm("北京陌生餐饮有限公司")
    _bind(signed_client, account_service, home, "legal_representative", "invoicer")
    _bind(signed_client, account_service, sister, "legal_representative")
    import_rows(account_service, stranger.row())

    answer = sms_login(signed_client, ZHANG, home.code)
    token = answer["session_token"]
    assert answer["acting"]["role"] is None  # two roles: the person picks
    assert answer["acting"]["roles"] == ["legal_representative", "invoicer"]
    ok(signed_client.post("/v1/session/role", {"role": "legal_representative"}, bearer=token))
    assert audit_count(account_service, SWITCHED) == 0  # the first choice is no switch
    expires = _expires_in(signed_client, token)
    manual_clock.advance(seconds=60)

    # The other role here.
    listed = ok(signed_client.get("/v1/session/identities", bearer=token))
    assert listed["acting"]["role"] == "legal_representative"
    assert listed["roles_here"] == ["invoicer"]
    assert _mine(listed, home, sister, stranger) == {sister.code: ["legal_representative"]}
    assert listed["personal"] is True
    acting = ok(switch(signed_client, token, None, "invoicer"))
    assert (acting["enterprise"]["code"], acting["role"]) == (home.code, "invoicer")
    acting = ok(switch(signed_client, token, home.code, "legal_representative"))
    assert acting["role"] == "legal_representative"
    # Another related enterprise, its role taken when there is one.
    acting = ok(switch(signed_client, token, sister.code))
    assert acting["entry"] == "enterprise"
    assert (acting["enterprise"]["code"], acting["role"]) == (sister.code, "legal_representative")
    assert acting["roles"] == ["legal_representative"]
    assert acting["scope"]
    assert acting_now(signed_client, token) == acting
    listed = ok(signed_client.get("/v1/session/identities", bearer=token))
    assert listed["roles_here"] == []
    assert _mine(listed, home, sister, stranger) == {
        home.code: ["legal_representative", "invoicer"]
    }

    # Where the person may not go: a role not held, no relation, a malformed code.
    error(switch(signed_client, token, home.code, "finance_head"), ErrorCode.ROLE_NOT_HELD)
    error(switch(signed_client, token, stranger.code), ErrorCode.ENTERPRISE_NO_RELATION)
    error(switch(signed_client, token, new_firm().code), ErrorCode.ENTERPRISE_NO_RELATION)
    error(switch(signed_client, token, "12345"), ErrorCode.ENTERPRISE_CODE_INVALID)
    assert acting_now(signed_client, token)["enterprise"]["code"] == sister.code

    # Audited: one event per switch, in order; the session's expiry went on as it was.
    details = audit_details(account_service, SWITCHED)
    assert [(d["enterprise_code"], d["role"]) for d in details] == [
        (home.code, "invoicer"),
        (home.code, "legal_representative"),
        (sister.code, "legal_representative"),
    ]
    assert _expires_in(signed_client, token) == expires - 60


def test_R_SW_1_personal_business_never_switches_back(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    token = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    expires = _expires_in(signed_client, token)
    acting = ok(switch(signed_client, token))
    assert acting["entry"] == "natural_person"
    assert (acting["enterprise"], acting["role"], acting["roles"]) == (None, None, [])
    (detail,) = audit_details(account_service, SWITCHED)
    assert (detail["enterprise_code"], detail["role"]) == ("", "")
    assert detail["role_zh"] == "个人办税"
    assert _expires_in(signed_client, token) == expires

    # Never back, by any door.
    for code, role in ((firm.code, None), (firm.code, "legal_representative"), (None, None)):
        error(switch(signed_client, token, code, role), ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE)
    error(
        signed_client.post("/v1/session/role", {"role": "legal_representative"}, bearer=token),
        ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE,
    )
    listed = ok(signed_client.get("/v1/session/identities", bearer=token))
    assert (listed["roles_here"], listed["enterprises"], listed["personal"]) == ([], [], False)
    assert acting_now(signed_client, token)["entry"] == "natural_person"
    assert audit_count(account_service, SWITCHED) == 1


def test_R_SW_1_a_natural_person_login_never_becomes_enterprise_business(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = new_firm()
    import_firm(account_service, firm, (ZHANG, "legal_representative"))
    answer = sms_login(signed_client, ZHANG, None)
    token = answer["session_token"]
    assert answer["acting"]["entry"] == "natural_person"
    assert answer["acting"]["enterprise"] is None
    error(
        switch(signed_client, token, firm.code, "legal_representative"),
        ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE,
    )
    error(
        signed_client.post("/v1/session/role", {"role": "legal_representative"}, bearer=token),
        ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE,
    )
    assert audit_count(account_service, SWITCHED) == 0


def test_R_AG_3_an_agent_entering_with_a_clients_code_reaches_no_other_client(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    client_b = new_firm("北京委托甲有限公司")
    client_c = new_firm("北京委托乙有限公司")
    own = new_firm("北京自有科技有限公司")
    # The core system records the agent (pending); the agent confirms it once (R-RE-6).
    confirmed = _bind(signed_client, account_service, client_b, "tax_agent")
    assert (confirmed["role"], confirmed["as_agent"]) == ("tax_agent", True)
    _bind(signed_client, account_service, client_c, "tax_agent")
    _bind(signed_client, account_service, own, "legal_representative")

    answer = sms_login(signed_client, ZHANG, client_b.code)
    token = answer["session_token"]
    acting = answer["acting"]
    assert (acting["enterprise"]["code"], acting["role"]) == (client_b.code, "tax_agent")
    assert acting["as_agent"] is True
    # The other client is neither listed nor reachable; the own enterprise is.
    listed = ok(signed_client.get("/v1/session/identities", bearer=token))
    assert _mine(listed, client_b, client_c, own) == {own.code: ["legal_representative"]}
    assert client_c.code not in codes(listed["enterprises"])
    error(switch(signed_client, token, client_c.code), ErrorCode.SWITCH_TO_OTHER_CLIENT)
    error(
        switch(signed_client, token, client_c.code, "tax_agent"), ErrorCode.SWITCH_TO_OTHER_CLIENT
    )
    acting = ok(switch(signed_client, token, own.code))
    assert (acting["enterprise"]["code"], acting["role"]) == (own.code, "legal_representative")
    assert acting["as_agent"] is False
    # Nor from there: a client is reached only through the agent entry or a new login.
    error(switch(signed_client, token, client_c.code), ErrorCode.SWITCH_TO_OTHER_CLIENT)
    error(switch(signed_client, token, client_b.code), ErrorCode.SWITCH_TO_OTHER_CLIENT)
    assert [d["enterprise_code"] for d in audit_details(account_service, SWITCHED)] == [own.code]


def test_R_SW_1_the_kiosk_client_reads_every_acting_answer(
    kiosk_api: HttpAccountClient, account_service: EmbeddedService
) -> None:
    """The same journey through the kiosk's own HTTP client (kiosk/services/http_client.py):
    the enterprise login, the role choice, 身份切换, 同步数据, each answer a wire model."""
    home, sister = new_firm(), new_firm("北京姊妹贸易有限公司")
    import_firm(account_service, home, (ZHANG, "legal_representative"), (ZHANG, "tax_handler"))
    import_firm(account_service, sister, (ZHANG, "legal_representative"))
    attempt = kiosk_api.start_login(ZHANG.document_number, ZHANG.password, home.code)
    kiosk_api.send_login_sms(attempt.attempt_id)
    assert ZHANG.phone is not None
    (sms,) = kiosk_api.sms_outbox(ZHANG.phone, limit=1)
    logged_in = kiosk_api.verify_login_sms(attempt.attempt_id, sms.code)
    assert isinstance(logged_in, LoggedIn)
    token = logged_in.session_token
    assert logged_in.acting is not None
    assert logged_in.acting.pending == (PendingRole(role=Role.TAX_HANDLER, refusable=True),)
    refused = kiosk_api.refuse_pending(token, Role.TAX_HANDLER)
    assert refused.role is Role.LEGAL_REPRESENTATIVE
    assert kiosk_api.choose_role(token, Role.LEGAL_REPRESENTATIVE).role is Role.LEGAL_REPRESENTATIVE
    listed = kiosk_api.identities(token)
    assert sister.code in [entry.enterprise.code for entry in listed.enterprises]
    moved = kiosk_api.switch_identity(token, sister.code, None)
    assert moved.enterprise is not None and moved.enterprise.code == sister.code
    assert kiosk_api.acting(token) == moved
    mine = [
        (view.enterprise.code, view.role, view.state)
        for view in kiosk_api.sync_relations(token).relations
        if view.enterprise.code in {home.code, sister.code}
    ]
    assert sorted(mine) == sorted(
        [
            (home.code, Role.LEGAL_REPRESENTATIVE, RelationState.BOUND),
            (sister.code, Role.LEGAL_REPRESENTATIVE, RelationState.BOUND),
        ]
    )
    personal = kiosk_api.switch_identity(token, None, None)
    assert personal.entry is Entry.NATURAL_PERSON
    with pytest.raises(UserError) as refused_back:
        kiosk_api.switch_identity(token, home.code, None)
    assert refused_back.value.code is ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE
