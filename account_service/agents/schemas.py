"""Agent certificate login (R-AG-2) request and answer bodies (docs/protocol.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from account_service.persons.schemas import PersonSummary
from account_service.wire import RequestModel


class ChallengeRequest(RequestModel):
    certificate: str = Field(min_length=1, max_length=16384, description="DER, base64")


class ChallengeResponse(BaseModel):
    challenge_id: str
    nonce: str  # base64; the token signs SM3(Z‖nonce) with the certificate's SM2 key
    expires_in_s: int
    certificate_serial: str


class SignatureRequest(RequestModel):
    signature: str = Field(min_length=1, max_length=512, description="DER r,s, base64")


class Organization(BaseModel):
    uscc: str
    name: str


class SignatureAccepted(BaseModel):
    attempt_id: str
    agent_name_masked: str
    agency: Organization
    sms_phone_masked: str | None
    second_factors: list[str]


class ChooseClientResponse(BaseModel):
    status: Literal["choose_client"] = "choose_client"
    clients: list[Organization]


class ClientRequest(RequestModel):
    client_uscc: str = Field(min_length=1, max_length=32)


class AgentLoggedInResponse(BaseModel):
    status: Literal["logged_in"] = "logged_in"
    session_token: str
    expires_in_s: int
    person: PersonSummary
    agency: Organization
    client: Organization


class AgentSessionResponse(BaseModel):
    person: PersonSummary
    agency: Organization
    client: Organization
    expires_in_s: int
