"""What every journey with an SMS code shares: the code's local check and the resend
countdown (R-2F-3: the countdown the service sets, shown on the resend button)."""

from __future__ import annotations

from kiosk.domain.messages import ErrorCode
from kiosk.domain.sms_window import CODE_LENGTH, is_code, normalize_code
from kiosk.services.account_api import AccountError

SMS_CODE_LENGTH = CODE_LENGTH
_CODE_FIELD: dict[str, object] = {"field_zh": "短信验证码", "field_en": "SMS code"}


def checked_code(typed: str) -> str | AccountError:
    """The code as the service compares it (full-width digits and spaces normalized), or
    FIELD_REQUIRED / SMS_CODE_FORMAT before the service is asked: a typo costs no try."""
    code = normalize_code(typed)
    if not code:
        return AccountError(ErrorCode.FIELD_REQUIRED, _CODE_FIELD)
    if not is_code(code):
        return AccountError(ErrorCode.SMS_CODE_FORMAT)
    return code


def resend_at_after(error: AccountError, now: float, current: float | None) -> float | None:
    """When a refused send may be retried: what the service said (SMS_RESEND_TOO_SOON),
    else the countdown already running."""
    if error.code is ErrorCode.SMS_RESEND_TOO_SOON and error.retry_after_s is not None:
        return now + error.retry_after_s
    return current


def seconds_left(resend_at: float | None, now: float) -> int:
    """The countdown on the resend button; 0 means it may be tapped."""
    if resend_at is None:
        return 0
    return max(0, int(resend_at - now + 0.999))
