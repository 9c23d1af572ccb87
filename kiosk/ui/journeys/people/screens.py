"""人员权限管理 (R-RE-4, R-RE-5, R-RE-7, seeds 002 25/28-30, 004 三(三)): the list — 现有办税人员
with 删除 (asked first, naming the consequence), the people's applications with 同意 / 拒绝,
the additions waiting for the person with 撤回 — and 添加办税人员 as the main action; and the
answer for a role that does not manage people (R-RE-4), saying why and what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.flows.people import removable
from kiosk.protocol.enterprise import Acting, EnterpriseInfo, RelationState
from kiosk.protocol.errors import UserError
from kiosk.protocol.relations import Member
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow, relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name
from kiosk.ui.journeys.people.member_text import details, who

QUESTION_WIDTH_PX = 960  # the overlay card's widest
QUESTION_MARGIN_PX = 32  # the overlay's margin around it


class MemberCard(QFrame):
    """One person: who, role · origin · date, and the actions its section offers."""

    remove_requested = Signal(object)  # Member
    withdraw_requested = Signal(object)
    approve_requested = Signal(object)
    decline_requested = Signal(object)

    def __init__(self, member: Member, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("panel", "card")
        self.member = member
        self.who = text_label(self, "label", "memberWho")
        self.details = text_label(self, "body", "memberDetails")
        self.buttons: dict[str, BigButton] = {}
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.who)
        text.addWidget(self.details)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 4, 12, 4)
        row.setSpacing(TOUCH_GAP_PX)
        row.addLayout(text, 1)
        state = member.state
        if state == RelationState.BOUND and removable(member):
            self._button(row, "remove", self.remove_requested)
        elif state == RelationState.PENDING:
            self._button(row, "withdraw", self.withdraw_requested)
        elif state == RelationState.APPLIED:
            self._button(row, "approve", self.approve_requested)
            self._button(row, "decline", self.decline_requested)

    def _button(self, row: QHBoxLayout, name: str, signal: SignalInstance) -> None:
        button = BigButton(parent=self)
        button.setObjectName(name)
        button.clicked.connect(lambda _c=False: signal.emit(self.member))
        row.addWidget(button)
        self.buttons[name] = button

    def retranslate(self) -> None:
        self.who.setText(who(self.member))
        self.details.setText(details(self.member))
        texts = {
            "remove": self.tr("Delete"),
            "withdraw": self.tr("Withdraw"),
            "approve": self.tr("Approve"),
            "decline": self.tr("Decline"),
        }
        for name, button in self.buttons.items():
            button.setText(texts[name])


class Section(QWidget):
    """A heading, the cards, and a line when there are none."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.heading = text_label(self, "label", f"{name}Heading")
        self.empty = text_label(self, "hint", f"{name}Empty")
        self.cards: list[MemberCard] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.empty)

    def fill(self, members: tuple[Member, ...], screen: PeopleListScreen) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        for index, member in enumerate(members):
            card = MemberCard(member, self)
            card.setObjectName(f"{self.objectName()}{index}")
            card.remove_requested.connect(screen.remove_requested)
            card.withdraw_requested.connect(screen.withdraw_requested)
            card.approve_requested.connect(screen.approve_requested)
            card.decline_requested.connect(screen.decline_requested)
            self.column.addWidget(card)
            card.show()
            self.cards.append(card)
        self.empty.setVisible(not members)


class PeopleListScreen(FlowScreen):
    add_requested = Signal()
    remove_requested = Signal(object)  # Member: ask first
    remove_confirmed = Signal()
    remove_kept = Signal()
    withdraw_requested = Signal(object)  # Member
    approve_requested = Signal(object)
    decline_requested = Signal(object)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._enterprise: EnterpriseInfo | None = None
        self._loaded = False
        self._chosen: Member | None = None
        self.enterprise_line = text_label(self.body, "body", "peopleEnterprise")
        self.bound = Section("bound", self.body)
        self.applied = Section("applied", self.body)
        self.pending = Section("pending", self.body)
        left = QWidget(self.body)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(16)
        left_column.addWidget(self.bound)
        left_column.addWidget(self.applied)
        left_column.addStretch(1)
        right = QWidget(self.body)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.pending)
        right_column.addStretch(1)
        self.sections = AdaptiveRow(self.body)
        self.sections.box.setSpacing(32)
        self.sections.add(left, 1)
        self.sections.add(right, 1)
        self.body_layout.addWidget(self.enterprise_line)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(self.sections)
        self.body_layout.addStretch(1)
        self.add_button = BigButton(role=ButtonRole.PRIMARY)
        self.add_button.clicked.connect(self.add_requested)
        self.set_main_action(self.add_button)
        # 删除 ends the relation: asked first, in words naming that (ui.md, R-RE-7).
        self.remove_question = Overlay(
            self,
            title=lambda: self.tr("Delete this person from the enterprise?"),
            body=self._remove_consequence,
            actions=(
                OverlayAction("keep", lambda: self.tr("Keep"), self.remove_kept.emit),
                OverlayAction(
                    "remove",
                    lambda: self.tr("Delete"),
                    self.remove_confirmed.emit,
                    ButtonRole.PRIMARY,
                ),
            ),
        )
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Manage people")

    def help_text(self) -> str:
        return self.tr(
            "The legal representative and the finance head manage who acts for the "
            "enterprise. Add a person: they must have registered, and they confirm the "
            "authorization themselves at their next login (two-way confirmation). Withdraw "
            "takes back an addition not yet confirmed; one made at the tax hall can only be "
            "withdrawn at the hall. Delete ends a current handler's or invoicer's "
            "authorization, including one added at the hall. Applications from people wait "
            "for your approval."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._loaded

    def show_people(
        self, enterprise: EnterpriseInfo | None, members: tuple[Member, ...], *, loaded: bool
    ) -> None:
        self._enterprise = enterprise
        self._loaded = loaded
        by_state = {
            RelationState.BOUND: self.bound,
            RelationState.APPLIED: self.applied,
            RelationState.PENDING: self.pending,
        }
        for state, section in by_state.items():
            section.fill(tuple(m for m in members if m.state == state), self)
        self.sections.setVisible(loaded)
        self.retranslate()
        relayout_up(self.body)

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None:
        super().set_busy(busy, sentence)
        # The cards come and go with each answer: the ones shown now wait with the screen.
        for card in self.all_cards():
            for button in card.buttons.values():
                button.setEnabled(not busy)

    def ask_remove(self, member: Member) -> None:
        self._chosen = member
        self.remove_question.open()
        self._fit_question(self.width())

    @override
    def adapt(self, window_width: int) -> None:
        super().adapt(window_width)
        if self.remove_question.isVisible():
            self._fit_question(window_width)

    def _fit_question(self, window_width: int) -> None:
        """The question's card as tall as its wrapped text at the width it gets (a centred
        card is otherwise sized for its text on one long line, and clips it)."""
        card = self.remove_question.card
        width = min(QUESTION_WIDTH_PX, window_width - 2 * QUESTION_MARGIN_PX)
        card.setFixedWidth(width)
        layout = card.layout()
        if layout is not None:
            card.setMinimumHeight(layout.totalHeightForWidth(width))
        relayout_up(card)

    def close_question(self) -> None:
        self.remove_question.close_overlay()

    def all_cards(self) -> list[MemberCard]:
        return [*self.bound.cards, *self.applied.cards, *self.pending.cards]

    def retranslate_screen(self) -> None:
        enterprise = self._enterprise
        self.enterprise_line.setText(
            self.tr("Enterprise: {enterprise}").format(enterprise=enterprise_name(enterprise))
            if enterprise is not None
            else ""
        )
        self.bound.heading.setText(self.tr("Current tax handlers"))
        self.bound.empty.setText(self.tr("No one is authorized yet."))
        self.applied.heading.setText(self.tr("Applications from people"))
        self.applied.empty.setText(self.tr("No application waits for a decision."))
        self.pending.heading.setText(self.tr("Added, waiting for the person to confirm"))
        self.pending.empty.setText(self.tr("No addition is waiting."))
        self.add_button.setText(self.tr("Add a tax handler"))
        for card in self.all_cards():
            card.retranslate()

    def _remove_consequence(self) -> str:
        member = self._chosen
        if member is None:
            return ""
        return self.tr(
            "{who} will no longer act for this enterprise as {role}: the authorization ends "
            "now, and they are told at their next login. To have them back, add them again "
            "and they confirm again."
        ).format(who=who(member), role=role_name(member.role))

    def wipe(self) -> None:
        super().wipe()
        self.remove_question.close_overlay()
        self._chosen = None
        self.show_people(None, (), loaded=False)


class NotAllowedScreen(FlowScreen):
    """R-RE-4: only the legal representative and the finance head manage people; any other
    role is told why, and what to do instead."""

    finished = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._acting: Acting | None = None
        self.heading = text_label(self.body, "heading", "notAllowedHeading")
        self.current = text_label(self.body, "body", "notAllowedRole")
        self.reason = MessageBanner(language, self.body)
        self.reason.setObjectName("notAllowedReason")
        self.ways = text_label(self.body, "notice", "notAllowedWays")
        for widget in (self.heading, self.current, self.reason, self.ways, self.banner):
            self.body_layout.addWidget(widget)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.done_button = BigButton(role=ButtonRole.PRIMARY)
        self.done_button.clicked.connect(self.finished)
        self.set_main_action(self.done_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Manage people")

    def help_text(self) -> str:
        return self.tr(
            "Only the enterprise's legal representative and finance head may add or delete "
            "tax handlers and invoicers through the account center. Ask one of them, or go "
            "to the tax hall."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True  # 首页 logs out: asked first (logout_confirm_texts)

    def show_refusal(self, error: UserError | None, acting: Acting | None) -> None:
        self._acting = acting
        if error is not None:
            self.reason.show_error(error)
        else:
            self.reason.clear()
        self.retranslate()

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("Your current role cannot manage people"))
        acting = self._acting
        if acting is not None and acting.enterprise is not None and acting.role is not None:
            self.current.setText(
                self.tr("You act for {enterprise} as {role}.").format(
                    enterprise=enterprise_name(acting.enterprise), role=role_name(acting.role)
                )
            )
        else:
            self.current.clear()
        self.ways.setText(
            self.tr(
                "If you are also this enterprise's legal representative or finance head, use "
                "Switch identity on the services page to act in that role, then open Manage "
                "people again. To leave the enterprise yourself, use Enterprise authorizations."
            )
        )
        self.done_button.setText(self.tr("Back to services"))

    def wipe(self) -> None:
        super().wipe()
        self.show_refusal(None, None)
