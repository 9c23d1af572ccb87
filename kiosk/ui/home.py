"""The home screen: the business entries, and the staff entry.

自然人业务 (natural-person login) is built; 企业业务 (R-EN-1) when the service answers for
enterprises (the acting calls); 代理业务 when the terminal has a card reader,
忘记密码 (a tile) and 找回手机号码 (bottom bar) when the account service offers
self-service (issue 7). The other
entries say politely that they open soon and whom to ask, so nothing looks broken.
"""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget
from typing_extensions import override

from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.coming_soon import ComingSoon
from kiosk.ui.common.widgets.adaptive_row import WIDE_WINDOW_PX, relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController


class Entry(Enum):
    NATURAL_PERSON = auto()
    ENTERPRISE = auto()
    AGENT = auto()
    REGISTER = auto()
    FORGOT_PASSWORD = auto()


AVAILABLE: frozenset[Entry] = frozenset({Entry.NATURAL_PERSON})


class HomeScreen(FlowScreen):
    natural_person_chosen = Signal()
    enterprise_chosen = Signal()
    staff_chosen = Signal()
    certificate_chosen = Signal()
    agent_chosen = Signal()
    forgot_password_chosen = Signal()
    register_chosen = Signal()
    retrieve_phone_chosen = Signal()

    def __init__(
        self,
        language: LanguageController,
        parent: QWidget | None = None,
        *,
        certificate: bool = False,
        agent: bool = False,
        self_service: bool = False,
        registration: bool = False,
        enterprise: bool = False,
    ) -> None:
        super().__init__(language, parent, show_back=False, show_home=False)
        self.available = (
            AVAILABLE
            | ({Entry.ENTERPRISE} if enterprise else set())
            | ({Entry.AGENT} if agent else set())
            | ({Entry.FORGOT_PASSWORD} if self_service else set())
            | ({Entry.REGISTER} if registration else set())
        )
        self.heading = QLabel(self.body)
        self.heading.setProperty("textRole", "heading")
        self.heading.setWordWrap(True)
        self.intro = QLabel(self.body)
        self.intro.setProperty("textRole", "body")
        self.intro.setWordWrap(True)
        self.tiles: dict[Entry, BigButton] = {}
        self._grid_host = QWidget(self.body)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(TOUCH_GAP_PX * 2)
        for entry in Entry:
            tile = BigButton(role=ButtonRole.TILE, parent=self._grid_host)
            tile.setObjectName(f"entry_{entry.name.lower()}")
            tile.setProperty("available", "true" if entry in self.available else "false")
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            tile.clicked.connect(lambda _checked=False, e=entry: self.choose(e))
            self.tiles[entry] = tile
        self._columns = 0
        self._lay_out_tiles(3)

        self.staff_button = BigButton(parent=self.bottom_bar)
        self.staff_button.setObjectName("staffEntry")
        self.staff_button.clicked.connect(self.staff_chosen)
        self._bottom.insertWidget(0, self.staff_button)
        # 税务数字证书 (R-AC-3) needs the medium, not a login: an entry of its own.
        self.certificate_button = BigButton(parent=self.bottom_bar)
        self.certificate_button.setObjectName("certificateEntry")
        self.certificate_button.clicked.connect(self.certificate_chosen)
        self.certificate_button.setVisible(certificate)
        self._bottom.insertWidget(1, self.certificate_button)
        # 找回手机号码 (R-PH-5): in the bottom bar, so the tiles keep two rows at 1280x800.
        self.retrieve_button = BigButton(parent=self.bottom_bar)
        self.retrieve_button.setObjectName("retrievePhoneEntry")
        self.retrieve_button.clicked.connect(self.retrieve_phone_chosen)
        self.retrieve_button.setVisible(self_service)
        self._bottom.insertWidget(2, self.retrieve_button)

        self.body_layout.addWidget(self.heading)
        self.body_layout.addWidget(self.intro)
        self.body_layout.addSpacing(8)
        self.body_layout.addWidget(self._grid_host)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addStretch(1)

        self.coming_soon = ComingSoon(self)
        self._service_down = False
        self.retranslate()

    def set_service_reachable(self, reachable: bool) -> None:
        """Say on the home screen, before anyone starts, that the service is out of reach."""
        was_down, self._service_down = self._service_down, not reachable
        if self._service_down:
            self.banner.show_error(UserError(ErrorCode.SERVICE_UNREACHABLE, {}))
        elif was_down:
            self.banner.clear()

    @property
    def service_down(self) -> bool:
        return self._service_down

    def title_text(self) -> str:
        return self.tr("Tax Self-Service Terminal")

    def help_text(self) -> str:
        return self.tr(
            "Tap Natural-person services to log in with your ID number, phone "
            "number or username. Tap Enterprise services to act for an enterprise you are "
            "related to: its unified social credit code or taxpayer id, then your own ID "
            "number, phone or username and your personal password. Use 中文 / EN at the top "
            "to change the language."
        )

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("Welcome"))
        self.intro.setText(self.tr("Please choose a service."))
        soon = self.tr("Opening soon")
        names = {
            Entry.NATURAL_PERSON: self.tr("Natural-person services"),
            Entry.ENTERPRISE: self.tr("Enterprise services"),
            Entry.AGENT: self.tr("Agent services"),
            Entry.REGISTER: self.tr("User registration"),
            Entry.FORGOT_PASSWORD: self.tr("Forgot password"),
        }
        for entry, tile in self.tiles.items():
            text = names[entry]
            tile.setText(text if entry in self.available else f"{text}\n{soon}")
        self.staff_button.setText(self.tr("Staff"))
        self.certificate_button.setText(self.tr("Tax digital certificate"))
        self.retrieve_button.setText(self.tr("Retrieve phone number"))

    def choose(self, entry: Entry) -> None:
        if entry is Entry.NATURAL_PERSON:
            self.natural_person_chosen.emit()
        elif entry is Entry.ENTERPRISE and entry in self.available:
            self.enterprise_chosen.emit()
        elif entry is Entry.AGENT and entry in self.available:
            self.agent_chosen.emit()
        elif entry is Entry.FORGOT_PASSWORD and entry in self.available:
            self.forgot_password_chosen.emit()
        elif entry is Entry.REGISTER and entry in self.available:
            self.register_chosen.emit()
        else:
            self.coming_soon.open()

    def show_coming_soon(self) -> None:
        self.coming_soon.open()

    def wipe(self) -> None:
        super().wipe()
        self.coming_soon.close_overlay()
        self.set_service_reachable(not self._service_down)  # still true after a wipe

    def _lay_out_tiles(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
        # 自然人业务, the one entry built so far, is the big tile; the others follow it.
        hero, *others = self.tiles.values()
        hero.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        if columns == 3:
            self._grid.addWidget(hero, 0, 0, 2, 1)
            for index, tile in enumerate(others):
                self._grid.addWidget(tile, index // 2, 1 + index % 2)
        else:
            self._grid.addWidget(hero, 0, 0, 1, 2)
            for index, tile in enumerate(others):
                self._grid.addWidget(tile, 1 + index // 2, index % 2)
        relayout_up(self._grid_host)

    @override
    def adapt(self, window_width: int) -> None:
        super().adapt(window_width)
        self._lay_out_tiles(3 if window_width >= WIDE_WINDOW_PX else 2)
