"""What every self-service journey does with its flow: one flow call per gesture, on the
worker, then the screen of the flow's step or the catalog error on the screen that asked.

``LoginJourney`` predates it and keeps its own copy; the journeys of issue 7 share this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject

from kiosk.domain.messages import ErrorCode
from kiosk.services.account_api import AccountError
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.worker import TaskFailed, TaskRunner

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)
T = TypeVar("T")
Show = Callable[[FlowScreen], None]
Sentence = Callable[[], str] | None


class StepResult(Protocol[S_co]):
    """The shape of every flow's ``Result``: ok or not, the step now, the error to read."""

    @property
    def ok(self) -> bool: ...

    @property
    def step(self) -> S_co: ...

    @property
    def error(self) -> AccountError | None: ...


class JourneyBase(QObject, Generic[S]):
    def __init__(self, *, runner: TaskRunner, show: Show) -> None:
        super().__init__()
        self._runner = runner
        self._show = show
        self.screens: dict[S, FlowScreen] = {}

    def call(
        self,
        screen: FlowScreen,
        action: Callable[[], StepResult[S]],
        sentence: Sentence,
        *,
        on_ok: Callable[[StepResult[S]], None] | None = None,
    ) -> None:
        """Run ``action``; on success enter its step (or ``on_ok``), else show its error."""

        def done(result: StepResult[S]) -> None:
            if result.ok:
                if on_ok is not None:
                    on_ok(result)
                else:
                    self.enter(result.step)
            elif result.error is not None:
                self.screens.get(result.step, screen).show_error(result.error)
                self.after_refusal(result.error)

        self.run(screen, action, done, sentence)

    def after_refusal(self, error: AccountError) -> None:
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
            screen.show_error(AccountError(ErrorCode.INTERNAL_ERROR))

        self._runner.run(action, finished, failed)

    def enter(self, step: S) -> None:
        """Prepare and show the screen of ``step`` (journeys override, then call ``show``)."""
        self._show(self.screens[step])
