"""Renders ``EnterpriseCertificateLoginFlow`` (R-EN-1, seed 002 11): insert the enterprise's
medium → certificate password → the person's identifier → ``handed_over`` with the attempt,
which the window routes into the enterprise login's second factor and its after-login
steps. Pulling the medium before then returns home at once, with everything wiped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal

from kiosk.devices.cards.monitor import CardEvent, CardEventKind
from kiosk.flows.enterprise_certificate_login import (
    NUMBERED_STEPS,
    CertificateLoginStep,
    EnterpriseCertificateLoginFlow,
    Result,
)
from kiosk.protocol.auth import PasswordAccepted
from kiosk.protocol.enterprise import EnterpriseInfo
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.certificate.journey import ReaderChoice
from kiosk.ui.journeys.enterprise_certificate.screens import (
    EnterpriseCertificateInsertScreen,
    EnterpriseCertificatePasswordScreen,
    EnterpriseIdentifierScreen,
)

S = CertificateLoginStep
_WAITING = frozenset({S.INSERT_MEDIUM, S.REMOVED, S.CHANGE_REQUIRED, S.BLOCKED, S.REFUSED})


@dataclass(frozen=True, slots=True)
class EnterpriseCertificateSources:
    flow: EnterpriseCertificateLoginFlow
    readers: ReaderChoice
    bridge: CardBridge


@dataclass(frozen=True, slots=True)
class HandOver:
    """What the enterprise login needs to go on at its second factor."""

    accepted: PasswordAccepted
    identifier: str  # as typed and normalized: R-2F-2's wording on the SMS screen
    enterprise: EnterpriseInfo


class EnterpriseCertificateJourney(JourneyBase[CertificateLoginStep]):
    left = Signal()
    handed_over = Signal(object)  # a HandOver
    # R-SE-1: the medium of a login it handed over was pulled: that session must end.
    medium_pulled = Signal()

    numbered = NUMBERED_STEPS

    def __init__(
        self,
        sources: EnterpriseCertificateSources,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = sources.flow
        self._readers = sources.readers
        self._chosen: str | None = None
        self._bridge = sources.bridge
        self._active = False
        # The readers holding a medium when a login was handed over (R-SE-1).
        self._holding: frozenset[str] = frozenset()
        self._wipers: list[threading.Thread] = []
        self.insert = EnterpriseCertificateInsertScreen(language)
        self.password = EnterpriseCertificatePasswordScreen(language)
        self.identifier = EnterpriseIdentifierScreen(language)
        self.screens = {
            **dict.fromkeys(_WAITING, self.insert),
            S.CERT_PASSWORD: self.password,
            S.IDENTIFIER: self.identifier,
            S.HANDED_OVER: self.identifier,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.leave)
        self.insert.back_requested.connect(self.leave)
        self.insert.read_requested.connect(self.read)
        self.insert.reader_chosen.connect(self.choose_reader)
        self.password.back_requested.connect(self.leave)
        self.password.submitted.connect(self.submit_password)
        self.identifier.back_requested.connect(self.back)
        self.identifier.submitted.connect(self.submit_identifier)
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
        self._finish()
        self.left.emit()

    def leave_if_active(self) -> None:
        """Idle timeout, home, logout: like home; a handed-over login is over too."""
        self._holding = frozenset()
        if self._active:
            self.leave()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        for thread in self._wipers:
            thread.join(timeout_s)
        self._wipers.clear()
        super().shutdown()

    def _finish(self) -> None:
        self._active = False
        self._runner.invalidate()
        self._wipe_screens()
        self._in_background(self.flow.wipe)

    def _in_background(self, job: Callable[[], object]) -> None:
        thread = threading.Thread(target=job, name="enterprise-certificate-wipe", daemon=True)
        self._wipers = [t for t in self._wipers if t.is_alive()]
        self._wipers.append(thread)
        thread.start()

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
            lambda: self.tr("Signing the challenge with the enterprise's certificate…"),
        )

    def submit_identifier(self, identifier: str) -> None:
        self.run(
            self.identifier,
            lambda: self.flow.submit_identifier(identifier),
            self._answer,
            lambda: self.tr("Checking…"),
        )

    def back(self) -> None:
        self.run(self.identifier, self.flow.back, self._answer, None)

    # -- answers -----------------------------------------------------------------------

    def _answer(self, result: Result) -> None:
        self.enter(result.step, result.error)

    def enter(self, step: CertificateLoginStep, error: UserError | None = None) -> None:
        if not self._active:
            return
        state = self.flow.state
        if step is S.HANDED_OVER:
            accepted, enterprise = state.accepted, state.enterprise
            assert accepted is not None
            assert enterprise is not None
            hand_over = HandOver(accepted, state.identifier, enterprise)
            latest = self._bridge.latest
            readers = latest.readers if latest is not None else ()
            self._holding = frozenset(r.name for r in readers if r.card_present)
            # The attempt is the login's now: this journey forgets it, then hands it on.
            self._finish()
            self.handed_over.emit(hand_over)
            return
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
            self.password.show_medium(certificate.holder_name if certificate else "", state.pin)
        elif step is S.IDENTIFIER:
            self.identifier.show_enterprise(state.enterprise)
        if error is not None:
            self.screens[step].show_error(error)
        self.show_step(step)

    # -- the card layer ----------------------------------------------------------------

    def _card_event(self, event: CardEvent) -> None:
        if (
            event.kind is CardEventKind.CARD_REMOVED
            and event.reader is not None
            and event.reader in self._holding
        ):
            # R-SE-1: a session entered by the medium ends when the medium leaves.
            self._holding = frozenset()
            self.medium_pulled.emit()
            return
        if not self._active:
            return
        self.insert.show_readers([r.name for r in event.readers], self._chosen)
        if event.kind is CardEventKind.CARD_REMOVED:
            if self.flow.step not in _WAITING:
                self.leave()  # pulled mid-way: home, everything wiped
                return
            self._in_background(self.flow.medium_removed)
        elif event.kind is CardEventKind.CARD_INSERTED and self.flow.step in _WAITING:
            self.insert.banner.clear()
            self.read()
