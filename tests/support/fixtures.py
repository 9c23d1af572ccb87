"""Pytest fixtures shared by every test folder (listed in the root conftest's
``pytest_plugins``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.terminal_identity import enroll
from tests.support.databases import DROPS, fresh_postgres_database, sqlite_url
from tests.support.live_service import live_service
from tests.support.signed_client import SignedClient
from tests.support.templates import TEMPLATES


@pytest.fixture
def manual_clock() -> ManualClock:
    """2026-11-22 10:00 Asia/Shanghai (02:00 UTC)."""
    return ManualClock()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend (the migrations are not applied yet).

    Under ``account_service`` (which migrates it before the test sees it) the PostgreSQL
    database is only named here: the service creates it as a copy of the run's migrated
    template (tests/support/templates.py); the SQLite file is copied the same way."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    with fresh_postgres_database(create="account_service" not in request.fixturenames) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def _database_templates() -> Iterator[None]:
    """The migrated template databases of the run (tests/support/templates.py), dropped
    at its end, after the databases of the tests (dropped in the background)."""
    yield
    DROPS.wait()
    TEMPLATES.drop_all()


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture
def account_service(
    database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    """The real service on loopback, migrated, with the demo data, on the manual clock."""
    with live_service(database_url, manual_clock, tmp_path) as service:
        yield service


@pytest.fixture
def signed_client(
    account_service: EmbeddedService, manual_clock: ManualClock
) -> Iterator[SignedClient]:
    """An enrolled terminal whose clock follows the service's manual clock."""
    with SignedClient(account_service.base_url, now=manual_clock.now) as client:
        client.enroll(account_service.create_enroll_code("pytest"))
        yield client


@pytest.fixture
def kiosk_api(
    account_service: EmbeddedService, manual_clock: ManualClock
) -> Iterator[HttpAccountClient]:
    """The kiosk's own HTTP client, enrolled on the live service, signing on the manual clock."""
    code = account_service.create_enroll_code("pytest kiosk")
    identity = enroll(account_service.base_url, code, "pytest kiosk")
    with HttpAccountClient(
        account_service.base_url,
        identity,
        clock=lambda: manual_clock.now().timestamp(),
        backoff=lambda _attempt: None,
    ) as client:
        yield client
