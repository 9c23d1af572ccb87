"""R-SMS-1 (5 codes per 10 minutes per phone) and R-2F-3 (resend countdown)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.sms_window import (
    CODE_TTL,
    MAX_PER_WINDOW,
    RESEND_COUNTDOWN,
    WINDOW,
    SmsWindow,
    resend_wait,
    seconds_up,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_constants_R_SMS_1() -> None:
    assert WINDOW.total_seconds() == 600
    assert MAX_PER_WINDOW == 5
    assert RESEND_COUNTDOWN.total_seconds() == 60
    assert CODE_TTL.total_seconds() == 300


def test_sixth_in_ten_minutes_refused_then_allowed_R_SMS_1() -> None:
    window = SmsWindow()
    for minute in range(5):
        now = T0 + timedelta(minutes=minute * 2)
        assert window.wait(now) == timedelta(0)
        window = window.after_send(now)
    assert window.start == T0
    assert window.count == 5
    now = T0 + timedelta(minutes=9, seconds=15)
    assert window.wait(now) == T0 + WINDOW - now == timedelta(seconds=45)
    assert window.wait(T0 + WINDOW - timedelta(microseconds=1)) > timedelta(0)
    assert window.wait(T0 + WINDOW) == timedelta(0)
    renewed = window.after_send(T0 + WINDOW)
    assert renewed == SmsWindow(start=T0 + WINDOW, count=1)


def test_window_counts_from_its_first_code_R_SMS_1() -> None:
    window = SmsWindow().after_send(T0)
    later = window.after_send(T0 + timedelta(minutes=9))
    assert later.start == T0
    fresh = later.after_send(T0 + timedelta(minutes=10, seconds=1))
    assert fresh.start == T0 + timedelta(minutes=10, seconds=1)
    assert fresh.count == 1


@given(st.lists(st.integers(0, 900), min_size=1, max_size=30))
def test_never_more_than_five_in_any_window_R_SMS_1(gaps: list[int]) -> None:
    """Sending only when wait() is zero never puts a 6th code within 10 min of a window start."""
    window = SmsWindow()
    now = T0
    sent: list[datetime] = []
    for gap in gaps:
        now += timedelta(seconds=gap)
        wait = window.wait(now)
        if wait:
            assert window.start is not None
            assert wait == window.start + WINDOW - now
            continue
        window = window.after_send(now)
        sent.append(now)
        assert window.start is not None
        in_window = [t for t in sent if window.start <= t < window.start + WINDOW]
        assert len(in_window) == window.count <= MAX_PER_WINDOW


def test_seconds_up_rounds_up() -> None:
    assert seconds_up(timedelta(seconds=44, microseconds=1)) == 45
    assert seconds_up(timedelta(seconds=45)) == 45
    assert seconds_up(timedelta(0)) == 0
    assert seconds_up(timedelta(seconds=-3)) == 0


def test_resend_countdown_belongs_to_the_attempt_R_2F_3() -> None:
    assert resend_wait(None, T0) == timedelta(0)  # a new attempt can send at once
    assert resend_wait(T0, T0 + timedelta(seconds=20)) == timedelta(seconds=40)
    assert resend_wait(T0, T0 + timedelta(seconds=60)) == timedelta(0)
    assert resend_wait(T0, T0 + timedelta(hours=1)) == timedelta(0)
