"""企业授权管理 (R-RE-3, R-RE-5, R-RE-7, R-RE-8; seeds 002 16/24/28-30): one screen with three
sections, switched by touch-sized tabs — 待确认授权 (确认, 拒绝 except for the finance head),
申请企业授权 (the applications with their state, 撤回, and 申请 the main action), 已授权企业
(删除 for a handler or invoicer, and 同步数据 the main action)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.relations import SECTIONS, Done, RelationsStep
from kiosk.protocol.enterprise import RelationState, RelationView
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name, state_name
from kiosk.ui.journeys.relations.texts import asked_by, relation_line, when

_S = RelationsStep


class RelationCard(QFrame):
    """One relation: the enterprise, what it is, and its buttons on the right."""

    def __init__(self, section: RelationsStep, relation: RelationView, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("panel", "card")
        self.section = section
        self.relation = relation
        self.name = text_label(self, "label", "relationEnterprise")
        self.lines = text_label(self, "body", "relationLines")
        self.note = text_label(self, "notice", "relationNote")
        self.note.hide()
        self.buttons: dict[str, BigButton] = {}
        text = QWidget(self)
        column = QVBoxLayout(text)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for label in (self.name, self.lines, self.note):
            column.addWidget(label)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(24, 12, 24, 12)
        self._row.setSpacing(TOUCH_GAP_PX * 2)
        self._row.addWidget(text, 1)

    def add_button(self, name: str, on_click: Callable[[RelationView], None]) -> BigButton:
        button = BigButton(parent=self)
        button.setObjectName(f"relation_{name}")
        button.clicked.connect(lambda _checked=False: on_click(self.relation))
        self._row.addWidget(button)
        self.buttons[name] = button
        return button


class RelationsScreen(FlowScreen):
    section_requested = Signal(object)  # RelationsStep: one of SECTIONS
    confirm_requested = Signal(object)  # RelationView
    refuse_requested = Signal(object)
    withdraw_requested = Signal(object)
    remove_requested = Signal(object)
    apply_requested = Signal()
    sync_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.section: RelationsStep = _S.AUTHORIZED
        self._relations: tuple[RelationView, ...] | None = None  # None: not read yet
        self._needs_face = True
        self._confirm_possible = True
        self._removable: Callable[[RelationView], bool] = lambda _r: False
        self.cards: list[RelationCard] = []
        # The section switcher: three toggles, the current one marked (colour and weight).
        switcher = QWidget(self.body)
        row = QHBoxLayout(switcher)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(TOUCH_GAP_PX)
        self.tabs: dict[RelationsStep, BigButton] = {}
        for section in SECTIONS:
            tab = BigButton(parent=switcher)
            tab.setObjectName(f"tab_{section.name.lower()}")
            tab.setProperty("choice", "toggle")
            tab.setCheckable(True)
            tab.clicked.connect(lambda _c=False, s=section: self._tab_tapped(s))
            row.addWidget(tab, 1)
            self.tabs[section] = tab
        self.heading = text_label(self.body, "heading", "sectionHeading")
        self.intro = text_label(self.body, "hint", "sectionIntro")
        self.face_note = text_label(self.body, "notice", "faceNote")
        self.empty = text_label(self.body, "body", "noRelations")
        self.holder = QWidget(self.body)
        self.cards_layout = QVBoxLayout(self.holder)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(TOUCH_GAP_PX)
        self.after_note = text_label(self.body, "hint", "sectionNote")
        for widget in (
            switcher,
            self.heading,
            self.intro,
            self.face_note,
            self.banner,
            self.busy,
            self.empty,
            self.holder,
            self.after_note,
        ):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.action_button = BigButton(role=ButtonRole.PRIMARY)
        self.action_button.clicked.connect(self._main_action)
        self.set_main_action(self.action_button)
        self.disable_while_busy(*self.tabs.values())
        self.retranslate()

    # -- frame hooks -----------------------------------------------------------------------

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "Pending authorizations: an enterprise, the registration data or the tax system "
            "named you in a role; confirm it (with a face check unless you logged in by face) "
            "or refuse it. A finance head cannot refuse: if it is wrong, go to the service "
            "desk in the hall. Applications: ask an enterprise for a tax handler or invoicer "
            "role; a mistaken application can be withdrawn and stays listed. Authorized "
            "enterprises: your roles and since when; Delete ends a tax handler or invoicer "
            "role; Sync data reads the latest registration data."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._relations is not None

    # -- what the journey shows --------------------------------------------------------------

    def show_section(
        self,
        section: RelationsStep,
        relations: tuple[RelationView, ...],
        *,
        needs_face: bool,
        confirm_possible: bool,
        removable: Callable[[RelationView], bool],
    ) -> None:
        """``section`` of ``relations`` (the whole list: the tabs count from it)."""
        self.section = section
        self._relations = relations
        self._needs_face, self._confirm_possible = needs_face, confirm_possible
        self._removable = removable
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        for relation in self._of(section):
            card = RelationCard(section, relation, self.holder)
            card.setObjectName(f"relation{len(self.cards)}")
            self._buttons_for(card)
            self.cards_layout.addWidget(card)
            card.show()  # now, not at the next event loop turn (Qt's default for a layout)
            self.cards.append(card)
        self.retranslate()
        relayout_up(self.body)

    def show_done(self, done: Done | None, about: RelationView | None) -> None:
        """The last action's success, as a success (never in an error box)."""
        if done is None:
            return
        self.banner.show_success(lambda: self._done_text(done, about))

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None:
        super().set_busy(busy, sentence)
        # The cards are made anew for each list, so their buttons are not registered once.
        for card in self.cards:
            for button in card.buttons.values():
                button.setEnabled(not busy)

    def card_for(self, relation_id: str) -> RelationCard:
        return next(c for c in self.cards if c.relation.relation_id == relation_id)

    # -- texts -----------------------------------------------------------------------------

    def retranslate_screen(self) -> None:
        section = self.section
        relations = self._relations
        pending = len(self._of(_S.PENDING))
        self.tabs[_S.PENDING].setText(
            self.tr("Pending authorizations ({count})").format(count=pending)
            if pending
            else self.tr("Pending authorizations")
        )
        self.tabs[_S.APPLICATIONS].setText(self.tr("Apply for authorization"))
        self.tabs[_S.AUTHORIZED].setText(self.tr("Authorized enterprises"))
        for tab_section, tab in self.tabs.items():
            tab.setChecked(tab_section is section)
        headings = {
            _S.PENDING: self.tr("Pending authorizations"),
            _S.APPLICATIONS: self.tr("Your applications"),
            _S.AUTHORIZED: self.tr("Authorized enterprises"),
        }
        intros = {
            _S.PENDING: self.tr(
                "You were named in a role for an enterprise. Confirm it to act for the "
                "enterprise in that role, or refuse it if it is not yours."
            ),
            _S.APPLICATIONS: self.tr(
                "Ask an enterprise for a tax handler or invoicer role; its legal "
                "representative or finance head decides. Apply with care: a mistaken "
                "application can be withdrawn, and it stays listed."
            ),
            _S.AUTHORIZED: self.tr(
                "The enterprises you act for, your role in each and since when."
            ),
        }
        empties = {
            _S.PENDING: self.tr("No authorization is waiting for your confirmation."),
            _S.APPLICATIONS: self.tr(
                "You have not applied to an enterprise. Tap Apply to ask one for a role."
            ),
            _S.AUTHORIZED: self.tr(
                "No relation with an enterprise was found. Tap Sync data to read the latest "
                "registration data; if there is still none, ask the enterprise's legal "
                "representative or finance head to add you as a tax handler."
            ),
        }
        self.heading.setText(headings[section])
        self.intro.setText(intros[section])
        self.empty.setText(empties[section])
        self.empty.setVisible(relations is not None and not self.cards)
        self.face_note.setText(self._face_text())
        self.face_note.setVisible(section is _S.PENDING and bool(self.cards))
        self.after_note.setText(self._after_text())
        self.after_note.setVisible(relations is not None and bool(self.after_note.text()))
        if section is _S.APPLICATIONS:
            self.action_button.setText(self.tr("Apply"))
        else:
            self.action_button.setText(self.tr("Sync data"))
        self.action_button.setVisible(section is not _S.PENDING)
        for card in self.cards:
            self._card_texts(card)

    def _face_text(self) -> str:
        if not self._confirm_possible:
            return self.tr(
                "Confirming needs a face check, and this terminal has no camera for it. "
                "Confirm at a terminal with a camera, or in the e-tax bureau's account center."
            )
        if self._needs_face:
            return self.tr("Confirming takes a face check at the camera.")
        return self.tr("You logged in by face: confirming needs no second face check.")

    def _after_text(self) -> str:
        if self.section is _S.AUTHORIZED:
            kept = [c for c in self.cards if not self._removable(c.relation)]
            note = self.tr(
                "Missing an enterprise or a role? Sync data reads the latest registration data."
            )
            if kept:
                note += "\n" + self.tr(
                    "A legal representative or finance head follows the registration data "
                    "and cannot be deleted here: to change it, go to the tax hall."
                )
            return note
        return ""

    def _card_texts(self, card: RelationCard) -> None:
        relation = card.relation
        lang = self.language.current
        card.name.setText(enterprise_name(relation.enterprise))
        role = role_name(relation.role)
        if card.section is _S.PENDING:
            card.lines.setText(
                self.tr("{role} · asked by {who} · {when}").format(
                    role=role, who=asked_by(relation), when=when(relation.requested_at, lang)
                )
            )
            # R-RE-3 choice: no refuse for the finance head; say where to go instead.
            card.note.setText(
                self.tr(
                    "A finance head authorization can only be confirmed, not refused. If it "
                    "is wrong, please go to the service desk in the hall."
                )
            )
            card.note.setVisible(not relation.refusable)
        elif card.section is _S.APPLICATIONS:
            card.lines.setText(
                self.tr("{role} · {state} · applied {when}").format(
                    role=role,
                    state=state_name(relation.state),
                    when=when(relation.requested_at, lang),
                )
            )
        else:
            since = when(relation.since, lang)
            card.lines.setText(
                self.tr("{role} · since {when}").format(role=role, when=since) if since else role
            )
        texts = {
            "confirm": self.tr("Confirm"),
            "refuse": self.tr("Refuse"),
            "withdraw": self.tr("Withdraw"),
            "remove": self.tr("Delete"),
        }
        for name, button in card.buttons.items():
            button.setText(texts[name])

    def _done_text(self, done: Done, about: RelationView | None) -> str:
        line = relation_line(about) if about is not None else ""
        texts = {
            Done.SYNCED: self.tr("Synced: this is the latest registration data."),
            Done.CONFIRMED: self.tr("Confirmed: you now act for {relation}."),
            Done.REFUSED: self.tr("Refused: {relation} is not yours."),
            Done.APPLIED: self.tr(
                "Applied: {relation}. The enterprise's legal representative or finance head "
                "decides; you are told at your next login."
            ),
            Done.WITHDRAWN: self.tr("Withdrawn: {relation}. The record stays in the list."),
            Done.REMOVED: self.tr("Deleted: you no longer act for {relation}."),
        }
        return texts[done].format(relation=line)

    # -- internals ---------------------------------------------------------------------------

    def _of(self, section: RelationsStep) -> list[RelationView]:
        relations = self._relations or ()
        if section is _S.PENDING:
            return [r for r in relations if r.state == RelationState.PENDING]
        if section is _S.APPLICATIONS:
            states = (RelationState.APPLIED, RelationState.WITHDRAWN, RelationState.DECLINED)
            return [r for r in relations if r.state in states]
        return [r for r in relations if r.state == RelationState.BOUND]

    def _buttons_for(self, card: RelationCard) -> None:
        relation = card.relation
        if card.section is _S.PENDING:
            if relation.refusable:
                card.add_button("refuse", self.refuse_requested.emit)
            if self._confirm_possible:
                confirm = card.add_button("confirm", self.confirm_requested.emit)
                confirm.setProperty("role", ButtonRole.PRIMARY.value)
        elif card.section is _S.APPLICATIONS:
            if relation.state == RelationState.APPLIED:
                card.add_button("withdraw", self.withdraw_requested.emit)
        elif self._removable(relation):
            card.add_button("remove", self.remove_requested.emit)

    def _tab_tapped(self, section: RelationsStep) -> None:
        # A toggle unchecks itself when tapped again: the current section stays marked.
        self.tabs[section].setChecked(section is self.section)
        if section is not self.section:
            self.section_requested.emit(section)

    def _main_action(self) -> None:
        if self.section is _S.APPLICATIONS:
            self.apply_requested.emit()
        elif self.section is _S.AUTHORIZED:
            self.sync_requested.emit()

    def wipe(self) -> None:
        super().wipe()
        self.show_section(
            _S.AUTHORIZED,
            (),
            needs_face=True,
            confirm_possible=True,
            removable=lambda _r: False,
        )
        self._relations = None
        self.retranslate()
