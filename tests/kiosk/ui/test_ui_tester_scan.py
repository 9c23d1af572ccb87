"""The tax-app simulator on the QR screen (demo tester tool, issue 6): 扫码登录 R-QR-1 and
扫码验证 R-QR-2 completed from the kiosk itself, against the real account service (SQLite).

The strip scans through the development-only route on the window's worker; the QR
journey's own long poll then finishes the login. Tests wait for signals and screens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS, DemoPerson
from kiosk.demo.taxapp_strip import ScanPerson, TaxAppScanStrip, install_taxapp_strip
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.flows.login import Factor, LoginFlow
from kiosk.protocol.enterprise import Role
from kiosk.protocol.messages import ErrorCode, Lang, message_for
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.big_button import MIN_TOUCH_PX, BigButton
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.common.widgets.qr_code_view import MIN_SIDE_PX
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.qr_login.journey import QrLoginJourney
from kiosk.ui.journeys.tester import panel as tester_panel
from kiosk.ui.main_window import MainWindow

WAIT_MS = 15_000
ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
PEOPLE = tuple(ScanPerson(p.name, p.document_number) for p in DEMO_PERSONS)

StripWindow = Callable[[HttpAccountClient], MainWindow]


@pytest.fixture
def tester_window(
    qtbot: QtBot, language: LanguageController, kiosk_session: KioskSession
) -> Iterator[StripWindow]:
    """The demo's wiring: tester sources with the simulator, the QR login on the service."""
    windows: list[MainWindow] = []

    def make(api: HttpAccountClient) -> MainWindow:
        tester = tester_panel.TesterSources(device_report=list, sms_outbox=api.sms_outbox)
        window = MainWindow(
            flow=LoginFlow(api),
            session=kiosk_session,
            language=language,
            tester=tester,
            self_service=api,
            qr=api,
        )
        install_taxapp_strip(window, api, PEOPLE, enterprise_uscc=DEMO_ENTERPRISE.uscc)
        qtbot.addWidget(window)
        window.resize_for(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


def starts_with(label: QLabel, text: str) -> bool:
    return label.text().startswith(text)


def parts(window: MainWindow) -> tuple[QrLoginJourney, TaxAppScanStrip]:
    journey = window.qr
    assert journey is not None
    strip = journey.screen.side_panel
    assert strip is not None
    return journey, strip


def person_button(strip: TaxAppScanStrip, person: DemoPerson) -> BigButton:
    return strip.person_buttons[[p.document_number for p in PEOPLE].index(person.document_number)]


def open_qr_login(qtbot: QtBot, window: MainWindow) -> str:
    journey, strip = parts(window)
    window.start_login()
    with qtbot.waitSignal(journey.code_shown, timeout=WAIT_MS) as shown:
        window.journeys.open_qr_login()
    assert window.current_screen() is journey.screen
    assert strip.isVisible()
    assert strip.payload == shown.args[0]  # the code on screen is the one it scans
    return str(shown.args[0])


def scan(qtbot: QtBot, window: MainWindow, strip: TaxAppScanStrip) -> None:
    assert strip.scan_button.isEnabled()
    tap(strip.scan_button, settle_ms=0)
    assert not strip.scan_button.isEnabled()  # one scan at a time
    wait_until_idle(window.runner)


def test_R_QR_1_simulated_scan_of_the_code_on_screen_logs_in(
    qtbot: QtBot, tester_window: StripWindow, live_api: HttpAccountClient
) -> None:
    window = tester_window(live_api)
    journey, strip = parts(window)
    assert strip.heading.text() == "测试工具：模拟税务App扫码"
    assert not strip.scan_button.isEnabled()  # no code on screen yet
    open_qr_login(qtbot, window)
    assert journey.polling
    tap(person_button(strip, LI))
    assert strip.choice_text().startswith("扫码人：李*（110***********6528）")
    tap(person_button(strip, ZHANG))
    assert strip.choice_text() == "扫码人：张*（110***********002X），电子税务局，个人"
    assert [b.text() for b in strip.person_buttons] == ["张*", "李*", "王*", "赵*", "陈**"]

    tap(strip.scan_button)  # the window's worker, while the journey's polls wait
    home = window.logged_in.screen
    wait_for_screen(window, home)
    assert home.greeting.text() == "您好，张*"  # 张三's document number was sent
    assert window.session.logged_in
    assert not journey.polling
    assert strip.payload is None  # the spent code left with the screen
    assert not strip.scan_button.isEnabled()


def test_R_QR_1_iit_app_enterprise_scan_shows_the_catalog_error_and_stays(
    qtbot: QtBot,
    tester_window: StripWindow,
    live_api: HttpAccountClient,
    language: LanguageController,
) -> None:
    window = tester_window(live_api)
    journey, strip = parts(window)
    open_qr_login(qtbot, window)
    tap(person_button(strip, ZHANG))  # the demo enterprise's legal representative
    tap(strip.iit_button)
    tap(strip.enterprise_button)
    assert strip.choice_text().endswith(f"个人所得税，企业 {DEMO_ENTERPRISE.uscc}")

    scan(qtbot, window, strip)
    personal_only = message_for(ErrorCode.QR_APP_PERSONAL_ONLY)
    assert strip.banner.kind is BannerKind.ERROR
    assert strip.banner.text() == personal_only.zh
    assert strip.banner.rule == "R-QR-1"
    assert strip.banner.small_print() == "规则编号 R-QR-1"
    assert window.current_screen() is journey.screen  # nobody logged in
    assert not window.session.logged_in
    assert journey.polling
    assert journey.screen.code.has_code
    language.set_language(Lang.EN)  # the banner re-renders with the language
    qtbot.waitUntil(lambda: strip.banner.text() == personal_only.en)
    assert strip.heading.text() == "Tester: simulate the tax app"
    language.set_language(Lang.ZH)
    qtbot.waitUntil(lambda: strip.banner.text() == personal_only.zh)

    # The refused scan did not spend the code: the e-tax app logs the enterprise in. 张三
    # holds two roles there, so the 企业业务 entry asks which first (R-RE-1).
    tap(strip.etax_button)
    tap(strip.scan_button)
    assert window.entry is not None
    wait_for_screen(window, window.entry.roles)
    tap(window.entry.roles.buttons[Role.LEGAL_REPRESENTATIVE])
    wait_for_screen(window, window.logged_in.screen)
    assert window.session.logged_in
    acting = window.session.acting
    assert acting is not None and acting.role is Role.LEGAL_REPRESENTATIVE


def test_R_QR_2_verification_scanned_by_another_person_is_refused(
    qtbot: QtBot, tester_window: StripWindow, live_api: HttpAccountClient
) -> None:
    window = tester_window(live_api)
    journey, strip = parts(window)
    login = window.login
    window.start_login()
    login.credentials.identifier.set_text(ZHANG.document_number)
    login.credentials.password.set_text(ZHANG.password)
    assert login.credentials.main_action is not None
    tap(login.credentials.main_action)
    wait_for_screen(window, login.factor_choice)
    with qtbot.waitSignal(journey.code_shown, timeout=WAIT_MS) as shown:
        tap(login.factor_choice.buttons[Factor.QR])
    assert journey.screen.title_label.text() == "扫码验证"
    assert strip.payload == shown.args[0]

    tap(person_button(strip, LI))
    scan(qtbot, window, strip)
    assert strip.banner.kind is BannerKind.ERROR
    assert strip.banner.text() == message_for(ErrorCode.QR_WRONG_PERSON).zh
    assert strip.banner.rule == "R-QR-2"
    assert window.current_screen() is journey.screen

    tap(person_button(strip, ZHANG))
    tap(strip.scan_button)
    wait_for_screen(window, window.logged_in.screen)
    assert window.logged_in.screen.greeting.text() == "您好，张*"


def test_the_strip_fits_beside_the_code_at_1280x800(
    qtbot: QtBot,
    tester_window: StripWindow,
    live_api: HttpAccountClient,
    language: LanguageController,
) -> None:
    window = tester_window(live_api)
    journey, strip = parts(window)
    open_qr_login(qtbot, window)
    tap(strip.iit_button)
    tap(strip.enterprise_button)
    scan(qtbot, window, strip)  # the longest banner the strip shows
    buttons = [
        *strip.person_buttons,
        strip.etax_button,
        strip.iit_button,
        strip.enterprise_button,
        strip.scan_button,
    ]

    def laid_out() -> bool:  # the new texts' layout comes on the next event loop turn
        return all(button.width() >= button.sizeHint().width() for button in buttons)

    for lang, heading in ((Lang.ZH, "测试工具："), (Lang.EN, "Tester: ")):
        language.set_language(lang)
        qtbot.waitUntil(partial(starts_with, strip.heading, heading))
        window.resize_for(1280, 800)  # the longer texts must not grow the window
        assert (window.width(), window.height()) == (1280, 800)
        screen = journey.screen
        area = screen.rect()
        qtbot.waitUntil(laid_out)  # no label clipped
        assert (window.width(), window.height()) == (1280, 800)
        for widget in [*buttons, strip.banner, screen.code, screen.countdown]:
            top_left = widget.mapTo(screen, QPoint(0, 0))
            assert area.contains(top_left), widget.objectName()
            assert area.contains(top_left + QPoint(widget.width() - 1, widget.height() - 1))
        for button in buttons:
            assert button.height() >= MIN_TOUCH_PX
        # Beside the code, not over it; the code stays scannable.
        code = QRect(screen.code.mapTo(screen, QPoint(0, 0)), screen.code.size())
        side = QRect(strip.mapTo(screen, QPoint(0, 0)), strip.size())
        assert not code.intersects(side)
        assert min(screen.code.width(), screen.code.height()) >= MIN_SIDE_PX
    language.set_language(Lang.ZH)


def test_without_the_simulator_sources_there_is_no_strip(
    qtbot: QtBot,
    make_window: Callable[[HttpAccountClient], MainWindow],
    live_api: HttpAccountClient,
) -> None:
    window = make_window(live_api)  # a terminal the demo did not install the strip on
    journey = window.qr
    assert journey is not None
    assert journey.screen.side_panel is None
    assert window.findChildren(TaxAppScanStrip) == []
    window.start_login()
    with qtbot.waitSignal(journey.code_shown, timeout=WAIT_MS):
        window.journeys.open_qr_login()
    assert journey.screen.code.has_code
    assert window.findChildren(TaxAppScanStrip) == []
