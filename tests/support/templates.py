"""Migrate once per run, copy per test: template databases for ``live_service``.

The first service of a run on a backend builds a template database with the real
migrations applied (and the demo data loaded, when the service wants it); every later
service whose database is new gets a private copy of it instead of migrating it again:

* SQLite: the template file, copied with SQLite's backup API into the test's file;
* PostgreSQL: ``CREATE DATABASE kt_<x> TEMPLATE kt_tpl_<y>`` (the default WAL_LOG
  strategy: ~20 ms here, FILE_COPY ~80 ms as it checkpoints).

Each test still has its own database (a copy, never shared); a template is never opened
by a test. The demo data depends on the password hasher's parameters and the clock's
instant, so a template is keyed by both; a clock that is not a ``ManualClock`` (its
instant moves) gets no template and the caller migrates and loads as before. A database
that is not new (a SQLite file that exists, a PostgreSQL database with tables or with a
connection open) is never replaced: the caller migrates it (a no-op at head) as before.
Tests of the migrations themselves use the ``database_url`` fixture, still an empty
database, and call ``upgrade`` themselves.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from account_service.clock import Clock, ManualClock
from account_service.db import is_sqlite, make_engine, make_session_factory
from account_service.demo import load_demo_data
from account_service.migrate import upgrade
from account_service.security import make_password_hasher
from account_service.settings import AccountServiceSettings
from tests.support.databases import (
    DROPS,
    EMPTY_POSTGRES,
    RESERVED_POSTGRES,
    database_name,
    drop_postgres_database,
    postgres_admin,
)

SQLITE = "sqlite"


@dataclass(frozen=True, slots=True)
class DemoKey:
    """What the demo data depends on: the hasher's parameters and the clock's instant."""

    argon2_time_cost: int
    argon2_memory_kib: int
    argon2_parallelism: int
    now: datetime


@dataclass(frozen=True, slots=True)
class TemplateKey:
    server: str  # SQLITE, or the PostgreSQL server's URL
    demo: DemoKey | None  # None: the migrations only


class _Templates:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[TemplateKey, str] = {}  # SQLite: a file path; PostgreSQL: a name
        self._sqlite_dir: Path | None = None
        self._cleanup_registered = False

    def get(self, key: TemplateKey, settings: AccountServiceSettings) -> str:
        with self._lock:
            found = self._built.get(key)
            if found is None:
                if not self._cleanup_registered:
                    atexit.register(self.drop_all)
                    self._cleanup_registered = True
                found = self._build(key, settings)
                self._built[key] = found
            return found

    def _build(self, key: TemplateKey, settings: AccountServiceSettings) -> str:
        if key.server == SQLITE:
            if self._sqlite_dir is None:
                self._sqlite_dir = Path(tempfile.mkdtemp(prefix="kiosk-db-templates-"))
            path = self._sqlite_dir / f"template-{len(self._built)}.sqlite3"
            _fill(f"sqlite:///{path}", key, settings)
            return str(path)
        name = f"kt_tpl_{secrets.token_hex(6)}"
        with postgres_admin(key.server) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            url = make_url(key.server).set(database=name)
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
            _fill(url.render_as_string(hide_password=False), key, settings)
            with postgres_admin(key.server) as admin:
                # No connection to it from now on, autovacuum's neither: CREATE DATABASE
                # ... TEMPLATE waits 100 ms per try while anyone is connected to it.
                admin.execute(
                    sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(
                        sql.Identifier(name)
                    )
                )
        except BaseException:
            drop_postgres_database(key.server, name)
            raise
        return name

    def drop_all(self) -> None:
        """Drop the PostgreSQL templates and delete the SQLite ones (end of the run)."""
        SPARES.close()
        with self._lock:
            built, self._built = self._built, {}
            for key, name in built.items():
                if key.server != SQLITE:
                    drop_postgres_database(key.server, name)
            if self._sqlite_dir is not None:
                shutil.rmtree(self._sqlite_dir, ignore_errors=True)
                self._sqlite_dir = None


TEMPLATES = _Templates()


def _fill(url: str, key: TemplateKey, settings: AccountServiceSettings) -> None:
    """The real migrations, then the demo data as EmbeddedService(load_demo=True) loads it;
    every connection closed afterwards (PostgreSQL copies only an unused template)."""
    upgrade(url)
    if key.demo is None:
        return
    engine = make_engine(url)
    try:
        load_demo_data(
            make_session_factory(engine),
            hasher=make_password_hasher(settings),
            clock=ManualClock(key.demo.now),
        )
    finally:
        engine.dispose()


def template_key(
    settings: AccountServiceSettings, clock: Clock, *, load_demo: bool
) -> TemplateKey | None:
    """None when the database of ``settings`` cannot come from a template: a server this
    run did not make the database on, or demo data on a clock that moves by itself."""
    url = settings.database_url
    if is_sqlite(url):
        server = SQLITE
    else:
        server_url = RESERVED_POSTGRES.get(url) or EMPTY_POSTGRES.get(url)
        if server_url is None:
            return None
        server = server_url
    if not load_demo:
        return TemplateKey(server, None)
    if type(clock) is not ManualClock:
        return None
    demo = DemoKey(
        settings.argon2_time_cost,
        settings.argon2_memory_kib,
        settings.argon2_parallelism,
        clock.now(),
    )
    return TemplateKey(server, demo)


def copy_template(settings: AccountServiceSettings, clock: Clock, *, load_demo: bool) -> bool:
    """Make the (new) database of ``settings`` a private copy of the template: migrated,
    and with the demo data when ``load_demo``. False when it is not new or cannot come
    from a template: the caller migrates (and loads) it itself."""
    key = template_key(settings, clock, load_demo=load_demo)
    if key is None:
        return False
    url = settings.database_url
    if key.server == SQLITE:
        database = make_url(url).database
        if not database or database == ":memory:":
            return False
        target = Path(database)
        if any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-journal")):
            return False
        _copy_sqlite(Path(TEMPLATES.get(key, settings)), target)
        return True
    if url in RESERVED_POSTGRES:
        template = TEMPLATES.get(key, settings)
        with postgres_admin(key.server) as admin:
            _postgres_copy(admin, key, template, database_name(url))
        del RESERVED_POSTGRES[url]
        return True
    if not _untouched_postgres(url):
        EMPTY_POSTGRES.pop(url, None)
        return False
    template = TEMPLATES.get(key, settings)
    name = database_name(url)
    aside = f"kt_aside_{secrets.token_hex(6)}"
    with postgres_admin(key.server) as admin:
        try:
            # The empty database out of the way at once (dropped in the background); it
            # fails, and the database stays as it is, while a connection of the test's own
            # (an engine it made) is open on it.
            admin.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(name), sql.Identifier(aside)
                )
            )
        except psycopg.errors.ObjectInUse:
            EMPTY_POSTGRES.pop(url, None)
            return False
        DROPS.drop(key.server, aside)
        _postgres_copy(admin, key, template, name)
    del EMPTY_POSTGRES[url]
    return True


def _postgres_copy(
    admin: psycopg.Connection[Any], key: TemplateKey, template: str, name: str
) -> None:
    """``name`` a new copy of ``template``: a spare one made ahead renamed (a few ms), else
    one made now (CREATE DATABASE ... TEMPLATE, ~20 ms on a quiet machine, hundreds under
    load)."""
    spare = SPARES.take(key, template)
    if spare is not None:
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(spare), sql.Identifier(name)
            )
        )
        return
    admin.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    )


class _Spares:
    """One copy of each PostgreSQL template in use made ahead, in a thread of its own, while
    the test runs: the next test renames it to its database's name instead of waiting for
    CREATE DATABASE (the WAL of the ~9 MB copy and its fsync). A spare is renamed once and
    never made again under that name, so a test still gets a copy no one has opened; the
    template is never written after it is built."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._ready: dict[TemplateKey, list[str]] = {}
        self._wanted: dict[TemplateKey, str] = {}  # the keys in use, to their template
        self._thread: threading.Thread | None = None
        self._closed = False

    def take(self, key: TemplateKey, template: str) -> str | None:
        """A spare copy of ``template`` (named kt_spare_<x>) or None; either way another is
        started for the next test."""
        with self._cond:
            ready = self._ready.setdefault(key, [])
            spare = ready.pop() if ready else None
            if self._closed:
                return spare
            self._wanted[key] = template
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="test-database-spares", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
            return spare

    def _next(self) -> tuple[TemplateKey, str] | None:
        with self._cond:
            while True:
                if self._closed:
                    return None
                for key, template in self._wanted.items():
                    if not self._ready.get(key):
                        return key, template
                self._cond.wait()

    def _run(self) -> None:
        while (job := self._next()) is not None:
            key, template = job
            name = f"kt_spare_{secrets.token_hex(6)}"
            try:
                with postgres_admin(key.server) as admin:
                    admin.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(name), sql.Identifier(template)
                        )
                    )
            except psycopg.Error:
                # The test makes its own copy then (the template dropped at the end of
                # the run, the server gone): no spare for this key any more.
                with self._cond:
                    self._wanted.pop(key, None)
                continue
            with self._cond:
                self._ready.setdefault(key, []).append(name)
                self._cond.notify_all()

    def close(self) -> None:
        """No more spares; the ones made and not taken are dropped."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=60)
        with self._cond:
            leftovers = [(key, name) for key, names in self._ready.items() for name in names]
            self._ready.clear()
        for key, name in leftovers:
            drop_postgres_database(key.server, name)


SPARES = _Spares()


def _untouched_postgres(url: str) -> bool:
    """No table, view, sequence or type of the test's own in the database yet."""
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n"
            "         ON n.oid = c.relnamespace"
            "         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            "           AND n.nspname NOT LIKE 'pg_toast%')"
            "     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n"
            "         ON n.oid = t.typnamespace WHERE n.nspname = 'public')"
        ).fetchone()
    return row is not None and row[0] == 0


def _copy_sqlite(template: Path, target: Path) -> None:
    """The template's pages into a new file readable by this user only (as make_engine
    makes it), through SQLite's backup API (consistent whatever the template's journal)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))
    source = sqlite3.connect(template)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
