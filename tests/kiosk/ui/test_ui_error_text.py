"""Issue 13 item 8 at the kiosk: a lock's time reads as a person says it, in zh and en."""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.ui.common.error_text import error_text

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=SHANGHAI)


def test_R_LK_1_a_bare_unlock_instant_is_worded_at_the_kiosk() -> None:
    """An error built on the terminal (the offline staff lock) carries only the instant."""
    error = UserError(ErrorCode.STAFF_LOCKED, {"unlock_at": "2026-12-08T00:00:00+08:00"})
    zh = error_text(error, Lang.ZH, now=lambda: NOW)
    en = error_text(error, Lang.EN, now=lambda: NOW)
    assert "请于明天 00:00（12月8日）后再登录" in zh
    assert "00:00 tomorrow (8 Dec)" in en
    assert "T00:00" not in zh + en


def test_R_LK_1_the_services_wording_is_kept() -> None:
    """The service worded it at its own clock when it answered: shown as it came."""
    error = UserError(
        ErrorCode.ACCOUNT_LOCKED,
        {
            "unlock_at": "2026-12-08T00:00:00+08:00",
            "unlock_text": "明天 00:00（12月8日）",
            "unlock_text_en": "00:00 tomorrow (8 Dec)",
        },
    )
    later = datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI)
    assert "明天 00:00（12月8日）" in error_text(error, Lang.ZH, now=lambda: later)
    assert "after 00:00 tomorrow (8 Dec)" in error_text(error, Lang.EN, now=lambda: later)
