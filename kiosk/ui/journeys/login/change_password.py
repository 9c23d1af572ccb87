"""Forced change of the initial password (R-PW-3), with the password rule shown (R-PW-2).

Letters and special characters come from the on-screen keyboard; both fields are masked
with a show toggle and forget their text when the screen changes.

Forgot password (R-PW-4) and the account center's password change (R-PW-5) reuse it through
the text hooks; ``with_old=True`` adds the current password above the new one.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.protocol.messages import ErrorCode, Lang, render
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.validators import confirm_feedback, new_password_feedback
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.format_field import FormatField
from kiosk.ui.common.widgets.message_banner import MessageBanner
from kiosk.ui.i18n import LanguageController


def _rule_text(lang: Lang) -> str:
    # The rule sentence itself, from the catalog (R-PW-2), without a particular reason.
    return render(ErrorCode.PASSWORD_RULE, lang, {"reason": "", "reason_en": ""}).strip()


class ChangePasswordScreen(FlowScreen):
    submitted = Signal(str, str)  # new password, confirmation
    change_submitted = Signal(str, str, str)  # old, new, confirmation (with_old only)

    def __init__(
        self,
        language: LanguageController,
        parent: QWidget | None = None,
        *,
        with_old: bool = False,
    ) -> None:
        super().__init__(language, parent)
        self.old_password: FormatField | None = None
        if with_old:
            self.old_password = FormatField(language, secret=True, parent=self.body)
            self.old_password.setObjectName("oldPassword")
            self.old_password.text_changed.connect(lambda _t: self.banner.clear())
        self.why = MessageBanner(language, self.body)
        self.why.setObjectName("why")
        self.rule = QLabel(self.body)
        self.rule.setProperty("textRole", "notice")
        self.rule.setObjectName("passwordRule")
        self.rule.setWordWrap(True)
        self.new_password = FormatField(
            language, validator=new_password_feedback, secret=True, parent=self.body
        )
        self.new_password.setObjectName("newPassword")
        self.confirm = FormatField(
            language,
            validator=lambda text: confirm_feedback(self.new_password.text(), text),
            secret=True,
            parent=self.body,
        )
        self.confirm.setObjectName("confirmPassword")
        self.new_password.text_changed.connect(lambda _t: self.confirm.revalidate())

        # An old error is about the last attempt: editing starts a new one.
        self.new_password.text_changed.connect(lambda _t: self.banner.clear())
        self.confirm.text_changed.connect(lambda _t: self.banner.clear())

        about = QWidget(self.body)
        left = QVBoxLayout(about)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(16)
        left.addWidget(self.why)
        left.addWidget(self.rule)
        left.addStretch(1)
        fields = QWidget(self.body)
        right = QVBoxLayout(fields)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(16)
        if self.old_password is not None:
            right.addWidget(self.old_password)
        right.addWidget(self.new_password)
        right.addWidget(self.confirm)
        right.addWidget(self.banner)
        right.addWidget(self.busy)
        right.addStretch(1)
        row = AdaptiveRow(self.body)
        row.add(about, 2)
        row.add(fields, 3)
        self.body_layout.addWidget(row, 1)

        self.save_button = BigButton(role=ButtonRole.PRIMARY)
        self.save_button.clicked.connect(self.submit)
        self.set_main_action(self.save_button)
        self.disable_while_busy(self.new_password, self.confirm)
        if self.old_password is not None:
            self.disable_while_busy(self.old_password)
        self.why.show_info(self.why_text)
        self.retranslate()

    # -- text hooks (forgot password and the account center override them) --------------

    def why_text(self) -> str:
        # Why this screen: the catalog's sentence (R-PW-3), as a note rather than an error.
        return render(ErrorCode.PASSWORD_CHANGE_REQUIRED, self.language.current)

    def save_text(self) -> str:
        return self.tr("Save new password")

    def title_text(self) -> str:
        return self.tr("Change your initial password")

    def help_text(self) -> str:
        return self.tr(
            "You logged in with the initial password (the last 6 characters of your document "
            "number). Choose a new personal password, enter it twice, and tap Save new password. Tap a "
            "field to open the on-screen keyboard."
        )

    def retranslate_screen(self) -> None:
        self.rule.setText(_rule_text(self.language.current))
        self.new_password.set_label(self.tr("New password"))
        self.new_password.set_hint(self.tr("8-16 characters"))
        self.confirm.set_label(self.tr("New password again"))
        self.confirm.set_hint(self.tr("Enter the same password once more"))
        if self.old_password is not None:
            self.old_password.set_label(self.tr("Current password"))
            self.old_password.set_hint(self.tr("The password you log in with now"))
        self.save_button.setText(self.save_text())

    def submit(self) -> None:
        if self.old_password is not None:
            self.change_submitted.emit(
                self.old_password.text(), self.new_password.text(), self.confirm.text()
            )
        else:
            self.submitted.emit(self.new_password.text(), self.confirm.text())

    def has_entered_data(self) -> bool:
        return True  # a login is under way: leaving abandons it

    def wipe(self) -> None:
        super().wipe()
        if self.old_password is not None:
            self.old_password.clear()
        self.new_password.clear()
        self.confirm.clear()
