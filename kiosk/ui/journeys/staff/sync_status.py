"""Staff: where the records are — counts by state, a progress bar while sending, the last
success, the last error in plain words, "sync now", rejected records with the service's
reason, and the export of pending records to a removable drive."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.lockout import SHANGHAI
from kiosk.protocol.messages import Lang
from kiosk.services.store.records import RecordState
from kiosk.services.sync.console import RejectedRecord
from kiosk.services.sync.drives import Drive
from kiosk.services.sync.errors import as_error
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.common.error_text import format_moment
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController

MAX_DRIVE_BUTTONS = 3
TILES_PER_ROW = 3
REJECTED_LIST_MAX_PX = 260  # longer lists scroll
REJECTED_LIST_MIN_PX = 150


class CountTile(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("frameRole", "countTile")
        self.value = QLabel("0", self)
        self.value.setProperty("textRole", "countValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(self)
        self.label.setProperty("textRole", "countLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.addWidget(self.value)
        column.addWidget(self.label)


def _moment(value: datetime, lang: Lang) -> str:
    return format_moment(value.astimezone(SHANGHAI).isoformat(), lang)


class SyncStatusScreen(FlowScreen):
    sync_now_requested = Signal()
    export_requested = Signal(object)  # Drive
    refresh_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._language = language
        self._progress: SyncProgress | None = None
        self._rejected: list[RejectedRecord] = []
        self._drives: list[Drive] = []
        self._can_export = True

        self.state_line = QLabel(self.body)
        self.state_line.setObjectName("syncState")
        self.state_line.setProperty("textRole", "heading")
        self.state_line.setWordWrap(True)

        tiles_holder = QWidget(self.body)
        grid = QGridLayout(tiles_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.tiles: dict[str, CountTile] = {}
        for index, key in enumerate(("waiting", "sending", "rejected", "sent", "purged")):
            tile = CountTile(tiles_holder)
            tile.setObjectName(f"count_{key}")
            self.tiles[key] = tile
            grid.addWidget(tile, index // TILES_PER_ROW, index % TILES_PER_ROW)
        for column in range(TILES_PER_ROW):
            grid.setColumnStretch(column, 1)  # equal tiles, whatever their label

        self.bar = QProgressBar(self.body)
        self.bar.setObjectName("syncProgress")
        self.bar.setTextVisible(False)  # the text sits in a label: legible on any fill
        self.bar_label = QLabel(self.body)
        self.bar_label.setObjectName("syncProgressText")
        self.bar_label.setProperty("textRole", "body")
        self.last_success = QLabel(self.body)
        self.last_success.setObjectName("lastSuccess")
        self.last_success.setProperty("textRole", "body")
        self.last_success.setWordWrap(True)
        self.error_banner = MessageBanner(language, self.body)
        self.error_banner.setObjectName("syncError")

        self.rejected_heading = QLabel(self.body)
        self.rejected_heading.setProperty("textRole", "label")
        self.rejected_list = QLabel()
        self.rejected_list.setObjectName("rejectedList")
        self.rejected_list.setProperty("textRole", "body")
        self.rejected_list.setWordWrap(True)
        self.rejected_list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rejected_scroll = QScrollArea(self.body)
        self.rejected_scroll.setWidget(self.rejected_list)
        self.rejected_scroll.setWidgetResizable(True)
        self.rejected_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rejected_scroll.setMaximumHeight(REJECTED_LIST_MAX_PX)
        self.rejected_scroll.setMinimumHeight(REJECTED_LIST_MIN_PX)

        self.export_heading = QLabel(self.body)
        self.export_heading.setProperty("textRole", "label")
        self.export_hint = QLabel(self.body)
        self.export_hint.setObjectName("exportHint")
        self.export_hint.setProperty("textRole", "hint")
        self.export_hint.setWordWrap(True)
        self.drive_buttons: list[BigButton] = []
        for index in range(MAX_DRIVE_BUTTONS):
            button = BigButton(parent=self.body)
            button.setObjectName(f"exportDrive{index}")
            button.clicked.connect(lambda _=False, i=index: self._export_clicked(i))
            button.hide()
            self.drive_buttons.append(button)
        self.refresh_drives_button = BigButton(parent=self.body)
        self.refresh_drives_button.setObjectName("refreshDrives")
        self.refresh_drives_button.clicked.connect(self.refresh_requested)
        drive_buttons = column_of(
            self.body, [*self.drive_buttons, self.refresh_drives_button], spacing=12
        )
        for button in (*self.drive_buttons, self.refresh_drives_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        # Left: where the records are; right: what staff can do about the stuck ones.
        self.add_columns(
            [
                self.state_line,
                tiles_holder,
                self.bar,
                self.bar_label,
            ],
            [
                self.last_success,
                self.error_banner,
                self.rejected_heading,
                self.rejected_scroll,
                self.export_heading,
                self.export_hint,
                drive_buttons,
            ],
        )

        self.sync_button = BigButton(role=ButtonRole.PRIMARY)
        self.sync_button.clicked.connect(self.sync_now_requested)
        self.set_main_action(self.sync_button)
        self.disable_while_busy(self.refresh_drives_button, *self.drive_buttons)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Staff · sync with the account service")

    def help_text(self) -> str:
        return self.tr(
            "Records are saved on this terminal first and uploaded on their own whenever the "
            "account service can be reached; Sync now tries at once. Rejected records must "
            "be collected again. When the network is down for days, export the waiting "
            "records to a removable drive and give it to an administrator to import."
        )

    # -- what the journey feeds in -----------------------------------------------------

    def show_progress(self, progress: SyncProgress) -> None:
        self._progress = progress
        self._render_progress()

    def show_rejected(self, rejected: list[RejectedRecord]) -> None:
        self._rejected = rejected
        self._render_rejected()

    def show_drives(self, drives: list[Drive], *, can_export: bool = True) -> None:
        self._drives = drives[:MAX_DRIVE_BUTTONS]
        self._can_export = can_export
        self._render_drives()

    @property
    def progress(self) -> SyncProgress | None:
        return self._progress

    # -- rendering ---------------------------------------------------------------------

    def retranslate_screen(self) -> None:
        labels = {
            "waiting": self.tr("Waiting to upload"),
            "sending": self.tr("Uploading now"),
            "sent": self.tr("Uploaded"),
            "purged": self.tr("Uploaded and removed here"),
            "rejected": self.tr("Rejected"),
        }
        for key, tile in self.tiles.items():
            tile.label.setText(labels[key])
        self.rejected_heading.setText(self.tr("Rejected records (collect these people again)"))
        self.export_heading.setText(self.tr("Export to a removable drive"))
        self.refresh_drives_button.setText(self.tr("Look for drives again"))
        self.sync_button.setText(self.tr("Sync now"))
        self._render_progress()
        self._render_rejected()
        self._render_drives()

    def _lang(self) -> Lang:
        return self._language.current

    def _render_progress(self) -> None:
        progress = self._progress
        if progress is None:
            self.state_line.setText(self.tr("Reading the records on this terminal…"))
            for tile in self.tiles.values():
                tile.value.setText("–")
            self.bar.hide()
            self.bar_label.hide()
            self.last_success.clear()
            self.error_banner.clear()
            return
        counts = progress.counts
        values = {
            "waiting": counts.get(RecordState.CAPTURED, 0)
            + counts.get(RecordState.FAILED_RETRYABLE, 0),
            "sending": counts.get(RecordState.SENDING, 0),
            "sent": counts.get(RecordState.ACKNOWLEDGED, 0),
            "purged": counts.get(RecordState.PURGED, 0),
            "rejected": counts.get(RecordState.REJECTED, 0),
        }
        for key, tile in self.tiles.items():
            tile.value.setText(str(values[key]))
        waiting = values["waiting"] + values["sending"]
        if progress.sending:
            self.state_line.setText(self.tr("Uploading records…"))
        elif progress.error_current:
            self.state_line.setText(
                self.tr("○ Cannot upload right now — {count} record(s) kept here").format(
                    count=waiting
                )
            )
        elif waiting:
            self.state_line.setText(
                self.tr("● {count} record(s) waiting; they upload on their own").format(
                    count=waiting
                )
            )
        elif values["rejected"]:
            self.state_line.setText(
                self.tr("● Nothing waiting — {count} rejected record(s) to collect again").format(
                    count=values["rejected"]
                )
            )
        else:
            self.state_line.setText(self.tr("● Everything is uploaded"))
        if progress.sending:
            self.bar.setRange(0, progress.sending_total)
            self.bar.setValue(progress.sending_done)
            self.bar_label.setText(
                self.tr("Uploaded {done} of {total} in this round").format(
                    done=progress.sending_done, total=progress.sending_total
                )
            )
            self.bar.show()
            self.bar_label.show()
        else:
            self.bar.hide()
            self.bar_label.hide()
        lang = self._lang()
        if progress.last_success_at is not None:
            self.last_success.setText(
                self.tr("Last successful upload: {moment}").format(
                    moment=_moment(progress.last_success_at, lang)
                )
            )
        else:
            self.last_success.setText(self.tr("No successful upload since the terminal started."))
        if progress.error_current and progress.last_error_class is not None:
            self.error_banner.show_error(as_error(progress.last_error_class))
        else:
            self.error_banner.clear()

    def _render_rejected(self) -> None:
        visible = bool(self._rejected)
        self.rejected_heading.setVisible(visible)
        self.rejected_scroll.setVisible(visible)
        if not visible:
            self.rejected_list.clear()
            return
        lang = self._lang()
        lines = []
        for record in self._rejected:
            reason = record.reason if lang is Lang.ZH else record.reason_en
            who = record.name_masked or self.tr("(name removed)")
            lines.append(
                self.tr("• {who}, collected {moment} (record {record}): {reason}").format(
                    who=who,
                    moment=_moment(record.created_at, lang),
                    record=str(record.id)[:8],
                    reason=reason,
                )
            )
        self.rejected_list.setText("\n".join(lines))

    def _render_drives(self) -> None:
        if not self._can_export:
            self.export_hint.setText(
                self.tr(
                    "Export is not available yet: this terminal needs the service's "
                    "encryption key, which it fetches once online."
                )
            )
        elif not self._drives:
            self.export_hint.setText(
                self.tr(
                    "No removable drive found. Insert a USB drive, then tap Look for drives again."
                )
            )
        else:
            self.export_hint.setText(
                self.tr(
                    "The waiting records are written encrypted and signed; only the account "
                    "service can read them. They stay here until the service confirms them."
                )
            )
        for index, button in enumerate(self.drive_buttons):
            if self._can_export and index < len(self._drives):
                button.setText(self.tr("Export to {drive}").format(drive=self._drives[index].label))
                button.show()
            else:
                button.hide()

    def _export_clicked(self, index: int) -> None:
        if index < len(self._drives):
            self.export_requested.emit(self._drives[index])

    def wipe(self) -> None:
        super().wipe()
        self._rejected = []
        self._render_rejected()
