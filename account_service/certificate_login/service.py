"""企业业务 by the enterprise's tax digital certificate (R-EN-1, seed 002 11), and the
certificates on record behind it.

One route per step: certificate → single-use nonce (bound to the terminal) → the medium's
SM2 signature over SM3(Z‖nonce), checked with the key ON RECORD for the enterprise (the
certificate password was checked by the medium itself, R-AC-3) → the person types their own
identifier → a person login attempt for that enterprise (``auth.models.LoginAttempt`` with
``enterprise_id``), answered like a right password: from there the login's own second
factor routes (R-2F-1, R-2F-2) and the enterprise entry's steps after it (R-RE-1..6).

The medium and its password stand for the first factor: what the enterprise holds. The
person still proves themselves by the second factor, on their own phone or face, so a
medium passed around a hall is never enough alone.

Like the other services, each function runs in the caller's transaction and raises
``UserError`` for a rule's "no"; a spent challenge or a counted try is committed with it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.agents.certificates import (
    CertificateFormatError,
    ParsedCertificate,
    parse_certificate,
)
from account_service.auth.lockout import refuse_if_locked
from account_service.auth.lookup import NOBODY, refuse_unknown_lookup
from account_service.auth.service import first_factor_passed
from account_service.certificate_login.models import (
    EnterpriseCertificate,
    EnterpriseCertificateChallenge,
)
from account_service.clock import Clock
from account_service.context import ServiceContext
from account_service.enterprises import relations
from account_service.enterprises.models import Enterprise, EnterpriseStatus
from account_service.persons.service import identify, lock_person
from kiosk.domain import sm2
from kiosk.domain.sms_window import seconds_up
from kiosk.protocol.auth import PasswordAccepted
from kiosk.protocol.enterprise_certificates import (
    CertificateChallenge,
    EnterpriseCertificateAccepted,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

logger = logging.getLogger(__name__)

CHALLENGE_TTL = timedelta(seconds=120)
# After a right signature: time to type an identifier, and how many identifiers may be
# tried before the medium must sign again (a typo is forgiven; a search through a hall's
# people is not).
IDENTIFIER_TTL = timedelta(seconds=300)
IDENTIFIER_TRIES = 5
NONCE_BYTES = 32


# -- records (CLI, demo data, tests) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertificateListing:
    serial: str
    enterprise_code: str
    enterprise_name: str
    not_after: datetime
    revoked: bool


def register_certificate(
    *, session: Session, clock: Clock, enterprise: Enterprise, certificate: ParsedCertificate
) -> EnterpriseCertificate:
    """Record the certificate whose public key the enterprise's certificate logins are
    checked against. A serial already on record raises ``IntegrityError`` at flush."""
    row = EnterpriseCertificate(
        id=uuid.uuid4(),
        enterprise_id=enterprise.id,
        serial=certificate.serial,
        subject=certificate.subject,
        issuer=certificate.issuer,
        public_key=certificate.public_key,
        not_before=certificate.not_before,
        not_after=certificate.not_after,
        registered_at=clock.now(),
        revoked_at=None,
    )
    session.add(row)
    session.flush()
    return row


def find_certificate(*, session: Session, serial: str) -> EnterpriseCertificate | None:
    """By serial: lower-case hex, with or without ``0x``."""
    wanted = serial.strip().lower().removeprefix("0x").lstrip("0") or "0"
    return session.scalars(
        select(EnterpriseCertificate).where(EnterpriseCertificate.serial == wanted)
    ).one_or_none()


def revoke_certificate(
    *, session: Session, clock: Clock, certificate: EnterpriseCertificate
) -> None:
    """No more logins by it; challenges already signed are refused at the next step."""
    if certificate.revoked_at is None:
        certificate.revoked_at = clock.now()


def list_certificates(*, session: Session) -> list[CertificateListing]:
    rows = session.execute(
        select(EnterpriseCertificate, Enterprise)
        .join(Enterprise, Enterprise.id == EnterpriseCertificate.enterprise_id)
        .order_by(Enterprise.taxpayer_id, EnterpriseCertificate.registered_at)
    ).all()
    return [
        CertificateListing(
            serial=certificate.serial,
            enterprise_code=enterprise.code,
            enterprise_name=enterprise.name,
            not_after=certificate.not_after,
            revoked=certificate.revoked_at is not None,
        )
        for certificate, enterprise in rows
    ]


# -- login ------------------------------------------------------------------------------


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise UserError(
            ErrorCode.VALIDATION_ERROR,
            {"reason": f"{what} 不是有效的 base64"},
            details_en={"reason": f"{what} is not valid base64"},
        ) from None


def _refuse_unusable(
    session: Session,
    certificate: EnterpriseCertificate,
    now: datetime,
    presented: ParsedCertificate | None = None,
) -> Enterprise:
    """The refusals every step repeats (a revocation may come between two steps); the
    enterprise the certificate stands for."""
    enterprise = session.get(Enterprise, certificate.enterprise_id)
    assert enterprise is not None
    # A deregistered enterprise's certificate stands for no one any more.
    if certificate.revoked_at is not None or enterprise.status != EnterpriseStatus.ACTIVE.value:
        raise UserError(ErrorCode.ENTERPRISE_CERT_REVOKED)
    windows = [(certificate.not_before, certificate.not_after)]
    if presented is not None:
        windows.append((presented.not_before, presented.not_after))
    for not_before, not_after in windows:
        if not not_before <= now <= not_after:
            day = not_after.date().isoformat()
            raise UserError(ErrorCode.ENTERPRISE_CERT_EXPIRED, {"not_after": day})
    return enterprise


def start_challenge(
    *, session: Session, context: ServiceContext, terminal_id: uuid.UUID, certificate_b64: str
) -> CertificateChallenge:
    """Step 1: the certificate read from the medium → a nonce for the medium to sign."""
    try:
        presented = parse_certificate(_b64(certificate_b64, "certificate"))
    except CertificateFormatError:
        raise UserError(ErrorCode.ENTERPRISE_CERT_UNKNOWN) from None
    record = session.scalars(
        select(EnterpriseCertificate).where(EnterpriseCertificate.serial == presented.serial)
    ).one_or_none()
    # Same serial, other key: not the certificate on record (forged, or re-issued).
    if record is None or not hmac.compare_digest(record.public_key, presented.public_key):
        raise UserError(ErrorCode.ENTERPRISE_CERT_UNKNOWN)
    now = context.clock.now()
    _refuse_unusable(session, record, now, presented)
    challenge = EnterpriseCertificateChallenge(
        id=uuid.uuid4(),
        certificate_id=record.id,
        terminal_id=terminal_id,
        nonce=secrets.token_bytes(NONCE_BYTES),
        created_at=now,
        expires_at=now + CHALLENGE_TTL,
        used_at=None,
        signed_at=None,
        identifier_tries=0,
        finished_at=None,
    )
    session.add(challenge)
    return CertificateChallenge(
        challenge_id=str(challenge.id),
        nonce=challenge.nonce,
        expires_in_s=seconds_up(CHALLENGE_TTL),
        certificate_serial=record.serial,
    )


def _challenge(
    session: Session, challenge_id: str, terminal_id: uuid.UUID
) -> EnterpriseCertificateChallenge:
    """The terminal's own challenge, row-locked; another terminal's is unknown to it
    (never a signing oracle across terminals)."""
    try:
        key = uuid.UUID(challenge_id)
    except ValueError:
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED) from None
    challenge = session.get(EnterpriseCertificateChallenge, key, with_for_update=True)
    if challenge is None or challenge.terminal_id != terminal_id:
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED)
    return challenge


def answer_challenge(
    *,
    session: Session,
    context: ServiceContext,
    terminal_id: uuid.UUID,
    challenge_id: str,
    signature_b64: str,
) -> EnterpriseCertificateAccepted:
    """Step 2: the medium's signature. A challenge is spent by its first answer, right or
    wrong, so a captured nonce/signature pair never plays again."""
    challenge = _challenge(session, challenge_id, terminal_id)
    now = context.clock.now()
    if challenge.used_at is not None:
        raise UserError(ErrorCode.AGENT_CHALLENGE_USED)
    challenge.used_at = now
    if now >= challenge.expires_at:
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED)
    signature = _b64(signature_b64, "signature")
    certificate = session.get(EnterpriseCertificate, challenge.certificate_id)
    assert certificate is not None
    enterprise = _refuse_unusable(session, certificate, now)
    if not sm2.verify(certificate.public_key, challenge.nonce, signature):
        raise UserError(ErrorCode.ENTERPRISE_CERT_SIGNATURE_INVALID)
    challenge.signed_at = now
    logger.info("enterprise certificate %s signed for %s", certificate.serial, enterprise.code)
    return EnterpriseCertificateAccepted(
        login_id=str(challenge.id),
        enterprise=relations.info(enterprise),
        certificate_serial=certificate.serial,
        expires_in_s=seconds_up(IDENTIFIER_TTL),
        tries_left=IDENTIFIER_TRIES,
    )


def submit_identifier(
    *,
    session: Session,
    context: ServiceContext,
    terminal_id: uuid.UUID,
    login_id: str,
    identifier: str,
) -> PasswordAccepted:
    """Step 3: the person's identifier → a person login attempt for the enterprise.

    The person must hold a bound or pending relation there (R-RE-8; pending ones are
    confirmed right after the login, R-RE-3); a locked account is refused (R-LK-1), a
    deregistered person is not registered (R-AC-1). The SMS goes where R-2F-2 says: the
    typed phone, else the default phone."""
    challenge = _challenge(session, login_id, terminal_id)
    now = context.clock.now()
    if (
        challenge.signed_at is None
        or challenge.finished_at is not None
        or challenge.identifier_tries >= IDENTIFIER_TRIES
        or now >= challenge.signed_at + IDENTIFIER_TTL
    ):
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED)
    certificate = session.get(EnterpriseCertificate, challenge.certificate_id)
    assert certificate is not None
    enterprise = _refuse_unusable(session, certificate, now)
    try:
        found, login_phone = identify(session, identifier, now=now)
    except UserError as error:
        if error.code in NOBODY:
            challenge.identifier_tries += 1
            # The same budget as a password login's look-ups of nobody.
            refuse_unknown_lookup(session, context, now=now, terminal_id=terminal_id)
        raise
    person = lock_person(session=session, person_id=found.id)
    refuse_if_locked(person, now)
    try:
        relations.entry_enterprise(session, person, enterprise.code)
    except UserError:
        challenge.identifier_tries += 1
        raise
    challenge.finished_at = now
    return first_factor_passed(
        session, context, person, login_phone=login_phone, enterprise=enterprise, now=now
    )
