"""Personal data never reaches the log unmasked; the masking filter sits on the handlers."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.log_masking import MaskingFilter, configure_logging

ID = "11010519491231002X"
PHONE = "13800000001"


def _record(msg: str, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError(f"bad id {ID}")
        except ValueError as error:
            exc_info = (type(error), error, error.__traceback__)
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, exc_info)


def test_filter_masks_id_numbers_and_phones_in_args() -> None:
    record = _record("login by %s, sms to %s", ID, PHONE)
    assert MaskingFilter().filter(record) is True
    assert record.getMessage() == "login by 110***********002X, sms to 138****0001"


def test_filter_masks_exception_text() -> None:
    record = _record("failed", exc=True)
    MaskingFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert ID not in formatted
    assert "110***********002X" in formatted


def test_filter_leaves_other_text_alone() -> None:
    record = _record("terminal %s ready after %d ms", "term-0001", 42)
    MaskingFilter().filter(record)
    assert record.getMessage() == "terminal term-0001 ready after 42 ms"


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("test_log_masking.isolated")
    log.propagate = False
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def test_configure_logging_writes_masked_private_file(
    tmp_path: Path, logger: logging.Logger
) -> None:
    handlers = configure_logging("INFO", tmp_path, root=logger, console=False)
    logging.getLogger("test_log_masking.isolated.child").info("phone %s id %s", PHONE, ID)
    for handler in handlers:
        handler.flush()
    log_file = tmp_path / "logs" / "kiosk.log"
    text = log_file.read_text(encoding="utf-8")
    assert "138****0001" in text
    assert "110***********002X" in text
    assert PHONE not in text
    assert ID not in text
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


def test_configure_logging_twice_does_not_duplicate_handlers(
    tmp_path: Path, logger: logging.Logger
) -> None:
    configure_logging("INFO", tmp_path, root=logger)
    configure_logging(logging.DEBUG, tmp_path, root=logger)
    ours = [h for h in logger.handlers if any(isinstance(f, MaskingFilter) for f in h.filters)]
    assert len(ours) == 2  # file + console, once
    assert logger.level == logging.DEBUG
