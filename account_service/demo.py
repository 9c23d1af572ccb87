"""Demo people and one enterprise, for the embedded demo and for testers.

Passwords are plain text here on purpose (demo only; they are documented for testers).
``load_demo_data`` is idempotent: a person or enterprise already present is left alone.
"""

from __future__ import annotations

import uuid
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
from account_service.clock import Clock, SystemClock
from account_service.enterprises.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseRelation,
    EnterpriseStatus,
    RelationOrigin,
    RelationRole,
    RelationStatus,
)
from account_service.persons.models import Person
from account_service.persons.service import create_person
from account_service.staff.service import create_staff, find_staff
from kiosk.demo.demo_keys import DEMO_AGENT_CERTIFICATES, demo_agent_public_point
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
    uscc: str
    legal_representative_document: str


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
)

# R-AG-1/R-AG-2: 王五 logs in with the demo agent certificate (kiosk.demo.demo_keys) and
# chooses one of two clients; 陈小明's agent registration is revoked (refused).
DEMO_AGENCY = DemoAgency(
    name="北京示例税务师事务所",
    uscc="91110105MA01D7TX2G",
    agents=(
        ("320106197603154413", (DEMO_ENTERPRISE.uscc, DEMO_CLIENT_ENTERPRISE.uscc)),
        ("H60123456", (DEMO_ENTERPRISE.uscc,)),
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
        if (
            session.scalars(
                select(Enterprise.id).where(Enterprise.uscc == DEMO_ENTERPRISE.uscc)
            ).first()
            is None
        ):
            enterprise = _enterprise(session, DEMO_ENTERPRISE, clock=clock)
            legal = session.scalars(
                select(Person).where(
                    Person.document_number == DEMO_ENTERPRISE.legal_representative_document
                )
            ).one()
            now = clock.now()
            session.add(
                EnterpriseRelation(
                    enterprise_id=enterprise.id,
                    document_type=legal.document_type,
                    document_number=legal.document_number,
                    role=RelationRole.LEGAL_REPRESENTATIVE.value,
                    origin=RelationOrigin.REGISTRATION_DATA.value,
                    status=RelationStatus.BOUND.value,  # R-RE-2: bound at once
                    created_at=now,
                    updated_at=now,
                )
            )
            added += 1
    load_demo_agency(session_factory, clock=clock)
    load_demo_staff(session_factory, hasher=hasher, clock=clock)
    load_demo_residents(session_factory, clock=clock)
    return added


def _enterprise(session: Session, demo: DemoEnterprise, *, clock: Clock) -> Enterprise:
    found = session.scalars(select(Enterprise).where(Enterprise.uscc == demo.uscc)).first()
    if found is not None:
        return found
    now = clock.now()
    enterprise = Enterprise(
        id=uuid.uuid4(),
        name=demo.name,
        taxpayer_id=demo.uscc,  # an enterprise with a USCC: the same (R-ID-5)
        uscc=demo.uscc,
        kind=EnterpriseKind.ENTERPRISE.value,
        tax_authority=None,
        status=EnterpriseStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
    )
    session.add(enterprise)
    session.flush()
    return enterprise


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
            demo.uscc: _enterprise(session, demo, clock=clock)
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
