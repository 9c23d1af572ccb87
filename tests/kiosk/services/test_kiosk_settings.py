"""KioskSettings: typed defaults, KIOSK_ environment, enums not strings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.protocol.messages import Lang
from kiosk.settings import CameraDriver, KioskSettings, MediumDriver


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "KIOSK_DATA_DIR",
        "KIOSK_SERVICE_URL",
        "KIOSK_CAMERA_DRIVER",
        "KIOSK_MEDIUM_DRIVER",
        "KIOSK_DEMO",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = KioskSettings()
    assert settings.data_dir == tmp_path / "tax-kiosk"
    assert settings.service_url is None
    # A hall terminal's devices unless a setting says otherwise (issue 15).
    assert settings.camera_driver is CameraDriver.OPENCV
    assert settings.medium_driver is MediumDriver.PCSC
    assert settings.language is Lang.ZH
    assert (settings.idle_timeout_s, settings.idle_warning_s, settings.sms_resend_s) == (90, 20, 60)


def test_data_dir_without_xdg_is_under_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert KioskSettings().data_dir == Path.home() / ".local/share/tax-kiosk"


def test_environment_overrides_with_types(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_CAMERA_DRIVER", "opencv")
    monkeypatch.setenv("KIOSK_CAMERA_DEVICE", "2")
    monkeypatch.setenv("KIOSK_MEDIUM_DRIVER", "pcsc")
    monkeypatch.setenv("KIOSK_LANGUAGE", "en")
    monkeypatch.setenv("KIOSK_DEMO", "1")
    settings = KioskSettings()
    assert settings.data_dir == tmp_path
    assert settings.camera_driver is CameraDriver.OPENCV
    assert settings.camera_device == 2
    assert settings.medium_driver is MediumDriver.PCSC
    assert settings.language is Lang.EN
    assert settings.demo is True


def test_camera_device_may_be_a_path() -> None:
    assert KioskSettings(camera_device="/dev/video2").camera_device == "/dev/video2"


def test_unknown_driver_is_rejected() -> None:
    with pytest.raises(ValidationError):
        KioskSettings(camera_driver="webcam")


def test_r_se_1_warning_must_be_shorter_than_the_idle_timeout() -> None:
    with pytest.raises(ValidationError, match="idle_warning_s"):
        KioskSettings(idle_timeout_s=30, idle_warning_s=30)


def test_the_demo_takes_the_mocks_unless_a_setting_chose_a_device(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = KioskSettings().with_mock_devices()
    assert (demo.camera_driver, demo.medium_driver) == (CameraDriver.MOCK, MediumDriver.MOCK)
    monkeypatch.setenv("KIOSK_MEDIUM_DRIVER", "pcsc")
    chosen = KioskSettings().with_mock_devices()
    assert (chosen.camera_driver, chosen.medium_driver) == (CameraDriver.MOCK, MediumDriver.PCSC)
