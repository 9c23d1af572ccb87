"""Certificate journey: the certificate on the medium (R-AC-3) — holder, taxpayer id,
issuer, serial, validity and days to expiry, the medium, the password's tries left."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.devices.cards import MediumKind
from kiosk.devices.cards.certificates import Validity
from kiosk.domain.lockout import SHANGHAI
from kiosk.services.certificate_medium import MediumView
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.i18n import LanguageController

ROWS = ("holder", "taxpayer", "issuer", "serial", "validity", "expiry", "medium", "tries")


def _day(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d")


class CertificateDetailsScreen(FlowScreen):
    change_requested = Signal()
    unblock_requested = Signal(str)  # the admin PIN, typed by hall staff

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._view: MediumView | None = None
        self._now: datetime | None = None
        self._blocked = False
        self._staff = False
        holder = QWidget(self.body)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(ROWS):
            label, value = QLabel(holder), QLabel(holder)
            label.setProperty("textRole", "label")
            value.setProperty("textRole", "body")
            value.setObjectName(f"value_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.labels[key], self.values[key] = label, value
        grid.setColumnStretch(1, 1)
        self.notice = QLabel(self.body)
        self.notice.setObjectName("defaultPinNotice")
        self.notice.setProperty("textRole", "notice")
        self.notice.setWordWrap(True)
        # Staff mode, blocked medium: the admin PIN unblocks it (R-AC-3, hall staff).
        self.admin_pin = FormatField(language, max_length=16, secret=True, parent=self.body)
        self.admin_pin.setObjectName("adminPin")
        self.unblock_button = BigButton(parent=self.body)
        self.unblock_button.setObjectName("unblock")
        self.unblock_button.clicked.connect(self._unblock)
        self.body_layout.addWidget(holder)
        self.body_layout.addWidget(self.notice)
        self.body_layout.addWidget(self.admin_pin)
        self.body_layout.addWidget(self.unblock_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.change_button = BigButton(role=ButtonRole.PRIMARY)
        self.change_button.clicked.connect(self.change_requested)
        self.set_main_action(self.change_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Tax digital certificate")

    def help_text(self) -> str:
        return self.tr(
            "This is the certificate on your medium. To change the certificate password, "
            "tap Change certificate password; the medium must stay inserted. Removing it "
            "ends the session."
        )

    def show_view(
        self, view: MediumView, now: datetime, *, blocked: bool = False, staff: bool = False
    ) -> None:
        self._view, self._now, self._blocked, self._staff = view, now, blocked, staff
        self.retranslate_screen()

    def _unblock(self) -> None:
        text = self.admin_pin.text()
        self.admin_pin.clear()
        self.unblock_requested.emit(text)

    def retranslate_screen(self) -> None:
        names = {
            "holder": self.tr("Holder"),
            "taxpayer": self.tr("Taxpayer id / USCC"),
            "issuer": self.tr("Issued by"),
            "serial": self.tr("Serial number"),
            "validity": self.tr("Valid"),
            "expiry": self.tr("Expiry"),
            "medium": self.tr("Medium"),
            "tries": self.tr("Password tries left"),
        }
        for key, label in self.labels.items():
            label.setText(names[key])
        self.change_button.setText(self.tr("Change certificate password"))
        self.change_button.setVisible(not self._blocked)
        unblocking = self._blocked and self._staff
        self.admin_pin.setVisible(unblocking)
        self.unblock_button.setVisible(unblocking)
        self.admin_pin.set_label(self.tr("Administrator PIN (hall staff)"))
        self.unblock_button.setText(self.tr("Unblock the medium"))
        view, now = self._view, self._now
        if view is None or now is None:
            for value in self.values.values():
                value.clear()
            self.notice.hide()
            return
        cert = view.certificate
        self.values["holder"].setText(cert.holder_name)
        self.values["taxpayer"].setText(cert.taxpayer_id or self.tr("(not in the certificate)"))
        self.values["issuer"].setText(cert.issuer)
        self.values["serial"].setText(cert.serial_hex)
        self.values["validity"].setText(
            self.tr("{start} to {end}").format(
                start=_day(cert.not_before), end=_day(cert.not_after)
            )
        )
        validity = cert.validity(now)
        days = cert.days_to_expiry(now)
        if validity is Validity.EXPIRED:
            expiry = self.tr("Expired {days} day(s) ago: renew it at the hall").format(days=-days)
        elif validity is Validity.NOT_YET_VALID:
            expiry = self.tr("Not valid yet")
        else:
            expiry = self.tr("{days} day(s) left").format(days=days)
        self.values["expiry"].setText(expiry)
        kinds = {
            MediumKind.UKEY: self.tr("Tax UKey (税务UKey)"),
            MediumKind.JINSHUIPAN: "金税盘",
            MediumKind.SHUIKONGPAN: "税控盘",
        }
        self.values["medium"].setText(f"{kinds[view.token.medium]} · {view.token.serial}")
        self.values["tries"].setText(
            self.tr("{left} of {total}").format(left=view.pin.tries_left, total=view.pin.max_tries)
        )
        default = view.token.default_pin and not self._blocked
        self.notice.setVisible(default)
        self.notice.setText(
            self.tr(
                "This medium still has the factory password 12345678. Change it now: anyone "
                "who finds the medium could use it."
            )
        )

    def wipe(self) -> None:
        super().wipe()
        self._view, self._now, self._blocked, self._staff = None, None, False, False
        self.admin_pin.clear()
        self.retranslate_screen()
