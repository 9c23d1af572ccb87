"""Agent certificate login (R-AG-1, R-AG-2): ``/v1/agents`` (docs/protocol.md)."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from kiosk.protocol.auth import Factor
from kiosk.protocol.base import AnswerModel, RequestModel
from kiosk.protocol.people import Organization, PersonSummary


class AgentChallengeRequest(RequestModel):
    certificate: str = Field(min_length=1, max_length=16384, description="DER, base64")


def _from_base64(value: object) -> object:
    return base64.b64decode(value, validate=True) if isinstance(value, str) else value


def _to_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


# Bytes in the program, standard base64 on the wire.
Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    PlainSerializer(_to_base64, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]


class AgentChallenge(AnswerModel):
    """The service's single-use nonce: the token signs ``sm2_digest(point, nonce)``."""

    challenge_id: str
    nonce: Base64Bytes = Field(repr=False)
    expires_in_s: int
    certificate_serial: str


class SignatureRequest(RequestModel):
    signature: str = Field(min_length=1, max_length=512, description="DER r,s, base64")


class AgentSignatureAccepted(AnswerModel):
    attempt_id: str
    agent_name_masked: str
    agency: Organization
    sms_phone_masked: str | None
    second_factors: tuple[Factor | str, ...] = (Factor.SMS,)


class AgentClientChoice(AnswerModel):
    """R-AG-1: the clients of the agency's agreements naming this agent."""

    status: Literal["choose_client"] = "choose_client"
    clients: tuple[Organization, ...]


class ClientRequest(RequestModel):
    client_uscc: str = Field(min_length=1, max_length=32)


class AgentLoggedIn(AnswerModel):
    status: Literal["logged_in"] = "logged_in"
    session_token: str = Field(repr=False)
    expires_in_s: int
    person: PersonSummary
    agency: Organization
    client: Organization


class AgentSessionInfo(AnswerModel):
    person: PersonSummary
    agency: Organization
    client: Organization
    expires_in_s: int
