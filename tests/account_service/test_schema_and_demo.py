"""Migrations, demo data and the CLI, on each backend."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from account_service.cli import main
from account_service.clock import ManualClock
from account_service.db import make_engine, make_session_factory
from account_service.demo import DEMO_ENTERPRISES, DEMO_PERSONS, DEMO_RELATIONS, load_demo_data
from account_service.enterprises.models import Enterprise, EnterpriseRelation
from account_service.migrate import upgrade
from account_service.models import Base
from account_service.persons.models import Person, Phone
from account_service.security import make_password_hasher
from kiosk.domain.documents import validate_document_number
from kiosk.domain.enterprise_codes import is_taxpayer_id
from kiosk.domain.passwords import check_password, initial_password
from kiosk.domain.uscc import validate_uscc
from tests.support.live_service import live_service, service_settings
from tests.support.signed_client import SignedClient


def test_migrations_reach_head_and_match_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
    upgrade(database_url)  # a second run is a no-op


def test_demo_data_is_valid_and_idempotent(database_url: str, tmp_path: Path) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    settings = service_settings(database_url, tmp_path)
    try:
        factory = make_session_factory(engine)
        hasher = make_password_hasher(settings)
        clock = ManualClock()
        assert load_demo_data(factory, hasher=hasher, clock=clock) == len(DEMO_PERSONS) + len(
            DEMO_ENTERPRISES
        )
        assert load_demo_data(factory, hasher=hasher, clock=clock) == 0
        with factory() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == len(DEMO_PERSONS)
            assert session.scalar(select(func.count()).select_from(Phone)) == 4
            # The demo world: three enterprises (one 个体工商户) and their people.
            assert session.scalar(select(func.count()).select_from(Enterprise)) == 3
            relations = session.scalars(select(EnterpriseRelation)).all()
            assert len(relations) == len(DEMO_RELATIONS)
            # Imported as the registry would: pending where the person confirms
            # (R-RE-3, R-RE-6), bound otherwise (R-RE-2, hall and account center).
            pending = {(r.document_number, r.role) for r in relations if r.status == "pending"}
            assert pending == {
                ("320106197603154413", "finance_head"),
                ("H60123456", "tax_handler"),
            }
            li = session.scalars(select(Person).where(Person.name == "李四")).one()
            assert li.initial_password
    finally:
        engine.dispose()
    for demo in DEMO_ENTERPRISES:
        assert demo.uscc is None or validate_uscc(demo.uscc).ok
        assert is_taxpayer_id(demo.code)
    for person in DEMO_PERSONS:
        assert validate_document_number(person.document_type, person.document_number).ok
        if person.initial_password:
            assert person.password == initial_password(person.document_number)  # R-PW-3
        else:
            assert check_password(person.password).ok  # R-PW-2


def test_cli_enroll_code_works(database_url: str, tmp_path: Path) -> None:
    clock = ManualClock()
    with live_service(database_url, clock, tmp_path) as service:
        out = io.StringIO()
        assert (
            main(
                ["terminal", "enroll-code", "--database-url", database_url, "--name", "hall 2"],
                out=out,
            )
            == 0
        )
        code = out.getvalue().strip()
        with SignedClient(service.base_url) as client:
            terminal_id = client.enroll(code)
        listing = io.StringIO()
        assert main(["terminal", "list", "--database-url", database_url], out=listing) == 0
        assert terminal_id in listing.getvalue()
        assert "active" in listing.getvalue()
        assert (
            main(
                ["terminal", "revoke", terminal_id, "--database-url", database_url],
                out=io.StringIO(),
            )
            == 0
        )
        listing = io.StringIO()
        main(["terminal", "list", "--database-url", database_url], out=listing)
        assert "revoked" in listing.getvalue()


def test_cli_migrate_and_demo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    out, err = io.StringIO(), io.StringIO()
    assert main(["migrate", "--database-url", url], out=out) == 0
    # The demo people's passwords are published: never in the production profile.
    assert main(["demo-data", "--database-url", url], out=out, err=err) == 2
    assert "ACCOUNT_SERVICE_PROFILE=development" in err.getvalue()
    monkeypatch.setenv("ACCOUNT_SERVICE_PROFILE", "development")
    assert main(["demo-data", "--database-url", url], out=out) == 0
    assert main(["demo-data", "--database-url", url], out=out) == 0
    assert "demo data: 8 added" in out.getvalue()  # 5 people, 3 enterprises
    assert "demo data: 0 added" in out.getvalue()
