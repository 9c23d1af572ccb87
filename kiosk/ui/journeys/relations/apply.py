"""申请企业授权 (R-RE-5, both directions): the enterprise by its code — typed on the keypad
of digits and capital letters, checked as typed (R-ID-5) — and the role asked for, a tax
handler or an invoicer (the roles asked for online, R-RE-4)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.protocol.enterprise import Role
from kiosk.protocol.relations import ONLINE_ROLES
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.code_keypad import CodeKeypad
from kiosk.ui.common.widgets.format_field import KEYPAD_ONLY_HINTS, FormatField
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts, text_label
from kiosk.ui.journeys.logged_in.acting_text import role_name
from kiosk.ui.journeys.login.credentials import ENTERPRISE_CODE_MAX, enterprise_code_feedback


class ApplyScreen(FlowScreen):
    submitted = Signal(str, object)  # the enterprise code, the Role (None: none chosen)

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self.role: Role | None = None
        self.heading = text_label(self.body, "heading", "applyHeading")
        self.code = FormatField(
            language,
            validator=enterprise_code_feedback,
            max_length=ENTERPRISE_CODE_MAX,
            parent=self.body,
        )
        self.code.setObjectName("applyCode")
        self.code.line_edit.setInputMethodHints(KEYPAD_ONLY_HINTS)
        self.code.text_changed.connect(lambda _t: self.banner.clear())
        self.role_label = text_label(self.body, "label", "applyRoleLabel")
        roles = QWidget(self.body)
        row = QHBoxLayout(roles)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(TOUCH_GAP_PX)
        self.role_buttons: dict[Role, BigButton] = {}
        for role in ONLINE_ROLES:
            button = BigButton(parent=roles)
            button.setObjectName(f"apply_{role.value}")
            button.setProperty("choice", "toggle")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, r=role: self.choose_role(r))
            row.addWidget(button)
            self.role_buttons[role] = button
        row.addStretch(1)
        self.note = text_label(self.body, "notice", "applyNote")
        self.keypad = CodeKeypad(self.body)
        self.keypad.setObjectName("applyKeypad")
        self.keypad.set_target(self.code.line_edit)
        self.add_columns(
            [self.heading, self.code, self.role_label, roles, self.note], [self.keypad]
        )
        self.submit_button = BigButton(role=ButtonRole.PRIMARY)
        self.submit_button.clicked.connect(self.submit)
        self.set_main_action(self.submit_button)
        self.disable_while_busy(self.code, self.keypad, *self.role_buttons.values())
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "Enter the enterprise's unified social credit code (18 characters) or its taxpayer "
            "id with the keypad, choose the role you ask for, and tap Submit. The enterprise's "
            "legal representative or finance head decides; you are told at your next login. "
            "Until then you can withdraw the application; it stays in your list."
        )

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def has_entered_data(self) -> bool:
        return True  # in the account center: home logs out

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("Apply for authorization"))
        self.code.set_label(self.tr("Enterprise code (unified social credit code / taxpayer id)"))
        self.code.set_hint(
            self.tr("18 characters, or 15 to 20 for a taxpayer id: digits and capital letters")
        )
        self.role_label.setText(self.tr("The role you ask for"))
        for role, button in self.role_buttons.items():
            button.setText(role_name(role))
        self.note.setText(
            self.tr(
                "Apply with care: the enterprise's legal representative or finance head "
                "decides. You can withdraw the application until then; it stays in your list."
            )
        )
        self.submit_button.setText(self.tr("Submit application"))

    def choose_role(self, role: Role) -> None:
        self.role = role
        for each, button in self.role_buttons.items():
            button.setChecked(each is role)
        self.banner.clear()

    def fill(self, code: str, role: Role | None) -> None:
        """What the flow holds (a new form, or one kept through a refusal)."""
        self.code.set_text(code)
        self.role = role
        for each, button in self.role_buttons.items():
            button.setChecked(each is role)
        self.banner.clear()
        self.code.line_edit.setFocus()

    def submit(self) -> None:
        self.submitted.emit(self.code.text(), self.role)

    def wipe(self) -> None:
        super().wipe()
        self.fill("", None)
