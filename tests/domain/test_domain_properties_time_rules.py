"""R-LK-1, R-SMS-1, R-2F-3 and R-UN-1 arithmetic for arbitrary aware datetimes (issue 7)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.lockout import (
    MAX_CONSECUTIVE_FAILURES,
    SHANGHAI,
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)
from kiosk.domain.sms_window import (
    MAX_PER_WINDOW,
    RESEND_COUNTDOWN,
    WINDOW,
    SmsWindow,
    resend_wait,
    seconds_up,
)
from kiosk.domain.usernames import can_change_username, next_username_change

# Any zone the kiosk or the service might run in, any instant from 1970 on.
aware = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.timezones()
)
steps = st.lists(st.integers(0, 36 * 3600), min_size=1, max_size=30)


@given(now=aware)
def test_unlock_is_the_next_shanghai_midnight_strictly_after_now_R_LK_1(now: datetime) -> None:
    unlock = next_midnight(now)
    local = unlock.astimezone(SHANGHAI)
    assert local.time() == time(0, 0)
    assert local.date() == shanghai_day(now) + timedelta(days=1)
    assert now < unlock <= now + timedelta(hours=25)
    assert is_locked(unlock, now)
    assert not is_locked(unlock, unlock)
    assert not is_locked(None, now)


@given(now=st.datetimes())
def test_naive_datetimes_are_refused_R_LK_1(now: datetime) -> None:
    with pytest.raises(ValueError):
        next_midnight(now)
    with pytest.raises(ValueError):
        FailureCount().after_failure(now)


@given(start=aware, gaps=steps)
def test_failure_count_is_the_failures_of_the_current_shanghai_day_R_LK_1(
    start: datetime, gaps: list[int]
) -> None:
    count = FailureCount()
    now = start
    times: list[datetime] = []
    for gap in gaps:
        now = now + timedelta(seconds=gap)
        count = count.after_failure(now)
        times.append(now)
        same_day = [t for t in times if shanghai_day(t) == shanghai_day(now)]
        assert count.current(now) == len(same_day)
        assert 0 <= count.remaining(now) <= MAX_CONSECUTIVE_FAILURES
        assert count.locks(now) == (count.remaining(now) == 0)
        assert count.locks(now) == (len(same_day) >= MAX_CONSECUTIVE_FAILURES)
        # The count never survives the next Shanghai midnight.
        assert count.current(next_midnight(now)) == 0
        assert count.remaining(next_midnight(now)) == MAX_CONSECUTIVE_FAILURES


@given(start=aware, gaps=st.lists(st.integers(0, 15 * 60), min_size=1, max_size=40))
def test_sms_window_model_R_SMS_1(start: datetime, gaps: list[int]) -> None:
    window = SmsWindow()
    now = start
    sent: list[datetime] = []
    for gap in gaps:
        now = now + timedelta(seconds=gap)
        wait = window.wait(now)
        assert timedelta(0) <= wait <= WINDOW
        if wait:
            assert window.count >= MAX_PER_WINDOW
            assert window.wait(now + wait) == timedelta(0)  # waiting as told is enough
            continue
        window = window.after_send(now)
        sent.append(now)
        assert window.start is not None and 1 <= window.count <= MAX_PER_WINDOW
        # At most 5 codes counted from the window's first code, for its 10 minutes.
        in_window = [t for t in sent if window.start <= t < window.start + WINDOW]
        assert len(in_window) == window.count <= MAX_PER_WINDOW


@given(last=st.none() | aware, offset=st.integers(-3600, 3600))
def test_resend_countdown_is_between_zero_and_sixty_seconds_R_2F_3(
    last: datetime | None, offset: int
) -> None:
    now = (last or datetime(2026, 1, 1, tzinfo=UTC)) + timedelta(seconds=offset)
    wait = resend_wait(last, now)
    assert timedelta(0) <= wait
    if last is None or offset >= RESEND_COUNTDOWN.total_seconds():
        assert wait == timedelta(0)
    elif offset >= 0:
        assert wait == RESEND_COUNTDOWN - timedelta(seconds=offset)
    assert resend_wait(last, now + wait) == timedelta(0)


@given(delta=st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=2)))
def test_seconds_shown_round_up_and_never_say_zero_too_early(delta: timedelta) -> None:
    shown = seconds_up(delta)
    assert shown >= 0
    assert shown >= delta.total_seconds()
    assert shown - delta.total_seconds() < 1 or delta <= timedelta(0)
    if delta > timedelta(0):
        assert shown >= 1


@given(last=aware, now=aware)
def test_username_changes_once_per_shanghai_calendar_year_R_UN_1(
    last: datetime, now: datetime
) -> None:
    allowed = can_change_username(last, now)
    assert allowed == (last.astimezone(SHANGHAI).year < now.astimezone(SHANGHAI).year)
    when = next_username_change(last, now)
    if allowed:
        assert when is None
    else:
        assert when is not None and when > last
        local = when.astimezone(SHANGHAI)
        assert (local.month, local.day, local.time()) == (1, 1, time(0, 0))
        assert can_change_username(last, when)
        assert not can_change_username(last, when - timedelta(microseconds=1))


@given(now=aware)
def test_first_username_is_not_a_change_R_UN_1(now: datetime) -> None:
    assert can_change_username(None, now)
    assert next_username_change(None, now) is None
