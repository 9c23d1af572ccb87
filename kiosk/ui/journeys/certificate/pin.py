"""Certificate journey: change the certificate password (R-AC-3). The tries left are shown
before anything is typed, as a warning at 2 and 1; the new password twice, with its rule."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.devices.cards.taxukey import PinStatus
from kiosk.domain import cert_pin
from kiosk.flows.certificate import Field, field_of
from kiosk.protocol.errors import UserError
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController

PIN_MAX_CHARS = 16


class CertificatePinScreen(FlowScreen):
    submitted = Signal(str, str, str)  # old, new, confirmation

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._pin: PinStatus | None = None
        self.tries = MessageBanner(language, self.body)
        self.tries.setObjectName("triesLeft")
        self.rule = QLabel(self.body)
        self.rule.setObjectName("pinRule")
        self.rule.setProperty("textRole", "notice")
        self.rule.setWordWrap(True)
        self.old = FormatField(language, max_length=PIN_MAX_CHARS, secret=True, parent=self.body)
        self.old.setObjectName("oldPin")
        self.new = FormatField(language, max_length=PIN_MAX_CHARS, secret=True, parent=self.body)
        self.new.setObjectName("newPin")
        self.confirm = FormatField(
            language, max_length=PIN_MAX_CHARS, secret=True, parent=self.body
        )
        self.confirm.setObjectName("confirmPin")
        for entry in (self.old, self.new, self.confirm):
            entry.text_changed.connect(lambda _t: self.banner.clear())
        about = QWidget(self.body)
        left = QVBoxLayout(about)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(16)
        left.addWidget(self.tries)
        left.addWidget(self.banner)  # the last attempt's answer, next to the tries left
        left.addWidget(self.rule)
        left.addStretch(1)
        fields = QWidget(self.body)
        right = QVBoxLayout(fields)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(12)
        for widget in (self.old, self.new, self.confirm, self.busy):
            right.addWidget(widget)
        right.addStretch(1)
        row = AdaptiveRow(self.body)
        row.add(about, 2)
        row.add(fields, 3)
        self.body_layout.addWidget(row, 1)
        self.save_button = BigButton(role=ButtonRole.PRIMARY)
        self.save_button.clicked.connect(self.submit)
        self.set_main_action(self.save_button)
        self.disable_while_busy(self.old, self.new, self.confirm)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Change the certificate password")

    def help_text(self) -> str:
        return self.tr(
            "Enter the current certificate password, then the new one twice. Keep the medium "
            "inserted until the change is confirmed. Tap a field to open the on-screen keyboard."
        )

    def show_tries(self, pin: PinStatus) -> None:
        self._pin = pin
        self._render_tries()

    def show_error(self, error: UserError) -> None:
        """The refusal, next to the tries left; the entry it is about is emptied."""
        super().show_error(error)
        field = {Field.OLD: self.old, Field.NEW: self.new, Field.CONFIRM: self.confirm}
        which = field_of(error)
        if which is not None:
            field[which].clear()
            if which is Field.NEW:
                self.confirm.clear()
        if self._pin is not None:
            self._render_tries()

    def retranslate_screen(self) -> None:
        # R-AC-3 as kiosk.domain.cert_pin checks it.
        self.rule.setText(
            self.tr(
                "The new password: {min} to {max} letters or digits; not a run like 12345678 "
                "or abcdefgh, not one character or group repeated, not the current password."
            ).format(min=cert_pin.PIN_MIN_LENGTH, max=cert_pin.PIN_MAX_LENGTH)
        )
        self.old.set_label(self.tr("Current certificate password"))
        self.old.set_hint(self.tr("A new medium's password is 12345678"))
        self.new.set_label(self.tr("New certificate password"))
        self.confirm.set_label(self.tr("New certificate password again"))
        self.save_button.setText(self.tr("Change password"))
        self._render_tries()

    def _render_tries(self) -> None:
        pin = self._pin
        if pin is None:
            self.tries.clear()
            return
        left = pin.tries_left
        if pin.warn:
            self.tries.show_error(
                lambda: (
                    self.tr(
                        "Careful: {left} try left before the medium is blocked. If you are not "
                        "sure of the password, ask the hall staff first."
                    ).format(left=left)
                    if left == 1
                    else self.tr("Careful: {left} tries left before the medium is blocked.").format(
                        left=left
                    )
                )
            )
        else:
            self.tries.show_info(
                lambda: self.tr("{left} tries left for the current password.").format(left=left)
            )

    def submit(self) -> None:
        old, new, confirm = self.old.text(), self.new.text(), self.confirm.text()
        self.submitted.emit(old, new, confirm)

    def has_entered_data(self) -> bool:
        return bool(self.old.text() or self.new.text() or self.confirm.text())

    def wipe(self) -> None:
        super().wipe()
        for entry in (self.old, self.new, self.confirm):
            entry.clear()
        self._pin = None
        self.tries.clear()
