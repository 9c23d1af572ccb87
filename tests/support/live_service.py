"""The real account service under uvicorn on a loopback port, for tests.

Migrations applied (once per run: tests/support/templates.py), ``ManualClock`` injected, cheap argon2 parameters (the production
defaults cost ~20 MiB and tens of ms per hash).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from account_service.clock import Clock
from account_service.embedded import EmbeddedService
from account_service.settings import AccountServiceSettings
from account_service.sms.gateway import SmsGateway
from tests.support.templates import copy_template

TEST_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
# The production defaults of what tests/support turns off (tests/security sets them back).
PRODUCTION_THROTTLES = {
    "quick_login_gap_ms": 1000,
    "slow_down_s": 30,
    "terminal_failures_per_10min": 30,
    "terminal_locks_per_hour": 3,
    "terminal_unknown_ids_per_10min": 20,
    "sms_per_terminal_per_hour": 60,
    "sms_per_person_per_hour": 10,
}


def service_settings(database_url: str, data_dir: Path, **overrides: Any) -> AccountServiceSettings:
    values: dict[str, Any] = {
        # The tests read codes from the development outbox; production has its own tests.
        "profile": "development",
        "database_url": database_url,
        "data_dir": data_dir,
        "access_log": False,
        # Tests fire attempts at one frozen instant; the quick-login check, the slow-down
        # and the budgets have their own tests (tests/security), with production values.
        "quick_login_gap_ms": 0,
        "slow_down_s": 0,
        "terminal_failures_per_10min": 10_000,
        "terminal_locks_per_hour": 10_000,
        "terminal_unknown_ids_per_10min": 10_000,
        "sms_per_terminal_per_hour": 10_000,
        "sms_per_person_per_hour": 10_000,
        **TEST_ARGON2,
        **overrides,
    }
    return AccountServiceSettings(**values)


@contextmanager
def live_service(
    database_url: str,
    clock: Clock,
    data_dir: Path,
    *,
    load_demo: bool = True,
    gateway: SmsGateway | None = None,
    **overrides: Any,
) -> Iterator[EmbeddedService]:
    """``gateway`` replaces the SMS gateway object; ``overrides`` are
    AccountServiceSettings fields (e.g. ``sms_gateway="null"``).

    A new database (the fixtures' own) becomes a copy of this run's migrated template, with
    the demo data when ``load_demo`` (tests/support/templates.py); any other is migrated
    and loaded by the service itself, as the kiosk demo does."""
    settings = service_settings(database_url, data_dir, **overrides)
    copied = copy_template(settings, clock, load_demo=load_demo)
    service = EmbeddedService(
        settings,
        clock=clock,
        load_demo=load_demo and not copied,
        apply_migrations=not copied,
        sms_gateway=gateway,
    )
    with service:
        yield service
