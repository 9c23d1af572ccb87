"""人企关联 races on PostgreSQL (issue 18): 50 terminals at once, each with its own signed
terminal and session, on one relation. Confirm vs withdraw, confirm vs delete, many
confirms, add vs apply for the same person and role: each ends in exactly one state, with
the audit events of that state and no more, and never a 500 (the enterprise's row lock
and the unique relation row hold them, account_service/enterprises/management.py).

``pytest -s`` shows the answers each race gave (``race: {answer: count}``)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from account_service.clock import ManualClock
from account_service.demo import DemoPerson
from account_service.embedded import EmbeddedService
from account_service.enterprises.models import Enterprise, EnterpriseRelation
from account_service.trail.models import AuditEvent, PersonNotice
from tests.support.enterprise_world import (
    CHEN,
    FACE,
    ZHANG,
    Firm,
    face_login,
    give_face,
    import_firm,
    new_firm,
    ok,
)
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

pytestmark = pytest.mark.postgres

CLIENTS = 50
HALF = CLIENTS // 2


@pytest.fixture
def pg_service(
    postgres_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    with live_service(postgres_database_url, manual_clock, tmp_path) as service:
        give_face(service, ZHANG, FACE)
        give_face(service, CHEN, FACE)
        yield service


Session = tuple[SignedClient, str]  # a terminal and the session token opened on it


@pytest.fixture
def terminals(
    pg_service: EmbeddedService, manual_clock: ManualClock
) -> Iterator[list[SignedClient]]:
    """CLIENTS enrolled terminals, each its own key and signature."""
    codes = [pg_service.create_enroll_code(f"race {i}") for i in range(CLIENTS)]

    def enrolled(index: int) -> SignedClient:
        client = SignedClient(pg_service.base_url, now=manual_clock.now, timeout=60)
        client.enroll(codes[index], f"race {index}")
        return client

    with ThreadPoolExecutor(10) as pool:
        clients = list(pool.map(enrolled, range(CLIENTS)))
    try:
        yield clients
    finally:
        for client in clients:
            client.close()


def _logins(clients: list[SignedClient], person: DemoPerson, code: str | None) -> list[Session]:
    """A face login (no face again to confirm, R-RE-5) of ``person`` on each terminal, one
    after another: a password entered again voids the person's earlier attempt (R-2F-3)."""
    return [(client, str(face_login(client, person, code)["session_token"])) for client in clients]


Job = Callable[[], httpx.Response]


def _race(jobs: list[tuple[str, Job]]) -> tuple[Counter[str], list[httpx.Response]]:
    """Run every job at once (a barrier before each); the answers counted as
    ``"<job>: <ok|error code>"``. No answer is a server error."""
    barrier = threading.Barrier(len(jobs))

    def go(job: tuple[str, Job]) -> tuple[str, httpx.Response]:
        barrier.wait(timeout=60)
        return job[0], job[1]()

    with ThreadPoolExecutor(len(jobs)) as pool:
        answers = list(pool.map(go, jobs))
    counts: Counter[str] = Counter()
    for name, response in answers:
        assert response.status_code < 500, response.text
        if response.status_code == 200:
            counts[f"{name}: ok"] += 1
        else:
            counts[f"{name}: {response.json()['error']['code']}"] += 1
    return counts, [response for _name, response in answers]


def _rows(service: EmbeddedService, firm: Firm, person: DemoPerson) -> list[tuple[str, str]]:
    """(role, status) of every relation row of the person with the firm."""
    with service.session_factory() as session:
        rows = session.execute(
            select(EnterpriseRelation.role, EnterpriseRelation.status)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(
                Enterprise.taxpayer_id == firm.code,
                EnterpriseRelation.document_number == person.document_number,
            )
        ).all()
    return [(row.role, row.status) for row in rows]


def _events(service: EmbeddedService) -> dict[str, int]:
    """How many audit events of each relation change."""
    with service.session_factory() as session:
        rows = session.execute(
            select(AuditEvent.event, func.count())
            .where(AuditEvent.event.like("relation.%"))
            .group_by(AuditEvent.event)
        ).all()
    return {event: count for event, count in rows}


def _notices(service: EmbeddedService) -> dict[str, int]:
    with service.session_factory() as session:
        rows = session.execute(
            select(PersonNotice.kind, func.count()).group_by(PersonNotice.kind)
        ).all()
    return {kind: count for kind, count in rows}


def _world(
    service: EmbeddedService,
    terminals: list[SignedClient],
    person: Callable[[Firm, Session], list[tuple[str, Job]]],
) -> tuple[Firm, list[Session], list[tuple[str, Job]]]:
    """A firm with 张三 its legal representative, logged in for it on the first half of
    the terminals; ``person(firm, first manager)`` readies the person's jobs on the other
    half, while the managers' logins go on (two persons log in side by side)."""
    firm = new_firm()
    import_firm(service, firm, (ZHANG, "legal_representative"))
    (first,) = _logins(terminals[:1], ZHANG, firm.code)
    with ThreadPoolExecutor(1) as pool:
        rest = pool.submit(_logins, terminals[1:HALF], ZHANG, firm.code)
        jobs = person(firm, first)
        return firm, [first, *rest.result()], jobs


def _add(session: Session, person: DemoPerson, role: str) -> httpx.Response:
    client, token = session
    return client.post(
        "/v1/enterprise/people/add",
        {
            "document_type": person.document_type.value,
            "document_number": person.document_number,
            "name": person.name,
            "role": role,
        },
        bearer=token,
    )


def _added(session: Session, person: DemoPerson, role: str) -> str:
    """The relation id of a pending addition of ``person`` in ``role``."""
    members = ok(_add(session, person, role))["members"]
    (found,) = [m for m in members if m["role"] == role and m["state"] == "pending"]
    return str(found["relation_id"])


def _adding(session: Session, person: DemoPerson, role: str) -> Job:
    return lambda: _add(session, person, role)


def _post(session: Session, path: str, body: dict[str, Any]) -> Job:
    client, token = session
    return lambda: client.post(path, body, bearer=token)


def _confirmers(
    terminals: list[SignedClient], firm: Firm, relation: dict[str, str]
) -> list[tuple[str, Job]]:
    """The person confirming on each terminal: about half in 企业授权管理 (a natural-person
    session), the others on the enterprise-entry login page (R-RE-5: either place)."""
    split = len(terminals) // 2 + len(terminals) % 2
    personal = _logins(terminals[:split], CHEN, None)
    entry = _logins(terminals[split:], CHEN, firm.code)
    return [("confirm", _post(s, "/v1/session/relations/confirm", relation)) for s in personal] + [
        ("login page", _post(s, "/v1/session/pending/confirm", {"role": "tax_handler"}))
        for s in entry
    ]


def _interleaved(
    first: list[tuple[str, Job]], second: list[tuple[str, Job]]
) -> list[tuple[str, Job]]:
    return [job for pair in zip(first, second, strict=True) for job in pair]


CONFIRMS = HALF // 2 + HALF % 2  # in 企业授权管理; the rest of HALF on the login page


def test_R_RE_5_confirm_vs_withdraw_ends_bound_or_withdrawn(
    pg_service: EmbeddedService, terminals: list[SignedClient]
) -> None:
    relation: dict[str, str] = {}

    def confirmers(firm: Firm, manager: Session) -> list[tuple[str, Job]]:
        relation["relation_id"] = _added(manager, CHEN, "tax_handler")
        return _confirmers(terminals[HALF:], firm, relation)

    firm, managers, confirms = _world(pg_service, terminals, confirmers)
    counts, _answers = _race(
        _interleaved(
            confirms,
            [("withdraw", _post(s, "/v1/enterprise/people/withdraw", relation)) for s in managers],
        )
    )
    ((role, state),) = _rows(pg_service, firm, CHEN)
    print(f"confirm vs withdraw: {dict(counts)} -> {state}")
    assert role == "tax_handler"
    if state == "bound":
        # Confirmed first: every confirm answers the bound relation, no withdrawal.
        assert counts == {
            "confirm: ok": CONFIRMS,
            "login page: ok": HALF - CONFIRMS,
            "withdraw: RELATION_CHANGED": HALF,
        }
        assert _events(pg_service) == {
            "relation.added": 1,
            "relation.confirmed": 1,
            "relation.member": 1,
        }
        assert _notices(pg_service) == {"relation_added": 1, "relation_confirmed": 1}
    else:
        # Withdrawn first: no confirm binds it, whether it read it before or after.
        assert state == "withdrawn"
        assert counts["withdraw: ok"] == 1
        assert counts["withdraw: RELATION_CHANGED"] == HALF - 1
        assert counts["confirm: RELATION_CHANGED"] == CONFIRMS
        assert (
            counts["login page: RELATION_CHANGED"] + counts["login page: PENDING_NOT_FOUND"]
            == HALF - CONFIRMS
        )
        assert _events(pg_service) == {"relation.added": 1, "relation.withdrawn": 1}
        assert _notices(pg_service) == {"relation_added": 1, "relation_withdrawn": 1}


def test_R_RE_7_confirm_vs_delete_ends_bound_or_deleted_once(
    pg_service: EmbeddedService, terminals: list[SignedClient]
) -> None:
    relation: dict[str, str] = {}

    def confirmers(firm: Firm, manager: Session) -> list[tuple[str, Job]]:
        relation["relation_id"] = _added(manager, CHEN, "tax_handler")
        return _confirmers(terminals[HALF:], firm, relation)

    firm, managers, confirms = _world(pg_service, terminals, confirmers)
    counts, _answers = _race(
        _interleaved(
            confirms,
            [("delete", _post(s, "/v1/enterprise/people/remove", relation)) for s in managers],
        )
    )
    ((role, state),) = _rows(pg_service, firm, CHEN)
    print(f"confirm vs delete: {dict(counts)} -> {state}")
    assert role == "tax_handler"
    confirmed = counts["confirm: ok"] + counts["login page: ok"]
    assert counts["confirm: ok"] + counts["confirm: RELATION_CHANGED"] == CONFIRMS
    if state == "bound":
        # Every delete came while it was pending (only a bound relation is deleted).
        assert counts == {
            "confirm: ok": CONFIRMS,
            "login page: ok": HALF - CONFIRMS,
            "delete: RELATION_CHANGED": HALF,
        }
        assert _events(pg_service) == {
            "relation.added": 1,
            "relation.confirmed": 1,
            "relation.member": 1,
        }
    else:
        # Confirmed, then deleted once: the confirms after it found it gone.
        assert state == "ended"
        assert confirmed >= 1
        assert counts["delete: ok"] == 1
        assert counts["delete: RELATION_CHANGED"] == HALF - 1
        assert (
            counts["login page: ok"]
            + counts["login page: RELATION_CHANGED"]
            + counts["login page: PENDING_NOT_FOUND"]
            == HALF - CONFIRMS
        )
        assert _events(pg_service) == {
            "relation.added": 1,
            "relation.confirmed": 1,
            "relation.member": 1,
            "relation.ended": 1,
        }


def test_R_RE_5_many_confirms_bind_one_relation_with_one_event(
    pg_service: EmbeddedService, terminals: list[SignedClient]
) -> None:
    firm = new_firm()
    import_firm(pg_service, firm, (ZHANG, "legal_representative"))
    (manager,) = _logins(terminals[:1], ZHANG, firm.code)
    relation = {"relation_id": _added(manager, CHEN, "tax_handler")}
    counts, answers = _race(_confirmers(terminals, firm, relation))
    print(f"many confirms: {dict(counts)}")
    assert counts == {"confirm: ok": HALF, "login page: ok": HALF}
    for answer in answers:
        body = answer.json()
        if "relations" in body:  # 企业授权管理 answers the list
            assert [
                (v["role"], v["state"])
                for v in body["relations"]
                if v["enterprise"]["code"] == firm.code
            ] == [("tax_handler", "bound")]
        else:  # the login page, what the session acts as now
            assert (body["role"], body["roles"], body["pending"]) == (
                "tax_handler",
                ["tax_handler"],
                [],
            )
    assert _rows(pg_service, firm, CHEN) == [("tax_handler", "bound")]
    assert _events(pg_service) == {
        "relation.added": 1,
        "relation.confirmed": 1,
        "relation.member": 1,
    }
    assert _notices(pg_service) == {"relation_added": 1, "relation_confirmed": 1}


def test_R_RE_5_add_vs_apply_for_the_same_person_and_role_makes_one_relation(
    pg_service: EmbeddedService, terminals: list[SignedClient]
) -> None:
    def appliers(firm: Firm, _manager: Session) -> list[tuple[str, Job]]:
        apply = {"enterprise_code": firm.code, "role": "tax_handler"}
        return [
            ("apply", _post(s, "/v1/session/relations/apply", apply))
            for s in _logins(terminals[HALF:], CHEN, None)
        ]

    firm, managers, applies = _world(pg_service, terminals, appliers)
    adds = [("add", _adding(s, CHEN, "tax_handler")) for s in managers]
    counts, _answers = _race(_interleaved(applies, adds))
    ((role, state),) = _rows(pg_service, firm, CHEN)  # one row: the unique relation
    print(f"add vs apply: {dict(counts)} -> {state}")
    assert role == "tax_handler"
    if state == "pending":
        # The enterprise asked first: the person confirms; the rest were told it waits.
        assert counts == {
            "add: ok": 1,
            "add: RELATION_ALREADY_REQUESTED": HALF - 1,
            "apply: RELATION_ALREADY_REQUESTED": HALF,
        }
        assert _events(pg_service) == {"relation.added": 1}
    else:
        # The person asked first: the next addition approved it, both having said yes.
        assert state == "bound"
        assert counts["apply: ok"] == 1
        assert counts["add: ok"] == 1
        assert (
            counts["apply: RELATION_ALREADY_REQUESTED"] + counts["apply: RELATION_ALREADY_HELD"]
            == HALF - 1
        )
        # None saw it waiting for the person: only applied, then bound.
        assert counts["add: RELATION_ALREADY_HELD"] == HALF - 1
        assert _events(pg_service) == {
            "relation.applied": 1,
            "relation.member": 1,
            "relation.application_approved": 1,
        }
