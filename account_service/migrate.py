"""Alembic, driven from code: ``upgrade(database_url)`` brings a database to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from account_service.db import make_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    # Percent signs in passwords would be read as interpolation by configparser.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


class ForeignKeyViolationError(RuntimeError):
    """A migration left rows that reference nothing (SQLite; nothing was changed)."""


def upgrade(database_url: str, revision: str = "head") -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # SQLite alters a table by copying it, dropping the old one and renaming
                # the copy (Alembic's batch mode); dropping a table other rows reference
                # fails while foreign keys are enforced. The switch works only outside a
                # transaction, so on the driver's connection before the migration's
                # transaction begins; the references are checked before it commits.
                driver = connection.connection.driver_connection
                if driver is not None:
                    driver.execute("PRAGMA foreign_keys=OFF")
            config = alembic_config(database_url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                connection.rollback()
                raise ForeignKeyViolationError("the migration left dangling references")
            connection.commit()
    finally:
        engine.dispose()
