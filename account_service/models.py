"""Every table, imported once so ``Base.metadata`` is complete (Alembic, tests)."""

from __future__ import annotations

from account_service.account.models import AccountVerification
from account_service.agents.models import (
    Agency,
    AgencyAgreement,
    Agent,
    AgentCertificate,
    AgentChallenge,
    AgentLoginAttempt,
    AgentSession,
)
from account_service.auth.models import (
    AuthSession,
    FailureCounter,
    LoginAttempt,
    PasswordChangeToken,
)
from account_service.authority.models import AuthorityResident
from account_service.certificate_login.models import (
    EnterpriseCertificate,
    EnterpriseCertificateChallenge,
)
from account_service.collection.models import HallCollection
from account_service.db import Base
from account_service.enterprises.models import Enterprise, EnterpriseRelation
from account_service.idempotency.models import IdempotencyRecord
from account_service.persons.models import Person, Phone
from account_service.qr.models import QrChallenge
from account_service.quick_login.models import FailureMark
from account_service.registration.models import Registration
from account_service.sms.models import OutboxMessage, SmsWindowRow
from account_service.staff.models import StaffKey, StaffMember, StaffSession
from account_service.terminals.models import EnrollCode, Terminal, TerminalNonce
from account_service.throttle.models import RateWindow
from account_service.trail.models import AccountHistory, AuditEvent, PersonNotice

__all__ = [
    "AccountHistory",
    "AccountVerification",
    "Agency",
    "AgencyAgreement",
    "Agent",
    "AgentCertificate",
    "AgentChallenge",
    "AgentLoginAttempt",
    "AgentSession",
    "AuditEvent",
    "AuthSession",
    "AuthorityResident",
    "Base",
    "EnrollCode",
    "Enterprise",
    "EnterpriseCertificate",
    "EnterpriseCertificateChallenge",
    "EnterpriseRelation",
    "FailureCounter",
    "FailureMark",
    "HallCollection",
    "IdempotencyRecord",
    "LoginAttempt",
    "OutboxMessage",
    "PasswordChangeToken",
    "Person",
    "PersonNotice",
    "Phone",
    "QrChallenge",
    "RateWindow",
    "Registration",
    "SmsWindowRow",
    "StaffKey",
    "StaffMember",
    "StaffSession",
    "Terminal",
    "TerminalNonce",
]
