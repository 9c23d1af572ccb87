"""账户中心, continued: username (R-UN-1), password change (R-PW-5, ``ChangePasswordScreen``
reused), deregistration (R-AC-1) and history with 清除记录 (R-AC-2).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.usernames import check_username
from kiosk.protocol.account import AccountView, HistoryEvent
from kiosk.protocol.messages import Lang
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import USERNAME_HINTS, Feedback, FormatField
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.notices import format_at, format_day
from kiosk.ui.journeys.login.change_password import ChangePasswordScreen

USERNAME_MAX = 20


# -- username ----------------------------------------------------------------------------------


def username_feedback(text: str) -> Feedback:
    return Feedback.from_result(
        check_username(text),
        lambda: QCoreApplication.translate("UsernameScreen", "This username meets the rules."),
    )


class UsernameScreen(FlowScreen):
    submitted = Signal(str)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._account: AccountView | None = None
        self.current = text_label(self.body, "label", "currentUsername")
        self.rule = text_label(self.body, "notice", "usernameRule")
        self.username = FormatField(
            language, validator=username_feedback, max_length=USERNAME_MAX, parent=self.body
        )
        self.username.setObjectName("username")
        self.username.line_edit.setInputMethodHints(USERNAME_HINTS)  # the Latin keyboard
        self.username.text_changed.connect(lambda _t: self.banner.clear())
        self.add_columns([self.current, self.username], [self.rule])
        self.save_button = BigButton(role=ButtonRole.PRIMARY)
        self.save_button.clicked.connect(lambda: self.submitted.emit(self.username.text()))
        self.set_main_action(self.save_button)
        self.disable_while_busy(self.username)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Username")

    def help_text(self) -> str:
        return self.tr(
            "Tap the field to open the on-screen keyboard, type the username and tap Save. "
            "You can then log in with it instead of your ID number."
        )

    def retranslate_screen(self) -> None:
        account = self._account
        lang = self.language.current
        if account is None or not account.username:
            self.current.setText(self.tr("You have no username yet; the first one is free."))
        else:
            self.current.setText(self.tr("Current username: {name}").format(name=account.username))
        rule = self.tr(
            "6-20 English letters or digits, starting with a letter; case-sensitive. It can be "
            "changed once per calendar year."
        )
        if account is not None and account.username_next_change_on is not None:
            rule += "\n" + self.tr("You can change it again from {day}.").format(
                day=format_day(account.username_next_change_on, lang)
            )
        self.rule.setText(rule)
        self.username.set_label(self.tr("New username"))
        self.username.set_hint(self.tr("6-20 letters or digits"))
        self.save_button.setText(self.tr("Save"))

    def show_account(self, account: AccountView | None) -> None:
        self._account = account
        self.username.clear()
        self.banner.clear()
        self.retranslate()

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self._account = None
        self.username.clear()


# -- password (R-PW-5) -------------------------------------------------------------------------


class AccountPasswordScreen(ChangePasswordScreen):
    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, with_old=True)

    def title_text(self) -> str:
        return self.tr("Change password")

    def help_text(self) -> str:
        return self.tr(
            "Enter your current password, then the new one twice, and tap Save new password. "
            "Tap a field to open the on-screen keyboard."
        )

    def why_text(self) -> str:
        return self.tr(
            "After the change, your other logins (on other terminals) end; this one continues."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True


# -- deregistration (R-AC-1) ---------------------------------------------------------------------


class DeregisterScreen(FlowScreen):
    confirmed = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.warning = MessageBanner(language, self.body)
        self.warning.setObjectName("deregisterWarning")
        self.consequences = text_label(self.body, "body", "consequences")
        self.relations = text_label(self.body, "notice", "relationsKept")
        self.body_layout.addWidget(self.warning)
        self.body_layout.addWidget(self.consequences)
        self.body_layout.addWidget(self.relations)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addStretch(1)
        self.go_button = BigButton(role=ButtonRole.PRIMARY)
        self.go_button.clicked.connect(self.ask)
        self.set_main_action(self.go_button)
        self.confirm = Overlay(
            self,
            title=lambda: self.tr("Deregister your account?"),
            body=lambda: self.tr(
                "You will no longer be able to log in with this account. A code goes to your "
                "default phone number to confirm."
            ),
            actions=(
                OverlayAction("keep", lambda: self.tr("Keep my account"), lambda: None),
                OverlayAction(
                    "deregister",
                    lambda: self.tr("Send the code"),
                    self.confirmed.emit,
                    ButtonRole.PRIMARY,
                ),
            ),
        )
        # R-AC-1: the seeds' warning (请谨慎进行账户注销操作, the translation keeps it exactly).
        # A caution, not an error: the info style, with the word 提示/Note and its icon.
        self.warning.show_info(
            lambda: self.tr("Please think carefully before deregistering your account.")
        )
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Deregister account")

    def help_text(self) -> str:
        return self.tr(
            "Deregistering ends your account: you can no longer log in with it. Tap Back if "
            "you do not want this."
        )

    def retranslate_screen(self) -> None:
        self.consequences.setText(
            self.tr(
                "After deregistering you cannot log in with this account, and every login "
                "on every terminal ends. To use the services again you have to register again."
            )
        )
        self.relations.setText(
            self.tr(
                "Deregistering does not remove your links to enterprises; to end one, use the "
                "function for removing tax staff (删除办税人员)."
            )
        )
        self.go_button.setText(self.tr("Deregister my account"))

    def ask(self) -> None:
        self.confirm.open()

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self.confirm.close_overlay()


class DeregisteredScreen(FlowScreen):
    finished = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False, show_home=False)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addStretch(1)
        self.finish_button = BigButton(role=ButtonRole.PRIMARY)
        self.finish_button.clicked.connect(self.finished)
        self.set_main_action(self.finish_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Account deregistered")

    def help_text(self) -> str:
        return self.tr("Tap Finish to return to the home screen.")

    def retranslate_screen(self) -> None:
        self.finish_button.setText(self.tr("Finish"))

    def announce(self) -> None:
        self.banner.show_success(
            lambda: self.tr(
                "Your account has been deregistered and you have been logged out. Nothing of "
                "your visit is kept on this terminal."
            )
        )


# -- history (R-AC-2) ------------------------------------------------------------------------------


class HistoryRow(QFrame):
    def __init__(self, event: HistoryEvent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history_event = event
        self.setProperty("panel", "card")
        self.setObjectName(f"event_{event.event_id}")
        self.when = text_label(self, "label")
        self.detail = text_label(self, "body")
        self.clear_button = BigButton(parent=self)
        self.clear_button.setObjectName("clearRecord")
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addWidget(self.when)
        texts.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(TOUCH_GAP_PX)
        row.addLayout(texts, 1)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def retranslate(self, lang: Lang, where: str, clear: str) -> None:
        event = self.history_event
        place = " · " + where.format(name=event.terminal_name) if event.terminal_name else ""
        self.when.setText(format_at(event.at, lang) + place)
        self.detail.setText(event.detail_zh if lang is Lang.ZH else event.detail_en)
        self.clear_button.setText(clear)


class HistoryScreen(FlowScreen):
    clear_requested = Signal(str)  # event_id
    done_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.rows: list[HistoryRow] = []
        self.intro = text_label(self.body, "notice", "historyIntro")
        self.empty = text_label(self.body, "body", "historyEmpty")
        self.list_holder = QWidget()
        self.list_layout = QVBoxLayout(self.list_holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(TOUCH_GAP_PX)
        self.list_layout.addStretch(1)
        self.scroll_area = QScrollArea(self.body)
        self.scroll_area.setWidget(self.list_holder)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.body_layout.addWidget(self.intro)
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.busy)
        self.body_layout.addWidget(self.empty)
        self.body_layout.addWidget(self.scroll_area, 1)
        self.done_button = BigButton(role=ButtonRole.PRIMARY)
        self.done_button.clicked.connect(self.done_requested)
        self.set_main_action(self.done_button)
        self.disable_while_busy(self.list_holder)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("History")

    def help_text(self) -> str:
        return self.tr(
            "What happened to your account, newest first. Clear record hides a line from this "
            "list; the tax authority keeps the record."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def retranslate_screen(self) -> None:
        lang = self.language.current
        self.intro.setText(
            self.tr("Newest first. 清除记录 (Clear record) removes a line from this list.")
        )
        self.empty.setText(self.tr("There is no history to show."))
        self.empty.setVisible(not self.rows)
        for row in self.rows:
            row.retranslate(lang, self.tr("Terminal: {name}"), self.tr("Clear record"))
        self.done_button.setText(self.tr("Done"))

    def show_events(self, events: Sequence[HistoryEvent]) -> None:
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for index, event in enumerate(events):
            row = HistoryRow(event, self.list_holder)
            row.clear_button.clicked.connect(
                lambda _c=False, eid=event.event_id: self.clear_requested.emit(eid)
            )
            self.list_layout.insertWidget(index, row)
            self.rows.append(row)
        self.retranslate()

    def has_entered_data(self) -> bool:
        return True

    def wipe(self) -> None:
        super().wipe()
        self.show_events(())
