"""Issue 13 item 8: a moment in a message reads as a person says it (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain.lockout import SHANGHAI, next_midnight
from kiosk.domain.moments import describe_moment, unlock_details
from kiosk.protocol.messages import ErrorCode, Lang, render

NOW = datetime(2026, 12, 7, 15, 30, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("moment", "zh", "en"),
    [
        (
            datetime(2026, 12, 7, 18, 5, tzinfo=SHANGHAI),
            "今天 18:05（12月7日）",
            "18:05 today (7 Dec)",
        ),
        (next_midnight(NOW), "明天 00:00（12月8日）", "00:00 tomorrow (8 Dec)"),
        (datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI), "12月10日 09:00", "09:00 on 10 Dec"),
        (datetime(2027, 1, 2, 0, 0, tzinfo=SHANGHAI), "2027年1月2日 00:00", "00:00 on 2 Jan 2027"),
    ],
)
def test_R_LK_1_moments_read_as_a_person_says_them(moment: datetime, zh: str, en: str) -> None:
    assert describe_moment(moment, NOW, Lang.ZH) == zh
    assert describe_moment(moment, NOW, Lang.EN) == en


def test_R_LK_1_the_shanghai_day_decides_even_for_a_utc_now() -> None:
    # 00:30 on 8 Dec in Shanghai is still 7 Dec in UTC: "today" is Shanghai's day.
    now_utc = datetime(2026, 12, 8, 0, 30, tzinfo=SHANGHAI).astimezone(UTC)
    noon = datetime(2026, 12, 8, 12, 0, tzinfo=SHANGHAI)
    assert describe_moment(noon, now_utc, Lang.ZH) == "今天 12:00（12月8日）"
    # New Year's Eve: tomorrow is in the next year, and says so.
    eve = datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI)
    assert describe_moment(next_midnight(eve), eve, Lang.ZH) == "明天 00:00（2027年1月1日）"


def test_R_LK_1_lock_messages_never_show_the_iso_instant() -> None:
    details, details_en = unlock_details(next_midnight(NOW), NOW)
    assert details["unlock_at"] == "2026-12-08T00:00:00+08:00"
    assert details["retry_after_s"] == 8 * 3600 + 30 * 60
    both = {**details, **{f"{k}_en": v for k, v in details_en.items()}}
    zh = render(ErrorCode.ACCOUNT_LOCKED, Lang.ZH, both)
    en = render(ErrorCode.ACCOUNT_LOCKED, Lang.EN, both)
    assert "或于明天 00:00（12月8日）后再登录" in zh
    assert "log in again after 00:00 tomorrow (8 Dec)" in en
    assert "2026-12-08T" not in zh + en
