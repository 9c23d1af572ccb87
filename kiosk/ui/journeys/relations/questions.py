"""The questions of 企业授权管理 that name a consequence before it happens (ui.md: destructive
actions ask first, in words): 拒绝 a pending authorization, 撤回 an application, 删除 a
relation (R-RE-5, R-RE-7); and the end of this login when the person deleted the very role
it acted in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flows.relations import RelationsStep
from kiosk.protocol.enterprise import RelationView
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name
from kiosk.ui.journeys.relations.texts import relation_line

_S = RelationsStep


class RelationQuestionScreen(FlowScreen):
    """拒绝 / 撤回 / 删除, asked once more: what, and what follows. Back keeps everything."""

    confirmed = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.kind: RelationsStep | None = None
        self._relation: RelationView | None = None
        self._ends_login = False
        self.question = text_label(self.body, "heading", "questionHeading")
        self.subject = text_label(self.body, "body", "questionSubject")
        self.consequence = text_label(self.body, "notice", "questionConsequence")
        self.login_note = text_label(self.body, "notice", "questionLoginNote")
        for widget in (
            self.question,
            self.subject,
            self.consequence,
            self.login_note,
            self.banner,
            self.busy,
        ):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.yes_button = BigButton(role=ButtonRole.PRIMARY)
        self.yes_button.clicked.connect(self.confirmed)
        self.set_main_action(self.yes_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "Read what happens, then tap the button at the bottom right to go ahead, or Back "
            "to leave everything as it is."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._relation is not None

    def ask(self, kind: RelationsStep, relation: RelationView, *, ends_login: bool) -> None:
        self.kind, self._relation, self._ends_login = kind, relation, ends_login
        self.banner.clear()
        self.retranslate()

    def retranslate_screen(self) -> None:
        relation, kind = self._relation, self.kind
        if relation is None or kind is None:
            for label in (self.question, self.subject, self.consequence, self.login_note):
                label.clear()
            self.login_note.hide()
            self.yes_button.setText(self.tr("Confirm"))
            return
        names = {"role": role_name(relation.role), "enterprise": relation.enterprise.name}
        self.subject.setText(relation_line(relation))
        if kind is _S.CONFIRM_REFUSE:
            self.question.setText(self.tr("Refuse this authorization?"))
            self.consequence.setText(
                self.tr(
                    "The authorization as {role} of {enterprise} ends: you will not act for "
                    "the enterprise in this role. Only the enterprise can name you again."
                ).format(**names)
            )
            self.yes_button.setText(self.tr("Refuse the authorization"))
        elif kind is _S.CONFIRM_WITHDRAW:
            self.question.setText(self.tr("Withdraw this application?"))
            self.consequence.setText(
                self.tr(
                    "{enterprise} will no longer decide on your application as {role}. The "
                    "withdrawn application stays in your list; to ask again, apply again."
                ).format(**names)
            )
            self.yes_button.setText(self.tr("Withdraw the application"))
        else:
            self.question.setText(self.tr("Delete this authorization?"))
            self.consequence.setText(
                self.tr(
                    "You will no longer act for {enterprise} as {role}: its tax business is "
                    "closed to you in this role, and the enterprise is told. To act for it "
                    "again, the enterprise must add you again, or you apply and it approves."
                ).format(**names)
            )
            self.yes_button.setText(self.tr("Delete the authorization"))
        self.login_note.setText(
            self.tr("You are logged in acting in this role: deleting it also ends this login.")
        )
        self.login_note.setVisible(kind is _S.CONFIRM_REMOVE and self._ends_login)

    def wipe(self) -> None:
        super().wipe()
        self.kind, self._relation, self._ends_login = None, None, False
        self.retranslate()


class LoginEndedScreen(FlowScreen):
    """The person deleted the role this login acted in: the service ended the login with
    it. Done, said as done; the only way on is the home screen."""

    finished = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False, show_home=False)
        self._relation: RelationView | None = None
        self.heading = text_label(self.body, "heading", "endedHeading")
        self.explanation = text_label(self.body, "body", "endedText")
        for widget in (self.heading, self.explanation, self.banner, self.busy):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)
        self.home_action = BigButton(role=ButtonRole.PRIMARY)
        self.home_action.clicked.connect(self.finished)
        self.set_main_action(self.home_action)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "The authorization is deleted. This login acted in it, so it has ended: log in "
            "again to go on, for personal business or another enterprise."
        )

    def show_relation(self, relation: RelationView | None) -> None:
        self._relation = relation
        self.banner.clear()
        self.retranslate()

    def retranslate_screen(self) -> None:
        relation = self._relation
        self.heading.setText(self.tr("Authorization deleted"))
        self.explanation.setText(
            self.tr(
                "You no longer act for {enterprise} as {role}. This login acted in that "
                "role, so it has ended. Log in again to go on."
            ).format(
                enterprise=enterprise_name(relation.enterprise) if relation else "",
                role=role_name(relation.role) if relation else "",
            )
        )
        self.home_action.setText(self.tr("Finish"))

    def wipe(self) -> None:
        super().wipe()
        self._relation = None
        self.retranslate()
