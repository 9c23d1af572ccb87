"""Issue 14: an offline bundle imports all or nothing, one bad record never fails its
neighbours, and the importer never prints a traceback or unmasked personal data and goes
on to the next file (SQLite and PostgreSQL; the kiosk's real store and writer)."""

from __future__ import annotations

import pytest

from account_service.bundles import service as bundles
from tests.support.bundle_hall import ID_NUMBER, Hall
from tests.support.records import SAMPLE_NAME, sample_record


def test_a_bundle_of_good_nul_good_stores_the_good_ones_and_names_the_bad(hall: Hall) -> None:
    good = hall.save(sample_record())
    bad = hall.save(sample_record(name="欧阳\x00娜娜"))
    other = hall.save(sample_record())
    exported = hall.export()
    run = hall.import_bundles(exported.path)
    assert run.code == 0, run.err
    assert hall.stored(good) == 1 and hall.stored(other) == 1
    assert hall.stored(bad) == 0
    assert "accepted 2, duplicate 0, rejected 1" in run.out
    assert f"rejected {bad}: " in run.out and "personal.name" in run.out
    # The bundle's audit event is there: the import finished as a whole.
    assert hall.collection_events() == 3
    for secret in (ID_NUMBER, SAMPLE_NAME):
        assert secret not in run.out + run.err


@pytest.mark.expected_log(r"^account_service\.cli: bundle ")
def test_a_crash_half_way_imports_nothing_and_the_next_file_goes_on(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [hall.save(sample_record()) for _ in range(3)]
    bundle_a = hall.export().path
    calls = {"n": 0}
    real = bundles.ingest_record

    def crash_on_the_second(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError(f"disk gone while storing {ID_NUMBER} {SAMPLE_NAME}")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bundles, "ingest_record", crash_on_the_second)
    run = hall.import_bundles(bundle_a)
    assert run.code == 1
    assert all(hall.stored(rid) == 0 for rid in first)  # all or nothing
    assert hall.collection_events() == 0
    assert "Traceback" not in run.err
    for secret in (ID_NUMBER, SAMPLE_NAME):
        assert secret not in run.out + run.err
    monkeypatch.setattr(bundles, "ingest_record", real)
    again = hall.import_bundles(bundle_a)
    assert again.code == 0, again.err
    assert all(hall.stored(rid) == 1 for rid in first)
