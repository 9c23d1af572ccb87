"""pcscd not reachable, for real: libpcsclite pointed at a socket nobody serves
(PCSCLITE_CSOCK_NAME, read once per process, hence a child process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import threading
from kiosk.devices.cards.monitor import CardMonitor, CardEventKind, MonitorState, Backoff
from kiosk.devices.cards.pcsc_backend import PcscBackend
from kiosk.devices.cards.transport import CardError

events = []
told = threading.Event()
def listener(event):
    events.append(event)
    if event.kind is CardEventKind.STATE:
        told.set()

monitor = CardMonitor(PcscBackend(), listener, backoff=Backoff(0.01, 2.0, 0.05))
monitor.start()
assert told.wait(10.0)
try:
    monitor.connect().result(10.0)
except CardError as exc:
    print("connect", exc.failure.name)
print("state", monitor.state.name, events[0].failure.failure.name)
print("detail", events[0].failure.detail)
monitor.stop()
print("after stop", monitor.state.name)
"""


def test_monitor_reports_service_down_when_pcscd_is_unreachable(tmp_path: Path) -> None:
    env = dict(os.environ, PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"))
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "connect SERVICE_DOWN"
    assert lines[1] == "state SERVICE_DOWN SERVICE_DOWN"
    assert lines[2].startswith("detail SCardEstablishContext: 0x8010001D")
    assert lines[3] == "after stop STOPPED"
