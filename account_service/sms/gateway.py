"""How codes reach a phone. The development gateway keeps them in a table; codes never
go to a log."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.sms.models import OutboxMessage


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
