"""The certificate part of the walkthrough (R-AC-3): insert prompt, the certificate, the
password change with the tries-left warning after a wrong password, and the change done.

The demo's medium sits in the fake backend's reader; the walkthrough pulls it out and puts it
back through ``CardDemo`` (what a tester does with the tester controls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.flows.certificate import CertificateStep
from kiosk.ui.main_window import MainWindow

Shoot = Callable[[str], None]
WaitFor = Callable[[Callable[[], bool], str, float], None]
WRONG_PASSWORD = "87654321"
NEW_PASSWORD = "Kiosk2026"
TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class CardDemo:
    remove_all: Callable[[], None]
    insert: Callable[[], None]  # the enterprise's medium, still on the factory password
    insert_agent: Callable[[], None]  # the demo agent's medium
    agent_password: str
    sms_code: Callable[[], str]  # the newest code in the development SMS outbox
    password: str = "12345678"


def run_certificate_walkthrough(
    window: MainWindow, demo: CardDemo, shoot: Shoot, wait_for: WaitFor
) -> None:
    journey = window.certificate
    if journey is None:
        return

    def idle() -> bool:
        return not window.runner.busy

    def at(screen: object) -> Callable[[], bool]:
        return lambda: idle() and window.current_screen() is screen

    demo.remove_all()
    wait_for(lambda: not _card_in(window), "the media out", TIMEOUT_S)
    window.session.touch()
    journey.start()
    wait_for(at(journey.insert), "the insert prompt", TIMEOUT_S)
    shoot("21-certificate-insert")
    demo.insert()
    wait_for(at(journey.details), "the certificate", TIMEOUT_S)
    shoot("22-certificate-details")
    journey.start_change()
    wait_for(at(journey.pin), "the password change", TIMEOUT_S)
    journey.submit_change(WRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    wait_for(lambda: idle() and bool(journey.pin.banner.text()), "the wrong password", TIMEOUT_S)
    shoot("23-certificate-password-warning")
    journey.submit_change(demo.password, NEW_PASSWORD, NEW_PASSWORD)
    wait_for(
        lambda: idle() and journey.flow.step is CertificateStep.CHANGED,
        "the changed password",
        TIMEOUT_S,
    )
    shoot("24-certificate-password-changed")
    journey.leave()
    demo.remove_all()
    wait_for(lambda: not _card_in(window), "the media out", TIMEOUT_S)
    _agent(window, demo, shoot, wait_for)


def _agent(window: MainWindow, demo: CardDemo, shoot: Shoot, wait_for: WaitFor) -> None:
    """R-AG-2: the agent's medium, its password, the SMS code, the client, logged in."""
    journey = window.agent
    if journey is None:
        return

    def at(screen: object) -> Callable[[], bool]:
        return lambda: not window.runner.busy and window.current_screen() is screen

    window.session.touch()
    journey.start()
    wait_for(at(journey.insert), "the agent's insert prompt", TIMEOUT_S)
    demo.insert_agent()
    wait_for(at(journey.password), "the certificate password", TIMEOUT_S)
    journey.password.password.set_text(demo.agent_password)
    shoot("25-agent-certificate-password")
    journey.password.submit()
    wait_for(
        lambda: (
            (not window.runner.busy and window.current_screen() is not journey.password)
            or bool(journey.password.banner.text())
        ),
        "the password check",
        TIMEOUT_S,
    )
    if window.current_screen() is not journey.sms:
        raise RuntimeError(f"agent login refused: {journey.password.banner.text()}")
    journey.request_code()
    wait_for(
        lambda: not window.runner.busy and journey.flow.state.sms is not None,
        "the SMS code",
        TIMEOUT_S,
    )
    code = demo.sms_code()
    for key in code:
        journey.sms.keypad.press(key)
    shoot("26-agent-sms")
    journey.sms.submit()
    wait_for(
        lambda: (
            not window.runner.busy
            and (window.current_screen() is not journey.sms or bool(journey.sms.banner.text()))
        ),
        "the code check",
        TIMEOUT_S,
    )
    if window.current_screen() is not journey.clients:
        raise RuntimeError(f"agent code refused: {journey.sms.banner.text()} ({code})")
    shoot("27-agent-choose-client")
    journey.clients.buttons[0].click()
    wait_for(at(journey.home), "the agent's home", TIMEOUT_S)
    shoot("28-agent-logged-in")
    demo.remove_all()  # pulling the medium logs out at once
    wait_for(lambda: window.current_screen() is window.home, "home after removal", TIMEOUT_S)


def _card_in(window: MainWindow) -> bool:
    journey = window.certificate
    if journey is None:
        return False
    return journey.card_present()
