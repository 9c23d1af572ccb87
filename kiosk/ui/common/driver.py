"""The one journey driver: what every journey does with its flow. One flow call per gesture,
on the worker, with the asking screen busy; then the screen of the flow's step (numbered
"step n of m" when the flow counts it) or the catalog error on the screen that asked. It
also owns the journey's live face check: on while the face screen shows, off otherwise, and
the template goes to the flow; and the SMS step: the code requested, the countdown shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.flows.machine import StepResult
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskFailed, TaskRunner

if TYPE_CHECKING:
    from kiosk.ui.common.face_check import FaceCheck
    from kiosk.ui.common.screens.sms import SmsScreen

S = TypeVar("S", bound=Enum)
T = TypeVar("T")
Show = Callable[[FlowScreen], None]
Sentence = Callable[[], str] | None


class JourneyBase(QObject, Generic[S]):
    step_shown = Signal(object)  # the flow's step, after its screen is current
    face_refused = Signal(object)  # UserError from the face check, after it is shown

    # The steps counted "step n of m" on their screens, in order (the flow module's).
    numbered: Sequence[object] = ()

    def __init__(self, *, runner: TaskRunner, show: Show) -> None:
        super().__init__()
        self._runner = runner
        self._show = show
        self.screens: dict[S, FlowScreen] = {}
        self.face_check: FaceCheck | None = None  # this terminal's live check, if any

    def all_screens(self) -> list[FlowScreen]:
        """Every screen for the window's stack, once each (steps may share a screen)."""
        return list(dict.fromkeys(self.screens.values()))

    # -- showing a step ------------------------------------------------------------------

    def show_step(self, step: S, screen: FlowScreen | None = None) -> None:
        """Show ``screen`` (the step's own by default) numbered as the flow counts ``step``;
        the camera runs only while the face screen is current."""
        shown = screen if screen is not None else self.screens[step]
        position = self.step_position(step)
        if position is None:
            shown.set_step(None)
        else:
            shown.set_step(*position)
        check = self.face_check
        if check is None or shown is not check.screen:
            self.stop_face()
        self._show(shown)
        if check is not None and shown is check.screen:
            check.start()
        self.step_shown.emit(step)

    def step_position(self, step: S) -> tuple[int, int] | None:
        """ "Step n of m" for ``step``, None when the flow does not count it."""
        if step not in self.numbered:
            return None
        return list(self.numbered).index(step) + 1, len(self.numbered)

    # -- the face check ------------------------------------------------------------------

    def stop_face(self) -> None:
        """Camera off (leaving the face screen, idle, home); safe when it never ran."""
        if self.face_check is not None:
            self.face_check.stop()

    def shutdown(self) -> None:
        if self.face_check is not None:
            self.face_check.shutdown()

    def send_face(
        self,
        action: Callable[[], StepResult[S]],
        can_retry: Callable[[UserError], bool],
        *,
        on_ok: Callable[[StepResult[S]], None] | None = None,
    ) -> None:
        """The template (never the picture) to the service; a refusal stays on the face
        screen, with Try again when the flow says another try can help."""
        assert self.face_check is not None
        screen = self.face_check.screen

        def refused(error: UserError) -> None:
            screen.show_refusal(error, can_retry=can_retry(error))
            self.face_refused.emit(error)

        self.call(
            screen,
            action,
            lambda: self.tr("Checking your face…"),
            on_ok=on_ok,
            on_refusal=refused,
        )

    # -- the SMS step --------------------------------------------------------------------

    def connect_sms(
        self,
        screen: SmsScreen,
        *,
        request: Callable[[str], StepResult[S]],
        submit: Callable[[str], StepResult[S]],
        sent: Callable[[], SmsSent | None],
    ) -> None:
        """The SMS step's screen: Get code calls ``request`` with the number typed there
        ("" when the code goes to a number on file) and shows the countdown the service set
        or its refusal; the code typed goes to ``submit``."""

        def requested() -> None:
            phone = screen.phone_text()

            def done(result: StepResult[S]) -> None:
                screen.request_button.refresh()
                code = sent()
                if result.ok and code is not None:
                    screen.code_sent(code)
                elif result.error is not None:
                    screen.show_error(result.error)

            self.run(screen, lambda: request(phone), done, lambda: self.tr("Sending the code…"))

        def submitted(code: str) -> None:
            self.call(screen, lambda: submit(code), lambda: self.tr("Checking the code…"))

        screen.code_requested.connect(requested)
        screen.code_submitted.connect(submitted)

    def call(
        self,
        screen: FlowScreen,
        action: Callable[[], StepResult[S]],
        sentence: Sentence,
        *,
        on_ok: Callable[[StepResult[S]], None] | None = None,
        on_refusal: Callable[[UserError], None] | None = None,
    ) -> None:
        """Run ``action``; on success enter its step (or ``on_ok``), else show its error on
        the screen of the step it stayed at (or ``on_refusal``)."""

        def done(result: StepResult[S]) -> None:
            if result.ok:
                if on_ok is not None:
                    on_ok(result)
                else:
                    self.enter(result.step)
            elif result.error is not None:
                if on_refusal is not None:
                    on_refusal(result.error)
                else:
                    self.screens.get(result.step, screen).show_error(result.error)
                self.after_refusal(result.error)

        self.run(screen, action, done, sentence)

    def after_refusal(self, error: UserError) -> None:
        """After a refusal is shown: journeys that must react to one (a lock) override."""

    def run(
        self,
        screen: FlowScreen,
        action: Callable[[], T],
        done: Callable[[T], None],
        sentence: Sentence,
    ) -> None:
        screen.set_busy(True, sentence)

        def finished(value: T) -> None:
            screen.set_busy(False)
            done(value)

        def failed(_failure: TaskFailed) -> None:
            screen.set_busy(False)
            screen.show_error(UserError(ErrorCode.INTERNAL_ERROR))

        self._runner.run(action, finished, failed)

    def enter(self, step: S) -> None:
        """Prepare and show the screen of ``step`` (journeys override, then call ``show``)."""
        self._show(self.screens[step])
