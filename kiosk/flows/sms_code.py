"""The SMS step every journey that sends a code shares: request, the resend countdown and the
code's local check (R-2F-3: the countdown the service sets, shown on the resend button)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from kiosk.domain.sms_window import CODE_LENGTH, is_code, normalize_code
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

T = TypeVar("T")
SMS_CODE_LENGTH = CODE_LENGTH
_CODE_FIELD: dict[str, object] = {"field_zh": "短信验证码", "field_en": "SMS code"}


def checked_code(typed: str) -> str | UserError:
    """The code as the service compares it (full-width digits and spaces normalized), or
    FIELD_REQUIRED / SMS_CODE_FORMAT before the service is asked: a typo costs no try."""
    code = normalize_code(typed)
    if not code:
        return UserError(ErrorCode.FIELD_REQUIRED, _CODE_FIELD)
    if not is_code(code):
        return UserError(ErrorCode.SMS_CODE_FORMAT)
    return code


@dataclass(slots=True)
class SmsCode:
    """One attempt's code: what was sent and when it may be sent again. It lives in the
    flow's state, so a new attempt (a new state) starts without a countdown (R-2F-3)."""

    sent: SmsSent | None = None
    resend_at: float | None = None  # monotonic seconds; None = may request now

    def send(self, request: Callable[[], SmsSent], now: float) -> UserError | None:
        """Ask the service for a code; on a refusal keep the countdown it asks for
        (SMS_RESEND_TOO_SOON), else the one already running."""
        try:
            sent = request()
        except UserError as error:
            if error.code is ErrorCode.SMS_RESEND_TOO_SOON and error.retry_after_s is not None:
                self.resend_at = now + error.retry_after_s
            return error
        self.started(sent.resend_after_s, now, sent)
        return None

    def started(self, resend_after_s: int, now: float, sent: SmsSent | None = None) -> None:
        """A code went out (also as part of another answer: a change that starts with one);
        the countdown runs from now."""
        self.sent = sent
        self.resend_at = now + resend_after_s

    @staticmethod
    def verify(typed: str, check: Callable[[str], T]) -> T | UserError:
        """The typed code, checked here first (a typo costs no try), then by ``check``
        (the service): its answer, or the refusal the person reads."""
        code = checked_code(typed)
        if isinstance(code, UserError):
            return code
        try:
            return check(code)
        except UserError as error:
            return error

    def seconds_left(self, now: float) -> int:
        """The countdown on the resend button; 0 means it may be tapped."""
        if self.resend_at is None:
            return 0
        return max(0, int(self.resend_at - now + 0.999))
