"""企业授权管理 (R-RE-8, seeds 002 16/24: 自然人账户中心 → 企业授权管理 → 已授权企业 → 同步数据):
the person's enterprises with each role and whether it is authorized or still to confirm,
and 同步数据, the one main action, which reads them afresh from the registry."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.protocol.enterprise import EnterpriseInfo, RelationState, RelationView
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name, state_name


class EnterpriseCard(QFrame):
    """One enterprise and the person's roles in it, one line each."""

    def __init__(self, enterprise: EnterpriseInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("panel", "card")
        self.enterprise = enterprise
        self.relations: list[RelationView] = []
        self.name = text_label(self, "label")
        self.lines = text_label(self, "body")
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 16, 32, 16)
        column.setSpacing(8)
        column.addWidget(self.name)
        column.addWidget(self.lines)

    def retranslate(self) -> None:
        self.name.setText(enterprise_name(self.enterprise))
        self.lines.setText(
            "\n".join(f"{role_name(r.role)}　{state_name(r.state)}" for r in self.relations)
        )


class RelationsScreen(FlowScreen):
    sync_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._relations: tuple[RelationView, ...] | None = None  # None: not read yet
        self.cards: list[EnterpriseCard] = []
        self.heading = text_label(self.body, "heading", "authorizedHeading")
        self.empty = text_label(self.body, "body", "noRelations")
        self.holder = QWidget(self.body)
        self.cards_layout = QVBoxLayout(self.holder)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(TOUCH_GAP_PX)
        self.pending_note = text_label(self.body, "notice", "pendingNote")
        self.sync_note = text_label(self.body, "hint", "syncNote")
        self.body_layout.addWidget(self.heading)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(self.empty)
        self.body_layout.addWidget(self.holder)
        self.body_layout.addWidget(self.pending_note)
        self.body_layout.addWidget(self.sync_note)
        self.body_layout.addStretch(1)
        self.sync_button = BigButton(role=ButtonRole.PRIMARY)
        self.sync_button.clicked.connect(self.sync_requested)
        self.set_main_action(self.sync_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "These are the enterprises you are related to in the tax registration data, with "
            "your role in each. If an enterprise or a role is missing, tap Sync data to read "
            "the latest data. If it is still missing, ask the enterprise's legal "
            "representative or finance head to add you as a tax handler."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._relations is not None

    def show_relations(self, relations: tuple[RelationView, ...]) -> None:
        self._relations = relations
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        by_code: dict[str, EnterpriseCard] = {}
        for relation in relations:
            code = relation.enterprise.code
            if code not in by_code:
                card = EnterpriseCard(relation.enterprise, self.holder)
                card.setObjectName(f"enterprise{len(self.cards)}")
                self.cards_layout.addWidget(card)
                card.show()  # now, not at the next event loop turn (Qt's default for a layout)
                self.cards.append(card)
                by_code[code] = card
            by_code[code].relations.append(relation)
        self.retranslate()
        relayout_up(self.body)

    def retranslate_screen(self) -> None:
        self.sync_button.setText(self.tr("Sync data"))
        self.heading.setText(self.tr("Authorized enterprises"))
        relations = self._relations
        self.empty.setText(
            self.tr(
                "No relation with an enterprise was found. Tap Sync data to read the latest "
                "registration data; if there is still none, ask the enterprise's legal "
                "representative or finance head to add you as a tax handler."
            )
        )
        self.empty.setVisible(relations is not None and not relations)
        pending = relations is not None and any(r.state == RelationState.PENDING for r in relations)
        self.pending_note.setText(
            self.tr(
                "An authorization marked to be confirmed is confirmed when you next log in "
                "to that enterprise through Enterprise business."
            )
        )
        self.pending_note.setVisible(pending)
        self.sync_note.setText(
            self.tr(
                "Missing an enterprise or a role? Sync data reads the latest registration data."
            )
        )
        self.sync_note.setVisible(relations is not None)
        for card in self.cards:
            card.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self.show_relations(())
        self._relations = None
        self.retranslate()
