"""A scriptable AccountApi for widget-level UI tests (journeys use the real service)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.protocol.auth import LoggedIn, PasswordAccepted, PasswordChangeRequired, SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import PersonSummary
from kiosk.protocol.terminals import OutboxSms

ZHANG_ACCEPTED = PasswordAccepted(
    attempt_id="attempt-1", sms_phone_masked="138****0001", initial_password=False
)
ZHANG_PERSON = PersonSummary(
    person_id="p-1",
    name_masked="张*",
    id_number_masked="110***********002X",
    real_name_level=4,
    username="zhangsan01",
    phone_masked="138****0001",
)


@dataclass
class FakeApi:
    accepted: PasswordAccepted = ZHANG_ACCEPTED
    person: PersonSummary = ZHANG_PERSON
    login_error: UserError | None = None
    change_required: bool = False
    calls: list[str] = field(default_factory=list)

    def health(self) -> bool:
        return True

    def start_login(self, identifier: str, password: str) -> PasswordAccepted:
        self.calls.append("start_login")
        if self.login_error is not None:
            raise self.login_error
        return self.accepted

    def send_login_sms(self, attempt_id: str) -> SmsSent:
        self.calls.append("send_login_sms")
        return SmsSent(
            phone_masked=self.accepted.sms_phone_masked or "", resend_after_s=60, expires_in_s=300
        )

    def verify_login_sms(self, attempt_id: str, code: str) -> LoggedIn | PasswordChangeRequired:
        self.calls.append("verify_login_sms")
        if code != "123456":
            raise UserError(ErrorCode.SMS_CODE_WRONG, {"remaining": 4})
        if self.change_required:
            return PasswordChangeRequired(change_token="change-token")
        return LoggedIn(session_token="session-token", expires_in_s=600, person=self.person)

    def verify_login_face(
        self, attempt_id: str, template: Sequence[float]
    ) -> LoggedIn | PasswordChangeRequired:
        self.calls.append("verify_login_face")
        return LoggedIn(session_token="session-token", expires_in_s=600, person=self.person)

    def change_initial_password(self, change_token: str, new_password: str) -> None:
        self.calls.append("change_initial_password")

    def current_person(self, session_token: str) -> PersonSummary:
        return self.person

    def logout(self, session_token: str) -> None:
        self.calls.append("logout")

    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]:
        return [
            OutboxSms(
                phone="13800000001",
                code="123456",
                purpose="login",
                sent_at="2026-11-22T10:00:00+08:00",
            )
        ]


class IdleClock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
