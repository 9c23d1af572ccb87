"""Agencies, agent persons, their certificates on record, client agreements (R-AG-1), and
the state of an agent certificate login (R-AG-2): challenges, attempts, agent sessions.

One agreement row names one agent for one client of one agency (the 涉税专业服务协议要素信息
采集表 lists the agents serving each client); an agreement naming two agents is two rows.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class AgentStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"  # R-AG-4: ended by the agency


class AgentAttemptStatus(StrEnum):
    OPEN = "open"  # signature checked; the SMS code is next
    VOIDED = "voided"  # R-2F-3: a newer certificate login of the same agent began
    VERIFIED = "verified"  # SMS code right; the client enterprise is next
    FINISHED = "finished"


class Agency(Base):
    """A 涉税专业服务机构 (tax agency), identified by its USCC."""

    __tablename__ = "agencies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Agent(Base):
    """A person listed on the agency's 涉税专业服务机构（人员）基本信息采集表."""

    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("agency_id", "person_id", name="uq_agents_agency_person"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agencies.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("persons.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # an AgentStatus value
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgentCertificate(Base):
    """An agent's certificate as registered: the login trusts THIS public key, never the
    one inside a certificate a terminal sends. ``serial`` is lower-case hex."""

    __tablename__ = "agent_certificates"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agents.id"), index=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # SM2 point 04‖X‖Y (65 bytes)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[datetime] = mapped_column(UtcDateTime)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgencyAgreement(Base):
    """R-AG-1: the agency serves ``client_enterprise_id`` and names ``agent_id`` for it."""

    __tablename__ = "agency_agreements"
    __table_args__ = (
        UniqueConstraint(
            "agency_id", "client_enterprise_id", "agent_id", name="uq_agency_agreements_triple"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agencies.id"))
    client_enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"))
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agents.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # an AgreementStatus value
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgentChallenge(Base):
    """A single-use nonce for one certificate, answerable only by the terminal that asked."""

    __tablename__ = "agent_challenges"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    certificate_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("agent_certificates.id"), index=True
    )
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgentLoginAttempt(Base):
    """After the signature: the SMS second factor, then the choice of client (R-AG-2)."""

    __tablename__ = "agent_login_attempts"
    __table_args__ = (Index("ix_agent_login_attempts_agent_status", "agent_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agents.id"))
    certificate_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agent_certificates.id"))
    status: Mapped[str] = mapped_column(String(10))  # an AgentAttemptStatus value
    sms_phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AgentSession(Base):
    """What makes an ``auth_sessions`` row an agent session: for whom it acts (R-AG-2)."""

    __tablename__ = "agent_sessions"

    session_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("auth_sessions.id"), primary_key=True
    )
    agent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agents.id"), index=True)
    certificate_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agent_certificates.id"))
    client_enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"))
