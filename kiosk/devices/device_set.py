"""The terminal's devices, chosen by settings: mocks for demos and testers, real drivers else."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.devices.camera import Camera
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


def build_devices(settings: KioskSettings) -> DeviceSet:
    camera: Camera
    if settings.camera_driver is CameraDriver.OPENCV:
        camera = OpenCvCamera(settings.camera_device)
    else:
        camera = MockCamera()
    medium: CertificateMedium
    if settings.medium_driver is MediumDriver.PCSC:
        # Issue 5 implements PC/SC; until then it reports NOT_CONNECTED with the reason.
        medium = PcscCertificateMedium()
    else:
        medium = MockCertificateMedium()
    return DeviceSet(camera=camera, medium=medium)
