"""Per-test cost of the live account service (issue 16): `uv run python bench/service_setup.py [-n N]`.

What the ``account_service`` fixture does for a test, N times on each backend: a new database
(SQLite: a file in a new directory; PostgreSQL: KIOSK_TEST_PG_URL or the default server), the
service started on it through ``live_service`` (the run's migrated template copied in, the
demo data included), one request, the service stopped, the database dropped. Timed apart:
the copy (``copy_template``), the service start, the stop, the drop, and for comparison the
old path on the same backend (the real migrations and the demo data per test). The first
round (it builds the template) is left out of the medians.

Not part of the tests. The last lines are `figure: value unit`.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from tests.support.databases import DROPS, fresh_postgres_database, sqlite_url
from tests.support.live_service import service_settings
from tests.support.templates import TEMPLATES, copy_template


@contextlib.contextmanager
def _database(backend: str, directory: Path, *, reserved: bool) -> Iterator[str]:
    if backend == "sqlite":
        yield sqlite_url(directory)
    else:
        with fresh_postgres_database(create=not reserved) as url:
            yield url


def _round(backend: str, *, templated: bool, times: dict[str, list[float]]) -> None:
    clock = ManualClock()
    directory = Path(tempfile.mkdtemp(prefix="bench-setup-"))
    started = time.perf_counter()
    with _database(backend, directory, reserved=templated) as url:
        created = time.perf_counter()
        settings = service_settings(url, directory)
        copied = templated and copy_template(settings, clock, load_demo=True)
        if templated and not copied:
            raise RuntimeError("the database did not come from the template")
        prepared = time.perf_counter()
        service = EmbeddedService(
            settings, clock=clock, load_demo=not copied, apply_migrations=not copied
        ).start()
        up = time.perf_counter()
        with httpx.Client(base_url=service.base_url, verify=False) as client:
            client.get("/v1/health").raise_for_status()
        asked = time.perf_counter()
        service.stop()
        stopped = time.perf_counter()
    dropped = time.perf_counter()
    prefix = f"{backend} {'template' if templated else 'migrate'}"
    times[f"{prefix} create"].append(created - started)
    times[f"{prefix} copy"].append(prepared - created)
    times[f"{prefix} start"].append(up - prepared)
    times[f"{prefix} stop"].append(stopped - asked)
    times[f"{prefix} drop"].append(dropped - stopped)
    times[f"{prefix} setup+teardown"].append((asked - started) + (dropped - asked))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=15)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    times: dict[str, list[float]] = defaultdict(list)
    try:
        for backend in ("sqlite", "postgresql"):
            for templated in (True, False):
                for i in range(args.n + 1):
                    round_times: dict[str, list[float]] = defaultdict(list)
                    _round(backend, templated=templated, times=round_times)
                    if i:  # the first builds the template / warms up
                        for name, values in round_times.items():
                            times[name].extend(values)
        DROPS.wait()
    finally:
        TEMPLATES.drop_all()
    for name, values in times.items():
        print(f"figure: {name} median {statistics.median(values) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
