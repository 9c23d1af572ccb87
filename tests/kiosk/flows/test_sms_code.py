"""The one SMS step every journey shares (R-2F-3): the countdown the service sets, kept on a
refusal to resend too soon, and the typed code's local check."""

from __future__ import annotations

import pytest

from kiosk.flows.sms_code import SmsCode, checked_code
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


def _sent() -> SmsSent:
    return SmsSent(phone_masked="138****0001", resend_after_s=60, expires_in_s=300)


def test_R_2F_3_a_sent_code_starts_the_countdown_the_service_set() -> None:
    sms = SmsCode()
    assert sms.seconds_left(now=100.0) == 0
    assert sms.send(_sent, now=100.0) is None
    assert sms.sent == _sent()
    assert sms.seconds_left(now=100.0) == 60
    assert sms.seconds_left(now=159.5) == 1
    assert sms.seconds_left(now=160.0) == 0


def test_R_2F_3_too_soon_takes_the_services_countdown_other_refusals_keep_the_running_one() -> None:
    sms = SmsCode()
    sms.send(_sent, now=0.0)

    def too_soon() -> SmsSent:
        raise UserError(ErrorCode.SMS_RESEND_TOO_SOON, {"retry_after_s": 42})

    def unreachable() -> SmsSent:
        raise UserError(ErrorCode.SERVICE_UNREACHABLE)

    refused = sms.send(too_soon, now=10.0)
    assert refused is not None and refused.code is ErrorCode.SMS_RESEND_TOO_SOON
    assert sms.seconds_left(now=10.0) == 42
    down = sms.send(unreachable, now=20.0)
    assert down is not None and down.code is ErrorCode.SERVICE_UNREACHABLE
    assert sms.seconds_left(now=20.0) == 32
    assert sms.sent == _sent()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("123456", "123456"), ("１２３４５６", "123456"), (" 123 456 ", "123456")],
)
def test_a_typed_code_is_normalized(typed: str, expected: str) -> None:
    assert checked_code(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"), [("", ErrorCode.FIELD_REQUIRED), ("12345", ErrorCode.SMS_CODE_FORMAT)]
)
def test_a_malformed_code_costs_no_try(typed: str, code: ErrorCode) -> None:
    refused = checked_code(typed)
    assert isinstance(refused, UserError) and refused.code is code
