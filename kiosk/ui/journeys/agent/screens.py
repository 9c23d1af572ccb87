"""Agent certificate login on screens (R-AG-2): the certificate password (tries left shown
before entry), the SMS code, the client enterprise (R-AG-1), and the agent's home."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.devices.cards.taxukey import PinStatus
from kiosk.domain import cert_pin
from kiosk.protocol.agents import AgentLoggedIn
from kiosk.protocol.people import Organization
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.screens.sms import SmsScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController

PIN_MAX_CHARS = 16
MAX_CLIENTS = 6


class AgentPasswordScreen(FlowScreen):
    submitted = Signal(str)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._holder = ""
        self._pin: PinStatus | None = None
        self.holder = QLabel(self.body)
        self.holder.setObjectName("certificateHolder")
        self.holder.setProperty("textRole", "heading")
        self.holder.setWordWrap(True)
        self.tries = MessageBanner(language, self.body)
        self.tries.setObjectName("triesLeft")
        self.password = FormatField(
            language, max_length=PIN_MAX_CHARS, secret=True, parent=self.body
        )
        self.password.setObjectName("certificatePassword")
        self.password.text_changed.connect(lambda _t: self.banner.clear())
        for widget in (self.holder, self.tries, self.password, self.banner, self.busy):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.login_button = BigButton(role=ButtonRole.PRIMARY)
        self.login_button.clicked.connect(self.submit)
        self.set_main_action(self.login_button)
        self.disable_while_busy(self.password)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Agent services · certificate login")

    def help_text(self) -> str:
        return self.tr(
            "Enter the certificate password of the medium you inserted. The terminal signs a "
            "one-time challenge with it; then an SMS code goes to the agent's phone."
        )

    def show_medium(self, holder: str, pin: PinStatus | None) -> None:
        self._holder, self._pin = holder, pin
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        self.holder.setText(
            self.tr("Certificate of {holder}").format(holder=self._holder) if self._holder else ""
        )
        self.password.set_label(self.tr("Certificate password"))
        self.password.set_hint(
            self.tr("{min}-{max} letters or digits").format(
                min=cert_pin.PIN_MIN_LENGTH, max=cert_pin.PIN_MAX_LENGTH
            )
        )
        self.login_button.setText(self.tr("Continue"))
        pin = self._pin
        if pin is None:
            self.tries.clear()
        elif pin.warn:
            left = pin.tries_left
            self.tries.show_error(
                lambda: self.tr("Careful: {left} tries left before the medium is blocked.").format(
                    left=left
                )
            )
        else:
            left = pin.tries_left
            self.tries.show_info(
                lambda: self.tr("{left} tries left for the certificate password.").format(left=left)
            )

    def submit(self) -> None:
        text = self.password.text()
        self.password.clear()
        self.submitted.emit(text)

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self.password.clear()
        self._holder, self._pin = "", None
        self.retranslate_screen()


class AgentSmsScreen(SmsScreen):
    def title_text(self) -> str:
        return self.tr("Agent services · SMS code")


class AgentClientScreen(FlowScreen):
    chosen = Signal(str)  # the client's USCC

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._clients: tuple[Organization, ...] = ()
        self._agency = ""
        self.intro = QLabel(self.body)
        self.intro.setProperty("textRole", "body")
        self.intro.setWordWrap(True)
        self.buttons: list[BigButton] = []
        for index in range(MAX_CLIENTS):
            button = BigButton(parent=self.body)
            button.setObjectName(f"client{index}")
            button.clicked.connect(lambda _=False, i=index: self._choose(i))
            button.hide()
            self.buttons.append(button)
        self.body_layout.addWidget(self.intro)
        self.body_layout.addWidget(
            column_of(self.body, self.buttons, spacing=12), 0, Qt.AlignmentFlag.AlignLeft
        )
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.disable_while_busy(*self.buttons)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Agent services · choose the client")

    def help_text(self) -> str:
        return self.tr(
            "These are the enterprises whose agreements with your agency name you (R-AG-1). "
            "Tap the one you act for now."
        )

    def show_clients(self, agency: str, clients: tuple[Organization, ...]) -> None:
        self._agency, self._clients = agency, clients[:MAX_CLIENTS]
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        self.intro.setText(
            self.tr("Agency: {agency}. Which client do you act for?").format(agency=self._agency)
        )
        for index, button in enumerate(self.buttons):
            if index < len(self._clients):
                client = self._clients[index]
                button.setText(f"{client.name}\n{client.uscc}")
                button.show()
            else:
                button.hide()

    def _choose(self, index: int) -> None:
        if index < len(self._clients):
            self.chosen.emit(self._clients[index].uscc)

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self._clients, self._agency = (), ""
        self.retranslate_screen()


class AgentHomeScreen(FlowScreen):
    logout_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._session: AgentLoggedIn | None = None
        self.greeting = QLabel(self.body)
        self.greeting.setObjectName("agentGreeting")
        self.greeting.setProperty("textRole", "heading")
        self.greeting.setWordWrap(True)
        self.acting = QLabel(self.body)
        self.acting.setObjectName("actingFor")
        self.acting.setProperty("textRole", "notice")
        self.acting.setWordWrap(True)
        self.body_layout.addWidget(self.greeting)
        self.body_layout.addWidget(self.acting)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addStretch(1)
        self.logout_button = BigButton(role=ButtonRole.PRIMARY)
        self.logout_button.clicked.connect(self.logout_requested)
        self.set_main_action(self.logout_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Agent services")

    def help_text(self) -> str:
        return self.tr(
            "You are logged in as an agent. Removing the certificate medium logs you out at once."
        )

    def show_session(self, session: AgentLoggedIn) -> None:
        self._session = session
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        session = self._session
        self.logout_button.setText(self.tr("Log out"))
        if session is None:
            self.greeting.clear()
            self.acting.clear()
            return
        self.greeting.setText(
            self.tr("Logged in: {name}, agent of {agency}").format(
                name=session.person.name_masked, agency=session.agency.name
            )
        )
        self.acting.setText(
            self.tr("Acting for {client} ({uscc})").format(
                client=session.client.name, uscc=session.client.uscc
            )
        )

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self._session = None
        self.retranslate_screen()
