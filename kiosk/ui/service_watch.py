"""Whether the central account service can be reached, checked now and then off the GUI
thread, so the home screen can say so before a person starts (and says when it is back)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.common.worker import TaskFailed, TaskRunner

_log = logging.getLogger(__name__)


class ServiceWatch(QObject):
    reachable_changed = Signal(bool)

    def __init__(
        self,
        health: Callable[[], bool],
        *,
        interval_s: float,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._health = health
        # Its own worker: a slow health check must not hold a person's login.
        self._runner = runner if runner is not None else TaskRunner()
        self._runner.setParent(self)
        self.reachable: bool | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._runner.invalidate()
        self._runner.wait_done()

    def check(self) -> None:
        if self._runner.busy:
            return
        self._runner.run(self._health, self._answered, self._failed)

    def _failed(self, _failure: TaskFailed) -> None:
        self._answered(False)

    def _answered(self, reachable: bool) -> None:
        if reachable == self.reachable:
            return
        self.reachable = reachable
        if reachable:
            _log.info("the account service can be reached")
        else:
            _log.warning("the account service cannot be reached; staff collection works offline")
        self.reachable_changed.emit(reachable)
