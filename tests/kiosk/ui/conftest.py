"""Fixtures for the kiosk UI: themed QApplication, languages, a window on a fake or the
real account service (uvicorn on loopback, SQLite), and an idle clock the test moves."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from kiosk_ui_fakes import FakeApi, IdleClock
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from account_service.clock import ManualClock
from account_service.embedded import EmbeddedService
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor, locate_face
from kiosk.flows.login import LoginFlow
from kiosk.protocol.messages import Lang
from kiosk.services.account_api import AccountApi
from kiosk.services.face.models import FaceModels
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import IdlePolicy, KioskSession
from kiosk.services.terminal_identity import enroll
from kiosk.ui.i18n import LanguageController, build_translations
from kiosk.ui.journeys.tester.panel import TesterSources
from kiosk.ui.main_window import MainWindow
from kiosk.ui.theme import apply_theme
from tests.support.live_service import live_service
from tests.support.photos import load_photos

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns that it cannot pass size hints to a window manager
    # (there is none); every other Qt warning still fails the test.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


@pytest.fixture(scope="session")
def built_translations() -> list[Path]:
    return build_translations()


@pytest.fixture
def language(qapp: QApplication, built_translations: list[Path]) -> Iterator[LanguageController]:
    apply_theme(qapp)
    controller = LanguageController(qapp, initial=Lang.ZH)
    yield controller
    controller.detach()


@pytest.fixture
def idle_clock() -> IdleClock:
    return IdleClock()


@pytest.fixture
def kiosk_session(idle_clock: IdleClock) -> KioskSession:
    return KioskSession(IdlePolicy(idle_s=90, warning_s=20), clock=idle_clock)


@pytest.fixture
def fake_api() -> FakeApi:
    return FakeApi()


WindowFactory = Callable[[AccountApi], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, language: LanguageController, kiosk_session: KioskSession
) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(api: AccountApi) -> MainWindow:
        tester = TesterSources(device_report=list, sms_outbox=api.sms_outbox)
        window = MainWindow(
            flow=LoginFlow(api),
            session=kiosk_session,
            language=language,
            tester=tester,
            # The real client also serves self-service; fakes of the login alone do not,
            # and then 忘记密码 / 找回手机号码 stay "coming soon".
            self_service=api if isinstance(api, HttpAccountClient) else None,
            qr=api if isinstance(api, HttpAccountClient) else None,
        )
        qtbot.addWidget(window)
        window.resize_for(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture
def service(
    sqlite_database_url: str, manual_clock: ManualClock, tmp_path: Path
) -> Iterator[EmbeddedService]:
    """The real account service on SQLite (its session reaches the authority registry)."""
    with live_service(sqlite_database_url, manual_clock, tmp_path / "service") as running:
        yield running


@pytest.fixture
def live_api(service: EmbeddedService, manual_clock: ManualClock) -> Iterator[HttpAccountClient]:
    """The kiosk's real HTTP client, enrolled with ``service``."""
    identity = enroll(service.base_url, service.create_enroll_code("ui tests"), "ui tests")
    with HttpAccountClient(
        service.base_url,
        identity,
        clock=lambda: manual_clock.now().timestamp(),
        backoff=lambda _attempt: None,
    ) as client:
        yield client


# -- the real face pipeline and the real test photos (face_kiosk.py) ------------------------


@pytest.fixture(scope="module")
def face_models() -> FaceModels:
    return FaceModels.load()


@pytest.fixture(scope="module")
def photos() -> dict[str, Frame]:
    """obama, obama2, obama3, biden (never committed; tests/support/photos.py)."""
    return load_photos()


@pytest.fixture(scope="module")
def anchors(photos: dict[str, Frame]) -> dict[str, FaceAnchor]:
    return {name: locate_face(image) for name, image in photos.items()}
