"""A test fails on an unexpected WARNING or ERROR log (after qutebrowser's
``tests/helpers/logfail.py``): a warning nobody asked for is a defect nobody saw.

Every record at WARNING or above, from any logger and any thread, during the test's setup,
call and teardown is checked. A test that provokes one on purpose says so:

    @pytest.mark.expected_log(r"SMS to .* not sent")

Each pattern is a regular expression searched in ``"<logger>: <message>"``. The few lines
every test run writes by design (the embedded service's development-profile banner) are
listed once in ``ALWAYS_EXPECTED``. ``KIOSK_LOGFAIL_REPORT=FILE`` writes the offenders to FILE
instead of failing (to survey a suite).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ALWAYS_EXPECTED = (
    # The tests and the demo run the service's development profile on purpose.
    re.compile(r"^account_service: account service .*DEVELOPMENT profile"),
)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _line(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = str(record.msg)
    return f"{record.name}: {message}"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expected_log(*patterns): WARNING/ERROR logs this test provokes on purpose (regexes)",
    )


@pytest.fixture(autouse=True)
def fail_on_unexpected_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    allowed = [
        re.compile(pattern)
        for marker in request.node.iter_markers("expected_log")
        for pattern in marker.args
    ]
    unexpected = [
        line
        for line in map(_line, collector.records)
        if not any(p.search(line) for p in (*ALWAYS_EXPECTED, *allowed))
    ]
    if not unexpected:
        return
    report = os.environ.get("KIOSK_LOGFAIL_REPORT")
    if report:
        with Path(report).open("a", encoding="utf-8") as out:
            for line in unexpected:
                out.write(f"{request.node.nodeid}\t{line.splitlines()[0][:300]}\n")
        return
    listed = "\n  ".join(line.splitlines()[0][:300] for line in unexpected[:10])
    pytest.fail(f"unexpected WARNING/ERROR log (mark it expected_log if on purpose):\n  {listed}")
