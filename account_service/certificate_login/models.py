"""The enterprise's tax digital certificates on record and the state of a login by one
(R-EN-1, seed 002 11: 税务数字证书 — 金税盘, 税控盘 or 税务UKey).

A parallel of the agents' ``AgentCertificate`` / ``AgentChallenge`` rather than a widened
``agent_challenges``: the challenge here also carries the step after the signature (the
person's identifier), and an agent's rows keep their foreign keys exact.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime

CHALLENGE_CERTIFICATE_FK = "fk_enterprise_cert_challenges_certificate_id"


class EnterpriseCertificate(Base):
    """An enterprise's certificate as registered: the login trusts THIS public key, never
    the one inside a certificate a terminal sends. ``serial`` is lower-case hex."""

    __tablename__ = "enterprise_certificates"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    enterprise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enterprises.id"), index=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # SM2 point 04‖X‖Y (65 bytes)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[datetime] = mapped_column(UtcDateTime)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EnterpriseCertificateChallenge(Base):
    """A single-use nonce for one certificate, answerable only by the terminal that asked;
    once signed right, the same row admits the person's identifier (a few tries, then it
    is spent: the medium signs again)."""

    __tablename__ = "enterprise_cert_challenges"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    certificate_id: Mapped[uuid.UUID] = mapped_column(
        Uuid,
        # Named: the convention's name would pass PostgreSQL's 63 characters.
        ForeignKey("enterprise_certificates.id", name=CHALLENGE_CERTIFICATE_FK),
        index=True,
    )
    terminal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("terminals.id"))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the signature came
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # ... and was right
    identifier_tries: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # a login attempt made
