"""Staff home: who is logged in, online or offline with the records waiting to sync, and
the entries (start a collection, the tester panel on a demo terminal, log out)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.services.store.records import RecordState
from kiosk.services.sync.worker import SyncProgress
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController

WAITING = (RecordState.CAPTURED, RecordState.SENDING, RecordState.FAILED_RETRYABLE)


class StaffHomeScreen(FlowScreen):
    collection_requested = Signal()
    tester_requested = Signal()
    logout_requested = Signal()
    sync_requested = Signal()
    unblock_requested = Signal()
    locks_requested = Signal()
    relations_requested = Signal()  # the hall counter's 人企关联 (R-HA-2)

    def __init__(
        self,
        language: LanguageController,
        *,
        tester: bool,
        sync: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(language, parent, show_back=False)
        self._staff = ""
        self._online = False
        self._waiting = 0
        self.greeting = QLabel(self.body)
        self.greeting.setProperty("textRole", "heading")
        self.greeting.setWordWrap(True)
        self.status = QLabel(self.body)
        self.status.setObjectName("syncStatus")
        self.status.setProperty("textRole", "notice")
        self.status.setWordWrap(True)
        self.tester_button = BigButton(parent=self.body)
        self.tester_button.setObjectName("testerPanel")
        self.tester_button.clicked.connect(self.tester_requested)
        self.tester_button.setVisible(tester)
        self.sync_button = BigButton(parent=self.body)
        self.sync_button.setObjectName("syncStatus")
        self.sync_button.clicked.connect(self.sync_requested)
        self.sync_button.setVisible(sync)
        self.unblock_button = BigButton(parent=self.body)
        self.unblock_button.setObjectName("unblockMedium")
        self.unblock_button.clicked.connect(self.unblock_requested)
        self.body_layout.addWidget(self.greeting)
        self.body_layout.addWidget(self.status)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addWidget(self.unblock_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.locks_button = BigButton(parent=self.body)
        self.locks_button.setObjectName("accountLocks")
        self.locks_button.clicked.connect(self.locks_requested)
        self.locks_button.setVisible(False)
        self.body_layout.addWidget(self.locks_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.relations_button = BigButton(parent=self.body)
        self.relations_button.setObjectName("hallRelations")
        self.relations_button.clicked.connect(self.relations_requested)
        self.relations_button.setVisible(False)
        self.body_layout.addWidget(self.relations_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addWidget(self.tester_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addStretch(1)
        self.logout_button = BigButton(parent=self.bottom_bar)
        self.logout_button.setObjectName("staffLogout")
        self.logout_button.clicked.connect(self.logout_requested)
        self._bottom.insertWidget(0, self.logout_button)
        self.home_button.hide()  # leaving staff mode is "log out"
        self.collect_button = BigButton(role=ButtonRole.PRIMARY)
        self.collect_button.clicked.connect(self.collection_requested)
        self.set_main_action(self.collect_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Staff · real-name information collection")

    def help_text(self) -> str:
        return self.tr(
            "Tap Start collection to collect a person's document data and face photo. "
            "Records are saved on this terminal first and sent to the account service when "
            "it can be reached."
        )

    def show_staff(self, name_masked: str, *, online: bool, waiting: int) -> None:
        self._staff = name_masked
        self._online = online
        self._waiting = waiting
        self.retranslate_screen()

    def set_waiting(self, waiting: int) -> None:
        self._waiting = waiting
        self.retranslate_screen()

    def show_sync(self, progress: SyncProgress) -> None:
        """The sync worker's latest word: reachable or not, and what waits."""
        counts = progress.counts
        self._online = not progress.error_current
        self._waiting = sum(counts.get(state, 0) for state in WAITING)
        self.retranslate_screen()

    def status_text(self) -> str:
        return self.status.text()

    def retranslate_screen(self) -> None:
        self.greeting.setText(self.tr("Logged in: {name}").format(name=self._staff))
        if self._online:
            self.status.setText(
                self.tr(
                    "● Online — records are sent to the account service ({count} waiting)"
                ).format(count=self._waiting)
            )
        else:
            self.status.setText(
                self.tr("○ Offline — records kept on this terminal ({count} waiting)").format(
                    count=self._waiting
                )
            )
        self.tester_button.setText(self.tr("Tester panel (demo)"))
        self.sync_button.setText(self.tr("Sync status and export"))
        self.unblock_button.setText(self.tr("Unblock a certificate medium"))
        self.locks_button.setText(self.tr("Account locks"))
        self.relations_button.setText(self.tr("Enterprise relations (人企关联)"))
        self.logout_button.setText(self.tr("Log out"))
        self.collect_button.setText(self.tr("Start collection"))

    def wipe(self) -> None:
        super().wipe()
        self._staff = ""
        self._waiting = 0
