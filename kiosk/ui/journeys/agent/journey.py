"""Renders ``AgentLoginFlow`` (R-AG-2): insert the medium → certificate password → SMS →
client enterprise (R-AG-1) → the agent's home. Pulling the medium at any step returns home
at once: the screens are wiped here and the flow (which may log a session out over the
network) is wiped on a thread of its own, so nothing waits for the service.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal

from kiosk.devices.cards.monitor import CardEvent, CardEventKind
from kiosk.flows.agent_login import AgentLoginFlow, AgentLoginStep, Result
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.agent.screens import (
    AgentClientScreen,
    AgentHomeScreen,
    AgentPasswordScreen,
    AgentSmsScreen,
)
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.certificate.insert import CertificateInsertScreen
from kiosk.ui.journeys.certificate.journey import ReaderChoice

S = AgentLoginStep
_WAITING = frozenset({S.INSERT_MEDIUM, S.REMOVED, S.CHANGE_REQUIRED, S.BLOCKED, S.REFUSED})


@dataclass(frozen=True, slots=True)
class AgentSources:
    flow: AgentLoginFlow
    readers: ReaderChoice
    bridge: CardBridge


class AgentInsertScreen(CertificateInsertScreen):
    def title_text(self) -> str:
        return self.tr("Agent services · certificate login")


class AgentJourney(JourneyBase[AgentLoginStep]):
    left = Signal()

    def __init__(
        self, sources: AgentSources, *, runner: TaskRunner, language: LanguageController, show: Show
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = sources.flow
        self._readers = sources.readers
        self._chosen: str | None = None
        self._bridge = sources.bridge
        self._active = False
        self._wipers: list[threading.Thread] = []
        self.insert = AgentInsertScreen(language)
        self.password = AgentPasswordScreen(language)
        self.sms = AgentSmsScreen(language, self.flow.resend_seconds_left)
        self.clients = AgentClientScreen(language)
        self.home = AgentHomeScreen(language)
        self.screens = {
            **dict.fromkeys(_WAITING, self.insert),
            S.CERT_PASSWORD: self.password,
            S.SMS: self.sms,
            S.CHOOSE_CLIENT: self.clients,
            S.DONE: self.home,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.leave)
        self.insert.back_requested.connect(self.leave)
        self.insert.read_requested.connect(self.read)
        self.insert.reader_chosen.connect(self.choose_reader)
        self.password.back_requested.connect(self.leave)
        self.password.submitted.connect(self.submit_password)
        self.sms.back_requested.connect(self.back)
        self.sms.code_requested.connect(self.request_code)
        self.sms.code_submitted.connect(self.submit_code)
        self.clients.back_requested.connect(self.leave)
        self.clients.chosen.connect(self.choose_client)
        self.home.logout_requested.connect(self.logout)
        sources.bridge.card_event.connect(self._card_event)

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        self._active = True
        self._wipe_screens()
        self.show_step(S.INSERT_MEDIUM)
        latest = self._bridge.latest
        if latest is not None:
            self.insert.show_readers([r.name for r in latest.readers], self._chosen)
            if any(r.card_present for r in latest.readers):
                self.read()

    def leave(self) -> None:
        """Home: the screens at once, the flow (maybe a logout call) off the GUI thread."""
        self._active = False
        self._runner.invalidate()
        self._wipe_screens()
        self._in_background(self.flow.wipe)
        self.left.emit()

    def _in_background(self, job: Callable[[], object]) -> None:
        thread = threading.Thread(target=job, name="agent-wipe", daemon=True)
        self._wipers = [t for t in self._wipers if t.is_alive()]
        self._wipers.append(thread)
        thread.start()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Wait for a logout still under way (window closing, tests)."""
        for thread in self._wipers:
            thread.join(timeout_s)
        self._wipers.clear()
        super().shutdown()

    def leave_if_active(self) -> None:
        """Idle timeout: an agent session on screen ends like any other."""
        if self._active:
            self.leave()

    def _wipe_screens(self) -> None:
        for screen in self.all_screens():
            screen.wipe()

    # -- what the person does ----------------------------------------------------------

    def read(self) -> None:
        self.run(
            self.insert,
            self.flow.medium_inserted,
            self._answer,
            lambda: self.tr("Reading the medium…"),
        )

    def choose_reader(self, reader: str) -> None:
        self._chosen = reader
        self._readers.choose_reader(reader)
        if self.flow.step in _WAITING:
            self.read()

    def submit_password(self, text: str) -> None:
        pin = bytearray(text.encode("utf-8"))
        self.run(
            self.password,
            lambda: self.flow.submit_password(pin),
            self._answer,
            lambda: self.tr("Signing the challenge with your certificate…"),
        )

    def request_code(self) -> None:
        def done(result: Result) -> None:
            self.sms.request_button.refresh()
            sent = self.flow.state.sms.sent
            if result.ok and sent is not None:
                self.sms.code_sent(sent)
            else:
                self._answer(result)

        self.run(self.sms, self.flow.request_sms, done, lambda: self.tr("Sending the code…"))

    def submit_code(self, code: str) -> None:
        self.run(
            self.sms,
            lambda: self.flow.submit_code(code),
            self._answer,
            lambda: self.tr("Checking the code…"),
        )

    def choose_client(self, uscc: str) -> None:
        self.run(
            self.clients,
            lambda: self.flow.choose_client(uscc),
            self._answer,
            lambda: self.tr("Logging in…"),
        )

    def back(self) -> None:
        self.run(self.sms, self.flow.back, self._answer, None)

    def logout(self) -> None:
        self.run(
            self.home, self.flow.logout, lambda _r: self.leave(), lambda: self.tr("Logging out…")
        )

    # -- answers -----------------------------------------------------------------------

    def _answer(self, result: Result) -> None:
        """A refusal may end the journey (REFUSED, BLOCKED, REMOVED): every answer shows
        the screen of its step, with the error on it."""
        self.enter(result.step, result.error)

    def enter(self, step: AgentLoginStep, error: UserError | None = None) -> None:
        if not self._active:
            return
        state = self.flow.state
        if step in _WAITING:
            self.insert.banner.clear()
            if error is None and step is S.CHANGE_REQUIRED:
                self.insert.banner.show_error(
                    lambda: self.tr(
                        "This medium still has the factory password 12345678: change it first "
                        "under Tax digital certificate on the home screen, then log in."
                    ),
                    rule="R-AC-3",
                )
            elif error is None and step is S.BLOCKED:
                error = UserError(ErrorCode.MEDIUM_PIN_BLOCKED)
        elif step is S.CERT_PASSWORD:
            certificate = state.certificate
            holder = certificate.holder_name if certificate is not None else ""
            self.password.show_medium(holder, state.pin)
        elif step is S.SMS:
            if error is None and state.sms.sent is None:
                attempt = state.attempt
                self.sms.prepare(attempt.sms_phone_masked if attempt is not None else None)
        elif step is S.CHOOSE_CLIENT:
            attempt = state.attempt
            self.clients.show_clients(attempt.agency.name if attempt else "", state.clients)
        elif step is S.DONE:
            session = self.flow.session
            if session is not None:
                self.home.show_session(session)
        if error is not None:
            self.screens[step].show_error(error)
        self.show_step(step)

    # -- the card layer ----------------------------------------------------------------

    def _card_event(self, event: CardEvent) -> None:
        if not self._active:
            return
        self.insert.show_readers([r.name for r in event.readers], self._chosen)
        if event.kind is CardEventKind.CARD_REMOVED:
            if self.flow.step not in _WAITING:
                self.leave()  # R-AG-2: pulling the medium logs out at once and wipes
                return
            self._in_background(self.flow.medium_removed)
        elif event.kind is CardEventKind.CARD_INSERTED and self.flow.step in _WAITING:
            self.insert.banner.clear()
            self.read()
