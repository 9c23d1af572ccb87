"""The terminal's devices, chosen by settings: mocks for demos and testers, real drivers else."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from kiosk.devices.camera import Camera, CameraSettings
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.cards import CertificateMedium, MockCertificateMedium
from kiosk.devices.cards.backend import Backend
from kiosk.devices.cards.fake_backend import DEFAULT_FAKE_READER, FakeBackend
from kiosk.devices.cards.pcsc_medium import PcscCertificateMedium
from kiosk.devices.cards.transport import CardError
from kiosk.devices.mock_camera import MockCamera
from kiosk.devices.opencv_camera import OpenCvCamera
from kiosk.devices.status import DeviceStatus
from kiosk.protocol.messages import Lang, render


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
    # Where certificate media are read (issue 5): hand it to one CardMonitor, which owns it.
    cards: Backend

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


def build_card_backend(settings: DeviceSettings) -> Backend:
    """PC/SC through pcscd, or the in-process fake holding the demo enterprise's emulated
    Tax UKey in ``DEFAULT_FAKE_READER`` (testers script it: insert, remove, service down)."""
    if settings.medium_driver is MediumDriver.PCSC:
        # Imported here: pyscard needs libpcsclite, which mock-only machines may lack.
        from kiosk.devices.cards.pcsc_backend import PcscBackend  # noqa: PLC0415

        return PcscBackend()
    from kiosk.devices.cards.vpcd import default_card  # noqa: PLC0415  (issues certificates)

    backend = FakeBackend([DEFAULT_FAKE_READER])
    backend.insert(DEFAULT_FAKE_READER, default_card())
    return backend


def card_reader_report(backend: Backend) -> DeviceReport:
    """One line on the card readers, for ``kiosk devices`` and the staff screen. Blocking
    (asks pcscd): call it where card I/O may happen, e.g. as a CardMonitor job."""
    try:
        readers = backend.readers()
    except CardError as exc:
        return DeviceReport(
            "card readers",
            DeviceStatus.NOT_CONNECTED,
            f"{render(exc.failure.code, Lang.EN)} {exc.detail}",
        )
    if not readers:
        return DeviceReport(
            "card readers", DeviceStatus.NOT_CONNECTED, f"{backend.description}: no reader"
        )
    parts = [
        f"{r.name}: "
        + (f"card ATR {r.atr.hex(' ').upper()}" if r.atr else "mute card" if r.mute else "empty")
        for r in readers
    ]
    return DeviceReport(
        "card readers", DeviceStatus.READY, f"{backend.description}; " + "; ".join(parts)
    )


def build_devices(settings: DeviceSettings, camera: CameraSettings | None = None) -> DeviceSet:
    medium: CertificateMedium
    if settings.medium_driver is MediumDriver.PCSC:
        # The PIN/certificate medium over PC/SC comes with the Tax UKey client (issue 5);
        # until then it reports NOT_CONNECTED with the reason. ``cards`` is real already.
        medium = PcscCertificateMedium()
    else:
        medium = MockCertificateMedium()
    return DeviceSet(
        camera=build_camera(settings, camera), medium=medium, cards=build_card_backend(settings)
    )
