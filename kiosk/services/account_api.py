"""What the kiosk needs from the account service, as typed values (docs/protocol.md).

``AccountApi`` is implemented over HTTP by ``kiosk.services.http_client.HttpAccountClient``.
Every failure a person can meet arrives as ``AccountError`` with a catalog code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.domain.messages import ErrorCode, Lang, message_for


class AccountError(Exception):
    """An error from the service (or from reaching it), carrying the shared catalog code."""

    def __init__(self, code: ErrorCode, details: dict[str, Any] | None = None) -> None:
        self.code = code
        self.details: dict[str, Any] = dict(details or {})
        super().__init__(f"{code.value} {self.rule or ''}".strip())

    @property
    def rule(self) -> str | None:
        return message_for(self.code).rule

    def text(self, lang: Lang) -> str:
        return message_for(self.code).render(lang, self.details)

    @property
    def retry_after_s(self) -> int | None:
        value = self.details.get("retry_after_s")
        return int(value) if value is not None else None


@dataclass(frozen=True, slots=True)
class PersonSummary:
    person_id: str
    name_masked: str
    id_number_masked: str
    real_name_level: int
    username: str | None = None
    phone_masked: str | None = None


@dataclass(frozen=True, slots=True)
class PasswordAccepted:
    attempt_id: str
    sms_phone_masked: str | None
    initial_password: bool
    second_factors: tuple[str, ...] = ("sms",)


@dataclass(frozen=True, slots=True)
class SmsSent:
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class LoggedIn:
    session_token: str = field(repr=False)
    expires_in_s: int
    person: PersonSummary


@dataclass(frozen=True, slots=True)
class PasswordChangeRequired:
    change_token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class OutboxSms:
    phone: str
    code: str = field(repr=False)
    purpose: str
    sent_at: str


class AccountApi(Protocol):
    """Blocking calls: the UI runs them on a worker thread, never on the GUI thread."""

    def health(self) -> bool: ...

    def start_login(self, identifier: str, password: str) -> PasswordAccepted: ...

    def send_login_sms(self, attempt_id: str) -> SmsSent: ...

    def verify_login_sms(self, attempt_id: str, code: str) -> LoggedIn | PasswordChangeRequired: ...

    def change_initial_password(self, change_token: str, new_password: str) -> None: ...

    def current_person(self, session_token: str) -> PersonSummary: ...

    def logout(self, session_token: str) -> None: ...

    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]: ...


# -- agent certificate login (issue 5, R-AG-1/R-AG-2; docs/protocol.md) -------------------


@dataclass(frozen=True, slots=True)
class Organization:
    """An agency or a client enterprise, by its 统一社会信用代码."""

    uscc: str
    name: str


@dataclass(frozen=True, slots=True)
class AgentChallenge:
    """The service's single-use nonce: the token signs ``sm2_digest(point, nonce)``."""

    challenge_id: str
    nonce: bytes = field(repr=False)
    expires_in_s: int
    certificate_serial: str


@dataclass(frozen=True, slots=True)
class AgentSignatureAccepted:
    attempt_id: str
    agent_name_masked: str
    agency: Organization
    sms_phone_masked: str | None
    second_factors: tuple[str, ...] = ("sms",)


@dataclass(frozen=True, slots=True)
class AgentClientChoice:
    """R-AG-1: the clients of the agency's agreements naming this agent."""

    clients: tuple[Organization, ...]


@dataclass(frozen=True, slots=True)
class AgentLoggedIn:
    session_token: str = field(repr=False)
    expires_in_s: int
    person: PersonSummary
    agency: Organization
    client: Organization


@dataclass(frozen=True, slots=True)
class AgentSessionInfo:
    person: PersonSummary
    agency: Organization
    client: Organization
    expires_in_s: int


class AgentLoginApi(Protocol):
    """R-AG-2 certificate login, step by step; ``AccountApi.logout`` ends the session.

    Blocking calls, like ``AccountApi``: run them on a worker thread.
    """

    def start_agent_login(self, certificate_der: bytes) -> AgentChallenge: ...

    def answer_agent_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> AgentSignatureAccepted: ...

    def send_agent_login_sms(self, attempt_id: str) -> SmsSent: ...

    def verify_agent_login_sms(self, attempt_id: str, code: str) -> AgentClientChoice: ...

    def choose_agent_client(self, attempt_id: str, client_uscc: str) -> AgentLoggedIn: ...

    def current_agent_session(self, session_token: str) -> AgentSessionInfo: ...
