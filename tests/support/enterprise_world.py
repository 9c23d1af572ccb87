"""A test world of enterprises for the enterprise entry (issue 17): enterprises and relations
of the test's own, imported into the live service's database through the real registry
import (account_service/enterprises/registry_import.py, docs/enterprise-registry.md), and
the login steps of the enterprise entry over signed HTTP.

Every code here is new (not the demo world's), so a test sees only the relations it made:
``new_uscc`` makes a valid unified social credit code (GB 32100) that no other test uses.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select

from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from account_service.enterprises.registry_import import RegistryImportReport, import_registry
from account_service.trail.models import AuditEvent
from kiosk.domain.uscc import ALPHABET, uscc_check_char
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]  # 11010519491231002X, 13800000001, zhangsan01
LI = DEMO_PERSONS[1]  # still on the initial password (R-PW-3)
WANG = DEMO_PERSONS[2]  # 320106197603154413, 13800000003
CHEN = DEMO_PERSONS[4]  # H60123456 (港澳居民来往内地通行证), 13800000005

# A face template and one far from it (distance ~5.7, the threshold is well under 1).
FACE = [0.01 * i for i in range(128)]
OTHER_FACE = [0.01 * i + 0.5 for i in range(128)]

_serial = itertools.count(1)


def new_uscc() -> str:
    """A valid USCC (market regulation, enterprise, Beijing Haidian) unique in this run:
    the worker's pid and a counter make its organization code."""
    body = f"{os.getpid() % 10_000:04d}{next(_serial):04d}"
    first17 = f"91110108M{body}"
    assert all(c in ALPHABET for c in first17)
    return first17 + uscc_check_char(first17)


def new_taxpayer_id() -> str:
    """A 15-character taxpayer id (an older 个体工商户 without a USCC), unique in this run."""
    return f"110108L{os.getpid() % 10_000:04d}{next(_serial):04d}"


@dataclass(frozen=True, slots=True)
class Firm:
    """An enterprise of the test world: ``code`` is its USCC, or its taxpayer id without."""

    code: str
    name: str
    has_uscc: bool = True

    def row(self, status: str = "active") -> dict[str, Any]:
        return {
            "kind": "enterprise",
            "taxpayer_id": self.code,
            "uscc": self.code if self.has_uscc else None,
            "name": self.name,
            "enterprise_kind": "enterprise" if self.has_uscc else "individual_business",
            "tax_authority": "国家税务总局北京市海淀区税务局",
            "status": status,
        }


def new_firm(name: str = "北京测试科技有限公司", *, has_uscc: bool = True) -> Firm:
    code = new_uscc() if has_uscc else new_taxpayer_id()
    return Firm(code=code, name=name, has_uscc=has_uscc)


# Which source records a role (docs/enterprise-registry.md).
SOURCE = {
    "legal_representative": "registration_data",  # bound at once (R-RE-2)
    "finance_head": "tax_registration",  # pending (R-RE-3)
    "tax_handler": "core_system",  # pending (R-RE-6)
    "invoicer": "core_system",
    "tax_agent": "core_system",
}


def relation(
    firm: Firm,
    person: DemoPerson,
    role: str,
    *,
    source: str | None = None,
    status: str = "active",
) -> dict[str, Any]:
    return {
        "kind": "relation",
        "taxpayer_id": firm.code,
        "role": role,
        "document_type": person.document_type.value,
        "document_number": person.document_number,
        "name": person.name,
        "source": source or SOURCE[role],
        "status": status,
    }


def import_rows(service: EmbeddedService, *rows: dict[str, Any]) -> RegistryImportReport:
    """The rows as a data-exchange file, imported into the live service's database; every
    row must import."""
    lines = [json.dumps(row, ensure_ascii=False).encode() for row in rows]
    report = import_registry(lines, session_factory=service.session_factory, clock=ManualClock())
    assert report.refused == [], report.refused
    return report


def import_firm(
    service: EmbeddedService, firm: Firm, *relations: tuple[DemoPerson, str]
) -> RegistryImportReport:
    """The enterprise and its relations (person, role) in one file."""
    return import_rows(service, firm.row(), *(relation(firm, p, r) for p, r in relations))


def give_face(service: EmbeddedService, person: DemoPerson, template: list[float]) -> None:
    """The identity authority's reference for the person (as ``authority add --photo``)."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=person.name,
            document_type=person.document_type,
            document_number=person.document_number,
            face_template=template,
            now=datetime.now().astimezone(),
        )


def audit_count(service: EmbeddedService, event: str) -> int:
    with service.session_factory() as session:
        return (
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.event == event)
            )
            or 0
        )


def audit_details(service: EmbeddedService, event: str) -> list[dict[str, Any]]:
    with service.session_factory() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.event == event).order_by(AuditEvent.at)
        ).all()
        return [json.loads(row.detail) if row.detail else {} for row in rows]


# -- answers ------------------------------------------------------------------------------


def error(response: httpx.Response, code: ErrorCode) -> dict[str, Any]:
    """The catalog's answer for ``code``: its status, code and rule."""
    message = message_for(code)
    assert response.status_code == message.http_status, response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == code.value, body
    assert body["rule"] == message.rule, body
    return body


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- the enterprise entry over signed HTTP --------------------------------------------------


def start(client: SignedClient, identifier: str, password: str, code: str | None) -> httpx.Response:
    body: dict[str, Any] = {"identifier": identifier, "password": password}
    if code is not None:
        body["enterprise_code"] = code
    return client.post("/v1/auth/login", body)


def sms_login(
    client: SignedClient,
    person: DemoPerson,
    code: str | None,
    *,
    identifier: str | None = None,
) -> dict[str, Any]:
    """Password (+ enterprise code) → SMS → verify; the LoggedIn answer."""
    attempt = ok(start(client, identifier or person.document_number, person.password, code))
    ok(client.send_sms(attempt["attempt_id"]))
    assert person.phone is not None
    answer = ok(client.verify(attempt["attempt_id"], client.outbox_code(person.phone)))
    assert answer["status"] == "logged_in", answer
    return answer


def face_login(
    client: SignedClient, person: DemoPerson, code: str | None, template: list[float] = FACE
) -> dict[str, Any]:
    """Password (+ enterprise code) → the kiosk camera; the LoggedIn answer (the person's
    reference must be there: ``give_face``)."""
    attempt = ok(start(client, person.document_number, person.password, code))
    assert "face" in attempt["second_factors"], attempt
    answer = ok(client.post(f"/v1/auth/login/{attempt['attempt_id']}/face", {"template": template}))
    assert answer["status"] == "logged_in", answer
    return answer


def acting_now(client: SignedClient, token: str) -> dict[str, Any]:
    acting: dict[str, Any] = ok(client.get("/v1/session", bearer=token))["acting"]
    return acting


def switch(
    client: SignedClient, token: str, code: str | None = None, role: str | None = None
) -> httpx.Response:
    return client.post("/v1/session/switch", {"enterprise_code": code, "role": role}, bearer=token)


def confirm(
    client: SignedClient, token: str, role: str, template: list[float] | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"role": role}
    if template is not None:
        body["template"] = template
    return client.post("/v1/session/pending/confirm", body, bearer=token)


def refuse(client: SignedClient, token: str, role: str) -> httpx.Response:
    return client.post("/v1/session/pending/refuse", {"role": role}, bearer=token)


def codes(entries: Iterable[dict[str, Any]]) -> list[str]:
    return [entry["enterprise"]["code"] for entry in entries]
