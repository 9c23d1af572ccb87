"""企业业务 by the enterprise's certificate on screens against the real account service
(R-EN-1, seed 002 11): the demo enterprise's emulated Tax UKey in a fake reader, the card
monitor's owner thread; the journey hands the attempt over for the second factor, and
pulling the medium before that goes home."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from account_service.clock import ManualClock
from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS, load_demo_enterprise_certificates
from account_service.embedded import EmbeddedService
from kiosk.demo.enterprise_card import DEMO_ENTERPRISE_CERT_PIN, demo_enterprise_card
from kiosk.demo.ui_driver import tap
from kiosk.devices.cards.fake_backend import FakeBackend
from kiosk.devices.cards.monitor import CardMonitor
from kiosk.flows.enterprise_certificate_login import (
    CertificateLoginStep,
    EnterpriseCertificateLoginFlow,
)
from kiosk.protocol.messages import Lang
from kiosk.services.certificate_medium import CertificateMedium
from kiosk.services.http_client import HttpAccountClient
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.enterprise_certificate.journey import (
    EnterpriseCertificateJourney,
    EnterpriseCertificateSources,
    HandOver,
)

READER = "Enterprise Reader 00"
WAIT_MS = 15_000
ZHANG, LI = DEMO_PERSONS[0], DEMO_PERSONS[1]


@dataclass
class Kiosk:
    journey: EnterpriseCertificateJourney
    stack: QStackedWidget
    backend: FakeBackend
    runner: TaskRunner


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    language: LanguageController,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    manual_clock: ManualClock,
) -> Iterator[Kiosk]:
    manual_clock.set(datetime.now(UTC))  # the demo certificate is valid from yesterday
    load_demo_enterprise_certificates(service.session_factory, clock=manual_clock)
    backend = FakeBackend([READER])
    bridge = CardBridge()
    monitor = CardMonitor(backend, bridge.on_event, poll_s=0.05)
    monitor.start()
    medium = CertificateMedium(monitor)
    stack = QStackedWidget()
    runner = TaskRunner()

    def show(screen: QWidget) -> None:
        if stack.indexOf(screen) < 0:
            stack.addWidget(screen)
        stack.setCurrentWidget(screen)

    journey = EnterpriseCertificateJourney(
        EnterpriseCertificateSources(
            EnterpriseCertificateLoginFlow(live_api, medium), medium, bridge
        ),
        runner=runner,
        language=language,
        show=show,
    )
    for screen in journey.all_screens():
        stack.addWidget(screen)
    qtbot.addWidget(stack)
    stack.resize(1280, 800)
    stack.show()
    qtbot.waitExposed(stack)
    try:
        yield Kiosk(journey, stack, backend, runner)
    finally:
        journey.shutdown()
        monitor.stop()


def to_identifier(qtbot: QtBot, kiosk: Kiosk) -> None:
    journey = kiosk.journey
    with qtbot.waitSignal(journey.step_shown) as shown:
        journey.start()
    assert shown.args == [CertificateLoginStep.INSERT_MEDIUM]
    card, _issued = demo_enterprise_card(datetime.now(UTC))
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        kiosk.backend.insert(READER, card)
    assert shown.args == [CertificateLoginStep.CERT_PASSWORD]
    password = journey.password
    assert "北京示例科技有限公司" in password.holder.text()
    password.password.set_text(DEMO_ENTERPRISE_CERT_PIN.decode())
    with qtbot.waitSignal(journey.step_shown, timeout=WAIT_MS) as shown:
        tap(password.login_button)  # verify, challenge, sign, answer
    assert shown.args == [CertificateLoginStep.IDENTIFIER], password.banner.text()
    assert password.password.text() == ""
    assert kiosk.stack.currentWidget() is journey.identifier
    assert DEMO_ENTERPRISE.uscc in journey.identifier.enterprise.text()


def test_R_EN_1_medium_password_identifier_then_the_attempt_is_handed_over(
    qtbot: QtBot, kiosk: Kiosk, language: LanguageController
) -> None:
    language.set_language(Lang.ZH)
    to_identifier(qtbot, kiosk)
    identifier = kiosk.journey.identifier

    # R-RE-8: 李四 has no relation with the enterprise; the screen stays for the right one.
    identifier.identifier.set_text(LI.document_number)
    with qtbot.waitSignal(kiosk.runner.task_finished, timeout=WAIT_MS):
        tap(identifier.next_button)
    assert "未查询到您与该企业的关联关系信息" in identifier.banner.text()

    identifier.identifier.set_text(ZHANG.document_number)
    with qtbot.waitSignal(kiosk.journey.handed_over, timeout=WAIT_MS) as handed:
        tap(identifier.next_button)
    hand_over = handed.args[0]
    assert isinstance(hand_over, HandOver)
    assert hand_over.enterprise.code == DEMO_ENTERPRISE.uscc
    assert hand_over.identifier == ZHANG.document_number
    assert hand_over.accepted.sms_phone_masked == "138****0001"
    assert not kiosk.journey.active
    assert identifier.identifier.text() == ""  # the screens are wiped


def test_pulling_the_medium_at_the_identifier_goes_home(qtbot: QtBot, kiosk: Kiosk) -> None:
    to_identifier(qtbot, kiosk)
    with qtbot.waitSignal(kiosk.journey.left, timeout=WAIT_MS):
        kiosk.backend.remove(READER)
    assert not kiosk.journey.active


def test_R_SE_1_pulling_the_medium_after_the_handover_ends_that_login(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    """The session entered by the enterprise's medium is certificate-based: when the medium
    leaves, the window is told to end it; a medium pulled later, after that, says nothing."""
    to_identifier(qtbot, kiosk)
    identifier = kiosk.journey.identifier
    identifier.identifier.set_text(ZHANG.document_number)
    with qtbot.waitSignal(kiosk.journey.handed_over, timeout=WAIT_MS):
        tap(identifier.next_button)
    with qtbot.waitSignal(kiosk.journey.medium_pulled, timeout=WAIT_MS):
        kiosk.backend.remove(READER)
    card, _issued = demo_enterprise_card(datetime.now(UTC))
    with qtbot.assertNotEmitted(kiosk.journey.medium_pulled, wait=300):
        kiosk.backend.insert(READER, card)
        kiosk.backend.remove(READER)
