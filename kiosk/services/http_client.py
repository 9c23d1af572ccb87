"""``AccountApi`` and the kiosk's other ports over HTTP (docs/protocol.md): each call is
one line on ``SignedHttp``: method, path, body and the wire model of the answer."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import ValidationError

from kiosk.protocol.account import (
    AccountView,
    Cleared,
    ConfirmationAction,
    ConfirmationDone,
    ConfirmationStarted,
    HistoryEvent,
    HistoryList,
    PasswordChanged,
    PhoneBound,
    ResetDone,
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
from kiosk.protocol.auth import (
    LoggedIn,
    PasswordAccepted,
    PasswordChangeRequired,
    SecondFactorResult,
    SessionAnswer,
    SmsSent,
    StatusAnswer,
)
from kiosk.protocol.people import PersonSummary
from kiosk.protocol.qr import QrChallenge, QrPurpose, QrResult, QrScanned, TaxApp
from kiosk.protocol.registration import (
    RegistrationFaceChecked,
    RegistrationFaceStatus,
    RegistrationPhoneVerified,
    RegistrationStarted,
)
from kiosk.protocol.terminals import Health, Outbox, OutboxSms
from kiosk.services.http_enterprise import EnterpriseCalls
from kiosk.services.http_hall import HallCalls
from kiosk.services.http_relations import RelationCalls

__all__ = ["HttpAccountClient"]

_POLL_MARGIN_S = 10.0  # network slack on top of a long poll's wait


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class HttpAccountClient(HallCalls, EnterpriseCalls, RelationCalls):
    """The kiosk's account service client. Blocking: call it from a worker thread. Built
    like ``SignedHttp`` (base URL, terminal identity, transport options)."""

    def companion(self, *, retries: int, timeout_s: float) -> HttpAccountClient:
        """Another client to the same service as the same terminal, on its own connections
        (the sync worker's uploads must not queue behind a person's login)."""
        return HttpAccountClient(
            self.base_url,
            self.identity,
            clock=self.clock,
            backoff=self.backoff,
            retries=retries,
            timeout_s=timeout_s,
            verify=self.verify,
        )

    def __enter__(self) -> HttpAccountClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- AccountApi ------------------------------------------------------------------

    def health(self) -> bool:
        """True when the service answers and reports itself (and its database) ok."""
        try:
            response = self.get_unsigned("/v1/health")
            return response.is_success and Health.model_validate_json(response.content) is not None
        except (httpx.TransportError, ValidationError):
            return False

    def start_login(
        self, identifier: str, password: str, enterprise_code: str | None = None
    ) -> PasswordAccepted:
        body = {"identifier": identifier, "password": password}
        if enterprise_code is not None:
            body |= {"enterprise_code": enterprise_code}
        return self.call("POST", "/v1/auth/login", PasswordAccepted, body=body)

    def send_login_sms(self, attempt_id: str) -> SmsSent:
        return self.call("POST", f"/v1/auth/login/{attempt_id}/sms", SmsSent, body={})

    def verify_login_sms(self, attempt_id: str, code: str) -> LoggedIn | PasswordChangeRequired:
        path = f"/v1/auth/login/{attempt_id}/verify"
        return self.call("POST", path, SecondFactorResult, body={"code": code}).root

    def verify_login_face(
        self, attempt_id: str, template: Sequence[float]
    ) -> LoggedIn | PasswordChangeRequired:
        path, body = f"/v1/auth/login/{attempt_id}/face", {"template": list(template)}
        return self.call("POST", path, SecondFactorResult, body=body).root

    def change_initial_password(self, change_token: str, new_password: str) -> None:
        body = {"change_token": change_token, "new_password": new_password}
        self.call("POST", "/v1/auth/password/initial-change", StatusAnswer, body=body)

    def current_person(self, session_token: str) -> PersonSummary:
        return self.call("GET", "/v1/session", SessionAnswer, bearer=session_token).person

    def logout(self, session_token: str) -> None:
        self.call("POST", "/v1/auth/logout", StatusAnswer, body={}, bearer=session_token)

    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]:
        params: dict[str, str | int] = {"limit": limit, **({"phone": phone} if phone else {})}
        return list(self.call("GET", "/v1/dev/sms-outbox", Outbox, params=params).messages)

    # -- AccountSelfServiceApi: forgot password (R-PW-4, R-PH-6) --------------------------

    def start_password_reset(self, document_type: str, document_number: str) -> ResetStarted:
        body = {"document_type": document_type, "document_number": document_number}
        return self.call("POST", "/v1/account/password-reset", ResetStarted, body=body)

    def send_password_reset_sms(self, verification_id: str) -> SmsSent:
        path = f"/v1/account/password-reset/{verification_id}/sms"
        return self.call("POST", path, SmsSent, body={})

    def verify_password_reset_sms(self, verification_id: str, code: str) -> ResetVerified:
        path = f"/v1/account/password-reset/{verification_id}/verify"
        return self.call("POST", path, ResetVerified, body={"code": code})

    def verify_password_reset_face(
        self, verification_id: str, template: Sequence[float]
    ) -> ResetVerified:
        path = f"/v1/account/password-reset/{verification_id}/face"
        return self.call("POST", path, ResetVerified, body={"template": list(template)})

    def reset_password(self, verification_id: str, reset_token: str, new_password: str) -> bool:
        path = f"/v1/account/password-reset/{verification_id}/password"
        body = {"reset_token": reset_token, "new_password": new_password}
        return self.call("POST", path, ResetDone, body=body).unlocked

    # -- AccountSelfServiceApi: retrieve phone number (R-PH-5) -------------------------

    def start_phone_retrieve(self, identifier: str, password: str) -> RetrieveStarted:
        body = {"identifier": identifier, "password": password}
        return self.call("POST", "/v1/account/phone-retrieve", RetrieveStarted, body=body)

    def send_phone_retrieve_sms(self, verification_id: str, phone: str) -> SmsSent:
        path = f"/v1/account/phone-retrieve/{verification_id}/sms"
        return self.call("POST", path, SmsSent, body={"phone": phone})

    def verify_phone_retrieve_sms(self, verification_id: str, code: str) -> PhoneBound:
        path = f"/v1/account/phone-retrieve/{verification_id}/verify"
        return self.call("POST", path, PhoneBound, body={"code": code})

    # -- AccountSelfServiceApi: account center (logged in) ------------------------------

    def account_view(self, session_token: str) -> AccountView:
        return self.call("GET", "/v1/account", AccountView, bearer=session_token)

    def raise_level_by_face(self, session_token: str, template: Sequence[float]) -> AccountView:
        body = {"template": list(template)}
        return self.call(
            "POST", "/v1/account/level/face", AccountView, body=body, bearer=session_token
        )

    def start_confirmation(
        self,
        session_token: str,
        action: ConfirmationAction,
        *,
        phone: str | None = None,
        phone_id: int | None = None,
    ) -> ConfirmationStarted:
        body: dict[str, Any] = {"action": ConfirmationAction(action).value}
        body |= {"phone": phone} if phone is not None else {}
        body |= {"phone_id": phone_id} if phone_id is not None else {}
        path = "/v1/account/confirmations"
        return self.call("POST", path, ConfirmationStarted, body=body, bearer=session_token)

    def send_confirmation_sms(self, session_token: str, verification_id: str) -> SmsSent:
        path = f"/v1/account/confirmations/{verification_id}/sms"
        return self.call("POST", path, SmsSent, body={}, bearer=session_token)

    def verify_confirmation(
        self, session_token: str, verification_id: str, code: str
    ) -> ConfirmationDone:
        path, body = f"/v1/account/confirmations/{verification_id}/verify", {"code": code}
        return self.call("POST", path, ConfirmationDone, body=body, bearer=session_token)

    def set_username(self, session_token: str, username: str) -> AccountView:
        body = {"username": username}
        return self.call(
            "POST", "/v1/account/username", AccountView, body=body, bearer=session_token
        )

    def change_password(self, session_token: str, old_password: str, new_password: str) -> None:
        body = {"old_password": old_password, "new_password": new_password}
        self.call("POST", "/v1/account/password", PasswordChanged, body=body, bearer=session_token)

    def account_history(self, session_token: str) -> tuple[HistoryEvent, ...]:
        return self.call("GET", "/v1/account/history", HistoryList, bearer=session_token).events

    def clear_history_event(self, session_token: str, event_id: str) -> None:
        path = f"/v1/account/history/{event_id}/clear"
        self.call("POST", path, Cleared, body={}, bearer=session_token)

    # -- AgentLoginApi: R-AG-2 certificate login ------------------------------------------

    def start_agent_login(self, certificate_der: bytes) -> AgentChallenge:
        body = {"certificate": _b64(certificate_der)}
        return self.call("POST", "/v1/agents/login/challenge", AgentChallenge, body=body)

    def answer_agent_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> AgentSignatureAccepted:
        path = f"/v1/agents/login/challenge/{challenge_id}/signature"
        body = {"signature": _b64(signature_der)}
        return self.call("POST", path, AgentSignatureAccepted, body=body)

    def send_agent_login_sms(self, attempt_id: str) -> SmsSent:
        return self.call("POST", f"/v1/agents/login/{attempt_id}/sms", SmsSent, body={})

    def verify_agent_login_sms(self, attempt_id: str, code: str) -> AgentClientChoice:
        path = f"/v1/agents/login/{attempt_id}/verify"
        return self.call("POST", path, AgentClientChoice, body={"code": code})

    def choose_agent_client(self, attempt_id: str, client_uscc: str) -> AgentLoggedIn:
        path = f"/v1/agents/login/{attempt_id}/client"
        return self.call("POST", path, AgentLoggedIn, body={"client_uscc": client_uscc})

    def current_agent_session(self, session_token: str) -> AgentSessionInfo:
        return self.call("GET", "/v1/agents/session", AgentSessionInfo, bearer=session_token)

    # -- QrApi and the tax-app simulator (R-QR-1, R-QR-2) ---------------------------------

    def start_qr(self, purpose: QrPurpose, attempt_id: str | None = None) -> QrChallenge:
        body = {"purpose": QrPurpose(purpose).value}
        body |= {"attempt_id": attempt_id} if attempt_id is not None else {}
        return self.call("POST", "/v1/qr/challenges", QrChallenge, body=body)

    def poll_qr(self, challenge_id: str, wait_s: int = 0) -> QrResult:
        """Long poll: returns when the QR code is scanned or expired, else after ``wait_s``
        seconds (the service allows up to 20) with ``PENDING``."""
        wait = max(0, int(wait_s))
        path = f"/v1/qr/challenges/{challenge_id}"
        # The answer may take the whole wait: the read timeout must outlast it.
        params, timeout_s = {"wait_s": wait}, wait + _POLL_MARGIN_S
        return self.call("GET", path, QrResult, params=params, timeout_s=timeout_s)

    def taxapp_scan(
        self,
        payload: str,
        *,
        app: TaxApp,
        person_document_number: str,
        enterprise_uscc: str | None = None,
    ) -> QrScanned:
        """The tax-app simulator's scan (development services only)."""
        body = {"payload": payload, "app": TaxApp(app).value}
        body |= {"person_document_number": person_document_number}
        body |= {"enterprise_uscc": enterprise_uscc} if enterprise_uscc else {}
        return self.call("POST", "/v1/qr/scan", QrScanned, body=body)

    # -- RegistrationApi: 用户注册 (R-ID-1..6, R-RN-1, R-RN-4) -----------------------------

    def start_registration(
        self, document_type: str, document_number: str, name: str
    ) -> RegistrationStarted:
        body = {"document_type": document_type, "document_number": document_number}
        body |= {"name": name}
        return self.call("POST", "/v1/registration", RegistrationStarted, body=body)

    def send_registration_sms(self, registration_id: str, phone: str) -> SmsSent:
        path = f"/v1/registration/{registration_id}/sms"
        return self.call("POST", path, SmsSent, body={"phone": phone})

    def verify_registration_sms(self, registration_id: str, code: str) -> RegistrationPhoneVerified:
        path = f"/v1/registration/{registration_id}/verify"
        return self.call("POST", path, RegistrationPhoneVerified, body={"code": code})

    def check_registration_face(
        self, registration_id: str, template: Sequence[float]
    ) -> RegistrationFaceStatus:
        path, body = f"/v1/registration/{registration_id}/face", {"template": list(template)}
        return self.call("POST", path, RegistrationFaceChecked, body=body).status

    def complete_registration(
        self, registration_id: str, password: str, username: str | None = None
    ) -> LoggedIn:
        body = {"password": password, **({"username": username} if username else {})}
        path = f"/v1/registration/{registration_id}/complete"
        return self.call("POST", path, LoggedIn, body=body)
