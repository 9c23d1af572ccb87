"""添加办税人员 (R-RE-5): the shared document step — the 12 types as large buttons, then the
number with the keypad — with the person's name under it (as 用户注册 asks it) and the role
(tax handler or invoicer, the roles added online, R-RE-4)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.domain.documents import DocumentType, label
from kiosk.flows.people import ADDABLE_ROLES
from kiosk.protocol.enterprise import Role
from kiosk.ui.common.screens.document_entry import DocumentEntryScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton, ButtonRole
from kiosk.ui.common.widgets.name_field import NameField, NameScript
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.screens import logout_confirm_texts
from kiosk.ui.journeys.logged_in.acting_text import role_name
from kiosk.ui.journeys.registration.screens import name_script
from kiosk.ui.journeys.staff.collection_validators import (
    chinese_name_feedback,
    latin_name_feedback,
)


class AddPersonScreen(DocumentEntryScreen):
    submitted = Signal(object, str, str, object)  # DocumentType, number, name, Role

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        # 返回 goes back to the types; the shared step's own button is left out, and the
        # type is named in the number's label, so the number page fits 1280x800 with the
        # longest refusal shown.
        self.change_type.hide()
        self.type_line.hide()

    def extra_fields(self, page: QWidget) -> list[QWidget]:
        self.name = NameField(self.language, validator=chinese_name_feedback, parent=page)
        self.name.setObjectName("personName")
        self.name.text_changed.connect(lambda _t: self.banner.clear())
        return [self.name]

    def extra_notes(self, page: QWidget) -> list[QWidget]:
        # The role beside the keypad: the number page fits 1280x800 with a refusal shown.
        roles = QWidget(page)
        roles.setObjectName("roles")
        row = QHBoxLayout(roles)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(TOUCH_GAP_PX)
        self.role_label = QLabel(roles)
        self.role_label.setProperty("textRole", "label")
        self.role_label.setObjectName("roleLabel")
        row.addWidget(self.role_label)
        self._role: Role = ADDABLE_ROLES[0]
        self.role_buttons: dict[Role, BigButton] = {}
        for role in ADDABLE_ROLES:
            button = BigButton(role=ButtonRole.SECONDARY, parent=roles)
            button.setObjectName(f"role_{role.value}")
            button.setProperty("choice", "toggle")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, r=role: self.choose_role(r))
            row.addWidget(button)
            self.role_buttons[role] = button
        row.addStretch(1)
        self._sync_roles()
        return [roles]

    def title_text(self) -> str:
        return self.tr("Manage people")

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of the person's document, enter its number with the keypad and "
            "their name as printed on it, choose the role, then tap Add (Back chooses another "
            "document type). The person must "
            "have registered as a natural person first; they then confirm the authorization "
            "at their next login."
        )

    def how_text(self) -> str:
        return self.tr("Only a registered person can be added; they confirm at their next login.")

    def home_confirm_texts(self) -> tuple[str, str]:
        return logout_confirm_texts()

    def retranslate_extra(self, doc_type: DocumentType | None) -> None:
        if doc_type is not None:
            if self.name.script is NameScript.LATIN:
                self.name.set_label(self.tr("Their name (Latin letters, as in the document)"))
                self.name.set_hint(self.tr("For example ZHANG SAN or SMITH JOHN"))
            else:
                self.name.set_label(self.tr("Their name (as on the document)"))
                self.name.set_hint(self.tr("Chinese characters: type Pinyin, then choose"))
        self.role_label.setText(self.tr("Role:"))
        for role, button in self.role_buttons.items():
            mark = "✓ " if role is self._role else ""
            button.setText(mark + role_name(role))

    def retranslate_screen(self) -> None:
        super().retranslate_screen()
        doc_type = self._type
        if doc_type is not None:
            self.number.set_label(
                self.tr("{type} number").format(type=label(doc_type, self.language.current))
            )
        self.next_button.setText(self.tr("Add"))

    def type_chosen(self, doc_type: DocumentType) -> None:
        script = name_script(doc_type)
        self.name.set_script(script)
        self.name.set_validator(
            latin_name_feedback if script is NameScript.LATIN else chinese_name_feedback
        )
        self.name.clear()

    def choose_role(self, role: Role) -> None:
        self._role = role
        self._sync_roles()
        self.banner.clear()
        self.retranslate()

    @property
    def role(self) -> Role:
        return self._role

    def clear_extra(self) -> None:
        self.name.clear()
        self._role = ADDABLE_ROLES[0]
        self._sync_roles()

    def submit(self) -> None:
        if self._type is not None:
            self.submitted.emit(self._type, self.number.text(), self.name.text(), self._role)

    def has_entered_data(self) -> bool:
        return True  # 首页 logs out: asked first (logout_confirm_texts)

    def _sync_roles(self) -> None:
        for role, button in self.role_buttons.items():
            button.setChecked(role is self._role)
