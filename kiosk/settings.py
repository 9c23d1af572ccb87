"""The kiosk's settings: one typed schema, read from ``KIOSK_*`` environment variables.

Every field has a real default for a hall terminal (``kiosk run``): the real camera and card
readers, the central service at ``service_url``. ``kiosk demo`` chooses the mock devices and
its embedded service itself, unless a setting names other devices.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kiosk.devices.camera import CameraSettings
from kiosk.devices.device_set import CameraDriver, MediumDriver
from kiosk.flows.collection import CollectionSettings
from kiosk.protocol.messages import Lang
from kiosk.services.face.settings import FaceSettings
from kiosk.services.store.settings import StoreSettings
from kiosk.services.sync.settings import SyncSettings

APP_DIR_NAME = "tax-kiosk"


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/tax-kiosk``, else ``~/.local/share/tax-kiosk``."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / APP_DIR_NAME


class KioskSettings(BaseSettings):
    """Terminal configuration. Environment: ``KIOSK_<FIELD>`` (e.g. ``KIOSK_DEMO=1``)."""

    model_config = SettingsConfigDict(
        env_prefix="KIOSK_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Terminal key pair, local database, service.json and logs live here.",
    )
    service_url: str | None = Field(
        default=None,
        description="Base URL of the central account service (https://…; plain http only on "
        "loopback). `kiosk run` needs it; `kiosk demo` starts its own embedded service.",
    )
    service_ca_file: Path | None = Field(
        default=None,
        description="PEM file of the CA that signed the service's certificate: only it is "
        "trusted (pins the province's CA); unset, the system's CAs.",
    )
    demo: bool = Field(default=False, description="Demo mode: seeded demo persons, SMS outbox.")
    camera_driver: CameraDriver = Field(
        default=CameraDriver.OPENCV, description="opencv (real camera) or mock (scriptable)."
    )
    camera_device: int | str = Field(
        default=0, description="OpenCV device index, or a path/URL of a video source."
    )
    camera: CameraSettings = Field(
        default_factory=CameraSettings,
        description="Camera size, mock scene/media/fps, reconnect backoff (KIOSK_CAMERA__WIDTH ...).",
    )
    face: FaceSettings = Field(
        default_factory=FaceSettings,
        description="Face quality gates, liveness and match thresholds (KIOSK_FACE__MATCH_THRESHOLD ...).",
    )
    store: StoreSettings = Field(
        default_factory=StoreSettings,
        description="The terminal's encrypted local store (file names inside data_dir).",
    )
    sync: SyncSettings = Field(
        default_factory=SyncSettings,
        description="Delivery of collection records: batch size, backoff, purge grace, freeze limits.",
    )
    collection: CollectionSettings = Field(
        default_factory=CollectionSettings,
        description="Staff real-name collection: attempts before the exception path, etc.",
    )
    medium_driver: MediumDriver = Field(
        default=MediumDriver.PCSC, description="Certificate medium backend: pcsc or mock."
    )
    idle_timeout_s: float = Field(
        default=90.0, gt=0, description="R-SE-1: idle seconds before the session is wiped."
    )
    idle_warning_s: float = Field(
        default=20.0, ge=0, description="R-SE-1: the countdown warning shown before expiry."
    )
    sms_resend_s: int = Field(
        default=60,
        ge=0,
        description="Resend countdown shown on screen only; the service decides (R-2F-3).",
    )
    language: Lang = Field(default=Lang.ZH, description="Start language: zh_CN or en.")
    large_type: bool = Field(default=False, description="Start in large type (accessibility).")
    windowed: bool = Field(default=False, description="Run in a window instead of full screen.")
    http_timeout_s: float = Field(
        default=10.0, gt=0, description="Timeout of one HTTP call to the account service."
    )
    http_retries: int = Field(
        default=2, ge=0, description="Retries of a call after a connection error (same key)."
    )
    log_level: str = Field(default="INFO", description="Logging level name.")
    health_interval_s: float = Field(
        default=15.0, gt=0, description="How often the terminal checks it can reach the service."
    )

    def with_mock_devices(self) -> KioskSettings:
        """The demo's devices: the mocks, except where a setting chose a device."""
        chosen = self.model_fields_set
        update = {
            name: driver
            for name, driver in (
                ("camera_driver", CameraDriver.MOCK),
                ("medium_driver", MediumDriver.MOCK),
            )
            if name not in chosen
        }
        return self.model_copy(update=update)

    @field_validator("camera_device", mode="before")
    @classmethod
    def _device_index(cls, value: object) -> object:
        # From the environment every value is a string: "0" means device index 0.
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return value

    @model_validator(mode="after")
    def _warning_shorter_than_timeout(self) -> KioskSettings:
        if self.idle_warning_s >= self.idle_timeout_s:
            msg = "idle_warning_s must be shorter than idle_timeout_s"
            raise ValueError(msg)
        return self
