"""Fresh databases for tests: a SQLite file in a tmp dir, or a new PostgreSQL database.

PostgreSQL comes from ``KIOSK_TEST_PG_URL`` (a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Unset: under ``CI=true`` the test
fails loudly; elsewhere the default URL is tried and, if unreachable, the test is skipped
with a loud reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

PG_ENV = "KIOSK_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def sqlite_url(directory: Path, name: str = "account_service.sqlite3") -> str:
    return f"sqlite:///{directory / name}"


def _libpq(url: str) -> str:
    """SQLAlchemy URL → a libpq URL psycopg accepts."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def pg_server_url() -> str:
    """The PostgreSQL server for tests, or fail/skip as the module docstring says."""
    configured = os.environ.get(PG_ENV)
    if configured:
        return configured
    if os.environ.get("CI") == "true":
        pytest.fail(f"{PG_ENV} is not set under CI=true: PostgreSQL tests must run in CI")
    try:
        with psycopg.connect(_libpq(DEFAULT_PG_URL), connect_timeout=3):
            pass
    except psycopg.OperationalError as exc:
        pytest.skip(
            f"!!! PostgreSQL NOT TESTED: {PG_ENV} unset and {DEFAULT_PG_URL} unreachable "
            f"({type(exc).__name__}) !!!"
        )
    return DEFAULT_PG_URL


@contextmanager
def fresh_postgres_database(server_url: str | None = None) -> Iterator[str]:
    """CREATE DATABASE kt_<random>, yield its SQLAlchemy URL, DROP it (WITH (FORCE))."""
    server = server_url or pg_server_url()
    name = f"kt_{secrets.token_hex(6)}"
    admin = _libpq(server)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = make_url(server).set(database=name)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
