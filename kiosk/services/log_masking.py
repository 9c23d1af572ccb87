"""Logging that cannot leak personal data: every record is masked before it is written.

Masking happens on the handlers (not a logger), so records from every module pass through
it, including exception tracebacks, whose messages may quote an ID number.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from kiosk.domain.masking import mask_text
from kiosk.services.secure_files import ensure_private_dir

LOG_FILE_NAME = "kiosk.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskingFilter(logging.Filter):
    """Replaces each record's message (args merged in) by its masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


def configure_logging(
    level: int | str,
    data_dir: Path,
    *,
    root: logging.Logger | None = None,
    console: bool = True,
) -> list[logging.Handler]:
    """Log to ``<data_dir>/logs/kiosk.log`` (rotating) and stderr, masked. Idempotent."""
    logger = root if root is not None else logging.getLogger()
    for handler in list(logger.handlers):
        if any(isinstance(f, MaskingFilter) for f in handler.filters):
            logger.removeHandler(handler)
            handler.close()
    log_dir = data_dir / "logs"
    ensure_private_dir(log_dir)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE_NAME, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
    ]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.addFilter(MaskingFilter())
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)
    logger.setLevel(level)
    # httpx logs every request at INFO (the health check every few seconds); its warnings
    # still come through, and our own client logs what matters.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logger.getEffectiveLevel()))
    return handlers
