"""The terminal's devices, chosen by settings: mocks for demos and testers, real drivers else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from kiosk.devices.camera import Camera, CameraSettings
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.cards import CertificateMedium, MockCertificateMedium
from kiosk.devices.cards.pcsc_medium import PcscCertificateMedium
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.opencv_camera import OpenCvCamera
from kiosk.devices.status import DeviceStatus


class CameraDriver(StrEnum):
    MOCK = "mock"
    OPENCV = "opencv"


class MediumDriver(StrEnum):
    """Which backend reads certificate media (Tax UKey / 金税盘 / 税控盘)."""

    MOCK = "mock"
    PCSC = "pcsc"


class DeviceSettings(Protocol):
    """What choosing devices reads (DeviceSettings has it). A protocol, so that devices do
    not import kiosk.settings, which gathers settings from every layer above."""

    @property
    def camera_driver(self) -> CameraDriver: ...
    @property
    def camera_device(self) -> int | str: ...
    @property
    def medium_driver(self) -> MediumDriver: ...
    @property
    def camera(self) -> CameraSettings: ...
    @property
    def data_dir(self) -> Path: ...


@dataclass(frozen=True, slots=True)
class DeviceReport:
    name: str
    status: DeviceStatus
    description: str


@dataclass(slots=True)
class DeviceSet:
    camera: Camera
    medium: CertificateMedium

    def report(self) -> list[DeviceReport]:
        return [
            DeviceReport("camera", self.camera.status, self.camera.description),
            DeviceReport("certificate medium", self.medium.status, self.medium.description),
        ]


def camera_settings_of(settings: DeviceSettings) -> CameraSettings:
    return settings.camera


def build_camera(settings: DeviceSettings, camera: CameraSettings | None = None) -> Camera:
    options = camera or camera_settings_of(settings)
    size = (options.width, options.height)
    if settings.camera_driver is CameraDriver.OPENCV:
        return OpenCvCamera(settings.camera_device, size=size)
    # The mock follows the tester's control file in the data dir (kiosk camera ...).
    return MockCamera(
        size=size,
        delay_s=1.0 / options.mock_fps,
        scene=None if options.mock_media else options.mock_scene,
        media=options.mock_media,
        control=MockCameraControl(settings.data_dir),
    )


def build_devices(settings: DeviceSettings, camera: CameraSettings | None = None) -> DeviceSet:
    medium: CertificateMedium
    if settings.medium_driver is MediumDriver.PCSC:
        # Issue 5 implements PC/SC; until then it reports NOT_CONNECTED with the reason.
        medium = PcscCertificateMedium()
    else:
        medium = MockCertificateMedium()
    return DeviceSet(camera=build_camera(settings, camera), medium=medium)
