"""`python -m kiosk.devices.cards.vpcd`: the emulated Tax UKey served to pcscd, driven by a
tester's commands over the control socket while it runs."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.devices.cards import taxukey_protocol as p
from kiosk.devices.cards.emulator import ATR
from kiosk.devices.cards.monitor import CardEventKind, CardMonitor
from kiosk.devices.cards.vpcd import VPCD_READER, send_command
from tests.kiosk.devices.cards_backends.card_events import EventRecorder

ROOT = Path(__file__).resolve().parents[2]
K = CardEventKind


@pytest.fixture
def control(vpcd_stack: None, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "vpcd.sock"
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk.devices.cards.vpcd", "--removed", "--control", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()  # printed once the control socket listens
        assert "control:" in banner, server.stderr.read() if server.stderr else banner
        yield path
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_tester_inserts_forces_a_status_word_and_removes(
    control: Path, pcsc_monitor: CardMonitor, recorder: EventRecorder
) -> None:
    status = send_command(["status"], control)
    assert status["inserted"] is False
    assert status["card"] == "EmulatedTaxUKey"
    assert send_command(["insert"], control)["inserted"] is True
    inserted = recorder.wait_kind(K.CARD_INSERTED, VPCD_READER, timeout_s=3.0)
    assert inserted.atr == ATR
    transport = pcsc_monitor.connect(VPCD_READER).result(5.0)
    select = bytes([0, p.INS_SELECT, p.P1_SELECT_BY_AID, p.P2_SELECT_NO_DATA, len(p.AID)]) + p.AID
    assert pcsc_monitor.submit(lambda: transport.transmit(select)).result(5.0) == b"\x90\x00"
    assert send_command(["sw", "6581"], control)["ok"] is True
    assert pcsc_monitor.submit(lambda: transport.transmit(select)).result(5.0) == b"\x65\x81"
    assert send_command(["latency", "150"], control)["latency_ms"] == 150.0
    started = time.perf_counter()
    assert pcsc_monitor.submit(lambda: transport.transmit(select)).result(5.0) == b"\x90\x00"
    assert time.perf_counter() - started >= 0.15
    assert send_command(["bogus"], control)["ok"] is False
    assert send_command(["remove"], control)["inserted"] is False
    recorder.wait_kind(K.CARD_REMOVED, VPCD_READER, timeout_s=1.0)
