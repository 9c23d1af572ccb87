"""Staff mode: the hall counter's 人企关联 (R-HA-2). The enterprise by its code (the code
keypad of the 企业业务 login), its people as the service lists them — masked names and
documents, role, state, where each relation came from — and the confirmation that names
what ending a relation does before it happens."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.protocol.enterprise import RelationState, Role
from kiosk.protocol.messages import Lang
from kiosk.protocol.relations import Member, People
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.code_keypad import CodeKeypad
from kiosk.ui.common.widgets.format_field import KEYPAD_ONLY_HINTS, FormatField
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.acting_text import (
    enterprise_name,
    origin_name,
    role_name,
    state_name,
)
from kiosk.ui.journeys.logged_in.notices import format_at
from kiosk.ui.journeys.login.credentials import ENTERPRISE_CODE_MAX, enterprise_code_feedback


def hall_title() -> str:
    return QCoreApplication.translate("HallRelationTexts", "Staff · enterprise relations")


def who_text(member: Member) -> str:
    """Masked name and document; a person not registered (yet) is said so."""
    name = member.name_masked or QCoreApplication.translate("HallRelationTexts", "(not registered)")
    return f"{name}　{member.document_masked}"


def detail_text(member: Member) -> str:
    return " · ".join(
        (role_name(member.role), state_name(member.state), origin_name(member.origin))
    )


def when_text(member: Member, lang: Lang) -> str:
    if member.state == RelationState.BOUND and member.since is not None:
        return QCoreApplication.translate("HallRelationTexts", "Authorized since {when}").format(
            when=format_at(member.since, lang)
        )
    if member.requested_at is not None:
        return QCoreApplication.translate("HallRelationTexts", "Requested {when}").format(
            when=format_at(member.requested_at, lang)
        )
    return ""


class HallSearchScreen(FlowScreen):
    """Which enterprise: its unified social credit code or taxpayer id."""

    submitted = Signal(str)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.field = FormatField(
            language,
            validator=enterprise_code_feedback,
            max_length=ENTERPRISE_CODE_MAX,
            parent=self.body,
        )
        self.field.setObjectName("hallEnterpriseCode")
        self.field.line_edit.setInputMethodHints(KEYPAD_ONLY_HINTS)
        self.keypad = CodeKeypad(self.body)
        self.keypad.setObjectName("codeKeypad")
        self.keypad.set_target(self.field.line_edit)
        self.note = QLabel(self.body)
        self.note.setProperty("textRole", "notice")
        self.note.setWordWrap(True)
        self.add_columns([self.field, self.note], [self.keypad])
        self.search_button = BigButton(role=ButtonRole.PRIMARY)
        self.search_button.clicked.connect(self.submit)
        self.set_main_action(self.search_button)
        self.disable_while_busy(self.field, self.keypad)
        self.retranslate()

    def title_text(self) -> str:
        return hall_title()

    def help_text(self) -> str:
        return self.tr(
            "Enter the enterprise's unified social credit code (18 characters) or its "
            "taxpayer id from the business licence, and tap Look up. You then see its people "
            "and can add a tax handler or an invoicer, or end a relation. Each action is "
            "recorded with your staff number."
        )

    def retranslate_screen(self) -> None:
        self.field.set_label(self.tr("Enterprise code"))
        self.field.set_hint(
            self.tr("Unified social credit code (18 characters) or taxpayer id (15-20)")
        )
        self.note.setText(
            self.tr(
                "Check the enterprise's documents and the identity of the person in front of "
                "you before you change a relation. Names and document numbers are shown "
                "masked."
            )
        )
        self.search_button.setText(self.tr("Look up"))

    def submit(self) -> None:
        self.submitted.emit(self.field.text())

    def has_entered_data(self) -> bool:
        return bool(self.field.text())

    def wipe(self) -> None:
        super().wipe()
        self.field.clear()


class HallMemberCard(QFrame):
    """One relation: who (masked), then role, state, origin and since when; End relation."""

    end_requested = Signal(str)  # relation_id

    def __init__(self, member: Member, parent: QWidget) -> None:
        super().__init__(parent)
        self.member = member
        self.setProperty("panel", "card")
        self.setObjectName(f"member_{member.relation_id}")
        self.who = QLabel(self)
        self.who.setProperty("textRole", "label")
        self.who.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setProperty("textRole", "body")
        self.detail.setWordWrap(True)
        self.end_button = BigButton(parent=self)
        self.end_button.setObjectName("endRelation")
        self.end_button.clicked.connect(lambda: self.end_requested.emit(member.relation_id))
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.who)
        texts.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 6, 16, 6)
        row.setSpacing(TOUCH_GAP_PX)
        row.addLayout(texts, 1)
        row.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def retranslate(self, lang: Lang) -> None:
        member = self.member
        self.who.setText(who_text(member))
        when = when_text(member, lang)
        self.detail.setText(" · ".join(t for t in (detail_text(member), when) if t))
        self.end_button.setText(QCoreApplication.translate("HallRelationTexts", "End relation"))


class HallPeopleScreen(FlowScreen):
    """The enterprise's people, as the service answered after the last action."""

    add_requested = Signal()
    end_requested = Signal(str)  # relation_id

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._people: People | None = None
        self.cards: list[HallMemberCard] = []
        self.heading = QLabel(self.body)
        self.heading.setObjectName("hallEnterprise")
        self.heading.setProperty("textRole", "heading")
        self.heading.setWordWrap(True)
        self.note = QLabel(self.body)
        self.note.setProperty("textRole", "notice")
        self.note.setWordWrap(True)
        self.empty = QLabel(self.body)
        self.empty.setProperty("textRole", "body")
        self.empty.setWordWrap(True)
        self.list_holder = QWidget()
        self.list_layout = QVBoxLayout(self.list_holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(TOUCH_GAP_PX)
        self.list_layout.addStretch(1)
        self.scroll_area = QScrollArea(self.body)
        self.scroll_area.setObjectName("hallMembers")
        self.scroll_area.setWidget(self.list_holder)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        for widget in (self.heading, self.banner, self.busy, self.note, self.empty):
            self.body_layout.addWidget(widget)
        self.body_layout.addWidget(self.scroll_area, 1)
        self.add_button = BigButton(role=ButtonRole.PRIMARY)
        self.add_button.setObjectName("addHandler")
        self.add_button.clicked.connect(self.add_requested)
        self.set_main_action(self.add_button)
        self.disable_while_busy(self.list_holder)
        self.retranslate()

    def title_text(self) -> str:
        return hall_title()

    def help_text(self) -> str:
        return self.tr(
            "Every relation of the enterprise that is in force or waiting: the person "
            "(masked), the role, whether it is authorized or still to be confirmed, and where "
            "it came from. Add a tax handler adds a person who has registered; they confirm "
            "it at their next login, and the account center cannot withdraw an addition made "
            "here. End relation ends any of them after you confirm. Back looks up another "
            "enterprise."
        )

    def show_people(self, people: People) -> None:
        self._people = people
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        for member in people.members:
            card = HallMemberCard(member, self.list_holder)
            card.end_requested.connect(self.end_requested)
            self.list_layout.insertWidget(self.list_layout.count() - 1, card)
            card.show()
            self.cards.append(card)
        self.retranslate()

    def card(self, relation_id: str) -> HallMemberCard:
        return next(c for c in self.cards if c.member.relation_id == relation_id)

    def retranslate_screen(self) -> None:
        people = self._people
        self.heading.setText(enterprise_name(people.enterprise) if people is not None else "")
        self.note.setText(
            self.tr(
                "Adding and ending are recorded with your staff number, and the people "
                "concerned are told at their next login."
            )
        )
        self.empty.setText(self.tr("No person is related to this enterprise."))
        self.empty.setVisible(people is not None and not people.members)
        lang = self.language.current
        for card in self.cards:
            card.retranslate(lang)
        self.add_button.setText(self.tr("Add a tax handler"))

    def wipe(self) -> None:
        super().wipe()
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        self._people = None
        self.retranslate()


class HallEndScreen(FlowScreen):
    """End this relation? Who, which role and enterprise, and what follows."""

    confirmed = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._member: Member | None = None
        self._enterprise = ""
        self.heading = QLabel(self.body)
        self.heading.setProperty("textRole", "heading")
        self.heading.setWordWrap(True)
        self.who = QLabel(self.body)
        self.who.setObjectName("endWho")
        self.who.setProperty("textRole", "label")
        self.who.setWordWrap(True)
        self.detail = QLabel(self.body)
        self.detail.setProperty("textRole", "body")
        self.detail.setWordWrap(True)
        self.consequence = QLabel(self.body)
        self.consequence.setObjectName("endConsequence")
        self.consequence.setProperty("textRole", "body")
        self.consequence.setWordWrap(True)
        self.follows = QLabel(self.body)
        self.follows.setObjectName("endFollows")
        self.follows.setProperty("textRole", "body")
        self.follows.setWordWrap(True)
        self.warning = QLabel(self.body)
        self.warning.setObjectName("endWarning")
        self.warning.setProperty("textRole", "notice")
        self.warning.setWordWrap(True)
        for widget in (
            self.heading,
            self.who,
            self.detail,
            self.consequence,
            self.follows,
            self.warning,
            self.banner,
            self.busy,
        ):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.end_button = BigButton(role=ButtonRole.PRIMARY)
        self.end_button.setObjectName("confirmEnd")
        self.end_button.clicked.connect(self.confirmed)
        self.set_main_action(self.end_button)
        self.retranslate()

    def title_text(self) -> str:
        return hall_title()

    def help_text(self) -> str:
        return self.tr(
            "Ending a relation cannot be undone here: to restore it, add the person again "
            "and they confirm again. Tap Back to keep the relation."
        )

    def show_member(self, member: Member, enterprise: str) -> None:
        self._member = member
        self._enterprise = enterprise
        self.banner.clear()
        self.retranslate()

    def retranslate_screen(self) -> None:
        member = self._member
        self.heading.setText(self.tr("End this relation?"))
        self.end_button.setText(self.tr("End the relation"))
        if member is None:
            for label in (self.who, self.detail, self.consequence, self.follows, self.warning):
                label.clear()
            return
        self.who.setText(who_text(member))
        self.detail.setText(detail_text(member))
        name = member.name_masked or self.tr("the person")
        role = role_name(member.role)
        if member.state == RelationState.BOUND:
            consequence = self.tr(
                "{name} will no longer act for {enterprise} as {role}: any login of theirs "
                "in this role ends now."
            )
        else:
            consequence = self.tr(
                "The request is cancelled: {name} will not become {role} of {enterprise} and "
                "can no longer confirm it."
            )
        self.consequence.setText(
            consequence.format(name=name, enterprise=self._enterprise, role=role)
        )
        self.follows.setText(
            self.tr(
                "They are told at their next login; this is recorded with your staff number. "
                "To restore it, the person must be added and confirm again."
            )
        )
        managing = member.role in (Role.LEGAL_REPRESENTATIVE, Role.FINANCE_HEAD)
        self.warning.setText(
            self.tr(
                "⚠ This role comes from the enterprise's registration data. End it only "
                "after checking the enterprise's documents."
            )
            if managing
            else ""
        )
        self.warning.setVisible(managing)

    def wipe(self) -> None:
        super().wipe()
        self._member = None
        self._enterprise = ""
        self.retranslate()
