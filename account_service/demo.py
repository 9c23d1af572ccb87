"""Demo people and one enterprise, for the embedded demo and for testers.

Passwords are plain text here on purpose (demo only; they are documented for testers).
``load_demo_data`` is idempotent: a person or enterprise already present is left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from account_service.agents.certificates import ParsedCertificate, serial_hex
from account_service.agents.models import Agency, AgentStatus
from account_service.agents.service import (
    add_agent,
    add_agreement,
    create_agency,
    register_certificate,
)
from account_service.authority.demo import load_demo_residents
from account_service.certificate_login.models import EnterpriseCertificate
from account_service.certificate_login.service import (
    register_certificate as register_enterprise_certificate,
)
from account_service.clock import Clock, SystemClock
from account_service.enterprises.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseRelation,
    RelationOrigin,
    RelationRole,
    RelationStatus,
)
from account_service.enterprises.registry_import import RelationSource, import_registry
from account_service.persons.models import Person
from account_service.persons.service import create_person
from account_service.staff.service import create_staff, find_staff
from kiosk.demo.demo_keys import (
    DEMO_AGENT_CERTIFICATES,
    DEMO_ENTERPRISE_CERTIFICATES,
    demo_agent_public_point,
    demo_enterprise_public_point,
)
from kiosk.domain.documents import DocumentType


@dataclass(frozen=True, slots=True)
class DemoPerson:
    name: str
    document_type: DocumentType
    document_number: str
    password: str  # for an initial-password person: the last 6 characters (R-PW-3)
    phone: str | None
    username: str | None
    level: int
    initial_password: bool
    note: str


@dataclass(frozen=True, slots=True)
class DemoStaff:
    staff_no: str
    name: str
    password: str
    hall: str
    note: str


@dataclass(frozen=True, slots=True)
class DemoEnterprise:
    name: str
    uscc: str | None
    legal_representative_document: str
    taxpayer_id: str = ""  # default: the USCC
    kind: EnterpriseKind = EnterpriseKind.ENTERPRISE
    tax_authority: str = "国家税务总局北京市海淀区税务局"

    @property
    def code(self) -> str:
        return self.taxpayer_id or self.uscc or ""


@dataclass(frozen=True, slots=True)
class DemoRelation:
    """One person's role in a demo enterprise. ``origin``: what the registry import brings
    (registration data, tax registration, the core system: R-RE-2/3/6), or a relation made
    at the hall or in the account center, bound (R-RE-5, R-HA-2)."""

    enterprise: DemoEnterprise
    role: RelationRole
    document_number: str
    origin: RelationOrigin
    note: str


# The passwords are demo-only and published for testers (hence the S106 waivers).
DEMO_PERSONS: tuple[DemoPerson, ...] = (
    DemoPerson(
        name="张三",
        document_type=DocumentType.RESIDENT_ID,
        document_number="11010519491231002X",
        password="Zhang@2024",  # noqa: S106
        phone="13800000001",
        username="zhangsan01",
        level=4,
        initial_password=False,
        note="normal login by ID, phone or username; legal representative of the demo enterprise",
    ),
    DemoPerson(
        name="李四",
        document_type=DocumentType.RESIDENT_ID,
        document_number="110101199003076528",
        password="076528",  # noqa: S106
        phone="13800000002",
        username=None,
        level=4,
        initial_password=True,
        note="R-PW-3: still on the initial password (last 6 of the ID); must change it",
    ),
    DemoPerson(
        name="王五",
        document_type=DocumentType.RESIDENT_ID,
        document_number="320106197603154413",
        password="Wang#2024x",  # noqa: S106
        phone="13800000003",
        username=None,
        level=3,
        initial_password=False,
        note="R-RN-2: real-name level 3 (legacy, no face check yet)",
    ),
    DemoPerson(
        name="赵六",
        document_type=DocumentType.RESIDENT_ID,
        document_number="440305199211203352",
        password="Zhao_2024y",  # noqa: S106
        phone=None,
        username=None,
        level=4,
        initial_password=False,
        note="R-PH-4: no phone; the SMS step answers PHONE_EMPTY",
    ),
    DemoPerson(
        name="陈小明",
        document_type=DocumentType.HK_MACAO_TRAVEL_PERMIT,
        document_number="H60123456",
        password="Chen.2024z",  # noqa: S106
        phone="13800000005",
        username=None,
        level=4,
        initial_password=False,
        note="R-ID-2: logs in with a 港澳居民来往内地通行证 number",
    ),
)

# Hall staff for real-name collection (R-HA-1); the password is demo-only.
DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff(
        staff_no="S0001",
        name="王芳",
        password="Staff@2024",  # noqa: S106
        hall="示例办税服务厅",
        note="hall staff: staff mode, real-name collection; online once, then offline too",
    ),
)

# GB 32100 check character verified by kiosk.domain.uscc (test_demo checks it).
DEMO_ENTERPRISE = DemoEnterprise(
    name="北京示例科技有限公司",
    uscc="91110108MA01C3LX6H",
    legal_representative_document="11010519491231002X",
)


@dataclass(frozen=True, slots=True)
class DemoAgency:
    name: str
    uscc: str
    # Agent persons (document numbers) and, per agent, the client USCCs whose agreements
    # name them (R-AG-1). An agent listed under ``revoked`` is on record but revoked.
    agents: tuple[tuple[str, tuple[str, ...]], ...]
    revoked: tuple[str, ...]


# A second client of the demo agency (GB 32100 check character verified by test_demo).
DEMO_CLIENT_ENTERPRISE = DemoEnterprise(
    name="上海示例贸易有限公司",
    uscc="91310115MA1H8K3Q0Y",
    legal_representative_document="11010519491231002X",
    tax_authority="国家税务总局上海市浦东新区税务局",
)

# A 个体工商户 known by its taxpayer id only (no USCC): the enterprise code may be either.
DEMO_INDIVIDUAL_BUSINESS = DemoEnterprise(
    name="北京市海淀区王记便利店",
    uscc=None,
    taxpayer_id="110108600123456",
    legal_representative_document="320106197603154413",
    kind=EnterpriseKind.INDIVIDUAL_BUSINESS,
)
DEMO_ENTERPRISES = (DEMO_ENTERPRISE, DEMO_CLIENT_ENTERPRISE, DEMO_INDIVIDUAL_BUSINESS)

_ZHANG, _WANG, _CHEN = "11010519491231002X", "320106197603154413", "H60123456"
# The small world testers explore through 企业业务 (docs/demo-data.md).
DEMO_RELATIONS: tuple[DemoRelation, ...] = (
    DemoRelation(
        DEMO_ENTERPRISE,
        RelationRole.LEGAL_REPRESENTATIVE,
        _ZHANG,
        RelationOrigin.REGISTRATION_DATA,
        "张三: legal representative (R-RE-2) and tax handler here: he picks a role",
    ),
    DemoRelation(
        DEMO_ENTERPRISE,
        RelationRole.TAX_HANDLER,
        _ZHANG,
        RelationOrigin.HALL,
        "张三's second role in the same enterprise (R-RE-1)",
    ),
    DemoRelation(
        DEMO_ENTERPRISE,
        RelationRole.FINANCE_HEAD,
        _WANG,
        RelationOrigin.TAX_REGISTRATION,
        "王五: pending finance head; confirms at login by face, no refuse (R-RE-3)",
    ),
    DemoRelation(
        DEMO_ENTERPRISE,
        RelationRole.TAX_HANDLER,
        _CHEN,
        RelationOrigin.CORE_SYSTEM,
        "陈小明: handler registered in the core system, pending (R-RE-6); may refuse",
    ),
    DemoRelation(
        DEMO_CLIENT_ENTERPRISE,
        RelationRole.LEGAL_REPRESENTATIVE,
        _ZHANG,
        RelationOrigin.REGISTRATION_DATA,
        "张三 is legal representative of two enterprises: switching between them (R-SW-1)",
    ),
    DemoRelation(
        DEMO_CLIENT_ENTERPRISE,
        RelationRole.TAX_AGENT,
        _WANG,
        RelationOrigin.ACCOUNT_CENTER,
        "王五 as the agency's agent through 企业业务: no switch to other clients (R-AG-3)",
    ),
    DemoRelation(
        DEMO_INDIVIDUAL_BUSINESS,
        RelationRole.LEGAL_REPRESENTATIVE,
        _WANG,
        RelationOrigin.REGISTRATION_DATA,
        "王五 runs a 个体工商户 known by its taxpayer id only",
    ),
)

# R-AG-1/R-AG-2: 王五 logs in with the demo agent certificate (kiosk.demo.demo_keys) and
# chooses one of two clients; 陈小明's agent registration is revoked (refused).
DEMO_AGENCY = DemoAgency(
    name="北京示例税务师事务所",
    uscc="91110105MA01D7TX2G",
    agents=(
        ("320106197603154413", (DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code)),
        ("H60123456", (DEMO_ENTERPRISE.code,)),
    ),
    revoked=("H60123456",),
)
DEMO_CERTIFICATE_VALIDITY = timedelta(days=3650)


def load_demo_data(
    session_factory: sessionmaker[Session],
    *,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
) -> int:
    """Add the demo people, enterprise and staff that are missing; returns how many rows
    of people and enterprises were added (0 the second time). Demo staff and the demo
    agency (with its second client enterprise) are added too but not counted
    (``load_demo_staff`` / ``load_demo_agency`` say what they added)."""
    hasher = hasher or PasswordHasher()
    clock = clock or SystemClock()
    added = 0
    with session_factory.begin() as session:
        for demo in DEMO_PERSONS:
            exists = session.scalars(
                select(Person.id).where(Person.document_number == demo.document_number)
            ).first()
            if exists is not None:
                continue
            create_person(
                session=session,
                hasher=hasher,
                clock=clock,
                name=demo.name,
                document_type=demo.document_type.value,
                document_number=demo.document_number,
                password=None if demo.initial_password else demo.password,
                phones=(demo.phone,) if demo.phone else (),
                username=demo.username,
                real_name_level=demo.level,
            )
            added += 1
    added += load_demo_world(session_factory, clock=clock)
    load_demo_agency(session_factory, clock=clock)
    load_demo_enterprise_certificates(session_factory, clock=clock)
    load_demo_staff(session_factory, hasher=hasher, clock=clock)
    load_demo_residents(session_factory, clock=clock)
    return added


def _exchange_rows() -> list[bytes]:
    """The demo enterprises and their imported relations as a data-exchange file
    (docs/enterprise-registry.md): the demo world comes in the way a province's does."""
    rows: list[dict[str, object]] = [
        {
            "kind": "enterprise",
            "taxpayer_id": demo.code,
            "uscc": demo.uscc,
            "name": demo.name,
            "enterprise_kind": demo.kind.value,
            "tax_authority": demo.tax_authority,
            "status": "active",
        }
        for demo in DEMO_ENTERPRISES
    ]
    names = {p.document_number: p for p in DEMO_PERSONS}
    rows += [
        {
            "kind": "relation",
            "taxpayer_id": r.enterprise.code,
            "role": r.role.value,
            "document_type": names[r.document_number].document_type.value,
            "document_number": r.document_number,
            "name": names[r.document_number].name,
            "source": r.origin.value,
        }
        for r in DEMO_RELATIONS
        if r.origin.value in {s.value for s in RelationSource}
    ]
    return [json.dumps(row, ensure_ascii=False).encode("utf-8") for row in rows]


def load_demo_world(session_factory: sessionmaker[Session], *, clock: Clock) -> int:
    """The demo enterprises and relations: imported through the registry (idempotent), and
    the hall and account-center relations bound; returns how many enterprises were added
    (0 when the world is there)."""
    with session_factory() as session:
        present = session.scalars(
            select(Enterprise.taxpayer_id).where(
                Enterprise.taxpayer_id.in_([d.code for d in DEMO_ENTERPRISES])
            )
        ).all()
    if len(present) == len(DEMO_ENTERPRISES):
        return 0
    report = import_registry(
        _exchange_rows(), session_factory=session_factory, clock=clock, source_name="demo"
    )
    if report.refused:  # pragma: no cover - the demo rows are checked by test_demo
        raise RuntimeError(f"demo registry rows refused: {report.refused}")
    now = clock.now()
    with session_factory.begin() as session:
        persons = {p.document_number: p for p in DEMO_PERSONS}
        for relation in DEMO_RELATIONS:
            if relation.origin.value in {s.value for s in RelationSource}:
                continue
            enterprise = _enterprise(session, relation.enterprise)
            person = persons[relation.document_number]
            exists = session.scalars(
                select(EnterpriseRelation.id).where(
                    EnterpriseRelation.enterprise_id == enterprise.id,
                    EnterpriseRelation.document_number == person.document_number,
                    EnterpriseRelation.role == relation.role.value,
                )
            ).first()
            if exists is None:
                session.add(
                    EnterpriseRelation(
                        enterprise_id=enterprise.id,
                        document_type=person.document_type.value,
                        document_number=person.document_number,
                        role=relation.role.value,
                        origin=relation.origin.value,
                        status=RelationStatus.BOUND.value,
                        created_at=now,
                        updated_at=now,
                        requested_at=now,
                        bound_at=now,
                    )
                )
    return len(DEMO_ENTERPRISES) - len(present)


def _enterprise(session: Session, demo: DemoEnterprise) -> Enterprise:
    return session.scalars(select(Enterprise).where(Enterprise.taxpayer_id == demo.code)).one()


def load_demo_agency(session_factory: sessionmaker[Session], *, clock: Clock) -> int:
    """The demo agency, its agents with their demo certificates on record and the client
    agreements; 1 when added, 0 when the agency already exists (needs the demo persons)."""
    with session_factory.begin() as session:
        if session.scalars(select(Agency.id).where(Agency.uscc == DEMO_AGENCY.uscc)).first():
            return 0
        now = clock.now()
        agency = create_agency(
            session=session, clock=clock, name=DEMO_AGENCY.name, uscc=DEMO_AGENCY.uscc
        )
        clients = {
            demo.code: _enterprise(session, demo)
            for demo in (DEMO_ENTERPRISE, DEMO_CLIENT_ENTERPRISE)
        }
        certificates = {c.holder_document_number: c for c in DEMO_AGENT_CERTIFICATES}
        for document_number, client_usccs in DEMO_AGENCY.agents:
            person = session.scalars(
                select(Person).where(Person.document_number == document_number)
            ).one()
            agent = add_agent(session=session, clock=clock, agency=agency, person=person)
            demo_certificate = certificates[document_number]
            register_certificate(
                session=session,
                clock=clock,
                agent=agent,
                certificate=ParsedCertificate(
                    serial=serial_hex(demo_certificate.serial),
                    subject=f"CN={demo_certificate.holder_name}",
                    issuer="CN=示例税务数字证书 CA (demo)",
                    public_key=demo_agent_public_point(demo_certificate.serial),
                    # The emulator card makes its certificate at run time; the record
                    # spans any such certificate's validity.
                    not_before=now - timedelta(days=1),
                    not_after=now + DEMO_CERTIFICATE_VALIDITY,
                ),
            )
            for uscc in client_usccs:
                add_agreement(session=session, clock=clock, agent=agent, client=clients[uscc])
            if document_number in DEMO_AGENCY.revoked:
                agent.status = AgentStatus.REVOKED.value
                agent.revoked_at = now
        return 1


def load_demo_staff(
    session_factory: sessionmaker[Session],
    *,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
) -> int:
    """Add the demo staff members that are missing; returns how many were added."""
    hasher = hasher or PasswordHasher()
    clock = clock or SystemClock()
    added = 0
    with session_factory.begin() as session:
        for demo in DEMO_STAFF:
            if find_staff(session=session, staff_no=demo.staff_no) is not None:
                continue
            create_staff(
                session=session,
                hasher=hasher,
                clock=clock,
                staff_no=demo.staff_no,
                name=demo.name,
                password=demo.password,
                hall=demo.hall,
            )
            added += 1
    return added


def load_demo_enterprise_certificates(
    session_factory: sessionmaker[Session], *, clock: Clock
) -> int:
    """The demo enterprise's Tax UKey certificate on record (企业业务 by certificate,
    R-EN-1), keyed like ``kiosk.demo.enterprise_card``; returns how many were added (0 the
    second time; needs the demo world)."""
    added = 0
    with session_factory.begin() as session:
        now = clock.now()
        for demo in DEMO_ENTERPRISE_CERTIFICATES:
            serial = serial_hex(demo.serial)
            if session.scalars(
                select(EnterpriseCertificate.id).where(EnterpriseCertificate.serial == serial)
            ).first():
                continue
            enterprise = session.scalars(
                select(Enterprise).where(Enterprise.taxpayer_id == demo.enterprise_code)
            ).one()
            register_enterprise_certificate(
                session=session,
                clock=clock,
                enterprise=enterprise,
                certificate=ParsedCertificate(
                    serial=serial,
                    subject=f"CN={demo.enterprise_name}",
                    issuer="CN=示例税务数字证书 CA (demo)",
                    public_key=demo_enterprise_public_point(demo.serial),
                    # The emulator card makes its certificate at run time; the record
                    # spans any such certificate's validity.
                    not_before=now - timedelta(days=1),
                    not_after=now + DEMO_CERTIFICATE_VALIDITY,
                ),
            )
            added += 1
    return added
