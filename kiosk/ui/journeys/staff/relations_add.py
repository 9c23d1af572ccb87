"""Staff mode → enterprise relations → add a tax handler or an invoicer at the hall (R-HA-2):
the document step every journey shares (the 12 types, then the number with the keypad),
with the name as printed on the document (as in 用户注册) and the role under it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.domain.documents import DocumentType
from kiosk.protocol.enterprise import Role
from kiosk.protocol.relations import ONLINE_ROLES
from kiosk.ui.common.screens.document_entry import DocumentEntryScreen
from kiosk.ui.common.widgets.big_button import TOUCH_GAP_PX, BigButton
from kiosk.ui.common.widgets.name_field import NameField, NameScript
from kiosk.ui.journeys.logged_in.acting_text import role_name
from kiosk.ui.journeys.registration.screens import name_script
from kiosk.ui.journeys.staff.collection_validators import (
    chinese_name_feedback,
    latin_name_feedback,
)
from kiosk.ui.journeys.staff.relations import hall_title


class HallAddScreen(DocumentEntryScreen):
    submitted = Signal(object, str, str, object)  # DocumentType, number, name, Role

    def extra_fields(self, page: QWidget) -> list[QWidget]:
        self.role: Role = Role.TAX_HANDLER
        self.name = NameField(self.language, validator=chinese_name_feedback, parent=page)
        self.name.setObjectName("handlerName")
        self.name.text_changed.connect(lambda _t: self.banner.clear())
        self.role_label = QLabel(page)
        self.role_label.setProperty("textRole", "label")
        self.role_label.setWordWrap(True)
        roles = QWidget(page)
        row = QHBoxLayout(roles)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(TOUCH_GAP_PX)
        self.role_buttons: dict[Role, BigButton] = {}
        for role in ONLINE_ROLES:
            button = BigButton(parent=roles)
            button.setObjectName(f"role_{role.value}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, r=role: self.choose_role(r))
            row.addWidget(button, 1)
            self.role_buttons[role] = button
        return [self.name, self.role_label, roles]

    def title_text(self) -> str:
        return hall_title()

    def help_text(self) -> str:
        return self.tr(
            "Tap the type of the person's document, enter its number and the name as printed "
            "on it, choose tax handler or invoicer, and tap Add. The person must have "
            "registered first. They confirm the authorization at their next login; the "
            "enterprise cannot withdraw an addition made at the hall in the account center."
        )

    def how_text(self) -> str:
        return self.tr(
            "Check the person's document first. They confirm at their next login; an "
            "addition made at the hall cannot be withdrawn in the account center. It is "
            "recorded with your staff number."
        )

    def choose_role(self, role: Role) -> None:
        self.role = role
        self.banner.clear()
        self.retranslate()

    def retranslate_extra(self, doc_type: DocumentType | None) -> None:
        if doc_type is not None:
            if self.name.script is NameScript.LATIN:
                self.name.set_label(self.tr("Name (Latin letters, as in the document)"))
                self.name.set_hint(self.tr("For example ZHANG SAN or SMITH JOHN"))
            else:
                self.name.set_label(self.tr("Name (as on the document)"))
                self.name.set_hint(self.tr("Chinese characters: type Pinyin, then choose"))
        self.role_label.setText(self.tr("Role"))
        # The chosen one is said with a mark, not by colour alone.
        for role, button in self.role_buttons.items():
            chosen = role is self.role
            button.setChecked(chosen)
            button.setText(f"✓ {role_name(role)}" if chosen else role_name(role))

    def retranslate_screen(self) -> None:
        super().retranslate_screen()
        self.next_button.setText(self.tr("Add"))

    def type_chosen(self, doc_type: DocumentType) -> None:
        script = name_script(doc_type)
        self.name.set_script(script)
        self.name.set_validator(
            latin_name_feedback if script is NameScript.LATIN else chinese_name_feedback
        )
        self.name.clear()

    def clear_extra(self) -> None:
        self.name.clear()
        self.role = Role.TAX_HANDLER

    def submit(self) -> None:
        if self._type is not None:
            self.submitted.emit(self._type, self.number.text(), self.name.text(), self.role)

    def has_entered_data(self) -> bool:
        return bool(self.number.text() or self.name.text())
