"""Login step 3: who is logged in (masked), the real-name level and what it means (R-RN-1/2),
the explicit logout (R-SE-1), the way to 账户中心, and what happened to the account while
the person was away (R-PH-2 notices, delivered with the login)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.realname import RealNameLevel, description, label
from kiosk.protocol.people import Notice, PersonSummary
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.coming_soon import ComingSoon
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.notices import notices_text


class LoggedInHomeScreen(FlowScreen):
    logout_requested = Signal()
    account_center_requested = Signal()
    business_requested = Signal()  # 办理涉税业务: key business (R-RN-2)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._person: PersonSummary | None = None
        self.greeting = QLabel(self.body)
        self.greeting.setProperty("textRole", "heading")
        self.greeting.setObjectName("greeting")
        self.greeting.setWordWrap(True)
        card = QFrame(self.body)
        card.setProperty("panel", "card")
        self.id_line = QLabel(card)
        self.id_line.setProperty("textRole", "body")
        self.id_line.setObjectName("idLine")
        self.id_line.setWordWrap(True)
        self.level_line = QLabel(card)
        self.level_line.setProperty("textRole", "label")
        self.level_line.setObjectName("levelLine")
        self.level_line.setWordWrap(True)
        self.level_meaning = QLabel(card)
        self.level_meaning.setProperty("textRole", "body")
        self.level_meaning.setObjectName("levelMeaning")
        self.level_meaning.setWordWrap(True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 24, 32, 24)
        inner.setSpacing(12)
        inner.addWidget(self.id_line)
        inner.addWidget(self.level_line)
        inner.addWidget(self.level_meaning)
        self.leave_note = QLabel(self.body)
        self.leave_note.setProperty("textRole", "notice")
        self.leave_note.setWordWrap(True)
        self.notices = MessageBanner(language, self.body)
        self.notices.setObjectName("notices")
        self.account_button = BigButton(parent=self.body)
        self.account_button.setObjectName("accountCenter")
        self.account_button.clicked.connect(self.account_center_requested)
        self.account_button.hide()  # shown when the service offers it (issue 7)
        self.business_button = BigButton(parent=self.body)
        self.business_button.setObjectName("taxBusiness")
        self.business_button.clicked.connect(self.business_requested)
        self.business_button.hide()  # shown when the window can route it (issue 6)
        self.coming_soon = ComingSoon(self)  # the business screens themselves come later

        self.body_layout.addWidget(self.greeting)
        self.body_layout.addWidget(self.notices)
        self.body_layout.addWidget(card)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.business_button)
        buttons.addWidget(self.account_button)
        buttons.addStretch(1)
        self.body_layout.addLayout(buttons)
        self.body_layout.addWidget(self.leave_note)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)

        self.logout_button = BigButton(role=ButtonRole.PRIMARY)
        self.logout_button.clicked.connect(self.logout_requested)
        self.set_main_action(self.logout_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Natural-person services")

    def help_text(self) -> str:
        return self.tr(
            "You are logged in. More services will be added here. When you are done, tap "
            "Log out: the terminal keeps nothing of your visit."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return (
            self.tr("Log out and go to the home screen?"),
            self.tr("You will be logged out and everything shown here will be cleared."),
        )

    def retranslate_screen(self) -> None:
        person = self._person
        lang = self.language.current
        if person is None:
            for line in (self.greeting, self.id_line, self.level_line, self.level_meaning):
                line.clear()
        else:
            self.greeting.setText(self.tr("Hello, {name}").format(name=person.name_masked))
            self.id_line.setText(
                self.tr("ID number: {number}").format(number=person.id_number_masked)
            )
            try:
                level = RealNameLevel(person.real_name_level)
            except ValueError:  # a level this terminal does not know: show the number only
                level_name, meaning = str(person.real_name_level), ""
            else:
                level_name, meaning = label(level, lang), description(level, lang)
            # English: the level's own label says it all ("Real-name level 4").
            self.level_line.setText(self.tr("{level}").format(level=level_name))
            self.level_meaning.setText(meaning)
        self.leave_note.setText(
            self.tr(
                "When you have finished, tap Log out. The terminal also logs you out by "
                "itself after a short time without use."
            )
        )
        self.logout_button.setText(self.tr("Log out"))
        self.account_button.setText(self.tr("Account center"))
        self.business_button.setText(self.tr("Tax business"))

    def enable_account_center(self) -> None:
        self.account_button.show()

    def enable_business(self) -> None:
        self.business_button.show()

    def show_notices(self, notices: Sequence[Notice]) -> None:
        """R-PH-2: e.g. a number verified by someone else since the last login."""
        if notices:
            kept = tuple(notices)
            self.notices.show_info(lambda: notices_text(kept, self.language.current))
        else:
            self.notices.clear()

    def show_person(self, person: PersonSummary) -> None:
        self._person = person
        self.retranslate()

    @property
    def person(self) -> PersonSummary | None:
        return self._person

    def has_entered_data(self) -> bool:
        return self._person is not None

    def wipe(self) -> None:
        super().wipe()
        self.coming_soon.close_overlay()
        self._person = None
        self.notices.clear()
        self.retranslate()
