"""The sync worker's progress, from its own thread to the GUI thread, by a queued signal.

``SyncWorker`` calls ``on_progress`` on the sync thread; emitting a signal of an object
that lives in the GUI thread queues the delivery there (Qt's AutoConnection).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.services.sync.worker import SyncProgress


class SyncBridge(QObject):
    progress = Signal(object)  # SyncProgress, on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest: SyncProgress | None = None
        self.progress.connect(self._remember)

    def on_progress(self, progress: SyncProgress) -> None:
        """The worker's callback (any thread)."""
        self.progress.emit(progress)

    def _remember(self, progress: SyncProgress) -> None:
        self.latest = progress
