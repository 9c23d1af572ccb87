"""The certificate journey on screens (R-AC-3): the card monitor's owner thread, the fake
backend and the emulated Tax UKey; the person taps, the medium is pulled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from kiosk_ui_fakes import FakeApi
from pytestqt.qtbot import QtBot

from kiosk.demo.ui_driver import tap
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator import EmulatedTaxUKey, build_card
from kiosk.devices.cards.fake_backend import FakeBackend
from kiosk.devices.cards.monitor import CardMonitor
from kiosk.flows.certificate import CertificateFlow, CertificateStep
from kiosk.flows.login import LoginFlow
from kiosk.protocol.messages import ErrorCode, Lang, render
from kiosk.services.certificate_medium import CertificateMedium
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.certificate.journey import CertificateSources
from kiosk.ui.main_window import MainWindow

READER = "Demo Reader 00"
NOW = datetime.now(UTC)
WAIT_MS = 10_000


@dataclass
class Kiosk:
    window: MainWindow
    backend: FakeBackend
    card: EmulatedTaxUKey


@pytest.fixture
def kiosk(
    qtbot: QtBot, language: LanguageController, kiosk_session: KioskSession
) -> Iterator[Kiosk]:
    card, _issued = build_card(
        CertificateHolder("北京示例科技有限公司", "91110108MA01C3LX6H"),
        now=NOW,
        not_after=NOW + timedelta(days=30),
    )
    backend = FakeBackend([READER])
    bridge = CardBridge()
    monitor = CardMonitor(backend, bridge.on_event, poll_s=0.05)
    monitor.start()
    medium = CertificateMedium(monitor)
    window = MainWindow(
        flow=LoginFlow(FakeApi()),
        session=kiosk_session,
        language=language,
        certificate=CertificateSources(CertificateFlow(medium), medium, bridge),
    )
    qtbot.addWidget(window)
    window.resize_for(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield Kiosk(window, backend, card)
    finally:
        window.shutdown()
        monitor.stop()


def open_and_insert(qtbot: QtBot, kiosk: Kiosk) -> None:
    journey = kiosk.window.certificate
    assert journey is not None
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(kiosk.window.home.certificate_button)
    assert shown.args == [CertificateStep.INSERT]
    assert kiosk.window.current_screen() is journey.insert
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        kiosk.backend.insert(READER, kiosk.card)  # read by itself, no tap
    assert shown.args == [CertificateStep.DETAILS]


def test_R_AC_3_certificate_shown_then_the_password_changed_with_warnings(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    language.set_language(Lang.ZH)
    open_and_insert(qtbot, kiosk)
    journey = kiosk.window.certificate
    assert journey is not None
    details = journey.details
    assert details.values["holder"].text() == "北京示例科技有限公司"
    assert details.values["taxpayer"].text() == "91110108MA01C3LX6H"
    assert "天到期" in details.values["expiry"].text()
    assert details.notice.isVisibleTo(details)  # still 12345678: change it
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(details.change_button)
    assert shown.args == [CertificateStep.CHANGE_PIN]
    pin = journey.pin
    assert "还可尝试 3 次" in pin.tries.text()  # before anything is typed
    # A wrong current password: the vendor wording, and the warning at 2 tries left.
    pin.old.set_text("87654321")
    pin.new.set_text("Kiosk2026")
    pin.confirm.set_text("Kiosk2026")
    with qtbot.waitSignal(kiosk.window.runner.task_finished):
        tap(pin.save_button)
    assert "剩余尝试次数2" in pin.banner.text() and pin.banner.rule == "R-AC-3"
    assert "还剩 2 次" in pin.tries.text()
    assert pin.old.text() == "" and pin.new.text() == ""  # nothing typed stays
    # Once more wrong: the last-try warning.
    pin.old.set_text("87654320")
    pin.new.set_text("Kiosk2026")
    pin.confirm.set_text("Kiosk2026")
    with qtbot.waitSignal(kiosk.window.runner.task_finished):
        tap(pin.save_button)
    assert "只剩 1 次" in pin.tries.text()
    # Right password: changed, the factory-password notice gone.
    pin.old.set_text("12345678")
    pin.new.set_text("Kiosk2026")
    pin.confirm.set_text("Kiosk2026")
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(pin.save_button)
    assert shown.args == [CertificateStep.CHANGED]
    assert kiosk.window.current_screen() is details
    assert "证书口令已修改" in details.banner.text()
    assert not details.notice.isVisibleTo(details)
    assert not kiosk.card.user_pin_is_default and kiosk.card.user_tries_left == 3


def test_a_blocked_medium_sends_the_person_to_hall_staff(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    language.set_language(Lang.EN)
    open_and_insert(qtbot, kiosk)
    journey = kiosk.window.certificate
    assert journey is not None
    journey.start_change()
    for attempt in range(3):
        journey.pin.old.set_text(f"8765432{attempt}")
        journey.pin.new.set_text("Kiosk2026")
        journey.pin.confirm.set_text("Kiosk2026")
        with qtbot.waitSignal(kiosk.window.runner.task_finished):
            tap(journey.pin.save_button)
    assert journey.flow.step is CertificateStep.BLOCKED
    assert kiosk.window.current_screen() is journey.details
    assert "ask the hall staff" in journey.details.banner.text()
    assert journey.details.change_button.isHidden()


def test_pulling_the_medium_returns_home_within_a_second_and_leaves_nothing(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    open_and_insert(qtbot, kiosk)
    journey = kiosk.window.certificate
    assert journey is not None
    journey.start_change()
    journey.pin.old.set_text("12345678")
    started = time.monotonic()
    with qtbot.waitSignal(journey.left, timeout=1000):
        kiosk.backend.remove(READER)
    assert time.monotonic() - started < 1.0
    assert kiosk.window.current_screen() is kiosk.window.home
    assert journey.flow.state.view is None and journey.flow.step is CertificateStep.INSERT
    assert journey.pin.old.text() == ""
    assert all(not value.text() for value in journey.details.values.values())


def test_hall_staff_unblock_a_blocked_medium_with_the_admin_pin(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    """R-AC-3: blocked → "ask hall staff"; staff (staff mode) unblock with the admin PIN,
    the password is the factory one again and the holder must change it."""
    language.set_language(Lang.ZH)
    journey = kiosk.window.certificate
    assert journey is not None
    open_and_insert(qtbot, kiosk)
    journey.start_change()
    for attempt in range(3):
        journey.pin.old.set_text(f"8765432{attempt}")
        journey.pin.new.set_text("Kiosk2026")
        journey.pin.confirm.set_text("Kiosk2026")
        with qtbot.waitSignal(kiosk.window.runner.task_finished):
            tap(journey.pin.save_button)
    details = journey.details
    assert journey.flow.step is CertificateStep.BLOCKED
    assert details.admin_pin.isHidden()  # not for the holder
    journey.leave()
    # Staff mode (from staff home): the admin PIN field appears.
    journey.start(staff=True)
    qtbot.waitUntil(lambda: journey.flow.step is CertificateStep.BLOCKED, timeout=WAIT_MS)
    assert not details.admin_pin.isHidden() and not details.unblock_button.isHidden()
    details.admin_pin.set_text("11111111")
    with qtbot.waitSignal(kiosk.window.runner.task_finished):
        tap(details.unblock_button)
    assert "管理员口令有误" in details.banner.text()
    assert details.admin_pin.text() == ""
    details.admin_pin.set_text("88888888")
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(details.unblock_button)
    assert shown.args == [CertificateStep.DETAILS]
    assert "已解锁" in details.banner.text()
    assert journey.flow.change_required and kiosk.card.user_tries_left == 3
    assert details.admin_pin.isHidden()


def test_the_card_layer_says_what_it_sees_in_the_catalog_words(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    """The smart-card service down: the insert screen says so (the catalog's sentence, no
    rule), and the note goes once the service is back."""
    language.set_language(Lang.EN)
    journey = kiosk.window.certificate
    assert journey is not None
    with qtbot.waitSignal(journey.step_shown):
        tap(kiosk.window.home.certificate_button)
    kiosk.backend.stop_service()
    down = render(ErrorCode.CARD_SERVICE_DOWN, Lang.EN)
    qtbot.waitUntil(lambda: journey.insert.banner.text() == down, timeout=WAIT_MS)
    assert journey.insert.banner.rule is None
    kiosk.backend.start_service()
    qtbot.waitUntil(lambda: journey.insert.banner.text() == "", timeout=WAIT_MS)
