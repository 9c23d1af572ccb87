"""R-LK-1: 5 consecutive failures of one method in a Shanghai calendar day lock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.lockout import (
    MAX_CONSECUTIVE_FAILURES,
    SHANGHAI,
    AuthMethod,
    FailureCount,
    is_locked,
    next_midnight,
    shanghai_day,
)


def sh(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SHANGHAI)


def fail_n(times: list[datetime]) -> FailureCount:
    count = FailureCount()
    for t in times:
        count = count.after_failure(t)
    return count


def test_three_methods_counted_separately_R_LK_1() -> None:
    assert {m.value for m in AuthMethod} == {"password", "sms", "face"}


def test_five_failures_on_one_day_lock_R_LK_1() -> None:
    times = [sh(2025, 3, 1, 9, i) for i in range(5)]
    four = fail_n(times[:4])
    assert not four.locks(times[3])
    assert four.remaining(times[3]) == 1
    five = four.after_failure(times[4])
    assert five.locks(times[4])
    assert five.remaining(times[4]) == 0
    assert five.locks(sh(2025, 3, 1, 23, 59))


def test_failures_either_side_of_midnight_do_not_add_up_R_LK_1() -> None:
    before = fail_n([sh(2025, 3, 1, 23, 55 + i) for i in range(4)])  # 23:55..23:58
    at_2359 = before.after_failure(sh(2025, 3, 1, 23, 59))
    assert at_2359.locks(sh(2025, 3, 1, 23, 59))
    # A new Shanghai day starts from zero, so the 00:01 failure is the first of that day.
    after = at_2359.after_failure(sh(2025, 3, 2, 0, 1))
    assert after.count == 1
    assert not after.locks(sh(2025, 3, 2, 0, 1))
    assert at_2359.current(sh(2025, 3, 2, 0, 0)) == 0


def test_one_at_2359_and_one_at_0001_count_one_each_R_LK_1() -> None:
    first = FailureCount().after_failure(sh(2025, 3, 1, 23, 59))
    second = first.after_failure(sh(2025, 3, 2, 0, 1))
    assert first.count == 1
    assert second.count == 1
    assert second.day == date(2025, 3, 2)


def test_day_is_shanghai_not_utc_R_LK_1() -> None:
    # 15:59 UTC = 23:59 Shanghai, 16:01 UTC = 00:01 Shanghai the next day.
    a = datetime(2025, 3, 1, 15, 59, tzinfo=UTC)
    b = datetime(2025, 3, 1, 16, 1, tzinfo=UTC)
    assert shanghai_day(a) == date(2025, 3, 1)
    assert shanghai_day(b) == date(2025, 3, 2)
    assert FailureCount().after_failure(a).after_failure(b).count == 1


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        shanghai_day(datetime(2025, 3, 1, 12, 0))


def test_next_midnight_is_when_the_lock_lifts_R_LK_1() -> None:
    now = sh(2025, 3, 1, 9, 30)
    assert next_midnight(now) == sh(2025, 3, 2, 0, 0)
    assert next_midnight(sh(2025, 12, 31, 23, 59)) == sh(2026, 1, 1, 0, 0)
    assert next_midnight(datetime(2025, 3, 1, 16, 30, tzinfo=UTC)) == sh(2025, 3, 3, 0, 0)
    until = next_midnight(now)
    assert is_locked(until, sh(2025, 3, 1, 23, 59))
    assert not is_locked(until, sh(2025, 3, 2, 0, 0))
    assert not is_locked(None, now)


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.lists(st.integers(0, 3600), min_size=1, max_size=12),
)
def test_count_never_exceeds_failures_of_the_current_day_R_LK_1(
    start: datetime, gaps: list[int]
) -> None:
    now = start.replace(tzinfo=SHANGHAI)
    count = FailureCount()
    same_day = 0
    for gap in gaps:
        previous_day = now.date()
        now = now + timedelta(seconds=gap)
        same_day = same_day + 1 if now.date() == previous_day and same_day else 1
        count = count.after_failure(now)
        assert count.current(now) == same_day
        assert count.locks(now) == (same_day >= MAX_CONSECUTIVE_FAILURES)
