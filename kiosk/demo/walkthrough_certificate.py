"""The certificate part of the walkthrough (R-AC-3): insert prompt, the certificate, the
password change with the tries-left warning after a wrong password, and the change done.

The demo's medium sits in the fake backend's reader; the walkthrough pulls it out and puts it
back through ``CardDemo`` (what a tester does with the tester controls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import Walk
from kiosk.flows.certificate import CertificateStep
from kiosk.ui.main_window import MainWindow

WRONG_PASSWORD = "87654321"
NEW_PASSWORD = "Kiosk2026"


@dataclass(frozen=True, slots=True)
class CardDemo:
    remove_all: Callable[[], None]
    insert: Callable[[], None]  # the enterprise's medium, still on the factory password
    insert_agent: Callable[[], None]  # the demo agent's medium
    agent_password: str
    sms_code: Callable[[], str]  # the newest code in the development SMS outbox
    password: str = "12345678"


def run_certificate_walkthrough(walk: Walk, demo: CardDemo) -> None:
    window, shoot = walk.window, walk.shoot
    journey = window.certificate
    if journey is None:
        return
    demo.remove_all()
    wait_for(lambda: not _card_in(window), "the media out")
    window.session.touch()
    journey.start()
    walk.at(journey.insert, "the insert prompt")
    shoot("21-certificate-insert")
    demo.insert()
    walk.at(journey.details, "the certificate")
    shoot("22-certificate-details")
    journey.start_change()
    walk.at(journey.pin, "the password change")
    journey.submit_change(WRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    walk.settled("the wrong password")
    if not journey.pin.banner.text():
        raise DriverError("the wrong certificate password was not refused")
    shoot("23-certificate-password-warning")
    journey.submit_change(demo.password, NEW_PASSWORD, NEW_PASSWORD)
    walk.settled("the changed password")
    if journey.flow.step is not CertificateStep.CHANGED:
        raise DriverError(f"the password was not changed: {journey.pin.banner.text()}")
    shoot("24-certificate-password-changed")
    journey.leave()
    demo.remove_all()
    wait_for(lambda: not _card_in(window), "the media out")
    _agent(walk, demo)


def _agent(walk: Walk, demo: CardDemo) -> None:
    """R-AG-2: the agent's medium, its password, the SMS code, the client, logged in."""
    window, shoot = walk.window, walk.shoot
    journey = window.agent
    if journey is None:
        return
    window.session.touch()
    journey.start()
    walk.at(journey.insert, "the agent's insert prompt")
    demo.insert_agent()
    walk.at(journey.password, "the certificate password")
    journey.password.password.set_text(demo.agent_password)
    shoot("25-agent-certificate-password")
    journey.password.submit()
    walk.at(journey.sms, "the agent's SMS step")
    tap(journey.sms.request_button)
    walk.settled("the SMS code")
    if journey.flow.state.sms.sent is None:
        raise DriverError(f"no agent SMS code was sent: {journey.sms.banner.text()}")
    code = demo.sms_code()
    type_on_keypad(journey.sms.keypad, code)
    shoot("26-agent-sms")
    journey.sms.submit()
    walk.at(journey.clients, "the agent's clients")
    shoot("27-agent-choose-client")
    tap(journey.clients.buttons[0])
    walk.at(journey.home, "the agent's home")
    shoot("28-agent-logged-in")
    demo.remove_all()  # pulling the medium logs out at once
    walk.at(window.home, "home after removal")


def _card_in(window: MainWindow) -> bool:
    journey = window.certificate
    if journey is None:
        return False
    return journey.card_present()
