"""build_devices picks the card backend from settings; the reader report says what is there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.devices.cards.emulator import ATR, EmulatedTaxUKey
from kiosk.devices.cards.fake_backend import DEFAULT_FAKE_READER, FakeBackend
from kiosk.devices.device_set import build_devices, card_reader_report
from kiosk.devices.status import DeviceStatus
from kiosk.settings import KioskSettings


def test_mock_driver_gives_the_fake_backend_with_the_demo_card_in(tmp_path: Path) -> None:
    devices = build_devices(KioskSettings(data_dir=tmp_path).with_mock_devices())
    assert isinstance(devices.cards, FakeBackend)
    assert isinstance(devices.cards.card_in(DEFAULT_FAKE_READER), EmulatedTaxUKey)
    report = card_reader_report(devices.cards)
    assert report.status is DeviceStatus.READY
    assert f"{DEFAULT_FAKE_READER}: card ATR {ATR.hex(' ').upper()}" in report.description


def test_reader_report_for_no_reader_and_service_down() -> None:
    backend = FakeBackend([])
    report = card_reader_report(backend)
    assert (report.status, report.description.endswith("no reader")) == (
        DeviceStatus.NOT_CONNECTED,
        True,
    )
    backend.add_reader("R")
    assert "R: empty" in card_reader_report(backend).description
    backend.stop_service()
    down = card_reader_report(backend)
    assert down.status is DeviceStatus.NOT_CONNECTED
    assert "pcscd" in down.description


def test_pcsc_driver_builds_the_pcsc_backend(tmp_path: Path) -> None:
    # In a child: the PC/SC client library reads its socket path once per process.
    child = (
        "from kiosk.devices.device_set import build_devices, card_reader_report\n"
        "from kiosk.settings import KioskSettings, MediumDriver\n"
        f"d = build_devices(KioskSettings(data_dir={str(tmp_path)!r}, "
        "medium_driver=MediumDriver.PCSC))\n"
        "print(type(d.cards).__name__); r = card_reader_report(d.cards)\n"
        "print(r.status.name); print(r.description)\n"
    )
    env = dict(os.environ, PCSCLITE_CSOCK_NAME=str(tmp_path / "none.comm"))
    result = subprocess.run(
        [sys.executable, "-c", child], env=env, capture_output=True, text=True, check=True
    )
    name, status, description = result.stdout.splitlines()
    assert (name, status) == ("PcscBackend", "NOT_CONNECTED")
    assert "pcscd" in description and "0x8010001D" in description


def test_the_card_layer_imports_without_pyscard() -> None:
    """Only pcsc_backend imports pyscard: the rest works where libpcsclite is missing."""
    child = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'smartcard' or name.startswith('smartcard.'):\n"
        "            raise ImportError('pyscard blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import kiosk.devices.cards.monitor, kiosk.devices.cards.fake_backend\n"
        "import kiosk.devices.cards.vpcd, kiosk.devices.device_set\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr
