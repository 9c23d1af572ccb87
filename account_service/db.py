"""Engine, sessions and the declarative base.

SQLite: WAL, foreign keys, and every transaction opened with ``BEGIN IMMEDIATE`` so writers
serialize (the races of R-LK-1 and R-SMS-1 then cannot interleave). PostgreSQL: the
services lock rows with ``SELECT ... FOR UPDATE``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
_AFTER_COMMIT = "after_commit_callbacks"
READ_ONLY = "tax_kiosk_read_only"
_HOLDS_WRITER = "tax_kiosk_holds_writer"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    # hide_parameters: a database error never carries the values (names, birth dates,
    # ID numbers) into an exception message, a traceback or a log.
    if not is_sqlite(url):
        # More connections than writes in flight (settings.max_in_flight): a health check
        # or a read never waits for a connection behind the writes.
        return create_engine(
            url, pool_pre_ping=True, hide_parameters=True, pool_size=24, max_overflow=16
        )
    database = make_url(url).database
    if database and database != ":memory:":
        _private_file(Path(database))
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN IMMEDIATE is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    # SQLite has one writer: writers of this process queue on a lock here instead of in
    # SQLite's busy handler, which polls with sleeps of up to 100 ms (latency spikes, and
    # route threads held while they sleep).
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A read (``read_session_factory``) takes no write lock: in WAL it never waits for
        # a writer, and no writer waits for it.
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        writer.acquire()
        connection.info[_HOLDS_WRITER] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            connection.info.pop(_HOLDS_WRITER, None)
            writer.release()
            raise

    def _release(connection: Any) -> None:
        if connection.info.pop(_HOLDS_WRITER, False):
            writer.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)

    return engine


def _private_file(path: Path) -> None:
    """The SQLite file (and the -wal/-shm files SQLite makes beside it with the same
    mode) readable by this user only: it holds every account of the hall."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reads only (health, the password check before a login's transaction):
    on SQLite a deferred transaction, so they never queue behind the one writer."""
    return sessionmaker(bind=engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    @event.listens_for(factory, "after_commit")
    def _run_after_commit(session: Session) -> None:
        callbacks: list[Callable[[], None]] = session.info.pop(_AFTER_COMMIT, [])
        for callback in callbacks:
            callback()

    @event.listens_for(factory, "after_rollback")
    def _drop_after_commit(session: Session) -> None:
        session.info.pop(_AFTER_COMMIT, None)

    return factory


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once this session's transaction has committed (e.g. send an SMS
    only when the code is stored; also keeps SQLite's single writer free for the gateway)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name
