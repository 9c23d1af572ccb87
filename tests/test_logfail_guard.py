"""The log guard itself (tests/support/logfail.py): an unexpected warning fails a test, a
declared one does not, and a warning from another thread counts too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = """
import logging
import threading

import pytest

log = logging.getLogger("sample")


def test_quiet():
    log.info("fine")


def test_unexpected_warning():
    log.warning("disk almost full")


def test_unexpected_error_from_a_thread():
    thread = threading.Thread(target=lambda: log.error("worker died"))
    thread.start()
    thread.join()


@pytest.mark.expected_log(r"^sample: provider refused")
def test_declared_warning():
    log.warning("provider refused: HTTP 503")


@pytest.mark.expected_log(r"^sample: provider refused")
def test_declared_one_does_not_excuse_another():
    log.warning("provider refused: HTTP 503")
    log.error("something else")
"""


def test_the_guard_fails_unexpected_logs_and_passes_declared_ones(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_LOGFAIL_REPORT", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-p", "tests.support.logfail", "-rA", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    out = done.stdout
    assert "PASSED test_sample.py::test_quiet" in out
    assert "PASSED test_sample.py::test_declared_warning" in out
    assert "ERROR test_sample.py::test_unexpected_warning" in out
    assert "ERROR test_sample.py::test_unexpected_error_from_a_thread" in out
    assert "ERROR test_sample.py::test_declared_one_does_not_excuse_another" in out
    assert "sample: disk almost full" in out and "sample: worker died" in out
    assert done.returncode == 1
