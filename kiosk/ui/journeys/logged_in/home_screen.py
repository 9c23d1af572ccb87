"""Login step 3: who is logged in (masked), the real-name level and what it means (R-RN-1/2),
the explicit logout (R-SE-1), the way to 账户中心, and what happened to the account while
the person was away (R-PH-2 notices, delivered with the login). Who the session acts for:
the enterprise and role with what the role may do (R-RE-9), or 个人办税; 身份切换 for an
enterprise-entry session (R-SW-1), 企业授权管理 with 同步数据 (R-RE-8), and 人员权限管理 for an
enterprise-entry session (R-RE-4: a role that does not manage people is told why there)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.realname import RealNameLevel, description, label
from kiosk.protocol.enterprise import Acting, Entry
from kiosk.protocol.people import Notice, PersonSummary
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.screens.coming_soon import ComingSoon
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.acting_text import (
    enterprise_name,
    role_name,
    scope_lines,
)
from kiosk.ui.journeys.logged_in.notices import notices_text


class LoggedInHomeScreen(FlowScreen):
    logout_requested = Signal()
    account_center_requested = Signal()
    business_requested = Signal()  # 办理涉税业务: key business (R-RN-2)
    switch_requested = Signal()  # 身份切换 (R-SW-1)
    relations_requested = Signal()  # 企业授权管理 (R-RE-8)
    people_requested = Signal()  # 人员权限管理 (R-RE-4)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._person: PersonSummary | None = None
        self._acting: Acting | None = None
        self._can_switch = False  # the window can run 身份切换 (it has the service)
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
        inner.addStretch(1)
        acting_card = QFrame(self.body)
        acting_card.setProperty("panel", "card")
        acting_card.setObjectName("actingCard")
        self.acting_line = QLabel(acting_card)
        self.acting_line.setProperty("textRole", "label")
        self.acting_line.setObjectName("actingFor")
        self.acting_line.setWordWrap(True)
        self.role_line = QLabel(acting_card)
        self.role_line.setProperty("textRole", "body")
        self.role_line.setObjectName("actingRole")
        self.role_line.setWordWrap(True)
        self.scope_list = QLabel(acting_card)
        self.scope_list.setProperty("textRole", "body")
        self.scope_list.setObjectName("actingScope")
        self.scope_list.setWordWrap(True)
        self.switch_button = BigButton(parent=self.body)
        self.switch_button.setObjectName("switchIdentity")
        self.switch_button.clicked.connect(self.switch_requested)
        self.switch_button.hide()  # enterprise-entry sessions only (R-SW-1)
        acting_inner = QVBoxLayout(acting_card)
        acting_inner.setContentsMargins(32, 24, 32, 24)
        acting_inner.setSpacing(12)
        acting_inner.addWidget(self.acting_line)
        acting_inner.addWidget(self.role_line)
        acting_inner.addWidget(self.scope_list)
        acting_inner.addStretch(1)
        cards = AdaptiveRow(self.body)
        cards.add(card, 1)
        cards.add(acting_card, 1)
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
        self.relations_button = BigButton(parent=self.body)
        self.relations_button.setObjectName("relations")
        self.relations_button.clicked.connect(self.relations_requested)
        self.relations_button.hide()  # shown when the window has the service (R-RE-8)
        self.coming_soon = ComingSoon(self)  # the business screens themselves come later

        # Beside the greeting: a switch's success is seen without scrolling (1280x800).
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.greeting, 0)
        top.addWidget(self.banner, 1)
        self.body_layout.addLayout(top)
        self.body_layout.addWidget(self.notices)
        self.body_layout.addWidget(cards)
        # In a row on a wide screen, stacked in portrait (four do not fit 1080 px in English).
        buttons = AdaptiveRow(self.body)
        buttons.box.setSpacing(24)
        for button in (
            self.switch_button,
            self.business_button,
            self.account_button,
            self.relations_button,
        ):
            buttons.add(button)
        spare = QWidget(buttons)  # takes the spare width in a row
        buttons.add(spare, 1)
        self.body_layout.addWidget(buttons)
        self.body_layout.addWidget(self.leave_note)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)

        self.logout_button = BigButton(role=ButtonRole.PRIMARY)
        self.logout_button.clicked.connect(self.logout_requested)
        self.set_main_action(self.logout_button)
        # 人员权限管理 beside the main action: a fifth button in the row above does not fit
        # 1280 px in English, and the body has no height to spare for a second row.
        self.people_button = BigButton(parent=self.bottom_bar)
        self.people_button.setObjectName("people")
        self.people_button.clicked.connect(self.people_requested)
        self.people_button.hide()  # enterprise-entry sessions, with the service (R-RE-4)
        self._bottom.insertWidget(self._bottom.indexOf(self.logout_button), self.people_button)
        self.retranslate()

    def _for_enterprise(self) -> bool:
        # The frame asks for the title and help while it is built, before ``_acting`` is set.
        acting: Acting | None = getattr(self, "_acting", None)
        return acting is not None and acting.entry is Entry.ENTERPRISE

    def title_text(self) -> str:
        if self._for_enterprise():
            return self.tr("Enterprise services")
        return self.tr("Natural-person services")

    def help_text(self) -> str:
        if self._for_enterprise():
            return self.tr(
                "You act for the enterprise shown, in the role shown, and may do what that "
                "role allows. Switch identity moves you to another of your roles, another "
                "enterprise you are bound to, or your personal business, without logging in "
                "again. When you are done, tap Log out."
            )
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
        self.relations_button.setText(self.tr("Enterprise authorizations"))
        self.switch_button.setText(self.tr("Switch identity"))
        self.people_button.setText(self.tr("Manage people"))
        self._show_acting_texts()

    def _show_acting_texts(self) -> None:
        acting = self._acting
        enterprise = acting.enterprise if acting is not None else None
        if acting is None or self._person is None:
            for line in (self.acting_line, self.role_line, self.scope_list):
                line.clear()
        elif acting.entry is not Entry.ENTERPRISE or enterprise is None:
            self.acting_line.setText(self.tr("Acting for: yourself (personal business)"))
            # R-SW-1: personal business never switches to an enterprise; say the way there.
            self.role_line.setText(
                self.tr(
                    "Your own tax affairs as a natural person. To act for an enterprise, log "
                    "out and log in through Enterprise business."
                )
            )
            self.scope_list.clear()
        else:
            self.acting_line.setText(
                self.tr("Acting for: {enterprise}").format(enterprise=enterprise_name(enterprise))
            )
            if acting.role is None:
                self.role_line.setText(self.tr("Role: not chosen yet"))
            elif acting.as_agent:
                # R-AG-3: in with a client's code, as its agent.
                self.role_line.setText(
                    self.tr("Role: {role} (for this client only)").format(
                        role=role_name(acting.role)
                    )
                )
            else:
                self.role_line.setText(self.tr("Role: {role}").format(role=role_name(acting.role)))
            lines = scope_lines(acting, self.language.current)
            self.scope_list.setText(
                "\n".join([self.tr("This role may:"), *(f"• {line}" for line in lines)])
                if lines
                else ""
            )
        for_enterprise = (
            self._can_switch and acting is not None and acting.entry is Entry.ENTERPRISE
        )
        self.switch_button.setVisible(for_enterprise)
        # Every enterprise session: a role that does not manage people is told why there.
        self.people_button.setVisible(for_enterprise)

    def enable_account_center(self) -> None:
        self.account_button.show()

    def enable_business(self) -> None:
        self.business_button.show()

    def enable_acting(self) -> None:
        """The window can switch identities and sync relations (it has the service)."""
        self._can_switch = True
        self.relations_button.show()
        self.retranslate()

    def show_acting(self, acting: Acting | None) -> None:
        """Who the session acts for now (with every login, after every switch)."""
        self._acting = acting
        self.retranslate()

    @property
    def acting(self) -> Acting | None:
        return self._acting

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
        self._acting = None
        self.notices.clear()
        self.retranslate()
