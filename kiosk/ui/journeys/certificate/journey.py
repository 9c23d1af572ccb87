"""Renders ``CertificateFlow`` (R-AC-3): insert → certificate → change the password.

Card operations run on the task worker (which waits on the card owner thread); card events
arrive from the monitor through ``CardBridge``. Pulling the medium while a certificate is
shown wipes the flow and the screens and returns home at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import Signal

from kiosk.devices.cards.monitor import CardEvent, CardEventKind, MonitorState
from kiosk.devices.cards.transport import CardFailure
from kiosk.flows.certificate import CertificateFlow, CertificateStep, Result
from kiosk.flows.machine import StepResult
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.certificate.card_bridge import CardBridge
from kiosk.ui.journeys.certificate.details import CertificateDetailsScreen
from kiosk.ui.journeys.certificate.insert import CertificateInsertScreen
from kiosk.ui.journeys.certificate.pin import CertificatePinScreen

Step = CertificateStep


class ReaderChoice(Protocol):
    def choose_reader(self, reader: str | None) -> None: ...


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CertificateSources:
    flow: CertificateFlow
    readers: ReaderChoice
    bridge: CardBridge
    clock: Callable[[], datetime] = _utc_now


def _pin(text: str) -> bytearray:
    return bytearray(text.encode("utf-8"))


class CertificateJourney(JourneyBase[CertificateStep]):
    left = Signal()  # home: the person left, or pulled the medium
    medium_pulled = Signal()

    def __init__(
        self,
        sources: CertificateSources,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._sources = sources
        self.flow = sources.flow
        self._active = False
        self.staff_mode = False  # hall staff unblocking a medium (from staff home)
        self._readers: list[str] = []
        self._chosen: str | None = None
        self.insert = CertificateInsertScreen(language)
        self.details = CertificateDetailsScreen(language)
        self.pin = CertificatePinScreen(language)
        self.screens = {
            Step.INSERT: self.insert,
            Step.DETAILS: self.details,
            Step.CHANGE_PIN: self.pin,
            Step.CHANGED: self.details,
            Step.BLOCKED: self.details,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.leave)
        self.insert.back_requested.connect(self.leave)
        self.insert.read_requested.connect(self.read)
        self.insert.reader_chosen.connect(self.choose_reader)
        self.details.back_requested.connect(self.leave)
        self.details.change_requested.connect(self.start_change)
        self.details.unblock_requested.connect(self.unblock)
        self.pin.back_requested.connect(self.back)
        self.pin.submitted.connect(self.submit_change)
        sources.bridge.card_event.connect(self._card_event)

    @property
    def active(self) -> bool:
        return self._active

    def card_present(self) -> bool:
        """A medium is in some reader, as the monitor last told."""
        latest = self._sources.bridge.latest
        return latest is not None and any(r.card_present for r in latest.readers)

    # -- entering and leaving ----------------------------------------------------------

    def start(self, *, staff: bool = False) -> None:
        self._active = True
        self.staff_mode = staff
        self._wipe()
        self.show_step(Step.INSERT)
        latest = self._sources.bridge.latest
        if latest is not None:
            self._note_readers(latest)
            if latest.state is MonitorState.SERVICE_DOWN:
                self._say_failure(CardFailure.SERVICE_DOWN)
                return
            if self.card_present():
                self.read()  # the medium was already in

    def leave(self) -> None:
        self._active = False
        self._runner.invalidate()
        self._wipe()
        self.left.emit()

    def _wipe(self) -> None:
        self.flow.wipe()
        for screen in self.all_screens():
            screen.wipe()

    # -- what the person does ----------------------------------------------------------

    def read(self) -> None:
        self.call(self.insert, self.flow.medium_inserted, self._reading)

    def choose_reader(self, reader: str) -> None:
        self._chosen = reader
        self._sources.readers.choose_reader(reader)
        self.read()

    def start_change(self) -> None:
        self._answer(self.details, self.flow.start_change())

    def back(self) -> None:
        self._answer(self.pin, self.flow.back())

    def unblock(self, admin_pin: str) -> None:
        """Staff mode only: the admin PIN resets the password to the factory one."""
        if not self.staff_mode:
            return
        pin = _pin(admin_pin)

        def unblocked(result: StepResult[CertificateStep]) -> None:
            self.enter(result.step)
            self.details.banner.show_success(
                lambda: self.tr(
                    "Unblocked: the certificate password is 12345678 again. The holder "
                    "must change it now."
                )
            )

        self.call(
            self.details, lambda: self.flow.staff_unblock(pin), self._reading, on_ok=unblocked
        )

    def submit_change(self, old: str, new: str, confirm: str) -> None:
        buffers = _pin(old), _pin(new), _pin(confirm)
        # The fields forget the text now; the buffers are zeroed by the flow.
        for entry in (self.pin.old, self.pin.new, self.pin.confirm):
            entry.clear()
        self.call(self.pin, lambda: self.flow.submit_change(*buffers), self._reading)

    def _reading(self) -> str:
        return self.tr("Reading the medium…")

    # -- answers -----------------------------------------------------------------------

    def _answer(self, screen: FlowScreen, result: Result) -> None:
        """An answer the flow gives without the card (from what it read): shown at once."""
        if result.ok:
            self.enter(result.step)
        elif result.error is not None:
            self.screens.get(result.step, screen).show_error(result.error)

    def after_refusal(self, error: UserError) -> None:
        pin = self.flow.state.pin
        if self.flow.step is Step.CHANGE_PIN and pin is not None:
            self.pin.show_tries(pin)  # one try fewer: the warning

    def enter(self, step: CertificateStep) -> None:
        if not self._active:
            return
        state = self.flow.state
        if step in (Step.DETAILS, Step.CHANGED, Step.BLOCKED):
            view = state.view
            if view is not None:
                self.details.show_view(
                    view,
                    self._sources.clock(),
                    blocked=step is Step.BLOCKED,
                    staff=self.staff_mode,
                )
            self.details.banner.clear()
            if step is Step.CHANGED:
                self.details.banner.show_success(
                    lambda: self.tr("The certificate password is changed.")
                )
            elif step is Step.BLOCKED:
                self.details.show_error(UserError(ErrorCode.MEDIUM_PIN_BLOCKED))
        elif step is Step.CHANGE_PIN and state.pin is not None:
            self.pin.show_tries(state.pin)
        self.show_step(step)

    # -- the card layer ----------------------------------------------------------------

    def _card_event(self, event: CardEvent) -> None:
        self._note_readers(event)
        if not self._active:
            return
        if event.kind is CardEventKind.CARD_REMOVED and self.flow.step is not Step.INSERT:
            self.medium_pulled.emit()
            self.leave()  # R-AC-3: nothing of the session stays on screen
            return
        if event.kind is CardEventKind.CARD_INSERTED and self.flow.step is Step.INSERT:
            self.insert.banner.clear()
            self.read()
        elif event.kind is CardEventKind.STATE and event.state is MonitorState.SERVICE_DOWN:
            self._say_failure(CardFailure.SERVICE_DOWN)
        elif event.kind is CardEventKind.STATE and event.state is MonitorState.READY:
            self.insert.banner.clear()

    def _note_readers(self, event: CardEvent) -> None:
        self._readers = [r.name for r in event.readers]
        self.insert.show_readers(self._readers, self._chosen)

    def _say_failure(self, failure: CardFailure) -> None:
        self.insert.show_error(UserError(failure.code))
