"""人企关联 managed from both sides (issue 18) over real HTTP on SQLite and PostgreSQL.

The enterprise's 人员权限管理 (``/v1/enterprise/people``): only the legal representative
and the finance head manage people (R-RE-4); they add a tax handler or an invoicer by
document type, number and name (R-RE-5; "该办税人员尚未注册" otherwise), withdraw an
addition made online but not one made at the hall ("该纳税人不可以撤回，请到大厅办理",
R-RE-7), delete a bound handler, hall-added ones too, and decide applications. The person's
企业授权管理 (``/v1/session/relations``): confirm (by face unless the login was by face),
refuse (never the finance head, R-RE-3), apply (申请企业授权), withdraw an application
(the record stays, seed 004 三(三)4) and leave (已授权企业 → 删除). The hall counter
(``/v1/staff/enterprises``, R-HA-2). Every change is an audit event and a history event of
the person concerned, and the other party is told at their next login. Deregistration
keeps relations; registering again restores them (R-AC-1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select

from account_service.authority.demo import DEMO_RESIDENTS
from account_service.demo import DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from account_service.enterprises.models import Enterprise, EnterpriseRelation
from account_service.persons.models import Person
from account_service.trail.models import AccountHistory, AuditEvent, PersonNotice
from kiosk.domain.masking import mask_id_number
from kiosk.protocol.messages import ErrorCode
from tests.support.enterprise_world import (
    CHEN,
    FACE,
    OTHER_FACE,
    WANG,
    ZHANG,
    Firm,
    audit_count,
    audit_details,
    error,
    face_login,
    give_face,
    import_firm,
    new_firm,
    ok,
    sms_login,
)
from tests.support.signed_client import SignedClient

ZHAO = DEMO_PERSONS[3]  # no phone: logs in by face
OUYANG = DEMO_RESIDENTS[0]  # known to the identity authority, never registered

PEOPLE = "/v1/enterprise/people"
MINE = "/v1/session/relations"
HALL = "/v1/staff/enterprises"

NOT_REGISTERED_ZH = "该办税人员尚未注册"
HALL_NOT_WITHDRAWABLE_ZH = "该纳税人不可以撤回，请到大厅办理"
MANAGERS_ONLY_ZH = "仅法定代表人、财务负责人有权限通过账户中心添加或删除办税人员"


# -- the world ------------------------------------------------------------------------------


def _rows(service: EmbeddedService, firm: Firm) -> dict[tuple[str, str], str]:
    """(document number, role) → status of every relation row of the firm."""
    with service.session_factory() as session:
        rows = session.execute(
            select(
                EnterpriseRelation.document_number,
                EnterpriseRelation.role,
                EnterpriseRelation.status,
            )
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(Enterprise.taxpayer_id == firm.code)
        ).all()
    return {(row.document_number, row.role): row.status for row in rows}


def _row(service: EmbeddedService, firm: Firm, person: DemoPerson, role: str) -> dict[str, Any]:
    with service.session_factory() as session:
        row = session.scalars(
            select(EnterpriseRelation)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(
                Enterprise.taxpayer_id == firm.code,
                EnterpriseRelation.document_number == person.document_number,
                EnterpriseRelation.role == role,
            )
        ).one()
        return {
            "id": str(row.id),
            "status": row.status,
            "origin": row.origin,
            "staff_no": row.staff_no,
            "bound_at": row.bound_at,
        }


def _bind(service: EmbeddedService, firm: Firm, person: DemoPerson, role: str) -> None:
    """A recorded relation (pending) taken as confirmed already: the test's starting point."""
    with service.session_factory.begin() as session:
        enterprise_id = session.scalars(
            select(Enterprise.id).where(Enterprise.taxpayer_id == firm.code)
        ).one()
        row = session.scalars(
            select(EnterpriseRelation).where(
                EnterpriseRelation.enterprise_id == enterprise_id,
                EnterpriseRelation.document_number == person.document_number,
                EnterpriseRelation.role == role,
            )
        ).one()
        assert row.status == "pending"
        row.status = "bound"
        row.bound_at = datetime.now().astimezone()


def _person_id(service: EmbeddedService, person: DemoPerson) -> Any:
    with service.session_factory() as session:
        return session.scalars(
            select(Person.id).where(Person.document_number == person.document_number)
        ).one()


def _undelivered(service: EmbeddedService, person: DemoPerson) -> list[str]:
    with service.session_factory() as session:
        return list(
            session.scalars(
                select(PersonNotice.kind)
                .where(
                    PersonNotice.person_id == _person_id(service, person),
                    PersonNotice.delivered_at.is_(None),
                )
                .order_by(PersonNotice.at, PersonNotice.id)
            )
        )


def _history_kinds(service: EmbeddedService, person: DemoPerson) -> list[str]:
    """The person's history rows of relation changes, sorted (one instant: no order)."""
    with service.session_factory() as session:
        return sorted(
            kind
            for kind in session.scalars(
                select(AccountHistory.kind)
                .where(AccountHistory.person_id == _person_id(service, person))
                .order_by(AccountHistory.at, AccountHistory.id)
            )
            if kind.startswith("relation.")
        )


def _relation_events(service: EmbeddedService) -> dict[str, int]:
    with service.session_factory() as session:
        rows = session.execute(
            select(AuditEvent.event, func.count())
            .where(AuditEvent.event.like("relation.%"))
            .group_by(AuditEvent.event)
        ).all()
    return {event: count for event, count in rows}


# -- the wire -----------------------------------------------------------------------------


def refused(response: httpx.Response, code: ErrorCode, seed_zh: str | None = None) -> None:
    """The catalog's answer for ``code``; its Chinese text carries ``seed_zh``."""
    body = error(response, code)
    if seed_zh is not None:
        assert seed_zh in body["message_zh"], body


def people(client: SignedClient, token: str) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = ok(client.get(PEOPLE, bearer=token))["members"]
    return members


def add(
    client: SignedClient,
    token: str,
    person: DemoPerson,
    role: str,
    *,
    name: str | None = None,
    number: str | None = None,
    document_type: str | None = None,
) -> httpx.Response:
    return client.post(
        f"{PEOPLE}/add",
        {
            "document_type": document_type or person.document_type.value,
            "document_number": number or person.document_number,
            "name": name if name is not None else person.name,
            "role": role,
        },
        bearer=token,
    )


def on_people(client: SignedClient, token: str, action: str, relation_id: str) -> httpx.Response:
    """withdraw / remove / approve / decline on 人员权限管理."""
    return client.post(f"{PEOPLE}/{action}", {"relation_id": relation_id}, bearer=token)


def mine(client: SignedClient, token: str) -> list[dict[str, Any]]:
    """企业授权管理 after 同步数据."""
    views: list[dict[str, Any]] = ok(client.post(f"{MINE}/sync", {}, bearer=token))["relations"]
    return views


def on_mine(
    client: SignedClient, token: str, action: str, relation_id: str, **extra: Any
) -> httpx.Response:
    """confirm / refuse / withdraw / remove on 企业授权管理."""
    return client.post(f"{MINE}/{action}", {"relation_id": relation_id, **extra}, bearer=token)


def apply(client: SignedClient, token: str, code: str, role: str) -> httpx.Response:
    return client.post(f"{MINE}/apply", {"enterprise_code": code, "role": role}, bearer=token)


def staff_token(client: SignedClient) -> str:
    answer = ok(client.post("/v1/staff/login", {"staff_no": "S0001", "password": "Staff@2024"}))
    return str(answer["staff_token"])


def member(members: list[dict[str, Any]], person: DemoPerson, role: str) -> dict[str, Any]:
    (found,) = [
        m
        for m in members
        if m["document_masked"] == mask_id_number(person.document_number) and m["role"] == role
    ]
    return found


def view(views: list[dict[str, Any]], firm: Firm, role: str) -> dict[str, Any]:
    (found,) = [v for v in views if v["enterprise"]["code"] == firm.code and v["role"] == role]
    return found


def states(views: list[dict[str, Any]], firm: Firm) -> dict[str, str]:
    return {v["role"]: v["state"] for v in views if v["enterprise"]["code"] == firm.code}


def notices(answer: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(kind, role, subject) of the notices a login answered, sorted: the manual clock
    stands still, so notices of one instant come in no particular order."""
    return sorted((n["kind"], n["role"], n["subject"]) for n in answer["notices"])


def session_ok(client: SignedClient, token: str) -> bool:
    response = client.get("/v1/session", bearer=token)
    if response.status_code == 200:
        return True
    error(response, ErrorCode.SESSION_INVALID)
    return False


def _firm(service: EmbeddedService, *relations: tuple[DemoPerson, str]) -> Firm:
    """张三 its legal representative (bound, R-RE-2) and ``relations`` as recorded."""
    firm = new_firm()
    import_firm(service, firm, (ZHANG, "legal_representative"), *relations)
    return firm


# -- the enterprise's side: who may manage (R-RE-4) -----------------------------------------


def test_R_RE_4_only_the_legal_representative_and_the_finance_head_manage_people(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"), (CHEN, "tax_handler"))
    _bind(account_service, firm, WANG, "finance_head")
    _bind(account_service, firm, CHEN, "tax_handler")
    legal = sms_login(signed_client, ZHANG, firm.code)
    assert legal["acting"]["role"] == "legal_representative"
    listed = people(signed_client, legal["session_token"])
    assert [(m["role"], m["state"], m["name_masked"]) for m in listed] == [
        ("legal_representative", "bound", "张*"),
        ("finance_head", "bound", "王*"),
        ("tax_handler", "bound", "陈**"),
    ]
    assert all(m["registered"] for m in listed)
    assert member(listed, ZHANG, "legal_representative")["origin"] == "registration_data"
    answer = ok(signed_client.get(PEOPLE, bearer=legal["session_token"]))
    assert answer["enterprise"]["code"] == firm.code
    assert answer["enterprise"]["name"] == firm.name
    # The finance head manages too.
    finance = sms_login(signed_client, WANG, firm.code)["session_token"]
    assert people(signed_client, finance) == listed

    # A tax handler acting for the enterprise does not, nor a natural-person session.
    handler = sms_login(signed_client, CHEN, firm.code)
    assert handler["acting"]["role"] == "tax_handler"
    personal = sms_login(signed_client, CHEN, None)["session_token"]
    chen = member(listed, CHEN, "tax_handler")["relation_id"]
    for token in (handler["session_token"], personal):
        refused(
            signed_client.get(PEOPLE, bearer=token),
            ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED,
            MANAGERS_ONLY_ZH,
        )
        refused(add(signed_client, token, ZHAO, "invoicer"), ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED)
        for action in ("withdraw", "remove", "approve", "decline"):
            refused(
                on_people(signed_client, token, action, chen), ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED
            )
    # Without a session: nothing.
    error(signed_client.get(PEOPLE), ErrorCode.SESSION_INVALID)
    error(add(signed_client, "not-a-token", ZHAO, "invoicer"), ErrorCode.SESSION_INVALID)
    assert set(_rows(account_service, firm).values()) == {"bound"}
    assert _relation_events(account_service) == {}


def test_R_RE_4_a_finance_head_still_pending_does_not_manage_people(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """The managing role must be held (bound): a finance head who has not confirmed yet
    acts in no role, and a role that ended leaves the session without the right."""
    firm = _firm(account_service, (WANG, "finance_head"))
    pending = sms_login(signed_client, WANG, firm.code)
    assert pending["acting"]["role"] is None
    refused(
        signed_client.get(PEOPLE, bearer=pending["session_token"]),
        ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED,
    )
    refused(
        add(signed_client, pending["session_token"], CHEN, "tax_handler"),
        ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED,
    )
    assert (CHEN.document_number, "tax_handler") not in _rows(account_service, firm)


# -- 添加办税人员 (R-RE-5, R-RE-1) ------------------------------------------------------------


def test_R_RE_5_an_added_handler_sees_a_pending_authorization_and_is_told_at_next_login(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service)
    other = _firm(account_service)
    chen_before = sms_login(signed_client, CHEN, None)["session_token"]
    assert states(mine(signed_client, chen_before), firm) == {}
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]

    # The number as typed (lower case, spaces) and the name with spaces around it.
    listed = ok(
        add(signed_client, legal, CHEN, "tax_handler", number=" h60123456 ", name=" 陈小明")
    )
    added = member(listed["members"], CHEN, "tax_handler")
    assert (added["state"], added["origin"], added["name_masked"]) == (
        "pending",
        "account_center",
        "陈**",
    )
    assert added["registered"] is True
    assert added["requested_at"] is not None
    assert added["since"] is None
    # R-RE-1: several roles in one enterprise, and roles in several enterprises.
    ok(add(signed_client, legal, CHEN, "invoicer"))
    other_legal = sms_login(signed_client, ZHANG, other.code)["session_token"]
    ok(add(signed_client, other_legal, CHEN, "tax_handler"))
    # The list: the pending additions after the bound legal representative.
    assert [(m["role"], m["state"]) for m in people(signed_client, legal)] == [
        ("tax_handler", "pending"),
        ("invoicer", "pending"),
        ("legal_representative", "bound"),
    ]

    # The person's 待确认授权 (同步数据 in a session opened before): what, who, when, where from.
    views = mine(signed_client, chen_before)
    assert states(views, firm) == {"tax_handler": "pending", "invoicer": "pending"}
    assert states(views, other) == {"tax_handler": "pending"}
    handler = view(views, firm, "tax_handler")
    assert handler["refusable"] is True
    assert handler["origin"] == "account_center"
    assert handler["requested_by"] == "张*"
    assert handler["requested_at"] is not None
    assert handler["since"] is None
    assert handler["relation_id"] == added["relation_id"]
    # ... and the notice at the next login, once.
    answer = sms_login(signed_client, CHEN, None)
    assert notices(answer) == sorted(
        [
            ("relation_added", "tax_handler", "张*"),
            ("relation_added", "invoicer", "张*"),
            ("relation_added", "tax_handler", "张*"),
        ]
    )
    assert [n["enterprise"] for n in answer["notices"]] == [firm.name, firm.name, other.name]
    assert not any(n["by_hall"] for n in answer["notices"])
    assert sms_login(signed_client, CHEN, None)["notices"] == []

    # Audited, and in the person's history with who added them.
    assert _relation_events(account_service) == {"relation.added": 3}
    detail = audit_details(account_service, "relation.added")[0]
    assert detail["role"] == "tax_handler"
    assert detail["enterprise_code"] == firm.code
    assert detail["by_zh"] == "法定代表人 张*"
    history = ok(signed_client.get("/v1/account/history", bearer=answer["session_token"]))
    lines = [e for e in history["events"] if e["kind"] == "relation.added"]
    assert len(lines) == 3
    assert f"{firm.name} 添加您为办税员（法定代表人 张*），待您确认" in [
        e["detail_zh"] for e in lines
    ]

    # Adding again: already waiting; nothing new.
    refused(add(signed_client, legal, CHEN, "tax_handler"), ErrorCode.RELATION_ALREADY_REQUESTED)
    assert _rows(account_service, firm) == {
        (ZHANG.document_number, "legal_representative"): "bound",
        (CHEN.document_number, "tax_handler"): "pending",
        (CHEN.document_number, "invoicer"): "pending",
    }
    assert audit_count(account_service, "relation.added") == 3


def test_R_RE_5_a_person_not_registered_or_a_wrong_name_says_the_handler_is_not_registered(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service)
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    unregistered = {
        "document_type": OUYANG.document_type.value,
        "document_number": OUYANG.document_number,
        "name": OUYANG.name,
        "role": "tax_handler",
    }
    answer = signed_client.post(f"{PEOPLE}/add", unregistered, bearer=legal)
    refused(answer, ErrorCode.RELATION_PERSON_NOT_REGISTERED, NOT_REGISTERED_ZH)
    assert "用户注册" in answer.json()["error"]["message_zh"]  # what to tell them
    # A registered number with another name, or the wrong document type, answers the same.
    for wrong in (
        add(signed_client, legal, CHEN, "tax_handler", name="陈大明"),
        add(signed_client, legal, WANG, "invoicer", document_type="PASSPORT"),
        add(signed_client, legal, WANG, "invoicer", number="320106197603154414"),
    ):
        refused(wrong, ErrorCode.RELATION_PERSON_NOT_REGISTERED, NOT_REGISTERED_ZH)
    # Only handlers and invoicers are added online (R-RE-4).
    for role in ("legal_representative", "finance_head", "tax_agent"):
        refused(add(signed_client, legal, WANG, role), ErrorCode.RELATION_ROLE_NOT_ONLINE)
    # Oneself as a handler works like anyone else.
    ok(add(signed_client, legal, ZHANG, "tax_handler"))
    assert _rows(account_service, firm) == {
        (ZHANG.document_number, "legal_representative"): "bound",
        (ZHANG.document_number, "tax_handler"): "pending",
    }
    assert _relation_events(account_service) == {"relation.added": 1}


# -- 撤回 and 删除 on the enterprise's side (R-RE-7) ----------------------------------------


def test_R_RE_7_withdrawing_an_account_center_addition_tells_the_person(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"))
    _bind(account_service, firm, WANG, "finance_head")
    finance = sms_login(signed_client, WANG, firm.code)["session_token"]
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    added = member(ok(add(signed_client, finance, CHEN, "invoicer"))["members"], CHEN, "invoicer")
    assert states(mine(signed_client, chen), firm) == {"invoicer": "pending"}

    after = ok(on_people(signed_client, finance, "withdraw", added["relation_id"]))
    assert [m["role"] for m in after["members"]] == ["legal_representative", "finance_head"]
    assert _row(account_service, firm, CHEN, "invoicer")["status"] == "withdrawn"
    # The enterprise's withdrawn addition is not the person's to see in the list: a notice.
    assert states(mine(signed_client, chen), firm) == {}
    refused(
        on_mine(signed_client, chen, "confirm", added["relation_id"], template=FACE),
        ErrorCode.RELATION_CHANGED,
    )
    assert notices(sms_login(signed_client, CHEN, None)) == sorted(
        [
            ("relation_added", "invoicer", "王*"),
            ("relation_withdrawn", "invoicer", "王*"),
        ]
    )
    assert _history_kinds(account_service, CHEN) == sorted(["relation.added", "relation.withdrawn"])
    assert _relation_events(account_service) == {"relation.added": 1, "relation.withdrawn": 1}
    (detail,) = audit_details(account_service, "relation.withdrawn")
    assert detail["by_zh"] == "财务负责人 王*"

    # Gone: withdrawn once; a later addition reuses the one row.
    refused(
        on_people(signed_client, finance, "withdraw", added["relation_id"]),
        ErrorCode.RELATION_CHANGED,
    )
    again = member(ok(add(signed_client, finance, CHEN, "invoicer"))["members"], CHEN, "invoicer")
    assert again["relation_id"] == added["relation_id"]
    assert again["state"] == "pending"
    # A bound relation is not withdrawn (it is deleted); nor an unknown id.
    legal_id = member(people(signed_client, finance), ZHANG, "legal_representative")["relation_id"]
    refused(on_people(signed_client, finance, "withdraw", legal_id), ErrorCode.RELATION_CHANGED)
    for unknown in ("999999", "99999999999999999999"):
        refused(on_people(signed_client, finance, "withdraw", unknown), ErrorCode.RELATION_CHANGED)
    assert _relation_events(account_service) == {"relation.added": 2, "relation.withdrawn": 1}


def test_R_RE_7_a_hall_added_handler_cannot_be_withdrawn_but_can_be_deleted(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (ZHAO, "tax_handler"))  # recorded in 金三 (R-RE-6)
    staff = staff_token(signed_client)
    hall = ok(
        signed_client.post(
            f"{HALL}/add",
            {
                "enterprise_code": firm.code,
                "document_type": CHEN.document_type.value,
                "document_number": CHEN.document_number,
                "name": CHEN.name,
                "role": "tax_handler",
            },
            bearer=staff,
        )
    )
    added = member(hall["members"], CHEN, "tax_handler")
    assert (added["state"], added["origin"]) == ("pending", "hall")
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    refused(
        on_people(signed_client, legal, "withdraw", added["relation_id"]),
        ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE,
        HALL_NOT_WITHDRAWABLE_ZH,
    )
    # One recorded from outside (the core system) is not the account center's either.
    zhao = member(people(signed_client, legal), ZHAO, "tax_handler")
    assert zhao["origin"] == "core_system"
    refused(
        on_people(signed_client, legal, "withdraw", zhao["relation_id"]),
        ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE,
        HALL_NOT_WITHDRAWABLE_ZH,
    )
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "pending"
    assert _relation_events(account_service) == {"relation.added": 1}

    # Confirmed, the hall-added handler is deleted in the account center (删除).
    give_face(account_service, CHEN, FACE)
    chen = face_login(signed_client, CHEN, None)["session_token"]
    ok(on_mine(signed_client, chen, "confirm", added["relation_id"]))
    listed = ok(on_people(signed_client, legal, "remove", added["relation_id"]))
    assert [(m["role"], m["state"]) for m in listed["members"]] == [
        ("tax_handler", "pending"),  # 赵六, still to confirm
        ("legal_representative", "bound"),
    ]
    assert member(listed["members"], ZHAO, "tax_handler")["state"] == "pending"
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "ended"
    assert _relation_events(account_service) == {
        "relation.added": 1,
        "relation.confirmed": 1,
        "relation.member": 1,  # the legal representative told of the confirmation
        "relation.ended": 1,
    }
    assert _history_kinds(account_service, CHEN) == sorted(
        [
            "relation.added",
            "relation.confirmed",
            "relation.ended",
        ]
    )


def test_R_RE_7_deleting_a_bound_handler_ends_their_enterprise_session(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (CHEN, "tax_handler"), (CHEN, "invoicer"))
    _bind(account_service, firm, CHEN, "tax_handler")
    _bind(account_service, firm, CHEN, "invoicer")
    as_handler = sms_login(signed_client, CHEN, firm.code)["session_token"]
    ok(signed_client.post("/v1/session/role", {"role": "tax_handler"}, bearer=as_handler))
    as_invoicer = sms_login(signed_client, CHEN, firm.code)["session_token"]
    ok(signed_client.post("/v1/session/role", {"role": "invoicer"}, bearer=as_invoicer))
    personal = sms_login(signed_client, CHEN, None)["session_token"]
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    listed = people(signed_client, legal)
    handler = member(listed, CHEN, "tax_handler")

    after = ok(on_people(signed_client, legal, "remove", handler["relation_id"]))
    assert [(m["role"], m["state"]) for m in after["members"]] == [
        ("legal_representative", "bound"),
        ("invoicer", "bound"),
    ]
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "ended"
    # The session acting in the deleted role ends; the others go on.
    assert session_ok(signed_client, as_handler) is False
    error(signed_client.post(f"{MINE}/sync", {}, bearer=as_handler), ErrorCode.SESSION_INVALID)
    assert session_ok(signed_client, as_invoicer) is True
    assert session_ok(signed_client, personal) is True
    assert states(mine(signed_client, personal), firm) == {"invoicer": "bound"}
    assert notices(sms_login(signed_client, CHEN, None)) == sorted(
        [("relation_ended", "tax_handler", "张*")]
    )
    assert _history_kinds(account_service, CHEN) == ["relation.ended"]
    (detail,) = audit_details(account_service, "relation.ended")
    assert (detail["role"], detail["by_zh"]) == ("tax_handler", "法定代表人 张*")

    # Deleted once; the legal representative's own relation is not deleted online; a
    # pending one is withdrawn, not deleted.
    refused(
        on_people(signed_client, legal, "remove", handler["relation_id"]),
        ErrorCode.RELATION_CHANGED,
    )
    own = member(listed, ZHANG, "legal_representative")["relation_id"]
    refused(on_people(signed_client, legal, "remove", own), ErrorCode.RELATION_ROLE_NOT_ONLINE)
    pending = member(
        ok(add(signed_client, legal, WANG, "tax_handler"))["members"], WANG, "tax_handler"
    )
    refused(
        on_people(signed_client, legal, "remove", pending["relation_id"]),
        ErrorCode.RELATION_CHANGED,
    )
    # A role held is not added again.
    refused(add(signed_client, legal, CHEN, "invoicer"), ErrorCode.RELATION_ALREADY_HELD)
    # Another enterprise's relation is not this one's to delete.
    other = _firm(account_service, (CHEN, "tax_handler"))
    _bind(account_service, other, CHEN, "tax_handler")
    foreign = _row(account_service, other, CHEN, "tax_handler")["id"]
    refused(on_people(signed_client, legal, "remove", foreign), ErrorCode.RELATION_CHANGED)
    assert _row(account_service, other, CHEN, "tax_handler")["status"] == "bound"
    assert _relation_events(account_service) == {"relation.ended": 1, "relation.added": 1}


# -- applications (申请企业授权) ------------------------------------------------------------


def test_R_RE_5_an_application_is_approved_or_declined_by_a_manager(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"))
    _bind(account_service, firm, WANG, "finance_head")
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    # The code as typed, in lower case.
    views = ok(apply(signed_client, chen, firm.code.lower(), "tax_handler"))["relations"]
    assert states(views, firm) == {"tax_handler": "applied"}
    applied = view(views, firm, "tax_handler")
    assert applied["origin"] == "account_center"
    assert applied["requested_by"] is None  # the person's own request
    ok(apply(signed_client, chen, firm.code, "invoicer"))
    refused(apply(signed_client, chen, firm.code, "invoicer"), ErrorCode.RELATION_ALREADY_REQUESTED)

    # Both managers are told at their next login.
    legal = sms_login(signed_client, ZHANG, firm.code)
    assert notices(legal) == sorted(
        [
            ("application_received", "tax_handler", "陈**"),
            ("application_received", "invoicer", "陈**"),
        ]
    )
    finance = sms_login(signed_client, WANG, firm.code)
    assert notices(finance) == notices(legal)
    listed = people(signed_client, legal["session_token"])
    assert [(m["role"], m["state"]) for m in listed] == [
        ("tax_handler", "applied"),
        ("invoicer", "applied"),
        ("legal_representative", "bound"),
        ("finance_head", "bound"),
    ]
    handler = member(listed, CHEN, "tax_handler")["relation_id"]
    invoicer = member(listed, CHEN, "invoicer")["relation_id"]
    assert handler == applied["relation_id"]

    approved = ok(on_people(signed_client, legal["session_token"], "approve", handler))
    assert member(approved["members"], CHEN, "tax_handler")["state"] == "bound"
    assert member(approved["members"], CHEN, "tax_handler")["since"] is not None
    ok(on_people(signed_client, finance["session_token"], "decline", invoicer))
    # Decided once.
    for action, relation_id in (("approve", handler), ("decline", invoicer), ("approve", invoicer)):
        refused(
            on_people(signed_client, legal["session_token"], action, relation_id),
            ErrorCode.RELATION_CHANGED,
        )
    # The person: bound since now, the declined application still listed; told at login.
    views = mine(signed_client, chen)
    assert states(views, firm) == {"tax_handler": "bound", "invoicer": "declined"}
    assert view(views, firm, "tax_handler")["since"] is not None
    answer = sms_login(signed_client, CHEN, None)
    assert notices(answer) == sorted(
        [
            ("application_approved", "tax_handler", "张*"),
            ("application_declined", "invoicer", "王*"),
        ]
    )
    assert _history_kinds(account_service, CHEN) == sorted(
        [
            "relation.applied",
            "relation.applied",
            "relation.application_approved",
            "relation.application_declined",
        ]
    )
    assert _relation_events(account_service) == {
        "relation.applied": 2,
        "relation.member": 4,  # two applications, told to two managers each
        "relation.application_approved": 1,
        "relation.application_declined": 1,
    }
    # Approved: the handler acts for the enterprise through 企业业务.
    entered = sms_login(signed_client, CHEN, firm.code)["acting"]
    assert (entered["role"], entered["roles"]) == ("tax_handler", ["tax_handler"])
    # Applying for a role held: nothing to do; a declined one may be asked again.
    refused(apply(signed_client, chen, firm.code, "tax_handler"), ErrorCode.RELATION_ALREADY_HELD)
    again = ok(apply(signed_client, chen, firm.code, "invoicer"))["relations"]
    assert states(again, firm) == {"tax_handler": "bound", "invoicer": "applied"}
    assert view(again, firm, "invoicer")["relation_id"] == invoicer


def test_R_RE_5_adding_a_person_who_applied_approves_the_application(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """Both said yes: the enterprise adding a person who applied for that role binds it."""
    firm = _firm(account_service)
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    ok(apply(signed_client, chen, firm.code, "tax_handler"))
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    listed = ok(add(signed_client, legal, CHEN, "tax_handler"))
    assert member(listed["members"], CHEN, "tax_handler")["state"] == "bound"
    # An addition waiting: the person's own application says it is requested already.
    ok(add(signed_client, legal, CHEN, "invoicer"))
    refused(apply(signed_client, chen, firm.code, "invoicer"), ErrorCode.RELATION_ALREADY_REQUESTED)
    assert _rows(account_service, firm) == {
        (ZHANG.document_number, "legal_representative"): "bound",
        (CHEN.document_number, "tax_handler"): "bound",
        (CHEN.document_number, "invoicer"): "pending",
    }
    assert _relation_events(account_service) == {
        "relation.applied": 1,
        "relation.member": 1,
        "relation.application_approved": 1,
        "relation.added": 1,
    }


def test_R_RE_5_applying_checks_the_code_the_enterprise_and_the_role(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service)
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    refused(apply(signed_client, chen, "12345", "tax_handler"), ErrorCode.ENTERPRISE_CODE_INVALID)
    unknown = new_firm()  # a valid code nobody registered
    refused(apply(signed_client, chen, unknown.code, "tax_handler"), ErrorCode.ENTERPRISE_NOT_FOUND)
    for role in ("legal_representative", "finance_head", "tax_agent"):
        refused(apply(signed_client, chen, firm.code, role), ErrorCode.RELATION_ROLE_NOT_ONLINE)
    bad = signed_client.post(
        f"{MINE}/apply", {"enterprise_code": firm.code, "role": "boss"}, bearer=chen
    )
    error(bad, ErrorCode.VALIDATION_ERROR)
    # The legal representative asking for a handler role of their own enterprise may.
    zhang = sms_login(signed_client, ZHANG, None)["session_token"]
    ok(apply(signed_client, zhang, firm.code, "invoicer"))
    assert _rows(account_service, firm) == {
        (ZHANG.document_number, "legal_representative"): "bound",
        (ZHANG.document_number, "invoicer"): "applied",
    }
    error(apply(signed_client, "not-a-token", firm.code, "invoicer"), ErrorCode.SESSION_INVALID)


def test_seed_004_a_withdrawn_application_stays_visible_with_its_state(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """Seed 004 三(三)4: "撤回后仍可以看到申请记录"."""
    firm = _firm(account_service)
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    applied = view(
        ok(apply(signed_client, chen, firm.code, "tax_handler"))["relations"], firm, "tax_handler"
    )
    views = ok(on_mine(signed_client, chen, "withdraw", applied["relation_id"]))["relations"]
    withdrawn = view(views, firm, "tax_handler")
    assert withdrawn["state"] == "withdrawn"
    assert withdrawn["relation_id"] == applied["relation_id"]
    assert withdrawn["requested_at"] == applied["requested_at"]
    assert view(mine(signed_client, chen), firm, "tax_handler")["state"] == "withdrawn"
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "withdrawn"
    # Gone from the enterprise's list; its managers are told.
    legal = sms_login(signed_client, ZHANG, firm.code)
    assert notices(legal) == sorted(
        [
            ("application_received", "tax_handler", "陈**"),
            ("request_withdrawn", "tax_handler", "陈**"),
        ]
    )
    assert [m["role"] for m in people(signed_client, legal["session_token"])] == [
        "legal_representative"
    ]
    refused(
        on_people(signed_client, legal["session_token"], "approve", applied["relation_id"]),
        ErrorCode.RELATION_CHANGED,
    )
    # Withdrawn once; an addition is not the person's to withdraw.
    refused(
        on_mine(signed_client, chen, "withdraw", applied["relation_id"]), ErrorCode.RELATION_CHANGED
    )
    pending = member(
        ok(add(signed_client, legal["session_token"], CHEN, "invoicer"))["members"],
        CHEN,
        "invoicer",
    )
    refused(
        on_mine(signed_client, chen, "withdraw", pending["relation_id"]), ErrorCode.RELATION_CHANGED
    )
    assert _history_kinds(account_service, CHEN) == sorted(
        [
            "relation.applied",
            "relation.application_withdrawn",
            "relation.added",
        ]
    )
    # Asked again: the same record, applied again.
    again = ok(apply(signed_client, chen, firm.code, "tax_handler"))["relations"]
    assert view(again, firm, "tax_handler")["state"] == "applied"
    assert view(again, firm, "tax_handler")["relation_id"] == applied["relation_id"]


# -- the person's side: confirm, refuse, leave (R-RE-3, R-RE-5, R-RE-7) ----------------------


def test_R_RE_5_confirming_takes_a_face_unless_the_login_was_by_face(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service)
    give_face(account_service, CHEN, FACE)
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    handler = member(
        ok(add(signed_client, legal, CHEN, "tax_handler"))["members"], CHEN, "tax_handler"
    )
    invoicer = member(ok(add(signed_client, legal, CHEN, "invoicer"))["members"], CHEN, "invoicer")
    by_sms = sms_login(signed_client, CHEN, None)["session_token"]
    rid = handler["relation_id"]

    refused(on_mine(signed_client, by_sms, "confirm", rid), ErrorCode.CONFIRM_FACE_REQUIRED)
    # Another face: refused, and it counts (R-LK-1).
    first = error(
        on_mine(signed_client, by_sms, "confirm", rid, template=OTHER_FACE), ErrorCode.FACE_MISMATCH
    )
    second = error(
        on_mine(signed_client, by_sms, "confirm", rid, template=OTHER_FACE), ErrorCode.FACE_MISMATCH
    )
    assert (first["details"]["remaining"], second["details"]["remaining"]) == (4, 3)
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "pending"
    assert audit_count(account_service, "relation.confirmed") == 0

    views = ok(on_mine(signed_client, by_sms, "confirm", rid, template=FACE))["relations"]
    assert view(views, firm, "tax_handler")["state"] == "bound"
    assert view(views, firm, "tax_handler")["since"] is not None
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "bound"
    # Confirming again changes nothing: one relation, one event.
    ok(on_mine(signed_client, by_sms, "confirm", rid))
    assert audit_count(account_service, "relation.confirmed") == 1

    # After a face login no face again (R-RE-5).
    by_face = face_login(signed_client, CHEN, None)["session_token"]
    views = ok(on_mine(signed_client, by_face, "confirm", invoicer["relation_id"]))["relations"]
    assert states(views, firm) == {"tax_handler": "bound", "invoicer": "bound"}
    assert _history_kinds(account_service, CHEN) == sorted(
        [
            "relation.added",
            "relation.added",
            "relation.confirmed",
            "relation.confirmed",
        ]
    )
    assert _relation_events(account_service) == {
        "relation.added": 2,
        "relation.confirmed": 2,
        "relation.member": 2,
    }
    # The legal representative is told at the next login; the list shows them bound.
    answer = sms_login(signed_client, ZHANG, firm.code)
    assert notices(answer) == sorted(
        [
            ("relation_confirmed", "tax_handler", "陈**"),
            ("relation_confirmed", "invoicer", "陈**"),
        ]
    )
    assert {(m["role"], m["state"]) for m in people(signed_client, answer["session_token"])} == {
        ("legal_representative", "bound"),
        ("tax_handler", "bound"),
        ("invoicer", "bound"),
    }
    # Another person's relation, or an unknown one, is not theirs to confirm.
    zhang = sms_login(signed_client, ZHANG, None)["session_token"]
    refused(
        on_mine(signed_client, zhang, "confirm", rid, template=FACE), ErrorCode.RELATION_CHANGED
    )
    refused(
        on_mine(signed_client, zhang, "confirm", "99999999999999999999"), ErrorCode.RELATION_CHANGED
    )


def test_R_RE_5_a_handler_refuses_an_addition(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"))
    _bind(account_service, firm, WANG, "finance_head")
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    added = member(
        ok(add(signed_client, legal, CHEN, "tax_handler"))["members"], CHEN, "tax_handler"
    )
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    views = ok(on_mine(signed_client, chen, "refuse", added["relation_id"]))["relations"]
    assert states(views, firm) == {}
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "ended"
    refused(
        on_mine(signed_client, chen, "refuse", added["relation_id"]), ErrorCode.RELATION_CHANGED
    )
    refused(
        on_mine(signed_client, chen, "confirm", added["relation_id"], template=FACE),
        ErrorCode.RELATION_CHANGED,
    )
    # Both managers are told.
    for person in (ZHANG, WANG):
        assert notices(sms_login(signed_client, person, firm.code)) == sorted(
            [("relation_refused", "tax_handler", "陈**")]
        )
    assert _history_kinds(account_service, CHEN) == sorted(["relation.added", "relation.refused"])
    assert _relation_events(account_service) == {
        "relation.added": 1,
        "relation.refused": 1,
        "relation.member": 2,
    }
    # Refused, the enterprise may add the person again.
    again = member(
        ok(add(signed_client, legal, CHEN, "tax_handler"))["members"], CHEN, "tax_handler"
    )
    assert (again["relation_id"], again["state"]) == (added["relation_id"], "pending")


def test_R_RE_3_the_finance_head_cannot_refuse_and_confirms(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"))
    give_face(account_service, WANG, FACE)
    wang = sms_login(signed_client, WANG, None)["session_token"]
    finance = view(mine(signed_client, wang), firm, "finance_head")
    assert finance["state"] == "pending"
    assert finance["refusable"] is False  # no refuse button (R-RE-3 choice)
    assert finance["origin"] == "tax_registration"
    answer = on_mine(signed_client, wang, "refuse", finance["relation_id"])
    refused(answer, ErrorCode.FINANCE_HEAD_CANNOT_REFUSE, "不能拒绝")
    assert "办税服务厅" in answer.json()["error"]["message_zh"]
    assert _row(account_service, firm, WANG, "finance_head")["status"] == "pending"
    assert _relation_events(account_service) == {}

    views = ok(on_mine(signed_client, wang, "confirm", finance["relation_id"], template=FACE))[
        "relations"
    ]
    assert view(views, firm, "finance_head")["state"] == "bound"
    refused(
        on_mine(signed_client, wang, "refuse", finance["relation_id"]),
        ErrorCode.FINANCE_HEAD_CANNOT_REFUSE,
    )
    # The legal representative is told; the finance head now manages people.
    assert notices(sms_login(signed_client, ZHANG, firm.code)) == sorted(
        [("relation_confirmed", "finance_head", "王*")]
    )
    as_finance = sms_login(signed_client, WANG, firm.code)
    assert as_finance["acting"]["role"] == "finance_head"
    assert len(people(signed_client, as_finance["session_token"])) == 2
    assert _history_kinds(account_service, WANG) == ["relation.confirmed"]


def test_R_RE_7_a_handler_leaves_the_enterprise(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (CHEN, "tax_handler"), (CHEN, "invoicer"))
    _bind(account_service, firm, CHEN, "tax_handler")
    acting_there = sms_login(signed_client, CHEN, firm.code)["session_token"]
    ok(signed_client.post("/v1/session/role", {"role": "tax_handler"}, bearer=acting_there))
    chen = sms_login(signed_client, CHEN, None)["session_token"]
    views = mine(signed_client, chen)
    assert states(views, firm) == {"tax_handler": "bound", "invoicer": "pending"}
    handler = view(views, firm, "tax_handler")

    views = ok(on_mine(signed_client, chen, "remove", handler["relation_id"]))["relations"]
    assert states(views, firm) == {"invoicer": "pending"}
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "ended"
    assert session_ok(signed_client, acting_there) is False  # acting in the role left
    assert session_ok(signed_client, chen) is True
    refused(
        on_mine(signed_client, chen, "remove", handler["relation_id"]), ErrorCode.RELATION_CHANGED
    )
    # A pending one is refused, not left; the legal representative's relation follows the
    # registration data.
    refused(
        on_mine(signed_client, chen, "remove", view(views, firm, "invoicer")["relation_id"]),
        ErrorCode.RELATION_CHANGED,
    )
    zhang_login = sms_login(signed_client, ZHANG, None)
    assert notices(zhang_login) == [("relation_left", "tax_handler", "陈**")]
    zhang = zhang_login["session_token"]
    legal = view(mine(signed_client, zhang), firm, "legal_representative")
    refused(
        on_mine(signed_client, zhang, "remove", legal["relation_id"]),
        ErrorCode.RELATION_ROLE_NOT_ONLINE,
    )
    # Nor another person's relation.
    refused(
        on_mine(signed_client, zhang, "remove", handler["relation_id"]), ErrorCode.RELATION_CHANGED
    )
    assert _history_kinds(account_service, CHEN) == ["relation.left"]
    assert _relation_events(account_service) == {"relation.left": 1, "relation.member": 1}


# -- the hall counter (R-HA-2) ------------------------------------------------------------


def test_R_HA_2_hall_staff_show_add_and_end_relations_audited_with_the_staff_number(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "finance_head"), (ZHAO, "tax_handler"))
    _bind(account_service, firm, ZHAO, "tax_handler")
    staff = staff_token(signed_client)

    shown = ok(signed_client.post(f"{HALL}/show", {"enterprise_code": firm.code}, bearer=staff))
    assert shown["enterprise"]["code"] == firm.code
    assert [(m["role"], m["state"]) for m in shown["members"]] == [
        ("finance_head", "pending"),
        ("legal_representative", "bound"),
        ("tax_handler", "bound"),
    ]
    body = {
        "enterprise_code": firm.code.lower(),
        "document_type": CHEN.document_type.value,
        "document_number": CHEN.document_number,
        "name": CHEN.name,
        "role": "invoicer",
    }
    added = member(
        ok(signed_client.post(f"{HALL}/add", body, bearer=staff))["members"], CHEN, "invoicer"
    )
    assert (added["state"], added["origin"]) == ("pending", "hall")
    assert _row(account_service, firm, CHEN, "invoicer")["staff_no"] == "S0001"
    refused(
        signed_client.post(f"{HALL}/add", body, bearer=staff),
        ErrorCode.RELATION_ALREADY_REQUESTED,
    )
    refused(
        signed_client.post(f"{HALL}/add", {**body, "name": "陈大明"}, bearer=staff),
        ErrorCode.RELATION_PERSON_NOT_REGISTERED,
        NOT_REGISTERED_ZH,
    )
    (detail,) = audit_details(account_service, "relation.added")
    assert detail["staff_no"] == "S0001"
    assert detail["by_zh"] == "办税服务厅 工号 S0001"

    # The hall ends any relation: a bound handler, and a pending finance head.
    zhao = member(shown["members"], ZHAO, "tax_handler")["relation_id"]
    ended = ok(
        signed_client.post(
            f"{HALL}/end", {"enterprise_code": firm.code, "relation_id": zhao}, bearer=staff
        )
    )
    assert [(m["role"], m["state"]) for m in ended["members"]] == [
        ("finance_head", "pending"),
        ("invoicer", "pending"),
        ("legal_representative", "bound"),
    ]
    finance = member(shown["members"], WANG, "finance_head")["relation_id"]
    ok(
        signed_client.post(
            f"{HALL}/end", {"enterprise_code": firm.code, "relation_id": finance}, bearer=staff
        )
    )
    refused(
        signed_client.post(
            f"{HALL}/end", {"enterprise_code": firm.code, "relation_id": zhao}, bearer=staff
        ),
        ErrorCode.RELATION_CHANGED,
    )
    assert _rows(account_service, firm) == {
        (ZHANG.document_number, "legal_representative"): "bound",
        (WANG.document_number, "finance_head"): "ended",
        (ZHAO.document_number, "tax_handler"): "ended",
        (CHEN.document_number, "invoicer"): "pending",
    }
    ends = audit_details(account_service, "relation.ended")
    assert [(d["role"], d["staff_no"]) for d in ends] == [
        ("tax_handler", "S0001"),
        ("finance_head", "S0001"),
    ]
    # The people concerned are told at their next login that the hall did it.
    chen = sms_login(signed_client, CHEN, None)
    assert notices(chen) == [("relation_added", "invoicer", None)]
    assert chen["notices"][0]["by_hall"] is True
    history = ok(signed_client.get("/v1/account/history", bearer=chen["session_token"]))
    (line,) = [e for e in history["events"] if e["kind"] == "relation.added"]
    assert "办税服务厅 工号 S0001" in line["detail_zh"]
    assert "staff S0001" in line["detail_en"]
    assert notices(sms_login(signed_client, WANG, None)) == sorted(
        [("relation_ended", "finance_head", None)]
    )
    assert _undelivered(account_service, ZHAO) == ["relation_ended"]
    assert _history_kinds(account_service, ZHAO) == ["relation.ended"]

    # Only staff, and only an enterprise that exists.
    refused(
        signed_client.post(f"{HALL}/show", {"enterprise_code": new_firm().code}, bearer=staff),
        ErrorCode.ENTERPRISE_NOT_FOUND,
    )
    person = chen["session_token"]
    for path, payload in (
        ("show", {"enterprise_code": firm.code}),
        ("add", body),
        ("end", {"enterprise_code": firm.code, "relation_id": added["relation_id"]}),
    ):
        error(
            signed_client.post(f"{HALL}/{path}", payload, bearer=person), ErrorCode.SESSION_INVALID
        )
        error(signed_client.post(f"{HALL}/{path}", payload), ErrorCode.SESSION_INVALID)
    # A staff token is no person's session.
    error(signed_client.get(PEOPLE, bearer=staff), ErrorCode.SESSION_INVALID)
    assert _relation_events(account_service) == {"relation.added": 1, "relation.ended": 2}


def test_R_HA_2_the_hall_adds_a_handler_the_person_confirms_and_enters(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    """The hall's addition waits for the person like any other (two-way confirmation),
    here on the enterprise-entry login page."""
    firm = _firm(account_service)
    give_face(account_service, CHEN, FACE)
    staff = staff_token(signed_client)
    ok(
        signed_client.post(
            f"{HALL}/add",
            {
                "enterprise_code": firm.code,
                "document_type": CHEN.document_type.value,
                "document_number": CHEN.document_number,
                "name": CHEN.name,
                "role": "tax_handler",
            },
            bearer=staff,
        )
    )
    entered = face_login(signed_client, CHEN, firm.code)
    assert entered["acting"]["pending"] == [{"role": "tax_handler", "refusable": True}]
    assert [(n["kind"], n["by_hall"]) for n in entered["notices"]] == [("relation_added", True)]
    acting = ok(
        signed_client.post(
            "/v1/session/pending/confirm", {"role": "tax_handler"}, bearer=entered["session_token"]
        )
    )
    assert acting["role"] == "tax_handler"
    assert _row(account_service, firm, CHEN, "tax_handler")["status"] == "bound"
    assert _relation_events(account_service) == {
        "relation.added": 1,
        "relation.confirmed": 1,
        "relation.member": 1,
    }


# -- deregistration (R-AC-1) ----------------------------------------------------------------


def _deregister(client: SignedClient, token: str, phone: str) -> None:
    started = ok(client.post("/v1/account/confirmations", {"action": "deregister"}, bearer=token))
    vid = started["verification_id"]
    ok(
        client.post(
            f"/v1/account/confirmations/{vid}/verify",
            {"code": client.outbox_code(phone)},
            bearer=token,
        )
    )


def _register_again(client: SignedClient, person: DemoPerson, password: str) -> dict[str, Any]:
    """Registration (R-ID-1) of a deregistered person: the account comes back (R-ID-6)."""
    assert person.phone is not None
    rid = ok(
        client.post(
            "/v1/registration",
            {
                "document_type": person.document_type.value,
                "document_number": person.document_number,
                "name": person.name,
            },
        )
    )["registration_id"]
    ok(client.post(f"/v1/registration/{rid}/sms", {"phone": person.phone}))
    ok(client.post(f"/v1/registration/{rid}/verify", {"code": client.outbox_code(person.phone)}))
    ok(client.post(f"/v1/registration/{rid}/face", {"template": FACE}))
    return ok(client.post(f"/v1/registration/{rid}/complete", {"password": password}))


def test_R_AC_1_deregistration_keeps_relations_and_registering_again_restores_them(
    signed_client: SignedClient, account_service: EmbeddedService
) -> None:
    firm = _firm(account_service, (WANG, "tax_handler"), (WANG, "invoicer"))
    _bind(account_service, firm, WANG, "tax_handler")
    give_face(account_service, WANG, FACE)
    assert WANG.phone is not None
    acting_there = sms_login(signed_client, WANG, firm.code)["session_token"]
    wang = sms_login(signed_client, WANG, None)["session_token"]
    before = _rows(account_service, firm)
    _deregister(signed_client, wang, WANG.phone)

    # The relations stay as they were; the person cannot log in or act any more.
    assert _rows(account_service, firm) == before
    for token in (wang, acting_there):
        error(signed_client.get("/v1/session", bearer=token), ErrorCode.SESSION_INVALID)
        error(signed_client.post(f"{MINE}/sync", {}, bearer=token), ErrorCode.SESSION_INVALID)
    for code in (None, firm.code):
        body: dict[str, Any] = {"identifier": WANG.document_number, "password": WANG.password}
        if code is not None:
            body["enterprise_code"] = code
        error(signed_client.post("/v1/auth/login", body), ErrorCode.USER_NOT_REGISTERED)
    # The enterprise sees the relations, with nobody registered behind them; it cannot add
    # the person now, and what it does reaches only the audit.
    legal = sms_login(signed_client, ZHANG, firm.code)["session_token"]
    listed = people(signed_client, legal)
    kept = [m for m in listed if m["document_masked"] == mask_id_number(WANG.document_number)]
    assert [(m["role"], m["state"], m["registered"], m["name_masked"]) for m in kept] == [
        ("invoicer", "pending", False, ""),
        ("tax_handler", "bound", False, ""),
    ]
    refused(
        add(signed_client, legal, WANG, "invoicer"),
        ErrorCode.RELATION_PERSON_NOT_REGISTERED,
        NOT_REGISTERED_ZH,
    )
    refused(
        on_people(signed_client, legal, "withdraw", member(kept, WANG, "invoicer")["relation_id"]),
        ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE,
    )
    assert _rows(account_service, firm) == before

    # Registering again: the relations show again and the person acts for the enterprise.
    done = _register_again(signed_client, WANG, "Wang.back26x")
    assert done["person"]["name_masked"] == "王*"
    views = mine(signed_client, done["session_token"])
    assert states(views, firm) == {"tax_handler": "bound", "invoicer": "pending"}
    assert [
        (m["role"], m["registered"], m["name_masked"])
        for m in people(signed_client, legal)
        if m["document_masked"] == mask_id_number(WANG.document_number)
    ] == [("invoicer", True, "王*"), ("tax_handler", True, "王*")]
    attempt = ok(
        signed_client.post(
            "/v1/auth/login",
            {
                "identifier": WANG.document_number,
                "password": "Wang.back26x",
                "enterprise_code": firm.code,
            },
        )
    )
    entered = ok(
        signed_client.post(f"/v1/auth/login/{attempt['attempt_id']}/face", {"template": FACE})
    )
    assert entered["acting"]["roles"] == ["tax_handler"]
    assert entered["acting"]["pending"] == [{"role": "invoicer", "refusable": True}]
    assert _rows(account_service, firm) == before
