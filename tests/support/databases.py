"""Fresh databases for tests: a SQLite file in a tmp dir, or a new PostgreSQL database.

PostgreSQL comes from ``KIOSK_TEST_PG_URL`` (a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Unset: under ``CI=true`` the test
fails loudly; elsewhere the default URL is tried and, if unreachable, the test is skipped
with a loud reason.
"""

from __future__ import annotations

import atexit
import os
import queue
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


# PostgreSQL databases of this process by URL, to their server URL: named but not created
# yet (``create=False``: the first service on it makes it a copy of a migrated template,
# tests/support/templates.py), and created empty here.
RESERVED_POSTGRES: dict[str, str] = {}
EMPTY_POSTGRES: dict[str, str] = {}


def postgres_admin(server_url: str) -> psycopg.Connection[Any]:
    """An autocommit connection to the server's own database (CREATE/DROP DATABASE)."""
    return psycopg.connect(_libpq(server_url), autocommit=True)


def database_name(url: str) -> str:
    name = make_url(url).database
    if not name:
        raise ValueError("the URL names no database")
    return name


@contextmanager
def fresh_postgres_database(server_url: str | None = None, *, create: bool = True) -> Iterator[str]:
    """CREATE DATABASE kt_<random>, yield its SQLAlchemy URL, DROP it (WITH (FORCE); in
    the background: ``DROPS``).

    ``create=False``: only the name is reserved; the first ``live_service`` on the URL
    creates it as a copy of the migrated template (for the fixtures that start a service
    on it before the test sees it)."""
    server = server_url or pg_server_url()
    name = f"kt_{secrets.token_hex(6)}"
    url = make_url(server).set(database=name)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    rendered = url.render_as_string(hide_password=False)
    if create:
        with postgres_admin(server) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        EMPTY_POSTGRES[rendered] = server
    else:
        RESERVED_POSTGRES[rendered] = server
    try:
        yield rendered
    finally:
        RESERVED_POSTGRES.pop(rendered, None)
        EMPTY_POSTGRES.pop(rendered, None)
        DROPS.drop(server, name)


def drop_postgres_database(server_url: str, name: str) -> None:
    with postgres_admin(server_url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class _Drops:
    """DROP DATABASE in a thread of its own, so the test does not wait for it: PostgreSQL
    waits 100 ms per try while a backend of the database (a connection the service or the
    test just closed, still exiting; an autovacuum worker) is there. A dropped database's
    name is never used again (random), so nothing of it can reach a later test.
    ``wait`` (the end of the run) waits for the drops asked for so far."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._errors: list[str] = []

    def drop(self, server_url: str, name: str) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="test-database-drops", daemon=True
                )
                self._thread.start()
                atexit.register(self.wait)
        self._queue.put((server_url, name))

    def _run(self) -> None:
        while True:
            server_url, name = self._queue.get()
            try:
                drop_postgres_database(server_url, name)
            except Exception as exc:  # reported by wait(); the thread goes on
                self._errors.append(f"DROP DATABASE {name}: {exc!r}")
            finally:
                self._queue.task_done()

    def wait(self) -> None:
        """Every drop asked for so far done; raises if one failed."""
        self._queue.join()
        errors, self._errors = self._errors, []
        if errors:
            raise RuntimeError("; ".join(errors))


DROPS = _Drops()
