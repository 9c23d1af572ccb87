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

from PySide6.QtCore import QObject, Signal

from kiosk.devices.cards.monitor import CardEvent, CardEventKind, MonitorState
from kiosk.devices.cards.taxukey import TaxKeyProblem
from kiosk.devices.cards.transport import CardFailure
from kiosk.domain.messages import Lang
from kiosk.flows.certificate import CertificateFlow, CertificateResult, CertificateStep
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.i18n import LanguageController
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.certificate_details import CertificateDetailsScreen
from kiosk.ui.screens.certificate_insert import CertificateInsertScreen
from kiosk.ui.screens.certificate_pin import CertificatePinScreen
from kiosk.ui.worker import TaskFailed, TaskRunner

Show = Callable[[FlowScreen], None]


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


class CertificateJourney(QObject):
    left = Signal()  # home: the person left, or pulled the medium
    step_shown = Signal(object)  # CertificateStep
    medium_pulled = Signal()

    def __init__(
        self,
        sources: CertificateSources,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
    ) -> None:
        super().__init__()
        self._sources = sources
        self.flow = sources.flow
        self._runner = runner
        self._show = show
        self._active = False
        self.staff_mode = False  # hall staff unblocking a medium (from staff home)
        self._readers: list[str] = []
        self._chosen: str | None = None
        self.insert = CertificateInsertScreen(language)
        self.details = CertificateDetailsScreen(language)
        self.pin = CertificatePinScreen(language)
        self.screens: list[FlowScreen] = [self.insert, self.details, self.pin]
        for screen in self.screens:
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
        self._show(self.insert)
        self.step_shown.emit(CertificateStep.INSERT)
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
        for screen in self.screens:
            screen.wipe()

    # -- what the person does ----------------------------------------------------------

    def read(self) -> None:
        self._call(self.insert, self.flow.medium_inserted, self._after)

    def choose_reader(self, reader: str) -> None:
        self._chosen = reader
        self._sources.readers.choose_reader(reader)
        self.read()

    def start_change(self) -> None:
        self._after(self.flow.start_change())

    def back(self) -> None:
        self._after(self.flow.back())

    def unblock(self, admin_pin: str) -> None:
        """Staff mode only: the admin PIN resets the password to the factory one."""
        if not self.staff_mode:
            return
        pin = _pin(admin_pin)

        def done(result: CertificateResult) -> None:
            self._after(result)
            if result.ok:
                self.details.banner.show_success(
                    lambda _lang: self.tr(
                        "Unblocked: the certificate password is 12345678 again. The holder "
                        "must change it now."
                    )
                )

        self._call(self.details, lambda: self.flow.staff_unblock(pin), done)

    def submit_change(self, old: str, new: str, confirm: str) -> None:
        buffers = _pin(old), _pin(new), _pin(confirm)
        # The fields forget the text now; the buffers are zeroed by the flow.
        for entry in (self.pin.old, self.pin.new, self.pin.confirm):
            entry.clear()
        self._call(self.pin, lambda: self.flow.submit_change(*buffers), self._after)

    # -- results -----------------------------------------------------------------------

    def _after(self, result: CertificateResult) -> None:
        if not self._active:
            return
        step = result.step
        if not result.ok and result.problem is not None:
            screen = {CertificateStep.INSERT: self.insert, CertificateStep.CHANGE_PIN: self.pin}
            target = screen.get(step, self.details)
            if isinstance(target, CertificatePinScreen):
                if self.flow.state.pin is not None:
                    target.show_tries(self.flow.state.pin)  # one try fewer: the warning
                target.show_problem(result.problem)
            else:
                target.banner.show_problem(result.problem.text, result.problem.rule)
            return
        state = self.flow.state
        now = self._sources.clock()
        if step is CertificateStep.INSERT:
            self._show(self.insert)
        elif step in (CertificateStep.DETAILS, CertificateStep.CHANGED, CertificateStep.BLOCKED):
            view = state.view
            if view is not None:
                self.details.show_view(
                    view, now, blocked=step is CertificateStep.BLOCKED, staff=self.staff_mode
                )
            self.details.banner.clear()
            if step is CertificateStep.CHANGED:
                self.details.banner.show_success(
                    lambda _lang: self.tr("The certificate password is changed.")
                )
            elif step is CertificateStep.BLOCKED:
                blocked = TaxKeyProblem.PIN_BLOCKED
                self.details.banner.show_problem(
                    lambda lang: blocked.value[0] if lang is Lang.ZH else blocked.value[1], "R-AC-3"
                )
            self._show(self.details)
        elif step is CertificateStep.CHANGE_PIN:
            if state.pin is not None:
                self.pin.show_tries(state.pin)
            self._show(self.pin)
        self.step_shown.emit(step)

    # -- the card layer ----------------------------------------------------------------

    def _card_event(self, event: CardEvent) -> None:
        self._note_readers(event)
        if not self._active:
            return
        if (
            event.kind is CardEventKind.CARD_REMOVED
            and self.flow.step is not CertificateStep.INSERT
        ):
            self.medium_pulled.emit()
            self.leave()  # R-AC-3: nothing of the session stays on screen
            return
        if event.kind is CardEventKind.CARD_INSERTED and self.flow.step is CertificateStep.INSERT:
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
        self.insert.show_state(failure.zh, failure.en)

    def _call(
        self,
        screen: FlowScreen,
        action: Callable[[], CertificateResult],
        done: Callable[[CertificateResult], None],
    ) -> None:
        screen.set_busy(True, lambda: self.tr("Reading the medium…"))

        def finished(result: CertificateResult) -> None:
            screen.set_busy(False)
            done(result)

        def broke(_failure: TaskFailed) -> None:
            screen.set_busy(False)
            failure = CardFailure.COMMUNICATION
            screen.banner.show_problem(lambda lang: failure.zh if lang is Lang.ZH else failure.en)

        self._runner.run(action, finished, broke)
