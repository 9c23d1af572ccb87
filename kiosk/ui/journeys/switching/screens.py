"""身份切换 (R-SW-1): the list of identities this session may move to, in three groups
(本企业其他身份 / 其他关联企业 / 个人办税, as the seeds name them), and the confirmation that
names the consequence (personal business cannot switch back)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.flows.identity_switch import ChoiceKind, IdentityChoice
from kiosk.protocol.enterprise import Acting
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow, relayout_up
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, identity_name, role_name


class _Group(QWidget):
    """One group of the list: its heading, its buttons, and a note when it is empty."""

    def __init__(self, kind: ChoiceKind, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = kind
        self.heading = text_label(self, "label", f"group{kind.name.title().replace('_', '')}")
        self.empty = text_label(self, "hint")
        self.holder = QWidget(self)
        self.buttons_layout = QVBoxLayout(self.holder)
        self.buttons_layout.setContentsMargins(0, 0, 0, 0)
        self.buttons_layout.setSpacing(TOUCH_GAP_PX)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(TOUCH_GAP_PX)
        column.addWidget(self.heading)
        column.addWidget(self.empty)
        column.addWidget(self.holder)
        column.addStretch(1)


class ChooseIdentityScreen(FlowScreen):
    chosen = Signal(object)  # IdentityChoice

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._current: Acting | None = None
        self._choices: tuple[IdentityChoice, ...] = ()
        self.buttons: list[tuple[IdentityChoice, BigButton]] = []
        self.current_line = text_label(self.body, "heading", "currentIdentity")
        self.groups = {kind: _Group(kind, self.body) for kind in ChoiceKind}
        row = AdaptiveRow(self.body)
        for group in self.groups.values():
            row.add(group, 1)
        self.body_layout.addWidget(self.current_line)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(row)
        self.body_layout.addStretch(1)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Switch identity")

    def help_text(self) -> str:
        return self.tr(
            "Tap the identity you want to act as: another of your roles in this enterprise, "
            "another enterprise you are bound to, or your personal business. You stay logged "
            "in. An enterprise you represent only as a tax agent is not listed: log in again "
            "for it. If an enterprise is missing, use Sync data in Enterprise authorizations."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._current is not None

    def show_choices(self, current: Acting | None, choices: tuple[IdentityChoice, ...]) -> None:
        self._current, self._choices = current, choices
        for _choice, button in self.buttons:
            button.hide()
            button.deleteLater()
        self.buttons = []
        for choice in choices:
            group = self.groups[choice.kind]
            button = BigButton(parent=group.holder)
            button.setObjectName(f"choice{len(self.buttons)}")
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
            group.buttons_layout.addWidget(button)
            button.show()  # now, not at the next event loop turn (Qt's default for a layout)
            self.buttons.append((choice, button))
        self.retranslate()
        relayout_up(self.body)

    def set_busy(self, busy: bool, sentence: Callable[[], str] | None = None) -> None:
        super().set_busy(busy, sentence)
        # The buttons are made anew for each list, so they are not registered once.
        for _choice, button in self.buttons:
            button.setEnabled(not busy)

    def button_for(self, choice: IdentityChoice) -> BigButton:
        return next(button for c, button in self.buttons if c == choice)

    def retranslate_screen(self) -> None:
        current = self._current
        self.current_line.setText(
            self.tr("You now act as: {identity}").format(identity=identity_name(current))
            if current is not None
            else ""
        )
        headings = {
            ChoiceKind.ROLE_HERE: self.tr("Other roles in this enterprise"),
            ChoiceKind.ENTERPRISE: self.tr("Other related enterprises"),
            ChoiceKind.PERSONAL: self.tr("Personal business"),
        }
        empty = {
            ChoiceKind.ROLE_HERE: self.tr("You hold no other role in this enterprise."),
            ChoiceKind.ENTERPRISE: self.tr(
                "No other enterprise you are bound to. If one is missing, use Sync data in "
                "Enterprise authorizations."
            ),
            ChoiceKind.PERSONAL: self.tr("Not offered."),
        }
        loaded = current is not None
        for kind, group in self.groups.items():
            group.heading.setText(headings[kind])
            group.empty.setText(empty[kind])
            has_any = any(c.kind is kind for c in self._choices)
            group.empty.setVisible(loaded and not has_any)
        for choice, button in self.buttons:
            button.setText(self._button_text(choice))

    def _button_text(self, choice: IdentityChoice) -> str:
        if choice.kind is ChoiceKind.PERSONAL or choice.role is None:
            return self.tr("Personal business")
        if choice.kind is ChoiceKind.ENTERPRISE and choice.enterprise is not None:
            return f"{enterprise_name(choice.enterprise)}\n{role_name(choice.role)}"
        return role_name(choice.role)

    def wipe(self) -> None:
        super().wipe()
        self.show_choices(None, ())


class ConfirmSwitchScreen(FlowScreen):
    confirmed = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._current: Acting | None = None
        self._chosen: IdentityChoice | None = None
        self.from_line = text_label(self.body, "body", "switchFrom")
        self.to_line = text_label(self.body, "heading", "switchTo")
        self.consequence = text_label(self.body, "notice", "switchConsequence")
        for line in (self.from_line, self.to_line, self.consequence):
            self.body_layout.addWidget(line)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.switch_button = BigButton(role=ButtonRole.PRIMARY)
        self.switch_button.clicked.connect(self.confirmed)
        self.set_main_action(self.switch_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Switch identity")

    def help_text(self) -> str:
        return self.tr(
            "Check the identity below and tap Switch. You stay logged in; the terminal still "
            "logs you out after a short time without use."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return self._chosen is not None

    def show_choice(self, current: Acting | None, chosen: IdentityChoice) -> None:
        self._current, self._chosen = current, chosen
        self.banner.clear()
        self.retranslate()

    def retranslate_screen(self) -> None:
        self.switch_button.setText(self.tr("Switch"))
        current, chosen = self._current, self._chosen
        if chosen is None:
            for line in (self.from_line, self.to_line, self.consequence):
                line.clear()
            return
        self.from_line.setText(
            self.tr("Now: {identity}").format(identity=identity_name(current))
            if current is not None
            else ""
        )
        self.to_line.setText(self.tr("Switch to: {identity}").format(identity=self._target()))
        if chosen.kind is ChoiceKind.PERSONAL:
            # R-SW-1: the one switch that cannot be undone in this session; name it.
            self.consequence.setText(
                self.tr(
                    "After this you cannot switch back to enterprise business: to act for an "
                    "enterprise again, log out and log in through Enterprise business."
                )
            )
        else:
            self.consequence.setText(self.tr("You stay logged in; no new login is needed."))

    def _target(self) -> str:
        chosen = self._chosen
        assert chosen is not None
        if chosen.kind is ChoiceKind.PERSONAL or chosen.role is None:
            return self.tr("Personal business")
        enterprise = chosen.enterprise
        if enterprise is None:
            return role_name(chosen.role)
        return self.tr("{enterprise} · {role}").format(
            enterprise=enterprise_name(enterprise), role=role_name(chosen.role)
        )

    def wipe(self) -> None:
        super().wipe()
        self._current, self._chosen = None, None
        self.retranslate()
