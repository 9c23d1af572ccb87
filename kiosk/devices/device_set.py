"""The terminal's devices, chosen by settings: mocks for demos and testers, real drivers else."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.devices.camera import Camera, CameraSettings
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.cards import CertificateMedium, MockCertificateMedium
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.opencv_camera import OpenCvCamera
from kiosk.devices.pcsc_medium import PcscCertificateMedium
from kiosk.devices.status import DeviceStatus
from kiosk.settings import CameraDriver, KioskSettings, MediumDriver


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


def camera_settings_of(settings: KioskSettings) -> CameraSettings:
    return settings.camera


def build_camera(settings: KioskSettings, camera: CameraSettings | None = None) -> Camera:
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


def build_devices(settings: KioskSettings, camera: CameraSettings | None = None) -> DeviceSet:
    medium: CertificateMedium
    if settings.medium_driver is MediumDriver.PCSC:
        # Issue 5 implements PC/SC; until then it reports NOT_CONNECTED with the reason.
        medium = PcscCertificateMedium()
    else:
        medium = MockCertificateMedium()
    return DeviceSet(camera=build_camera(settings, camera), medium=medium)
