"""How codes reach a phone: the province's SMS provider over HTTP in production; the
development gateway keeps them in a table. Codes never go to a log."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Protocol

import httpx
from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.sms.models import OutboxMessage
from kiosk.domain.masking import mask_phone

logger = logging.getLogger(__name__)


class SmsPurpose(StrEnum):
    LOGIN = "login"
    REGISTRATION = "registration"
    PASSWORD_RESET = "password_reset"
    PHONE_CHANGE = "phone_change"


class SmsGateway(Protocol):
    def send(self, phone: str, code: str, purpose: SmsPurpose) -> None: ...


class OutboxGateway:
    """Development: store the message for testers (GET /v1/dev/sms-outbox)."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock

    def send(self, phone: str, code: str, purpose: SmsPurpose) -> None:
        with self._session_factory.begin() as session:
            session.add(
                OutboxMessage(
                    phone=phone, code=code, purpose=purpose.value, sent_at=self._clock.now()
                )
            )


class NullGateway:
    """Discards messages (load tests, or a deployment whose provider is not wired yet)."""

    def send(self, phone: str, code: str, purpose: SmsPurpose) -> None:
        return None


# What the person reads on the phone, per purpose (the code is filled in).
SMS_TEXT: dict[SmsPurpose, str] = {
    SmsPurpose.LOGIN: "【电子税务局】您正在登录，验证码{code}，5分钟内有效，请勿告诉他人。",
    SmsPurpose.REGISTRATION: "【电子税务局】您正在注册，验证码{code}，5分钟内有效，请勿告诉他人。",
    SmsPurpose.PASSWORD_RESET: "【电子税务局】您正在重置密码，验证码{code}，5分钟内有效，请勿告诉他人。",
    SmsPurpose.PHONE_CHANGE: "【电子税务局】您正在确认账户变更，验证码{code}，5分钟内有效，请勿告诉他人。",
}


class HttpGateway:
    """Production: ``POST`` to the provider's endpoint with a bearer token:
    ``{"phone", "purpose", "text"}``. It runs after the code is committed, so a provider
    failure cannot undo the answer: it is logged (masked, never the code) and the person
    asks for a new code when the resend countdown ends."""

    def __init__(
        self, url: str, token: str, *, timeout_s: float, http: httpx.Client | None = None
    ) -> None:
        self._url = url
        # No token, no header: "Bearer " alone is not a valid header value (h11 refuses it).
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = http or httpx.Client(timeout=timeout_s, headers=headers)

    def send(self, phone: str, code: str, purpose: SmsPurpose) -> None:
        body = {
            "phone": phone,
            "purpose": purpose.value,
            "text": SMS_TEXT[purpose].format(code=code),
        }
        try:
            response = self._http.post(self._url, json=body)
        except httpx.HTTPError as error:
            logger.warning("SMS to %s not sent: %s", mask_phone(phone), type(error).__name__)
            return
        if response.status_code >= 300:
            logger.warning(
                "SMS to %s refused by the provider: HTTP %d",
                mask_phone(phone),
                response.status_code,
            )

    def close(self) -> None:
        self._http.close()
