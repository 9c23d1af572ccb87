"""Every test's database is its own copy of the run's migrated template
(tests/support/templates.py): what one test writes, the next does not see, and a database
the service did not start on new is migrated as before."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, inspect, select, update

from account_service.clock import ManualClock
from account_service.db import make_engine
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.migrate import upgrade
from account_service.persons.models import Person
from account_service.terminals.models import EnrollCode
from tests.support.live_service import live_service

_FIRST = DEMO_PERSONS[0]
_seen_urls: set[str] = set()


def _enroll_codes(service: EmbeddedService) -> int:
    with service.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(EnrollCode)) or 0)


def _first_name(service: EmbeddedService) -> str:
    with service.session_factory() as session:
        return session.scalars(
            select(Person.name).where(Person.document_number == _FIRST.document_number)
        ).one()


def test_a_test_writes_to_its_database(account_service: EmbeddedService) -> None:
    _seen_urls.add(account_service.settings.database_url)
    account_service.create_enroll_code("isolation")
    with account_service.session_factory.begin() as session:
        session.execute(
            update(Person)
            .where(Person.document_number == _FIRST.document_number)
            .values(name="written by an earlier test")
        )
    assert _enroll_codes(account_service) == 1
    assert _first_name(account_service) == "written by an earlier test"


def test_the_next_test_does_not_see_it(account_service: EmbeddedService) -> None:
    """Runs after the test above (file order) on the same backend: a fresh copy."""
    assert account_service.settings.database_url not in _seen_urls
    assert _enroll_codes(account_service) == 0
    assert _first_name(account_service) == _FIRST.name
    with account_service.session_factory() as session:
        people = session.scalar(select(func.count()).select_from(Person))
    assert people == len(DEMO_PERSONS)


def test_two_services_of_one_test_have_two_databases(
    manual_clock: ManualClock, tmp_path: Path
) -> None:
    with (
        live_service(f"sqlite:///{tmp_path / 'a.sqlite3'}", manual_clock, tmp_path / "a") as a,
        live_service(f"sqlite:///{tmp_path / 'b.sqlite3'}", manual_clock, tmp_path / "b") as b,
    ):
        a.create_enroll_code("a")
        assert (_enroll_codes(a), _enroll_codes(b)) == (1, 0)


def test_no_demo_data_and_a_moved_clock_are_kept_apart(database_url: str, tmp_path: Path) -> None:
    clock = ManualClock()
    with live_service(database_url, clock, tmp_path / "empty", load_demo=False) as service:
        with service.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 0
    # A clock at another instant: the demo rows carry its time, not the template's.
    moved = ManualClock()
    when = moved.advance(seconds=86_400 * 3)
    with live_service(f"sqlite:///{tmp_path / 'moved.sqlite3'}", moved, tmp_path / "m") as s:
        with s.session_factory() as session:
            person = session.scalars(
                select(Person).where(Person.document_number == _FIRST.document_number)
            ).one()
        assert person.created_at == when


def test_a_database_already_migrated_is_migrated_in_place(
    database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> None:
    """Not new: the service migrates it (a no-op at head) and loads the demo data on it,
    keeping what was there."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        assert "persons" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    with live_service(database_url, manual_clock, tmp_path) as service:
        assert _first_name(service) == _FIRST.name
