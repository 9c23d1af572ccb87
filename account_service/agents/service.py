"""Agent certificate login (R-AG-2) and the records behind it (R-AG-1).

The flow, one route per step: certificate → single-use nonce → the token's SM2 signature
over SM3(Z‖nonce), checked with the key ON RECORD → SMS code (the person login's code
machinery, R-SMS-1 window and R-LK-1 counters) → client enterprise from the agency's
agreements naming this agent → an ``auth_sessions`` session tagged by ``agent_sessions``.

Like ``account_service.auth.service``, each function runs in the caller's transaction and
raises ``UserError`` for a rule's "no"; what was changed before (a used challenge, a counted
failure) is committed with the answer.
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

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from account_service.agents.certificates import (
    CertificateFormatError,
    ParsedCertificate,
    parse_certificate,
)
from account_service.agents.models import (
    Agency,
    AgencyAgreement,
    Agent,
    AgentAttemptStatus,
    AgentCertificate,
    AgentChallenge,
    AgentLoginAttempt,
    AgentSession,
    AgentStatus,
    AgreementStatus,
)
from account_service.api import Bearer
from account_service.auth.lockout import (
    before_verifying,
    record_failure,
    record_success,
    refuse_if_locked,
)
from account_service.auth.models import AuthSession
from account_service.auth.sessions import live_session
from account_service.clock import Clock
from account_service.context import ServiceContext
from account_service.enterprises.models import Enterprise
from account_service.persons.models import Person
from account_service.persons.service import lock_person, summary
from account_service.security import code_digest, new_token, sha256_hex
from account_service.sms.gateway import SmsPurpose
from account_service.sms.service import send_code, take_window_slot, typed_code
from kiosk.domain import sm2
from kiosk.domain.lockout import AuthMethod
from kiosk.domain.masking import mask_name, mask_phone
from kiosk.domain.sms_window import CODE_TTL, RESEND_COUNTDOWN, resend_wait, seconds_up
from kiosk.domain.uscc import normalize_uscc
from kiosk.protocol import agents as wire
from kiosk.protocol.agents import (
    AgentClientChoice,
    AgentLoggedIn,
    AgentSessionInfo,
    AgentSignatureAccepted,
)
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import Organization

logger = logging.getLogger(__name__)

CHALLENGE_TTL = timedelta(seconds=120)
NONCE_BYTES = 32
SECOND_FACTORS = ("sms",)


# -- records (CLI, demo data, tests) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentListing:
    agent_id: uuid.UUID
    person_name: str
    document_number: str
    agency_name: str
    agency_uscc: str
    status: AgentStatus
    certificate_serials: tuple[str, ...]
    client_usccs: tuple[str, ...]


def create_agency(*, session: Session, clock: Clock, name: str, uscc: str) -> Agency:
    agency = Agency(id=uuid.uuid4(), name=name, uscc=normalize_uscc(uscc), created_at=clock.now())
    session.add(agency)
    session.flush()
    return agency


def add_agent(*, session: Session, clock: Clock, agency: Agency, person: Person) -> Agent:
    agent = Agent(
        id=uuid.uuid4(),
        agency_id=agency.id,
        person_id=person.id,
        status=AgentStatus.ACTIVE.value,
        created_at=clock.now(),
        revoked_at=None,
    )
    session.add(agent)
    session.flush()
    return agent


def register_certificate(
    *, session: Session, clock: Clock, agent: Agent, certificate: ParsedCertificate
) -> AgentCertificate:
    """Record the certificate whose public key the agent's logins are checked against."""
    row = AgentCertificate(
        id=uuid.uuid4(),
        agent_id=agent.id,
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


def add_agreement(
    *, session: Session, clock: Clock, agent: Agent, client: Enterprise
) -> AgencyAgreement:
    """R-AG-1: the agent's agency serves ``client`` and names this agent for it."""
    row = AgencyAgreement(
        agency_id=agent.agency_id,
        client_enterprise_id=client.id,
        agent_id=agent.id,
        status=AgreementStatus.ACTIVE.value,
        created_at=clock.now(),
        ended_at=None,
    )
    session.add(row)
    session.flush()
    return row


def find_agent(*, session: Session, agent_ref: str) -> Agent | None:
    """By agent id (UUID) or by the agent person's document number."""
    try:
        return session.get(Agent, uuid.UUID(agent_ref))
    except ValueError:
        pass
    return session.scalars(
        select(Agent)
        .join(Person, Person.id == Agent.person_id)
        .where(Person.document_number == agent_ref.strip().upper())
        .order_by(Agent.created_at)
    ).first()


def revoke_agent(*, session: Session, clock: Clock, agent: Agent) -> None:
    agent.status = AgentStatus.REVOKED.value
    agent.revoked_at = clock.now()
    # Open logins die with the registration; live agent sessions end too.
    session.execute(
        update(AgentLoginAttempt)
        .where(
            AgentLoginAttempt.agent_id == agent.id,
            AgentLoginAttempt.status.in_(
                [AgentAttemptStatus.OPEN.value, AgentAttemptStatus.VERIFIED.value]
            ),
        )
        .values(status=AgentAttemptStatus.VOIDED.value)
    )
    session_ids = select(AgentSession.session_id).where(AgentSession.agent_id == agent.id)
    session.execute(
        update(AuthSession)
        .where(AuthSession.id.in_(session_ids), AuthSession.ended_at.is_(None))
        .values(ended_at=clock.now())
    )


def list_agents(*, session: Session) -> list[AgentListing]:
    rows = session.execute(
        select(Agent, Person, Agency)
        .join(Person, Person.id == Agent.person_id)
        .join(Agency, Agency.id == Agent.agency_id)
        .order_by(Agency.uscc, Agent.created_at)
    ).all()
    listings = []
    for agent, person, agency in rows:
        serials = session.scalars(
            select(AgentCertificate.serial)
            .where(AgentCertificate.agent_id == agent.id)
            .order_by(AgentCertificate.registered_at)
        ).all()
        listings.append(
            AgentListing(
                agent_id=agent.id,
                person_name=person.name,
                document_number=person.document_number,
                agency_name=agency.name,
                agency_uscc=agency.uscc,
                status=AgentStatus(agent.status),
                certificate_serials=tuple(serials),
                client_usccs=tuple(c.code for c in _clients(session, agent)),
            )
        )
    return listings


def _clients(session: Session, agent: Agent) -> list[Enterprise]:
    """R-AG-1: the client enterprises of the agency's active agreements naming the agent."""
    return list(
        session.scalars(
            select(Enterprise)
            .join(AgencyAgreement, AgencyAgreement.client_enterprise_id == Enterprise.id)
            .where(
                AgencyAgreement.agent_id == agent.id,
                AgencyAgreement.agency_id == agent.agency_id,
                AgencyAgreement.status == AgreementStatus.ACTIVE.value,
            )
            .order_by(Enterprise.uscc)
        ).all()
    )


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


def _uuid(text: str, missing: ErrorCode) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise UserError(missing) from None


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _refuse_unusable(
    certificate: AgentCertificate, agent: Agent, now: datetime, presented: ParsedCertificate | None
) -> None:
    """The refusals shared by the challenge and the signature steps."""
    if certificate.revoked_at is not None:
        raise UserError(ErrorCode.AGENT_CERT_UNKNOWN)
    if agent.status != AgentStatus.ACTIVE.value:
        raise UserError(ErrorCode.AGENT_REVOKED)
    windows = [(certificate.not_before, certificate.not_after)]
    if presented is not None:
        windows.append((presented.not_before, presented.not_after))
    for not_before, not_after in windows:
        if not not_before <= now <= not_after:
            raise UserError(ErrorCode.AGENT_CERT_EXPIRED, {"not_after": _day(not_after)})


def start_challenge(
    *, session: Session, context: ServiceContext, terminal_id: uuid.UUID, certificate_b64: str
) -> wire.AgentChallenge:
    """Step 1: the certificate read from the medium → a nonce for the token to sign."""
    try:
        presented = parse_certificate(_b64(certificate_b64, "certificate"))
    except CertificateFormatError:
        raise UserError(ErrorCode.AGENT_CERT_UNKNOWN) from None
    record = session.scalars(
        select(AgentCertificate).where(AgentCertificate.serial == presented.serial)
    ).one_or_none()
    # Same serial, other key: not the certificate on record (a forged or re-issued one).
    if record is None or not hmac.compare_digest(record.public_key, presented.public_key):
        raise UserError(ErrorCode.AGENT_CERT_UNKNOWN)
    agent = session.get(Agent, record.agent_id)
    assert agent is not None
    now = context.clock.now()
    _refuse_unusable(record, agent, now, presented)
    challenge = AgentChallenge(
        id=uuid.uuid4(),
        certificate_id=record.id,
        terminal_id=terminal_id,
        nonce=secrets.token_bytes(NONCE_BYTES),
        created_at=now,
        expires_at=now + CHALLENGE_TTL,
        used_at=None,
    )
    session.add(challenge)
    return wire.AgentChallenge(
        challenge_id=str(challenge.id),
        nonce=challenge.nonce,
        expires_in_s=seconds_up(CHALLENGE_TTL),
        certificate_serial=record.serial,
    )


def _organization(row: Agency | Enterprise) -> Organization:
    code = row.code if isinstance(row, Enterprise) else row.uscc
    return Organization(uscc=code, name=row.name)


def answer_challenge(
    *,
    session: Session,
    context: ServiceContext,
    terminal_id: uuid.UUID,
    challenge_id: str,
    signature_b64: str,
) -> AgentSignatureAccepted:
    """Step 2: the token's signature. A challenge is spent by its first answer, right or
    wrong, so a captured nonce/signature pair can never be played again."""
    key = _uuid(challenge_id, ErrorCode.AGENT_CHALLENGE_EXPIRED)
    challenge = session.get(AgentChallenge, key, with_for_update=True)
    # Another terminal's challenge is treated as unknown: never a signing oracle across.
    if challenge is None or challenge.terminal_id != terminal_id:
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED)
    now = context.clock.now()
    if challenge.used_at is not None:
        raise UserError(ErrorCode.AGENT_CHALLENGE_USED)
    challenge.used_at = now
    if now >= challenge.expires_at:
        raise UserError(ErrorCode.AGENT_CHALLENGE_EXPIRED)
    signature = _b64(signature_b64, "signature")
    certificate = session.get(AgentCertificate, challenge.certificate_id)
    assert certificate is not None
    agent = session.get(Agent, certificate.agent_id)
    assert agent is not None
    _refuse_unusable(certificate, agent, now, None)
    if not sm2.verify(certificate.public_key, challenge.nonce, signature):
        raise UserError(ErrorCode.AGENT_SIGNATURE_INVALID)
    person = lock_person(session=session, person_id=agent.person_id)
    if person.deregistered_at is not None:
        # R-AC-1: a deregistered person acts for no enterprise until they register again.
        raise UserError(ErrorCode.USER_NOT_REGISTERED)
    refuse_if_locked(person, now)
    if not _clients(session, agent):
        raise UserError(ErrorCode.AGENT_NO_CLIENTS)  # R-AG-1: before an SMS is spent
    # R-2F-3: a new first factor voids the agent's older certificate logins.
    session.execute(
        update(AgentLoginAttempt)
        .where(
            AgentLoginAttempt.agent_id == agent.id,
            AgentLoginAttempt.status.in_(
                [AgentAttemptStatus.OPEN.value, AgentAttemptStatus.VERIFIED.value]
            ),
        )
        .values(status=AgentAttemptStatus.VOIDED.value)
    )
    phone = person.default_phone
    attempt = AgentLoginAttempt(
        id=uuid.uuid4(),
        agent_id=agent.id,
        certificate_id=certificate.id,
        status=AgentAttemptStatus.OPEN.value,
        sms_phone=phone,
        created_at=now,
        code_hash=None,
        code_sent_at=None,
        verified_at=None,
    )
    session.add(attempt)
    agency = session.get(Agency, agent.agency_id)
    assert agency is not None
    return AgentSignatureAccepted(
        attempt_id=str(attempt.id),
        agent_name_masked=mask_name(person.name),
        agency=_organization(agency),
        sms_phone_masked=mask_phone(phone) if phone else None,
        second_factors=list(SECOND_FACTORS),
    )


def _attempt(
    session: Session, context: ServiceContext, attempt_id: str, wanted: AgentAttemptStatus
) -> tuple[AgentLoginAttempt, Agent, Person]:
    """The attempt in state ``wanted`` behind its person's row lock, with a live agent."""
    key = _uuid(attempt_id, ErrorCode.ATTEMPT_NOT_FOUND)
    found = session.get(AgentLoginAttempt, key)
    if found is None:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    agent = session.get(Agent, found.agent_id)
    assert agent is not None
    person = lock_person(session=session, person_id=agent.person_id)
    attempt = session.get(AgentLoginAttempt, key, populate_existing=True)
    assert attempt is not None
    session.refresh(agent)
    now = context.clock.now()
    if attempt.status == AgentAttemptStatus.VOIDED.value:
        if agent.status != AgentStatus.ACTIVE.value:
            raise UserError(ErrorCode.AGENT_REVOKED)
        raise UserError(ErrorCode.SMS_CODE_VOID)  # R-2F-3
    ttl = timedelta(seconds=context.settings.attempt_ttl_s)
    if attempt.status != wanted.value or now >= attempt.created_at + ttl:
        raise UserError(ErrorCode.ATTEMPT_NOT_FOUND)
    if agent.status != AgentStatus.ACTIVE.value:
        raise UserError(ErrorCode.AGENT_REVOKED)
    refuse_if_locked(person, now)
    return attempt, agent, person


def _secret(context: ServiceContext) -> str:
    return context.settings.secret_key.get_secret_value()


def _code_scope(attempt: AgentLoginAttempt) -> str:
    return f"agent:{attempt.id}"


def send_sms(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    terminal_id: uuid.UUID | None = None,
) -> SmsSent:
    """Step 3: the second factor to the agent person's default phone (R-SMS-1 window)."""
    attempt, _agent, person = _attempt(session, context, attempt_id, AgentAttemptStatus.OPEN)
    now = context.clock.now()
    if attempt.sms_phone is None:
        raise UserError(ErrorCode.PHONE_EMPTY)  # R-PH-4
    wait = resend_wait(attempt.code_sent_at, now)
    if wait.total_seconds() > 0:
        raise UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": seconds_up(wait)})
    take_window_slot(
        session=session,
        clock=context.clock,
        phone=attempt.sms_phone,
        settings=context.settings,
        terminal_id=terminal_id,
        person_key=f"person:{person.id}",
    )
    code = send_code(
        session=session,
        gateway=context.sms_gateway,
        phone=attempt.sms_phone,
        purpose=SmsPurpose.LOGIN,
    )
    attempt.code_hash = code_digest(_secret(context), _code_scope(attempt), code)
    attempt.code_sent_at = now
    logger.info("agent login code sent to %s", mask_phone(attempt.sms_phone))
    return SmsSent(
        phone_masked=mask_phone(attempt.sms_phone),
        resend_after_s=seconds_up(RESEND_COUNTDOWN),
        expires_in_s=seconds_up(CODE_TTL),
    )


def verify_sms(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    code: str,
    terminal_id: uuid.UUID | None = None,
) -> AgentClientChoice:
    """Step 4: the code. A wrong one counts on the person's SMS counter (R-LK-1), the
    same counter as the person login, so the two entries cannot be used to double tries."""
    attempt, agent, person = _attempt(session, context, attempt_id, AgentAttemptStatus.OPEN)
    now = context.clock.now()
    if attempt.code_hash is None or attempt.code_sent_at is None:
        raise UserError(ErrorCode.SMS_NOT_SENT)
    if now >= attempt.code_sent_at + CODE_TTL:
        raise UserError(ErrorCode.SMS_CODE_EXPIRED)
    typed = typed_code(code)
    before_verifying(
        session=session,
        context=context,
        person=person,
        method=AuthMethod.SMS,
        now=now,
        terminal_id=terminal_id,
    )
    given = code_digest(_secret(context), _code_scope(attempt), typed)
    if not hmac.compare_digest(given, attempt.code_hash):
        raise record_failure(
            session=session,
            context=context,
            person=person,
            method=AuthMethod.SMS,
            now=now,
            wrong=ErrorCode.SMS_CODE_WRONG,
            terminal_id=terminal_id,
        )
    record_success(session=session, person=person, method=AuthMethod.SMS)
    clients = _clients(session, agent)
    if not clients:
        raise UserError(ErrorCode.AGENT_NO_CLIENTS)
    attempt.status = AgentAttemptStatus.VERIFIED.value
    attempt.verified_at = now
    return AgentClientChoice(clients=[_organization(c) for c in clients])


def choose_client(
    *,
    session: Session,
    context: ServiceContext,
    attempt_id: str,
    client_uscc: str,
    terminal_id: uuid.UUID,
) -> AgentLoggedIn:
    """Step 5: the client enterprise, from the agreements naming this agent (R-AG-1)."""
    attempt, agent, person = _attempt(session, context, attempt_id, AgentAttemptStatus.VERIFIED)
    wanted = normalize_uscc(client_uscc)
    client = next((c for c in _clients(session, agent) if c.uscc == wanted), None)
    if client is None:
        raise UserError(ErrorCode.AGENT_CLIENT_NOT_IN_AGREEMENTS)
    now = context.clock.now()
    attempt.status = AgentAttemptStatus.FINISHED.value
    token = new_token()
    ttl = context.settings.session_ttl_s
    auth_session = AuthSession(
        id=uuid.uuid4(),
        token_hash=sha256_hex(token),
        person_id=person.id,
        terminal_id=terminal_id,
        created_at=now,
        expires_at=now + timedelta(seconds=ttl),
        ended_at=None,
    )
    session.add(auth_session)
    session.flush()
    session.add(
        AgentSession(
            session_id=auth_session.id,
            agent_id=agent.id,
            certificate_id=attempt.certificate_id,
            client_enterprise_id=client.id,
        )
    )
    agency = session.get(Agency, agent.agency_id)
    assert agency is not None
    return AgentLoggedIn(
        session_token=token,
        expires_in_s=ttl,
        person=summary(person),
        agency=_organization(agency),
        client=_organization(client),
    )


def current_agent_session(
    *, session: Session, context: ServiceContext, token: Bearer
) -> AgentSessionInfo:
    """The agent session behind a bearer token; a plain person session is not one."""
    now = context.clock.now()
    row = live_session(session, context, token)
    tag = session.get(AgentSession, row.id)
    if tag is None:
        raise UserError(ErrorCode.SESSION_INVALID)
    agent = session.get(Agent, tag.agent_id)
    person = session.get(Person, row.person_id)
    client = session.get(Enterprise, tag.client_enterprise_id)
    assert agent is not None
    assert person is not None
    assert client is not None
    agency = session.get(Agency, agent.agency_id)
    assert agency is not None
    return AgentSessionInfo(
        person=summary(person),
        agency=_organization(agency),
        client=_organization(client),
        expires_in_s=seconds_up(row.expires_at - now),
    )
