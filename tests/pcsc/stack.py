"""The real PC/SC stack for tests: pcscd with the vpcd reader, started by ``./dev test``.

Not reachable: under ``CI=true`` the test fails loudly (the stack is part of CI); elsewhere
it is skipped with a loud reason, as tests/support/databases.py does for PostgreSQL.
"""

from __future__ import annotations

import os
import time

import pytest

from kiosk.devices.cards.pcsc_backend import PcscBackend
from kiosk.devices.cards.transport import CardError
from kiosk.devices.cards.vpcd import VPCD_PORT, VPCD_READER

HINT = "run ./dev test (as root it starts pcscd), or: sudo pcscd  (with vsmartcard-vpcd installed)"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PC/SC stack missing under CI=true: {reason}. {HINT}")
    pytest.skip(f"!!! PC/SC STACK NOT TESTED: {reason}. {HINT} !!!")


def require_vpcd_stack() -> None:
    """pcscd answers, shows the vpcd reader, and vpcd listens on its port."""
    backend = PcscBackend()
    try:
        names = [reader.name for reader in backend.readers()]
    except CardError as exc:
        _unavailable(f"pcscd does not answer ({exc})")
        return
    finally:
        backend.close()
    if VPCD_READER not in names:
        _unavailable(f"pcscd runs but has no reader {VPCD_READER!r} (readers: {names})")
    # Connecting inserts a card: only look whether the port exists (connect refused or not)
    # through /proc, the same way ./dev does.
    port = f":{VPCD_PORT:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as lines:
                rows = [line.split() for line in lines]
        except OSError:
            continue
        if any(row[1].endswith(port) and row[3] == "0A" for row in rows[1:]):
            return
    _unavailable(f"vpcd does not listen on port {VPCD_PORT}")


def wait_vpcd_reader(card_present: bool, timeout_s: float = 5.0) -> None:
    """Until pcscd shows the vpcd reader with (or without) a card: pcscd polls vpcd every
    ~0.4 s, so a card pulled by one test may still show as present to the next."""
    backend = PcscBackend()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            states = [r for r in backend.readers() if r.name == VPCD_READER]
            if states and states[0].card_present is card_present:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"pcscd never showed {VPCD_READER} present={card_present}")
            backend.wait_for_change(0.2)
    finally:
        backend.close()
