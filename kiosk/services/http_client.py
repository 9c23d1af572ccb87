"""``AccountApi`` over HTTP (docs/protocol.md): signed, idempotent, typed.

Every request is signed by the terminal key; every POST carries an ``Idempotency-Key`` that
stays the same when the call is retried after a connection error, so a retried wrong
password never counts twice. Errors arrive as ``AccountError`` with a catalog code.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import ssl
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import httpx

from kiosk.domain.masking import mask_text
from kiosk.domain.messages import ErrorCode
from kiosk.domain.signing import (
    HEADER_IDEMPOTENCY,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TERMINAL,
    HEADER_TIMESTAMP,
    canonical_request,
    sign,
)
from kiosk.services.account_api import (
    AccountError,
    AccountView,
    AgentChallenge,
    AgentClientChoice,
    AgentLoggedIn,
    AgentSessionInfo,
    AgentSignatureAccepted,
    ConfirmationAction,
    ConfirmationDone,
    ConfirmationStarted,
    HistoryEvent,
    LoggedIn,
    LoginMode,
    Notice,
    Organization,
    OutboxSms,
    PasswordAccepted,
    PasswordChangeRequired,
    PersonSummary,
    PhoneBound,
    PhoneEntry,
    QrChallenge,
    QrPurpose,
    QrResult,
    QrScanned,
    QrStatus,
    RegistrationFaceStatus,
    RegistrationPhoneVerified,
    RegistrationStarted,
    ResetStarted,
    ResetVerified,
    RetrieveStarted,
    SmsSent,
    TaxApp,
)
from kiosk.services.http_errors import error_from_response, unreachable
from kiosk.services.staff_api import LockView, StaffLoggedIn
from kiosk.services.sync.acks import AckStatus, RecordAck
from kiosk.services.sync.errors import SERVER_DATE_DETAIL
from kiosk.services.terminal_identity import TerminalIdentity, valid_bundle_key

_log = logging.getLogger(__name__)

DEFAULT_RETRIES = 2
_POLL_MARGIN_S = 10.0  # network slack on top of a long poll's wait
_T = TypeVar("_T")


def new_nonce() -> str:
    """24 random bytes, url-safe base64 (32 characters)."""
    return secrets.token_urlsafe(24)


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def sleep_backoff(attempt: int) -> None:
    """Wait before retry number ``attempt`` (1, 2, ...): 0.25 s, 0.5 s, ... at most 2 s."""
    time.sleep(min(0.25 * 2 ** (attempt - 1), 2.0))


def _person(data: Mapping[str, Any]) -> PersonSummary:
    return PersonSummary(
        person_id=str(data["person_id"]),
        name_masked=str(data["name_masked"]),
        id_number_masked=str(data["id_number_masked"]),
        real_name_level=int(data["real_name_level"]),
        username=data.get("username"),
        phone_masked=data.get("phone_masked"),
    )


def _organization(data: Mapping[str, Any]) -> Organization:
    return Organization(uscc=str(data["uscc"]), name=str(data["name"]))


def _sms(data: Mapping[str, Any]) -> SmsSent:
    return SmsSent(
        phone_masked=str(data["phone_masked"]),
        resend_after_s=int(data["resend_after_s"]),
        expires_in_s=int(data["expires_in_s"]),
    )


def _moment(value: Any) -> datetime:
    """An ISO 8601 instant from the service; a naive one would be a service fault."""
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment


def _lock_view(body: Mapping[str, Any]) -> LockView:
    def text(name: str) -> str | None:
        value = body.get(name)
        return str(value) if value is not None else None

    try:
        return LockView(
            name_masked=str(body["name_masked"]),
            locked=bool(body["locked"]),
            failures_today={str(k): int(v) for k, v in dict(body["failures_today"]).items()},
            id_number_masked=text("id_number_masked"),
            staff_no=text("staff_no"),
            unlock_text=text("unlock_text"),
            unlock_text_en=text("unlock_text_en"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AccountError(ErrorCode.INTERNAL_ERROR, {}) from exc


def _notice(data: Mapping[str, Any]) -> Notice:
    masked = data.get("phone_masked")
    username = data.get("username")
    return Notice(
        notice_id=str(data["notice_id"]),
        kind=str(data["kind"]),
        phone_masked=str(masked) if masked is not None else None,
        at=_moment(data["at"]),
        username=str(username) if username is not None else None,
    )


def _notices(items: Any) -> tuple[Notice, ...]:
    return tuple(_notice(n) for n in items or ())


def _account_view(data: Mapping[str, Any]) -> AccountView:
    next_change = data.get("username_next_change_on")
    return AccountView(
        person=_person(data["person"]),
        phones=tuple(
            PhoneEntry(
                phone_id=str(p["phone_id"]),
                phone_masked=str(p["phone_masked"]),
                is_default=bool(p["is_default"]),
            )
            for p in data["phones"]
        ),
        username=data.get("username"),
        username_next_change_on=date.fromisoformat(str(next_change)) if next_change else None,
        real_name_level=int(data["real_name_level"]),
        notices=_notices(data.get("notices")),
        phone_limit=int(data["phone_limit"]),
    )


def _history_event(data: Mapping[str, Any]) -> HistoryEvent:
    terminal = data.get("terminal_name")
    return HistoryEvent(
        event_id=str(data["event_id"]),
        at=_moment(data["at"]),
        kind=str(data["kind"]),
        terminal_name=str(terminal) if terminal is not None else None,
        detail_zh=str(data["detail_zh"]),
        detail_en=str(data["detail_en"]),
    )


def _qr_result(data: Mapping[str, Any]) -> QrResult:
    status = QrStatus(str(data["status"]))
    result = data.get("result")
    if status is not QrStatus.COMPLETED or result is None:
        return QrResult(status=status)
    if result["status"] == "password_change_required":
        return QrResult(status, PasswordChangeRequired(change_token=str(result["change_token"])))
    if result["status"] != "logged_in":
        raise KeyError("status")
    enterprise = result.get("enterprise")
    return QrResult(
        status=status,
        outcome=LoggedIn(
            session_token=str(result["session_token"]),
            expires_in_s=int(result["expires_in_s"]),
            person=_person(result["person"]),
            notices=_notices(result.get("notices")),
        ),
        mode=LoginMode(str(result.get("mode", LoginMode.PERSONAL.value))),
        enterprise=_organization(enterprise) if enterprise is not None else None,
    )


class HttpAccountClient:
    """The kiosk's account service client. Blocking: call it from a worker thread.

    ``http`` defaults to a client owned (and closed) by this object; ``clock`` gives unix
    seconds for ``X-Timestamp``; ``backoff(attempt)`` waits before a retry (tests pass a
    no-op); ``retries`` is how many times a call is repeated after a connection error.
    """

    def __init__(
        self,
        base_url: str,
        identity: TerminalIdentity,
        *,
        http: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        nonce_factory: Callable[[], str] = new_nonce,
        idempotency_key_factory: Callable[[], str] = new_idempotency_key,
        backoff: Callable[[int], None] = sleep_backoff,
        retries: int = DEFAULT_RETRIES,
        timeout_s: float = 10.0,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._identity = identity
        self._verify = verify
        self._owns_http = http is None
        self._http = http if http is not None else httpx.Client(timeout=timeout_s, verify=verify)
        self._clock = clock
        self._nonce_factory = nonce_factory
        self._key_factory = idempotency_key_factory
        self._backoff = backoff
        self._retries = retries

    # -- lifecycle -------------------------------------------------------------------

    def companion(self, *, retries: int, timeout_s: float) -> HttpAccountClient:
        """Another client to the same service as the same terminal, on its own connections
        (the sync worker's uploads must not queue behind a person's login)."""
        return HttpAccountClient(
            self.base_url,
            self._identity,
            clock=self._clock,
            backoff=self._backoff,
            retries=retries,
            timeout_s=timeout_s,
            verify=self._verify,
        )

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> HttpAccountClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- AccountApi ------------------------------------------------------------------

    def health(self) -> bool:
        """True when the service answers and reports itself (and its database) ok."""
        try:
            response = self._http.get(self.base_url + "/v1/health")
        except httpx.TransportError:
            return False
        if not response.is_success:
            return False
        try:
            body = response.json()
        except ValueError:
            return False
        return isinstance(body, dict) and body.get("status") == "ok"

    def start_login(self, identifier: str, password: str) -> PasswordAccepted:
        body = self._post("/v1/auth/login", {"identifier": identifier, "password": password})
        return self._parse(
            lambda: PasswordAccepted(
                attempt_id=str(body["attempt_id"]),
                sms_phone_masked=body.get("sms_phone_masked"),
                initial_password=bool(body["initial_password"]),
                second_factors=tuple(str(f) for f in body.get("second_factors", ("sms",))),
            )
        )

    def send_login_sms(self, attempt_id: str) -> SmsSent:
        body = self._post(f"/v1/auth/login/{attempt_id}/sms", {})
        return self._parse(
            lambda: SmsSent(
                phone_masked=str(body["phone_masked"]),
                resend_after_s=int(body["resend_after_s"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def verify_login_sms(self, attempt_id: str, code: str) -> LoggedIn | PasswordChangeRequired:
        body = self._post(f"/v1/auth/login/{attempt_id}/verify", {"code": code})
        return self._second_factor_answer(body)

    def verify_login_face(
        self, attempt_id: str, template: Sequence[float]
    ) -> LoggedIn | PasswordChangeRequired:
        body = self._post(f"/v1/auth/login/{attempt_id}/face", {"template": list(template)})
        return self._second_factor_answer(body)

    def _second_factor_answer(self, body: Mapping[str, Any]) -> LoggedIn | PasswordChangeRequired:
        def build() -> LoggedIn | PasswordChangeRequired:
            if body["status"] == "password_change_required":
                return PasswordChangeRequired(change_token=str(body["change_token"]))
            if body["status"] != "logged_in":
                raise KeyError("status")
            return LoggedIn(
                session_token=str(body["session_token"]),
                expires_in_s=int(body["expires_in_s"]),
                person=_person(body["person"]),
                # Issue 7: notices (R-PH-2 "your number moved") ride on the login answer.
                notices=_notices(body.get("notices")),
            )

        return self._parse(build)

    def change_initial_password(self, change_token: str, new_password: str) -> None:
        self._post(
            "/v1/auth/password/initial-change",
            {"change_token": change_token, "new_password": new_password},
        )

    def current_person(self, session_token: str) -> PersonSummary:
        body = self._request("GET", "/v1/session", bearer=session_token)
        return self._parse(lambda: _person(body["person"]))

    def logout(self, session_token: str) -> None:
        self._post("/v1/auth/logout", {}, bearer=session_token)

    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]:
        params: dict[str, str | int] = {"limit": limit}
        if phone:
            params["phone"] = phone
        body = self._request("GET", "/v1/dev/sms-outbox", params=params)
        return self._parse(
            lambda: [
                OutboxSms(
                    phone=str(m["phone"]),
                    code=str(m["code"]),
                    purpose=str(m["purpose"]),
                    sent_at=str(m["sent_at"]),
                )
                for m in body["messages"]
            ]
        )

    # -- AccountSelfServiceApi: forgot password (R-PW-4, R-PH-6) ------------------------

    def start_password_reset(self, document_type: str, document_number: str) -> ResetStarted:
        body = self._post(
            "/v1/account/password-reset",
            {"document_type": document_type, "document_number": document_number},
        )
        return self._parse(
            lambda: ResetStarted(
                verification_id=str(body["verification_id"]),
                phone_masked=body.get("phone_masked"),
                methods=tuple(str(m) for m in body["methods"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def send_password_reset_sms(self, verification_id: str) -> SmsSent:
        body = self._post(f"/v1/account/password-reset/{verification_id}/sms", {})
        return self._parse(lambda: _sms(body))

    def verify_password_reset_sms(self, verification_id: str, code: str) -> ResetVerified:
        body = self._post(f"/v1/account/password-reset/{verification_id}/verify", {"code": code})
        return self._parse(lambda: ResetVerified(reset_token=str(body["reset_token"])))

    def verify_password_reset_face(
        self, verification_id: str, template: Sequence[float]
    ) -> ResetVerified:
        body = self._post(
            f"/v1/account/password-reset/{verification_id}/face",
            {"template": [float(x) for x in template]},
        )
        return self._parse(lambda: ResetVerified(reset_token=str(body["reset_token"])))

    def reset_password(self, verification_id: str, reset_token: str, new_password: str) -> bool:
        body = self._post(
            f"/v1/account/password-reset/{verification_id}/password",
            {"reset_token": reset_token, "new_password": new_password},
        )
        return self._parse(lambda: bool(body["unlocked"]))

    # -- AccountSelfServiceApi: retrieve phone number (R-PH-5) -------------------------

    def start_phone_retrieve(self, identifier: str, password: str) -> RetrieveStarted:
        body = self._post(
            "/v1/account/phone-retrieve", {"identifier": identifier, "password": password}
        )
        return self._parse(lambda: RetrieveStarted(verification_id=str(body["verification_id"])))

    def send_phone_retrieve_sms(self, verification_id: str, phone: str) -> SmsSent:
        body = self._post(f"/v1/account/phone-retrieve/{verification_id}/sms", {"phone": phone})
        return self._parse(lambda: _sms(body))

    def verify_phone_retrieve_sms(self, verification_id: str, code: str) -> PhoneBound:
        body = self._post(f"/v1/account/phone-retrieve/{verification_id}/verify", {"code": code})
        return self._parse(
            lambda: PhoneBound(
                phone_masked=str(body["phone_masked"]),
                moved_from_another_person=bool(body["moved_from_another_person"]),
            )
        )

    # -- AccountSelfServiceApi: account center (logged in) -----------------------------

    def account_view(self, session_token: str) -> AccountView:
        body = self._request("GET", "/v1/account", bearer=session_token)
        return self._parse(lambda: _account_view(body))

    def raise_level_by_face(self, session_token: str, template: Sequence[float]) -> AccountView:
        body = self._post(
            "/v1/account/level/face", {"template": list(template)}, bearer=session_token
        )
        return self._parse(lambda: _account_view(body))

    def start_confirmation(
        self,
        session_token: str,
        action: ConfirmationAction,
        *,
        phone: str | None = None,
        phone_id: str | None = None,
    ) -> ConfirmationStarted:
        payload: dict[str, str] = {"action": action.value}
        if phone is not None:
            payload["phone"] = phone
        if phone_id is not None:
            payload["phone_id"] = phone_id
        body = self._post("/v1/account/confirmations", payload, bearer=session_token)
        return self._parse(
            lambda: ConfirmationStarted(
                verification_id=str(body["verification_id"]),
                action=ConfirmationAction(str(body["action"])),
                phone_masked=str(body["phone_masked"]),
                resend_after_s=int(body["resend_after_s"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def send_confirmation_sms(self, session_token: str, verification_id: str) -> SmsSent:
        body = self._post(
            f"/v1/account/confirmations/{verification_id}/sms", {}, bearer=session_token
        )
        return self._parse(lambda: _sms(body))

    def verify_confirmation(
        self, session_token: str, verification_id: str, code: str
    ) -> ConfirmationDone:
        body = self._post(
            f"/v1/account/confirmations/{verification_id}/verify",
            {"code": code},
            bearer=session_token,
        )

        def build() -> ConfirmationDone:
            account = body.get("account")
            return ConfirmationDone(
                action=ConfirmationAction(str(body["action"])),
                account=_account_view(account) if account is not None else None,
            )

        return self._parse(build)

    def set_username(self, session_token: str, username: str) -> AccountView:
        body = self._post("/v1/account/username", {"username": username}, bearer=session_token)
        return self._parse(lambda: _account_view(body))

    def change_password(self, session_token: str, old_password: str, new_password: str) -> None:
        self._post(
            "/v1/account/password",
            {"old_password": old_password, "new_password": new_password},
            bearer=session_token,
        )

    def account_history(self, session_token: str) -> tuple[HistoryEvent, ...]:
        body = self._request("GET", "/v1/account/history", bearer=session_token)
        return self._parse(lambda: tuple(_history_event(e) for e in body["events"]))

    def clear_history_event(self, session_token: str, event_id: str) -> None:
        self._post(f"/v1/account/history/{event_id}/clear", {}, bearer=session_token)

    # -- AgentLoginApi (issue 5, R-AG-2) ----------------------------------------------

    def start_agent_login(self, certificate_der: bytes) -> AgentChallenge:
        """The certificate read from the medium (DER) → the nonce the token must sign."""
        certificate = base64.b64encode(certificate_der).decode("ascii")
        body = self._post("/v1/agents/login/challenge", {"certificate": certificate})
        return self._parse(
            lambda: AgentChallenge(
                challenge_id=str(body["challenge_id"]),
                nonce=base64.b64decode(str(body["nonce"]), validate=True),
                expires_in_s=int(body["expires_in_s"]),
                certificate_serial=str(body["certificate_serial"]),
            )
        )

    def answer_agent_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> AgentSignatureAccepted:
        signature = base64.b64encode(signature_der).decode("ascii")
        body = self._post(
            f"/v1/agents/login/challenge/{challenge_id}/signature", {"signature": signature}
        )
        return self._parse(
            lambda: AgentSignatureAccepted(
                attempt_id=str(body["attempt_id"]),
                agent_name_masked=str(body["agent_name_masked"]),
                agency=_organization(body["agency"]),
                sms_phone_masked=body.get("sms_phone_masked"),
                second_factors=tuple(str(f) for f in body.get("second_factors", ("sms",))),
            )
        )

    def send_agent_login_sms(self, attempt_id: str) -> SmsSent:
        body = self._post(f"/v1/agents/login/{attempt_id}/sms", {})
        return self._parse(
            lambda: SmsSent(
                phone_masked=str(body["phone_masked"]),
                resend_after_s=int(body["resend_after_s"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def verify_agent_login_sms(self, attempt_id: str, code: str) -> AgentClientChoice:
        body = self._post(f"/v1/agents/login/{attempt_id}/verify", {"code": code})
        return self._parse(
            lambda: AgentClientChoice(clients=tuple(_organization(c) for c in body["clients"]))
        )

    def choose_agent_client(self, attempt_id: str, client_uscc: str) -> AgentLoggedIn:
        body = self._post(f"/v1/agents/login/{attempt_id}/client", {"client_uscc": client_uscc})
        return self._parse(
            lambda: AgentLoggedIn(
                session_token=str(body["session_token"]),
                expires_in_s=int(body["expires_in_s"]),
                person=_person(body["person"]),
                agency=_organization(body["agency"]),
                client=_organization(body["client"]),
            )
        )

    def current_agent_session(self, session_token: str) -> AgentSessionInfo:
        body = self._request("GET", "/v1/agents/session", bearer=session_token)
        return self._parse(
            lambda: AgentSessionInfo(
                person=_person(body["person"]),
                agency=_organization(body["agency"]),
                client=_organization(body["client"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    # -- QrApi and the tax-app simulator (issue 6, R-QR-1/R-QR-2) ----------------------

    def start_qr(self, purpose: QrPurpose, attempt_id: str | None = None) -> QrChallenge:
        payload: dict[str, str] = {"purpose": QrPurpose(purpose).value}
        if attempt_id is not None:
            payload["attempt_id"] = attempt_id
        body = self._post("/v1/qr/challenges", payload)
        return self._parse(
            lambda: QrChallenge(
                challenge_id=str(body["challenge_id"]),
                purpose=QrPurpose(str(body["purpose"])),
                payload=str(body["payload"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def poll_qr(self, challenge_id: str, wait_s: int = 0) -> QrResult:
        """Long poll: returns when the QR code is scanned or expired, else after ``wait_s``
        seconds (the service allows up to 20) with ``PENDING``."""
        wait = max(0, int(wait_s))
        body = self._request(
            "GET",
            f"/v1/qr/challenges/{challenge_id}",
            params={"wait_s": wait},
            # The answer may take the whole wait: the read timeout must outlast it.
            timeout_s=wait + _POLL_MARGIN_S,
        )
        return self._parse(lambda: _qr_result(body))

    def taxapp_scan(
        self,
        payload: str,
        *,
        app: TaxApp,
        person_document_number: str,
        enterprise_uscc: str | None = None,
    ) -> QrScanned:
        """The tax-app simulator's scan (development services only)."""
        request: dict[str, str] = {
            "payload": payload,
            "app": TaxApp(app).value,
            "person_document_number": person_document_number,
        }
        if enterprise_uscc:
            request["enterprise_uscc"] = enterprise_uscc
        body = self._post("/v1/qr/scan", request)
        return self._parse(
            lambda: QrScanned(
                purpose=QrPurpose(str(body["purpose"])), mode=LoginMode(str(body["mode"]))
            )
        )

    # -- StaffApi --------------------------------------------------------------------

    def staff_login(
        self, staff_no: str, password: str, record_key: str | None = None
    ) -> StaffLoggedIn:
        payload: dict[str, Any] = {"staff_no": staff_no, "password": password}
        if record_key is not None:
            payload["record_key"] = record_key
        body = self._post("/v1/staff/login", payload)
        key_id, key_expires = body.get("record_key_id"), body.get("record_key_expires_at")
        return self._parse(
            lambda: StaffLoggedIn(
                staff_no=str(body["staff_no"]),
                name_masked=str(body["name_masked"]),
                staff_token=str(body["staff_token"]),
                expires_in_s=int(body["expires_in_s"]),
                record_key_id=str(key_id) if key_id is not None else None,
                record_key_expires_at=_moment(key_expires) if key_expires is not None else None,
            )
        )

    # -- locks, by hall staff (R-LK-1) -----------------------------------------------------

    def show_lock(self, staff_token: str, identifier: str) -> LockView:
        body = {"identifier": identifier}
        return _lock_view(self._post("/v1/staff/locks/show", body, bearer=staff_token))

    def clear_lock(self, staff_token: str, identifier: str) -> LockView:
        body = {"identifier": identifier}
        return _lock_view(self._post("/v1/staff/locks/clear", body, bearer=staff_token))

    def show_staff_lock(self, staff_token: str, staff_no: str) -> LockView:
        body = {"staff_no": staff_no}
        return _lock_view(self._post("/v1/staff/staff-locks/show", body, bearer=staff_token))

    def clear_staff_lock(self, staff_token: str, staff_no: str) -> LockView:
        body = {"staff_no": staff_no}
        return _lock_view(self._post("/v1/staff/staff-locks/clear", body, bearer=staff_token))

    # -- collection records (issue 4) -------------------------------------------------

    def submit_collection_records(self, records: Sequence[Mapping[str, Any]]) -> list[RecordAck]:
        """One try (the sync worker owns retries and backoff). A 401 carries the answer's
        ``Date`` header in ``details["server_date"]`` so the worker can tell clock skew."""
        content = json.dumps({"records": list(records)}, ensure_ascii=False).encode()
        request = self._http.build_request(
            "POST",
            self.base_url + "/v1/collection-records",
            content=content,
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
                HEADER_IDEMPOTENCY: self._key_factory(),
            },
        )
        self._sign(request, content)
        try:
            response = self._http.send(request)
        except httpx.TransportError as exc:
            _log.warning("collection records: %s", type(exc).__name__)
            raise unreachable(exc) from exc
        if not response.is_success:
            error = error_from_response(response)
            if "date" in response.headers:
                error.details[SERVER_DATE_DETAIL] = response.headers["date"]
            raise error
        try:
            body = response.json()
        except ValueError as exc:
            raise AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code}) from exc
        return self._parse(
            lambda: [
                RecordAck(
                    id=uuid.UUID(str(r["id"])),
                    status=AckStatus(str(r["status"])),
                    reason=r.get("reason"),
                    reason_en=r.get("reason_en"),
                )
                for r in body["results"]
            ]
        )

    def fetch_bundle_key(self) -> str:
        """The service's bundle public key (base64, raw 32-byte X25519): what offline
        bundles are encrypted to. The caller stores it (``IdentityStore``)."""
        body = self._request("GET", "/v1/bundle-key")

        def build() -> str:
            key = valid_bundle_key(body["public_key"])
            if key is None:
                raise ValueError("public_key")
            return key

        return self._parse(build)

    # -- RegistrationApi: 用户注册 (R-ID-1..6, R-RN-1, R-RN-4) -----------------------------

    def start_registration(
        self, document_type: str, document_number: str, name: str
    ) -> RegistrationStarted:
        body = self._post(
            "/v1/registration",
            {"document_type": document_type, "document_number": document_number, "name": name},
        )
        return self._parse(
            lambda: RegistrationStarted(
                registration_id=str(body["registration_id"]),
                face_required=bool(body["face_required"]),
                level_on_success=int(body["level_on_success"]),
                expires_in_s=int(body["expires_in_s"]),
            )
        )

    def send_registration_sms(self, registration_id: str, phone: str) -> SmsSent:
        body = self._post(f"/v1/registration/{registration_id}/sms", {"phone": phone})
        return self._parse(lambda: _sms(body))

    def verify_registration_sms(self, registration_id: str, code: str) -> RegistrationPhoneVerified:
        body = self._post(f"/v1/registration/{registration_id}/verify", {"code": code})
        return self._parse(
            lambda: RegistrationPhoneVerified(phone_masked=str(body["phone_masked"]))
        )

    def check_registration_face(
        self, registration_id: str, template: Sequence[float]
    ) -> RegistrationFaceStatus:
        body = self._post(
            f"/v1/registration/{registration_id}/face",
            {"template": [float(x) for x in template]},
        )
        return self._parse(lambda: RegistrationFaceStatus(str(body["status"])))

    def complete_registration(
        self, registration_id: str, password: str, username: str | None = None
    ) -> LoggedIn:
        payload: dict[str, Any] = {"password": password}
        if username:
            payload["username"] = username
        body = self._post(f"/v1/registration/{registration_id}/complete", payload)

        def build() -> LoggedIn:
            if body["status"] != "logged_in":
                raise KeyError("status")
            return LoggedIn(
                session_token=str(body["session_token"]),
                expires_in_s=int(body["expires_in_s"]),
                person=_person(body["person"]),
                notices=_notices(body.get("notices")),
            )

        return self._parse(build)

    # -- transport -------------------------------------------------------------------

    def _post(
        self, path: str, payload: Mapping[str, Any], *, bearer: str | None = None
    ) -> dict[str, Any]:
        return self._request("POST", path, payload=payload, bearer=bearer)

    def _request(
        self,
        method: str,
        path: str,
        *,
        payload: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
        bearer: str | None = None,
        timeout_s: float | None = None,
    ) -> dict[str, Any]:
        """Send one call, retrying after connection errors with the same idempotency key.
        ``timeout_s`` replaces the client's timeout for this call (long polls)."""
        content = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else b""
        headers = {"Accept": "application/json"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if method == "POST":
            # One key for every try of this call: the service answers a retry from its store.
            headers[HEADER_IDEMPOTENCY] = self._key_factory()
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"

        attempt = 0
        while True:
            request = self._http.build_request(
                method,
                self.base_url + path,
                content=content,
                params=params,
                headers=headers,
                timeout=timeout_s if timeout_s is not None else httpx.USE_CLIENT_DEFAULT,
            )
            self._sign(request, content)
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                attempt += 1
                _log.warning(
                    "%s %s failed (%s), try %d of %d",
                    method,
                    mask_text(request.url.path),
                    type(exc).__name__,
                    attempt,
                    self._retries + 1,
                )
                if attempt > self._retries:
                    raise unreachable(exc) from exc
                self._backoff(attempt)
                continue
            break

        _log.debug("%s %s -> %d", method, mask_text(request.url.path), response.status_code)
        if not response.is_success:
            raise error_from_response(response)
        try:
            body = response.json()
        except ValueError as exc:
            raise AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code}) from exc
        if not isinstance(body, dict):
            raise AccountError(ErrorCode.INTERNAL_ERROR, {"status": response.status_code})
        return body

    def _sign(self, request: httpx.Request, content: bytes) -> None:
        """A fresh timestamp and nonce per try: the service refuses a nonce it has seen."""
        timestamp = int(self._clock())
        nonce = self._nonce_factory()
        path_with_query = request.url.raw_path.decode("ascii")
        message = canonical_request(
            method=request.method,
            path_with_query=path_with_query,
            timestamp=timestamp,
            nonce=nonce,
            body=content,
            terminal_id=self._identity.terminal_id,
        )
        request.headers[HEADER_TERMINAL] = self._identity.terminal_id
        request.headers[HEADER_TIMESTAMP] = str(timestamp)
        request.headers[HEADER_NONCE] = nonce
        request.headers[HEADER_SIGNATURE] = sign(self._identity.private_key, message)

    @staticmethod
    def _parse(build: Callable[[], _T]) -> _T:
        """A success answer missing fields is a service fault, not a crash of the kiosk."""
        try:
            return build()
        except (KeyError, TypeError, ValueError) as exc:
            raise AccountError(ErrorCode.INTERNAL_ERROR, {}) from exc
