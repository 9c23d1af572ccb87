"""build_devices chooses mock or real drivers from settings."""

from __future__ import annotations

from pathlib import Path

from kiosk.devices.cards import MockCertificateMedium
from kiosk.devices.cards.pcsc_medium import PcscCertificateMedium
from kiosk.devices.device_set import build_devices
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.opencv_camera import OpenCvCamera
from kiosk.devices.status import DeviceStatus
from kiosk.settings import CameraDriver, KioskSettings, MediumDriver


def test_mock_drivers_for_the_demo(tmp_path: Path) -> None:
    devices = build_devices(KioskSettings(data_dir=tmp_path).with_mock_devices())
    assert isinstance(devices.camera, MockCamera)
    assert isinstance(devices.medium, MockCertificateMedium)
    assert [r.status for r in devices.report()] == [DeviceStatus.READY, DeviceStatus.READY]


def test_real_drivers_by_settings() -> None:
    settings = KioskSettings(
        camera_driver=CameraDriver.OPENCV, camera_device=3, medium_driver=MediumDriver.PCSC
    )
    devices = build_devices(settings)
    assert isinstance(devices.camera, OpenCvCamera)
    assert devices.camera.device == 3
    assert isinstance(devices.medium, PcscCertificateMedium)
    report = devices.report()
    assert [r.name for r in report] == ["camera", "certificate medium"]
    assert all(r.status is DeviceStatus.NOT_CONNECTED for r in report)
