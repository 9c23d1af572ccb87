"""Runs blocking calls (the account service over HTTP) off the GUI thread.

One worker thread, so the calls of a journey run in the order the person made them and a
flow object is never touched by two threads at once. Results come back to the GUI thread
by a queued Qt signal. ``invalidate`` drops the answers of calls still in flight (after an
idle wipe nothing may reappear on screen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal

_log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TaskFailed:
    """A call raised an unexpected exception (a bug or a broken dependency)."""

    error: BaseException


@dataclass(frozen=True, slots=True)
class _Boxed:
    # Never send a bare None through a queued Signal(object): PySide6 6.12 loses a
    # reference to None on each such delivery (seen as "none_dealloc" at exit).
    value: object


class _Relay(QObject):
    # Lives in the GUI thread; emitted from the worker, delivered queued in the GUI thread.
    finished = Signal(object)


class TaskRunner(QObject):
    """Submit ``task`` to the worker; ``done(result)`` runs later on the GUI thread."""

    busy_changed = Signal(bool)
    task_finished = Signal()  # after ``done`` ran (tests wait on it)

    def __init__(self, pool: QThreadPool | None = None) -> None:
        super().__init__()
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        self._pool = pool
        self._generation = 0
        self._pending = 0
        self._relays: set[QObject] = set()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        task: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[TaskFailed], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)
        generation = self._generation

        def deliver(boxed: _Boxed) -> None:
            result = boxed.value
            self._relays.discard(relay)
            relay.deleteLater()
            self._pending -= 1
            try:
                if generation != self._generation:
                    return  # the screen it was for has been wiped
                if isinstance(result, TaskFailed):
                    if failed is not None:
                        failed(result)
                else:
                    done(result)  # type: ignore[arg-type]
            finally:
                if self._pending == 0:
                    self.busy_changed.emit(False)
                self.task_finished.emit()

        relay.finished.connect(deliver)

        def work() -> None:
            outcome: Any
            try:
                outcome = task()
            except Exception as exc:  # a bug must reach the screen as "try again", not a hang
                _log.exception("background call failed")
                outcome = TaskFailed(exc)
            relay.finished.emit(_Boxed(outcome))

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(work)

    def invalidate(self) -> None:
        """Drop the results of every call still running or queued."""
        self._generation += 1

    def wait_done(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (shutdown only, never during use)."""
        return self._pool.waitForDone(msecs)
