"""For testers: the tester panel behind the staff entry — device status and the SMS outbox.

The outbox is the development SMS gateway's record (no real SMS leaves a demo), so a tester
can read the latest codes and log in. Phone numbers are shown masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from kiosk.devices.device_set import DeviceReport
from kiosk.domain.masking import mask_phone
from kiosk.protocol.errors import UserError
from kiosk.protocol.terminals import OutboxSms
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.worker import TaskFailed, TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.tester.camera import CameraControls, CameraKnobs

OUTBOX_ROWS = 10


@dataclass(frozen=True, slots=True)
class TesterSources:
    device_report: Callable[[], list[DeviceReport]]
    sms_outbox: Callable[[], list[OutboxSms]]  # blocking: runs on the worker
    camera: CameraKnobs | None = None  # the mock camera's control file (demo)


class TesterPanel(FlowScreen):
    def __init__(
        self,
        language: LanguageController,
        sources: TesterSources,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(language, parent)
        self._sources = sources
        self._runner = runner
        self._outbox: list[OutboxSms] = []
        self.devices_heading = QLabel(self.body)
        self.devices_heading.setProperty("textRole", "label")
        self.devices = QTableWidget(0, 3, self.body)
        self.devices.setObjectName("devices")
        self.outbox_heading = QLabel(self.body)
        self.outbox_heading.setProperty("textRole", "label")
        self.outbox = QTableWidget(0, 4, self.body)
        self.outbox.setObjectName("outbox")
        for table in (self.devices, self.outbox):
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setDefaultSectionSize(48)
        self.camera_controls = (
            CameraControls(sources.camera, self.body) if sources.camera is not None else None
        )
        if self.camera_controls is None:
            self.body_layout.addWidget(self.devices_heading)
            self.body_layout.addWidget(self.devices, 1)
            self.body_layout.addWidget(self.outbox_heading)
            self.body_layout.addWidget(self.outbox, 2)
            self.body_layout.addWidget(self.banner)
            self.body_layout.addWidget(self.busy)
        else:
            # Tables on the left, the camera's knobs on the right (stacked in portrait).
            tables = column_of(
                self.body,
                [self.devices_heading, self.devices, self.outbox_heading, self.outbox],
                spacing=8,
                stretch=False,
            )
            row = AdaptiveRow(self.body)
            row.add(tables, 1)
            row.add(self.camera_controls, 1)
            self.body_layout.addWidget(row, 1)
            self.body_layout.addWidget(self.banner)
            self.body_layout.addWidget(self.busy)
        self.refresh_button = BigButton(role=ButtonRole.PRIMARY)
        self.refresh_button.clicked.connect(self.refresh)
        self.set_main_action(self.refresh_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Staff · tester panel (demo)")

    def help_text(self) -> str:
        return self.tr(
            "Demo terminal only. The devices are mocks. Demo SMS codes are not sent to real "
            "phones: the latest ones are listed here. Tap Refresh after requesting a code."
        )

    def retranslate_screen(self) -> None:
        self.devices_heading.setText(self.tr("Devices"))
        self.outbox_heading.setText(self.tr("SMS outbox (latest first)"))
        self.devices.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Status"), self.tr("Description")]
        )
        self.outbox.setHorizontalHeaderLabels(
            [self.tr("Phone"), self.tr("Code"), self.tr("Purpose"), self.tr("Sent at")]
        )
        self.refresh_button.setText(self.tr("Refresh"))

    def refresh(self) -> None:
        self._fill_devices(self._sources.device_report())
        if self.camera_controls is not None:
            self.camera_controls.refresh()
        self.set_busy(True)
        self._runner.run(self._sources.sms_outbox, self._outbox_arrived, self._outbox_failed)

    def latest_code(self) -> str | None:
        return self._outbox[0].code if self._outbox else None

    def _fill_devices(self, reports: list[DeviceReport]) -> None:
        self.devices.setRowCount(len(reports))
        for row, report in enumerate(reports):
            values = (report.name, report.status.value, report.description)
            for column, value in enumerate(values):
                self.devices.setItem(row, column, QTableWidgetItem(value))

    def _outbox_arrived(self, messages: list[OutboxSms]) -> None:
        self.set_busy(False)
        self._outbox = messages[:OUTBOX_ROWS]
        self.outbox.setRowCount(len(self._outbox))
        for row, sms in enumerate(self._outbox):
            sent_at = sms.sent_at.isoformat(timespec="seconds")
            values = (mask_phone(sms.phone), sms.code, sms.purpose, sent_at)
            for column, value in enumerate(values):
                self.outbox.setItem(row, column, QTableWidgetItem(value))

    def _outbox_failed(self, failure: TaskFailed) -> None:
        self.set_busy(False)
        if isinstance(failure.error, UserError):  # e.g. the service is unreachable
            self.banner.show_error(failure.error)
            return
        self.banner.show_error(
            lambda: self.tr("The SMS outbox could not be read: {error}").format(
                error=type(failure.error).__name__
            )
        )

    def wipe(self) -> None:
        super().wipe()
        self._outbox = []
        self.outbox.setRowCount(0)
