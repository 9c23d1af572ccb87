"""企业业务 by the enterprise's tax digital certificate (税务数字证书, R-EN-1, seed 002 11):
``/v1/enterprise-certificates`` (docs/protocol.md).

The challenge and signature bodies are the agent certificate login's (``kiosk.protocol.
agents``): the same medium answers the same nonce the same way. What differs is the answer
to a right signature (the enterprise on record, then the person's identifier) and that the
login then goes on as the enterprise entry's: ``PasswordAccepted`` and the person login's
second-factor routes.
"""

from __future__ import annotations

from pydantic import Field

from kiosk.protocol.agents import AgentChallenge, AgentChallengeRequest, SignatureRequest
from kiosk.protocol.base import AnswerModel, RequestModel
from kiosk.protocol.enterprise import EnterpriseInfo

__all__ = [
    "CertificateChallenge",
    "CertificateChallengeRequest",
    "EnterpriseCertificateAccepted",
    "EnterpriseCertificateIdentifier",
    "SignatureRequest",
]

# The agent login's wire shapes, under names that fit either certificate.
CertificateChallengeRequest = AgentChallengeRequest
CertificateChallenge = AgentChallenge


class EnterpriseCertificateAccepted(AnswerModel):
    """The signature matched the enterprise's certificate on record: whose it is, and how
    long the person has to type their identifier (``login_id`` names the next step)."""

    login_id: str
    enterprise: EnterpriseInfo
    certificate_serial: str
    expires_in_s: int
    tries_left: int


class EnterpriseCertificateIdentifier(RequestModel):
    """The person's own identifier (ID number, phone or username): the medium and its
    password were the first factor, so no personal password (R-EN-1, R-2F-1)."""

    identifier: str = Field(min_length=1, max_length=64)
