"""Issue 7 hardening: the quick-login check (Keycloak's; NIST SP 800-63B §5.2.2). A failed
first factor sooner than ``quick_login_gap_ms`` after the previous failure of the same
account, or at the same terminal, is refused uncounted, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]
WANG = DEMO_PERSONS[2]
WRONG = "Wrong.pass1"
GAP = timedelta(milliseconds=1000)


@pytest.fixture
def gap_service(
    database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    """The service with the production default gap (the shared fixture turns it off)."""
    with live_service(database_url, manual_clock, tmp_path, quick_login_gap_ms=1000) as service:
        yield service


def _terminal(service: EmbeddedService, clock: ManualClock, name: str) -> SignedClient:
    client = SignedClient(service.base_url, now=clock.now)
    client.enroll(service.create_enroll_code(name), name)
    return client


def _error(response: Any) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


def test_R_LK_1_a_second_failure_within_the_gap_is_refused_and_not_counted(
    gap_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    with _terminal(gap_service, manual_clock, "hall A") as a:
        first = a.login("zhangsan01", WRONG)
        assert _error(first)["details"]["remaining"] == 4
        manual_clock.advance(GAP / 2)
        fast = a.login("zhangsan01", WRONG)
        assert fast.status_code == 429
        assert _error(fast)["code"] == "LOGIN_TOO_FAST"
        assert _error(fast)["details"]["retry_after_s"] == 1
        # ...not even the right password gets through within the gap,
        right_too_soon = a.login("zhangsan01", ZHANG.password)
        assert _error(right_too_soon)["code"] == "LOGIN_TOO_FAST"
        manual_clock.advance(GAP)
        # ...and the refused tries were not counted toward the lock: 3 left, not 2 or 1.
        assert _error(a.login("zhangsan01", WRONG))["details"]["remaining"] == 3
        manual_clock.advance(GAP)
        assert a.login("zhangsan01", ZHANG.password).status_code == 200


def test_the_gap_is_kept_per_account_across_terminals(
    gap_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    with (
        _terminal(gap_service, manual_clock, "hall A") as a,
        _terminal(gap_service, manual_clock, "hall B") as b,
    ):
        assert _error(a.login("zhangsan01", WRONG))["code"] == "WRONG_PASSWORD"
        # Another terminal, same account, same instant: a script spraying one account.
        assert _error(b.login(ZHANG.document_number, WRONG))["code"] == "LOGIN_TOO_FAST"


def test_the_gap_is_kept_per_terminal_across_accounts(
    gap_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    with (
        _terminal(gap_service, manual_clock, "hall A") as a,
        _terminal(gap_service, manual_clock, "hall B") as b,
    ):
        assert _error(a.login("zhangsan01", WRONG))["code"] == "WRONG_PASSWORD"
        # The same terminal trying another account at once: a script walking accounts.
        assert _error(a.login(WANG.document_number, WRONG))["code"] == "LOGIN_TOO_FAST"
        # Another terminal with another account is not slowed down by either.
        assert _error(b.login(WANG.document_number, WRONG))["code"] == "WRONG_PASSWORD"


def test_successes_are_never_slowed_down(
    gap_service: EmbeddedService, manual_clock: ManualClock
) -> None:
    with _terminal(gap_service, manual_clock, "hall A") as a:
        for _ in range(3):
            assert a.login("zhangsan01", ZHANG.password).status_code == 200
