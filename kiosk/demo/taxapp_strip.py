"""Demo only: the tax-app simulator on the QR code screen (扫码登录 R-QR-1, 扫码验证 R-QR-2).

A tester has no tax app that knows the demo people, so this strip plays the phone's part:
pick a demo person and an app (电子税务局 personal or enterprise, 个人所得税), then 模拟扫码
sends the code now on screen to the service's development-only scan route, like
``kiosk taxapp scan``. The QR journey's own poll then sees the scan and continues by
itself; the strip only says whether the scan went through, or the catalog error
(QR_APP_PERSONAL_ONLY, QR_WRONG_PERSON, QR_EXPIRED...) in its own banner.

It lives on the QR screen because leaving that screen stops the polls. The scan runs on
the window's worker: the journey's worker is held by its long poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.masking import mask_id_number, mask_name
from kiosk.protocol.errors import UserError
from kiosk.protocol.qr import LoginMode, QrPurpose, QrScanned, TaxApp
from kiosk.services.account_api import TaxAppSimulatorApi
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.common.worker import TaskFailed, TaskRunner
from kiosk.ui.i18n import LangSource

if TYPE_CHECKING:
    from kiosk.ui.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class ScanPerson:
    """A demo person the simulated app is logged in as: shown masked, sent in full."""

    name: str
    document_number: str


class TaxAppScanStrip(QFrame):
    def __init__(
        self,
        api: TaxAppSimulatorApi,
        people: tuple[ScanPerson, ...],
        *,
        language: LangSource,
        runner: TaskRunner,
        enterprise_uscc: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taxappStrip")
        self._api = api
        self._people = people
        self._runner = runner
        self._enterprise_uscc = enterprise_uscc
        self._payload: str | None = None  # the code now on screen
        self._person = 0
        self._app = TaxApp.ETAX
        self._busy = False
        self._generation = 0  # moves on with each new code and each wipe

        self.heading = QLabel(self)
        self.heading.setProperty("textRole", "notice")  # set apart from the person's screen
        self.heading.setWordWrap(True)

        self.person_buttons: list[BigButton] = []
        people_group = QButtonGroup(self)
        people_row = QHBoxLayout()
        people_row.setSpacing(TOUCH_GAP_PX)
        for index, person in enumerate(people):
            button = BigButton(mask_name(person.name), parent=self)
            button.setObjectName(f"taxappPerson{index}")
            button.setProperty("choice", "toggle")
            button.setCheckable(True)
            button.setChecked(index == 0)
            button.clicked.connect(lambda _c=False, i=index: self.choose_person(i))
            people_group.addButton(button)
            people_row.addWidget(button, 1)
            self.person_buttons.append(button)

        app_group = QButtonGroup(self)
        self.etax_button = BigButton(parent=self)
        self.etax_button.setObjectName("taxappEtax")
        self.iit_button = BigButton(parent=self)
        self.iit_button.setObjectName("taxappIit")
        for button, app in ((self.etax_button, TaxApp.ETAX), (self.iit_button, TaxApp.IIT)):
            button.setProperty("choice", "toggle")
            button.setCheckable(True)
            button.setChecked(app is self._app)
            button.clicked.connect(lambda _c=False, a=app: self.choose_app(a))
            app_group.addButton(button)
        self.enterprise_button = BigButton(parent=self)
        self.enterprise_button.setObjectName("taxappEnterprise")
        self.enterprise_button.setProperty("choice", "toggle")
        self.enterprise_button.setCheckable(True)
        self.enterprise_button.toggled.connect(lambda _on: self.retranslate())
        self.enterprise_button.setVisible(enterprise_uscc is not None)
        app_row = QHBoxLayout()
        app_row.setSpacing(TOUCH_GAP_PX)
        app_row.addWidget(self.etax_button, 1)
        app_row.addWidget(self.iit_button, 1)
        app_row.addWidget(self.enterprise_button, 1)

        self.scan_button = BigButton(parent=self)
        self.scan_button.setObjectName("taxappScan")
        self.scan_button.clicked.connect(self.scan)
        self.banner = MessageBanner(language, self)
        self.banner.setObjectName("taxappBanner")

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(TOUCH_GAP_PX)
        column.addWidget(self.heading)
        column.addLayout(people_row)
        column.addLayout(app_row)
        column.addWidget(self.scan_button)
        column.addWidget(self.banner)
        column.addStretch(1)
        self.retranslate()
        self._update_enabled()

    # -- choices ---------------------------------------------------------------------------

    @property
    def payload(self) -> str | None:
        return self._payload

    @property
    def enterprise(self) -> bool:
        return self.enterprise_button.isChecked()

    def set_payload(self, payload: str) -> None:
        """The QR journey showed a new code (``code_shown``)."""
        self._generation += 1
        self._payload = payload
        self._busy = False
        self.banner.clear()
        self._update_enabled()

    def choose_person(self, index: int) -> None:
        self._person = index
        self.person_buttons[index].setChecked(True)
        self.retranslate()

    def choose_app(self, app: TaxApp) -> None:
        self._app = app
        self.etax_button.setChecked(app is TaxApp.ETAX)
        self.iit_button.setChecked(app is TaxApp.IIT)
        self.retranslate()

    # -- the scan --------------------------------------------------------------------------

    def scan(self) -> None:
        payload = self._payload
        if payload is None or self._busy or not self._people:
            return
        person = self._people[self._person]
        app = self._app
        uscc = self._enterprise_uscc if self.enterprise else None
        api = self._api
        generation = self._generation

        def task() -> QrScanned | UserError:
            # A refusal is an answer to show (the catalog's text), not a crash to log.
            try:
                return api.taxapp_scan(
                    payload,
                    app=app,
                    person_document_number=person.document_number,
                    enterprise_uscc=uscc,
                )
            except UserError as error:
                return error

        def done(answer: QrScanned | UserError) -> None:
            if generation != self._generation:
                return
            self._finish()
            if isinstance(answer, UserError):
                self.banner.show_error(answer)
            else:
                self.banner.show_success(lambda: self._scanned_text(answer))

        def failed(failure: TaskFailed) -> None:
            if generation != self._generation:
                return
            self._finish()
            self.banner.show_error(
                lambda: self.tr("The scan could not be sent: {error}").format(
                    error=type(failure.error).__name__
                )
            )

        self._busy = True
        self._update_enabled()
        self.banner.show_info(lambda: self.tr("Scanning…"))
        self._runner.run(task, done, failed)

    def wipe(self) -> None:
        """The screen is left or its code is gone: forget the code and any answer due."""
        self._generation += 1
        self._payload = None
        self._busy = False
        self.banner.clear()
        self._update_enabled()

    def _finish(self) -> None:
        self._busy = False
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.scan_button.setEnabled(
            self._payload is not None and not self._busy and bool(self._people)
        )

    # -- texts -----------------------------------------------------------------------------

    def _scanned_text(self, scanned: QrScanned) -> str:
        purpose = (
            self.tr("QR verification")
            if scanned.purpose is QrPurpose.VERIFY
            else self.tr("QR login")
        )
        mode = (
            self.tr("enterprise") if scanned.mode is LoginMode.ENTERPRISE else self.tr("personal")
        )
        return self.tr("Scanned ({purpose}, {mode}). The terminal continues by itself.").format(
            purpose=purpose, mode=mode
        )

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Tester: simulate the tax app"))
        self.etax_button.setText(self.tr("e-Tax app"))
        self.iit_button.setText(self.tr("IIT app"))
        self.enterprise_button.setText(self.tr("As enterprise"))
        self.scan_button.setText(self.tr("Simulate scan"))
        self.scan_button.setToolTip(self.choice_text())

    def choice_text(self) -> str:
        """Whom and what the next scan is (tests, and the scan button's tooltip)."""
        if not self._people:
            return self.tr("No demo people on this terminal.")
        person = self._people[self._person]
        app = self.tr("e-Tax app") if self._app is TaxApp.ETAX else self.tr("IIT app")
        if self.enterprise and self._enterprise_uscc is not None:
            mode = self.tr("enterprise {uscc}").format(uscc=self._enterprise_uscc)
        else:
            mode = self.tr("personal")
        return self.tr("As {name} ({number}), {app}, {mode}").format(
            name=mask_name(person.name),
            number=mask_id_number(person.document_number),
            app=app,
            mode=mode,
        )

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def install_taxapp_strip(
    window: MainWindow,
    api: TaxAppSimulatorApi,
    people: tuple[ScanPerson, ...],
    *,
    enterprise_uscc: str | None = None,
) -> TaxAppScanStrip | None:
    """Put the simulator beside the QR code of ``window`` (when it has the QR journey): it
    follows the code on screen, and forgets it when the screen is left or the session
    wiped (R-SE-1)."""
    qr = window.qr
    if qr is None:
        return None
    strip = TaxAppScanStrip(
        api,
        people,
        language=window.language,
        runner=window.runner,  # the journey's worker is held by its long poll
        enterprise_uscc=enterprise_uscc,
    )
    qr.screen.add_side_panel(strip)
    qr.code_shown.connect(strip.set_payload)
    window.session.add_wipe_callback(strip.wipe)

    def left(screen: object) -> None:
        if screen is not qr.screen:
            strip.wipe()

    window.screen_changed.connect(left)
    return strip
