"""What the kiosk needs from the account service, as typed values (docs/protocol.md).

``AccountApi`` is implemented over HTTP by ``kiosk.services.http_client.HttpAccountClient``.
Every failure a person can meet arrives as ``AccountError`` with a catalog code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

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
class Notice:
    """Something that happened to the account while the person was away (issue 7).

    Kinds: ``phone_moved`` (R-PH-2: someone else verified this number, now theirs) and
    ``username_released`` (R-LG-1: a document number equal to the username registered)."""

    notice_id: str
    kind: str
    phone_masked: str | None
    at: datetime
    username: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedIn:
    session_token: str = field(repr=False)
    expires_in_s: int
    person: PersonSummary
    notices: tuple[Notice, ...] = ()


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

    def verify_login_face(
        self, attempt_id: str, template: Sequence[float]
    ) -> LoggedIn | PasswordChangeRequired:
        """Second factor by the kiosk camera: the chosen frame's template only (R-2F-1)."""
        ...

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


# -- account self-service (issue 7; docs/account-self-service.md) -------------------------


@dataclass(frozen=True, slots=True)
class ResetStarted:
    """R-PW-4 step 1 passed: how this person may prove who they are (``sms``, ``face``)."""

    verification_id: str
    phone_masked: str | None  # the default phone the code would go to; None = no phone
    methods: tuple[str, ...]
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class ResetVerified:
    """R-PW-4 step 2 passed: the single-use token that lets step 3 set the password."""

    reset_token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class RetrieveStarted:
    """R-PH-5: the personal password matched; a new number may be confirmed."""

    verification_id: str


@dataclass(frozen=True, slots=True)
class PhoneBound:
    phone_masked: str
    moved_from_another_person: bool  # R-PH-2: the number was taken from someone else


@dataclass(frozen=True, slots=True)
class PhoneEntry:
    phone_id: str
    phone_masked: str
    is_default: bool


@dataclass(frozen=True, slots=True)
class AccountView:
    """What the account center shows (R-PH-1, R-UN-1, R-RN-1)."""

    person: PersonSummary
    phones: tuple[PhoneEntry, ...]
    username: str | None
    username_next_change_on: date | None  # None: a change is allowed now
    real_name_level: int
    notices: tuple[Notice, ...]
    phone_limit: int

    @property
    def default_phone(self) -> PhoneEntry | None:
        return next((p for p in self.phones if p.is_default), None)


class ConfirmationAction(StrEnum):
    """Account-center changes that need an SMS code first (where the code goes: contract)."""

    ADD_PHONE = "add_phone"  # to the new number (possession, R-PH-2)
    REMOVE_PHONE = "remove_phone"  # to the default number (the owner agrees)
    SET_DEFAULT_PHONE = "set_default_phone"  # to that number (it must receive codes, R-PH-7)
    DEREGISTER = "deregister"  # to the default number (R-AC-1)


@dataclass(frozen=True, slots=True)
class ConfirmationStarted:
    """The confirmation is open and its first code is already sent."""

    verification_id: str
    action: ConfirmationAction
    phone_masked: str
    resend_after_s: int
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class ConfirmationDone:
    action: ConfirmationAction
    account: AccountView | None  # None after a deregistration (the session is over)


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One line of 历史管理信息 (R-AC-2); details are masked by the service."""

    event_id: str
    at: datetime
    kind: str
    terminal_name: str | None
    detail_zh: str
    detail_en: str


class AccountSelfServiceApi(Protocol):
    """Forgot password, retrieve phone, account center. Blocking, like ``AccountApi``.

    The logged-in calls take the login session token; an ended one is ``SESSION_INVALID``.
    """

    # forgot password (R-PW-4, R-PH-6)
    def start_password_reset(self, document_type: str, document_number: str) -> ResetStarted: ...

    def send_password_reset_sms(self, verification_id: str) -> SmsSent: ...

    def verify_password_reset_sms(self, verification_id: str, code: str) -> ResetVerified: ...

    def verify_password_reset_face(
        self, verification_id: str, template: Sequence[float]
    ) -> ResetVerified: ...

    def reset_password(self, verification_id: str, reset_token: str, new_password: str) -> bool:
        """Set the new password; True when this also lifted a lock (R-LK-1)."""
        ...

    # retrieve phone number (R-PH-5)
    def start_phone_retrieve(self, identifier: str, password: str) -> RetrieveStarted: ...

    def send_phone_retrieve_sms(self, verification_id: str, phone: str) -> SmsSent: ...

    def verify_phone_retrieve_sms(self, verification_id: str, code: str) -> PhoneBound: ...

    # account center (logged in)
    def account_view(self, session_token: str) -> AccountView: ...

    def raise_level_by_face(self, session_token: str, template: Sequence[float]) -> AccountView:
        """个人实名等级 3 → 4 by a live face check (R-RN-3); the service decides."""
        ...

    def start_confirmation(
        self,
        session_token: str,
        action: ConfirmationAction,
        *,
        phone: str | None = None,
        phone_id: str | None = None,
    ) -> ConfirmationStarted: ...

    def send_confirmation_sms(self, session_token: str, verification_id: str) -> SmsSent: ...

    def verify_confirmation(
        self, session_token: str, verification_id: str, code: str
    ) -> ConfirmationDone: ...

    def set_username(self, session_token: str, username: str) -> AccountView: ...

    def change_password(self, session_token: str, old_password: str, new_password: str) -> None: ...

    def account_history(self, session_token: str) -> tuple[HistoryEvent, ...]: ...

    def clear_history_event(self, session_token: str, event_id: str) -> None: ...


# -- QR login and QR verification (issue 6, R-QR-1/R-QR-2) --------------------------------


class QrPurpose(StrEnum):
    LOGIN = "login"  # R-QR-1: take over the tax app's login state
    VERIFY = "verify"  # R-QR-2: second factor of an open password login (attempt_id)


class QrStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    EXPIRED = "expired"


class LoginMode(StrEnum):
    """The app's login state the terminal takes over (R-QR-1)."""

    PERSONAL = "personal"
    ENTERPRISE = "enterprise"


class TaxApp(StrEnum):
    ETAX = "etax"  # 电子税务局 app: personal or enterprise
    IIT = "iit"  # 个人所得税 app: personal business only (R-QR-1)


@dataclass(frozen=True, slots=True)
class QrChallenge:
    """What the terminal shows: ``payload`` is the QR code's text (opaque, single use)."""

    challenge_id: str
    purpose: QrPurpose
    payload: str = field(repr=False)
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class QrResult:
    """One look at a challenge. ``outcome`` is set once, with ``COMPLETED``: a session, or
    for R-QR-2 on the initial password the R-PW-3 change token."""

    status: QrStatus
    outcome: LoggedIn | PasswordChangeRequired | None = None
    mode: LoginMode = LoginMode.PERSONAL
    enterprise: Organization | None = None


@dataclass(frozen=True, slots=True)
class QrScanned:
    """The tax app's answer after a scan (simulator)."""

    purpose: QrPurpose
    mode: LoginMode


class QrApi(Protocol):
    """Blocking, like ``AccountApi``; ``poll_qr`` blocks up to ``wait_s`` seconds."""

    def start_qr(self, purpose: QrPurpose, attempt_id: str | None = None) -> QrChallenge: ...

    def poll_qr(self, challenge_id: str, wait_s: int = 0) -> QrResult: ...


class TaxAppSimulatorApi(Protocol):
    """The tax app's side, for testers (development services only)."""

    def taxapp_scan(
        self,
        payload: str,
        *,
        app: TaxApp,
        person_document_number: str,
        enterprise_uscc: str | None = None,
    ) -> QrScanned: ...


# -- natural-person registration (issue 6, R-ID-1..6, R-RN-1, R-RN-4) ---------------------


@dataclass(frozen=True, slots=True)
class RegistrationStarted:
    """R-ID-1 identity check passed. ``face_required`` is False for a hall-collected person
    (R-ID-3), who then registers at level 5 (R-RN-1); else 4."""

    registration_id: str
    face_required: bool
    level_on_success: int
    expires_in_s: int


@dataclass(frozen=True, slots=True)
class RegistrationPhoneVerified:
    phone_masked: str


class RegistrationFaceStatus(StrEnum):
    VERIFIED = "face_verified"
    NOT_REQUIRED = "face_not_required"  # hall-collected: nothing to compare (R-ID-3)


@runtime_checkable
class RegistrationApi(Protocol):
    """用户注册 step by step; ``complete`` answers like a login (the person is logged in).

    Blocking, like ``AccountApi``: run the calls on a worker thread.
    """

    def start_registration(
        self, document_type: str, document_number: str, name: str
    ) -> RegistrationStarted: ...

    def send_registration_sms(self, registration_id: str, phone: str) -> SmsSent: ...

    def verify_registration_sms(
        self, registration_id: str, code: str
    ) -> RegistrationPhoneVerified: ...

    def check_registration_face(
        self, registration_id: str, template: Sequence[float]
    ) -> RegistrationFaceStatus: ...

    def complete_registration(
        self, registration_id: str, password: str, username: str | None = None
    ) -> LoggedIn: ...

    def logout(self, session_token: str) -> None: ...
