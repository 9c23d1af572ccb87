"""Agent certificate login on screens against the real account service (R-AG-2, R-AG-1):
the demo agent's emulated Tax UKey in a fake reader, the card monitor's owner thread, SMS
from the development outbox; then the medium is pulled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from account_service.clock import ManualClock
from kiosk.demo.agent_card import DEMO_AGENT_CERT_PIN, demo_agent_card
from kiosk.demo.ui_driver import tap
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator import EmulatedTaxUKey, build_card
from kiosk.devices.cards.fake_backend import FakeBackend
from kiosk.devices.cards.monitor import CardMonitor
from kiosk.flows.agent_login import AgentLoginFlow, AgentLoginStep
from kiosk.flows.login import LoginFlow
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang, render
from kiosk.services.certificate_medium import CertificateMedium
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.home import Entry
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.agent.journey import AgentSources
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.main_window import MainWindow

READER = "Agent Reader 00"
WAIT_MS = 15_000
BEIJING_USCC = "91110108MA01C3LX6H"


@dataclass
class Kiosk:
    window: MainWindow
    backend: FakeBackend
    api: HttpAccountClient


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    language: LanguageController,
    kiosk_session: KioskSession,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> Iterator[Kiosk]:
    manual_clock.set(datetime.now(UTC))  # the demo certificate is valid from yesterday
    backend = FakeBackend([READER])
    bridge = CardBridge()
    monitor = CardMonitor(backend, bridge.on_event, poll_s=0.05)
    monitor.start()
    medium = CertificateMedium(monitor)
    window = MainWindow(
        flow=LoginFlow(live_api),
        session=kiosk_session,
        language=language,
        agent=AgentSources(AgentLoginFlow(live_api, medium), medium, bridge),
    )
    qtbot.addWidget(window)
    window.resize_for(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield Kiosk(window, backend, live_api)
    finally:
        window.shutdown()
        monitor.stop()


def insert(qtbot: QtBot, kiosk: Kiosk, card: EmulatedTaxUKey) -> list[object]:
    journey = kiosk.window.agent
    assert journey is not None
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(kiosk.window.home.tiles[Entry.AGENT])
    assert shown.args == [AgentLoginStep.INSERT_MEDIUM]
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        kiosk.backend.insert(READER, card)
    return list(shown.args)


def test_R_AG_2_certificate_login_to_a_client_then_pulling_the_medium_logs_out(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    language.set_language(Lang.ZH)
    card, _issued = demo_agent_card(datetime.now(UTC))
    assert insert(qtbot, kiosk, card) == [AgentLoginStep.CERT_PASSWORD]
    journey = kiosk.window.agent
    assert journey is not None
    password = journey.password
    assert "王五" in password.holder.text()
    assert "还可尝试 3 次" in password.tries.text()  # before entry
    password.password.set_text(DEMO_AGENT_CERT_PIN.decode())
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(password.login_button)  # verify, challenge, sign, answer
    assert shown.args == [AgentLoginStep.SMS], password.banner.text()
    assert password.password.text() == ""
    sms = journey.sms
    with qtbot.waitSignal(kiosk.window.runner.task_finished, timeout=WAIT_MS):
        tap(sms.request_button)
    assert "验证码已发送" in sms.banner.text()
    code = kiosk.api.sms_outbox(limit=1)[0].code
    sms.code.set_text(code)
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(sms.login_button)
    assert shown.args == [AgentLoginStep.CHOOSE_CLIENT], sms.banner.text()  # R-AG-1
    clients = journey.clients
    assert BEIJING_USCC in clients.buttons[0].text()
    qtbot.waitUntil(lambda: clients.buttons[0].width() > 0)  # laid out, so tappable
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(clients.buttons[0])
    assert shown.args == [AgentLoginStep.DONE], clients.banner.text()
    assert kiosk.window.current_screen() is journey.home
    assert "北京示例科技有限公司" in journey.home.acting.text()
    session = journey.flow.session
    assert session is not None
    token = session.session_token
    assert kiosk.api.current_agent_session(token).client.uscc == BEIJING_USCC
    # Acceptance 4: the medium is pulled: home within a second, nothing left on screen.
    started = time.monotonic()
    with qtbot.waitSignal(journey.left, timeout=1000):
        kiosk.backend.remove(READER)
    assert time.monotonic() - started < 1.0
    assert kiosk.window.current_screen() is kiosk.window.home
    assert journey.home.acting.text() == "" and journey.password.holder.text() == ""

    # ...and the service session is gone (logged out off the GUI thread).
    def logged_out() -> bool:
        try:
            kiosk.api.current_agent_session(token)
        except UserError as error:
            return error.code is ErrorCode.SESSION_INVALID
        return False

    qtbot.waitUntil(logged_out, timeout=WAIT_MS)


def test_an_unknown_certificate_is_refused_with_the_catalog_message(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    language.set_language(Lang.EN)
    stranger, _issued = build_card(
        CertificateHolder("王五"), now=datetime.now(UTC), user_pin=DEMO_AGENT_CERT_PIN
    )
    assert insert(qtbot, kiosk, stranger) == [AgentLoginStep.CERT_PASSWORD]
    journey = kiosk.window.agent
    assert journey is not None
    journey.password.password.set_text(DEMO_AGENT_CERT_PIN.decode())
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(journey.password.login_button)
    assert shown.args == [AgentLoginStep.REFUSED]
    assert kiosk.window.current_screen() is journey.insert
    assert journey.insert.banner.text() == render(ErrorCode.AGENT_CERT_UNKNOWN, Lang.EN)
    assert journey.insert.banner.rule == "R-AG-2"
