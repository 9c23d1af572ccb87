"""The staff sync screen's controller: live progress from the sync thread (``SyncBridge``),
store reads and the export on the task worker, results painted on the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.store.records import RecordState
from kiosk.services.sync.console import ExportSummary, RejectedRecord
from kiosk.services.sync.drives import Drive
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.common.worker import TaskFailed, TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.sync_bridge import SyncBridge
from kiosk.ui.journeys.staff.sync_status import SyncStatusScreen


class SyncConsoleLike(Protocol):
    def can_export(self) -> bool: ...

    def snapshot(self) -> SyncProgress: ...

    def sync_now(self) -> None: ...

    def admission(self) -> UserError | None: ...

    def rejected(self, limit: int = ...) -> list[RejectedRecord]: ...

    def drives(self) -> list[Drive]: ...

    def export(self, destination: Path, staff_no: str | None = ...) -> ExportSummary: ...


@dataclass(frozen=True, slots=True)
class SyncSources:
    console: SyncConsoleLike
    bridge: SyncBridge


class SyncPanel(QObject):
    progress_shown = Signal(object)  # SyncProgress, after the screen painted it
    exported = Signal(object)  # ExportSummary
    export_failed = Signal(str)  # English reason (tests)

    def __init__(
        self, sources: SyncSources, *, runner: TaskRunner, language: LanguageController
    ) -> None:
        super().__init__()
        self._sources = sources
        self._runner = runner
        self.screen = SyncStatusScreen(language)
        self._rejected_count = -1
        self.staff_no: str | None = None  # who exports (the audit entry); set at login
        sources.bridge.progress.connect(self._progress)
        self.screen.sync_now_requested.connect(self.sync_now)
        self.screen.refresh_requested.connect(self.refresh_drives)
        self.screen.export_requested.connect(self.export)

    @property
    def console(self) -> SyncConsoleLike:
        return self._sources.console

    def refresh(self) -> None:
        """Everything the screen shows, read again (on entering the screen)."""
        console = self._sources.console
        self._runner.run(console.snapshot, self._progress, lambda _f: None)
        self._runner.run(console.rejected, self.screen.show_rejected, lambda _f: None)
        self.refresh_drives()

    def refresh_drives(self) -> None:
        console = self._sources.console

        def look() -> tuple[list[Drive], bool]:
            return console.drives(), console.can_export()

        def found(answer: tuple[list[Drive], bool]) -> None:
            drives, can_export = answer
            self.screen.show_drives(drives, can_export=can_export)

        self._runner.run(look, found, lambda _f: None)

    def sync_now(self) -> None:
        self.screen.banner.clear()
        self._sources.console.sync_now()  # quick: wakes the sync thread

    def export(self, drive: Drive) -> None:
        console = self._sources.console
        self.screen.set_busy(True, lambda: self.tr("Writing the records to the drive…"))

        def done(summary: ExportSummary) -> None:
            self.screen.set_busy(False)
            self.screen.banner.show_success(
                lambda: self.tr(
                    "{count} record(s) written to {file}. Give the drive to an administrator "
                    "to import; the records stay here until the service confirms them."
                ).format(count=summary.count, file=summary.path.name)
            )
            self.exported.emit(summary)

        def failed(failure: TaskFailed) -> None:
            self.screen.set_busy(False)
            error = failure.error
            if not isinstance(error, UserError):  # the drive failed in an unforeseen way
                error = UserError(ErrorCode.EXPORT_FAILED)
            self.screen.banner.show_error(error)
            self.export_failed.emit(error.text(Lang.EN))

        staff_no = self.staff_no
        self._runner.run(lambda: console.export(drive.path, staff_no), done, failed)

    def _progress(self, progress: SyncProgress) -> None:
        self.screen.show_progress(progress)
        # New rejections arrive with a round: read the list again when the count moves.
        rejected = progress.counts.get(RecordState.REJECTED, 0)
        if rejected != self._rejected_count:
            self._rejected_count = rejected
            self._runner.run(
                self._sources.console.rejected, self.screen.show_rejected, lambda _f: None
            )
        self.progress_shown.emit(progress)
