"""What the kiosk needs from the account service: its ports, typed with the wire's models
(``kiosk.protocol``, docs/protocol.md).

``AccountApi`` is implemented over HTTP by ``kiosk.services.http_client.HttpAccountClient``.
Every failure a person can meet arrives as ``UserError`` (``kiosk.protocol.errors``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from kiosk.protocol.account import (
    AccountView,
    ConfirmationAction,
    ConfirmationDone,
    ConfirmationStarted,
    HistoryEvent,
    PhoneBound,
    ResetStarted,
    ResetVerified,
    RetrieveStarted,
)
from kiosk.protocol.agents import (
    AgentChallenge,
    AgentClientChoice,
    AgentLoggedIn,
    AgentSessionInfo,
    AgentSignatureAccepted,
)
from kiosk.protocol.auth import LoggedIn, PasswordAccepted, PasswordChangeRequired, SmsSent
from kiosk.protocol.enterprise import Acting, Identities, Relations, Role
from kiosk.protocol.enterprise_certificates import (
    CertificateChallenge,
    EnterpriseCertificateAccepted,
)
from kiosk.protocol.people import PersonSummary
from kiosk.protocol.qr import QrChallenge, QrPurpose, QrResult, QrScanned, TaxApp
from kiosk.protocol.registration import (
    RegistrationFaceStatus,
    RegistrationPhoneVerified,
    RegistrationStarted,
)
from kiosk.protocol.relations import AddPersonRequest, People
from kiosk.protocol.terminals import OutboxSms


class AccountApi(Protocol):
    """Blocking calls: the UI runs them on a worker thread, never on the GUI thread."""

    def health(self) -> bool: ...

    def start_login(
        self, identifier: str, password: str, enterprise_code: str | None = None
    ) -> PasswordAccepted:
        """``enterprise_code``: 企业业务 (R-EN-1); None for 自然人业务."""
        ...

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
        phone_id: int | None = None,
    ) -> ConfirmationStarted: ...

    def send_confirmation_sms(self, session_token: str, verification_id: str) -> SmsSent: ...

    def verify_confirmation(
        self, session_token: str, verification_id: str, code: str
    ) -> ConfirmationDone: ...

    def set_username(self, session_token: str, username: str) -> AccountView: ...

    def change_password(self, session_token: str, old_password: str, new_password: str) -> None: ...

    def account_history(self, session_token: str) -> tuple[HistoryEvent, ...]: ...

    def clear_history_event(self, session_token: str, event_id: str) -> None: ...


# -- acting for an enterprise (issue 17, R-EN-1, R-RE-3/5/8, R-SW-1, R-AG-3) -------------


class RelationsApi(Protocol):
    """The person's 企业授权管理 (R-RE-3/5/7/8): each answers the list afterwards."""

    def sync_relations(self, session_token: str) -> Relations: ...

    def confirm_relation(
        self, session_token: str, relation_id: str, template: Sequence[float] | None = None
    ) -> Relations: ...

    def refuse_relation(self, session_token: str, relation_id: str) -> Relations: ...

    def apply_relation(self, session_token: str, enterprise_code: str, role: Role) -> Relations: ...

    def withdraw_application(self, session_token: str, relation_id: str) -> Relations: ...

    def leave_enterprise(self, session_token: str, relation_id: str) -> Relations: ...


class PeopleApi(Protocol):
    """The enterprise's 人员权限管理 (R-RE-4, R-RE-5, R-RE-7), for a session acting as its
    legal representative or finance head: each answers the list afterwards."""

    def people(self, session_token: str) -> People: ...

    def add_person(self, session_token: str, person: AddPersonRequest) -> People:
        """添加办税人员: by document type, number and name (the service checks them)."""
        ...

    def withdraw_addition(self, session_token: str, relation_id: str) -> People: ...

    def remove_person(self, session_token: str, relation_id: str) -> People: ...

    def approve_application(self, session_token: str, relation_id: str) -> People: ...

    def decline_application(self, session_token: str, relation_id: str) -> People: ...


class ActingApi(RelationsApi, PeopleApi, Protocol):
    """Who a logged-in session acts for, and moving between identities; the relations
    managed from either side (one client serves them all). Blocking, like ``AccountApi``."""

    def acting(self, session_token: str) -> Acting: ...

    def choose_role(self, session_token: str, role: Role) -> Acting: ...

    def confirm_pending(
        self, session_token: str, role: Role, template: Sequence[float] | None = None
    ) -> Acting: ...

    def refuse_pending(self, session_token: str, role: Role) -> Acting: ...

    def identities(self, session_token: str) -> Identities: ...

    def switch_identity(
        self, session_token: str, enterprise_code: str | None, role: Role | None
    ) -> Acting:
        """To another role or related enterprise; both None: to personal business."""
        ...


# -- QR login and QR verification (issue 6, R-QR-1/R-QR-2) --------------------------------


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


# -- 企业业务 by the enterprise's tax digital certificate (issue 17, R-EN-1, seed 002 11) ---


@runtime_checkable
class EnterpriseCertificateApi(Protocol):
    """Certificate → nonce → the medium's signature → the person's identifier; the answer
    is a ``PasswordAccepted`` whose attempt goes on through ``AccountApi``'s second-factor
    calls (``send_login_sms``, ``verify_login_sms``, ...). Blocking, like ``AccountApi``."""

    def start_enterprise_certificate_login(
        self, certificate_der: bytes
    ) -> CertificateChallenge: ...

    def answer_enterprise_certificate_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> EnterpriseCertificateAccepted: ...

    def submit_enterprise_certificate_identifier(
        self, login_id: str, identifier: str
    ) -> PasswordAccepted: ...
