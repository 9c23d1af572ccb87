"""The 企业业务 entry's screens after the login (R-EN-1, R-RE-1/3/5/6): the pending
authorization to confirm, its face check, the role to act in, and "no role here".

Every screen of the entry is titled 企业业务 (the journey's name stays through it, ui.md);
the password login's screens take the same title in enterprise mode (``enterprise_title``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.protocol.enterprise import EnterpriseInfo, PendingRole, Role
from kiosk.ui.common.screens.base import FlowScreen, column_of
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name


def enterprise_title() -> str:
    """The journey title of every 企业业务 screen."""
    return QCoreApplication.translate("EnterpriseEntry", "Enterprise services")


def enterprise_line(enterprise: EnterpriseInfo | None) -> str:
    return enterprise_name(enterprise) if enterprise is not None else ""


def _label(parent: QWidget, role: str, name: str = "") -> QLabel:
    label = QLabel(parent)
    label.setProperty("textRole", role)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class PendingScreen(FlowScreen):
    """待确认授权 on the login page (R-RE-3, R-RE-5, R-RE-6): one authorization at a time,
    Confirm the main action; Refuse only where refusable, after a question naming the
    consequence; Not now (on to the roles held, or out)."""

    confirm_requested = Signal()
    refuse_requested = Signal()
    later_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._enterprise: EnterpriseInfo | None = None
        self._pending: PendingRole | None = None
        self._others: tuple[PendingRole, ...] = ()
        self._needs_face = True
        self._confirm_possible = True
        self._has_roles = False
        self.heading = _label(self.body, "heading", "pendingHeading")
        self.enterprise_label = _label(self.body, "body", "pendingEnterprise")
        self.subject = _label(self.body, "body", "pendingSubject")
        self.how = _label(self.body, "notice", "pendingHow")
        self.no_refuse = _label(self.body, "notice", "pendingNoRefuse")
        self.others = _label(self.body, "hint", "pendingOthers")
        self.body_layout.addWidget(
            column_of(
                self.body,
                [
                    self.heading,
                    self.enterprise_label,
                    self.subject,
                    self.how,
                    self.no_refuse,
                    self.others,
                    self.banner,
                    self.busy,
                ],
                spacing=16,
            ),
            1,
        )
        self.later_button = BigButton(parent=self.bottom_bar)
        self.later_button.setObjectName("pendingLater")
        self.later_button.clicked.connect(self.later_requested)
        self.refuse_button = BigButton(parent=self.bottom_bar)
        self.refuse_button.setObjectName("pendingRefuse")
        self.refuse_button.clicked.connect(self._ask_refuse)
        self.confirm_button = BigButton(role=ButtonRole.PRIMARY)
        self.confirm_button.clicked.connect(self.confirm_requested)
        self.set_main_action(self.confirm_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.confirm_button), self.later_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.later_button), self.refuse_button)
        self.disable_while_busy(self.later_button, self.refuse_button)
        # Refusing ends the authorization: asked first, in words naming that (ui.md).
        self.refuse_question = Overlay(
            self,
            title=lambda: self.tr("Refuse this authorization?"),
            body=self._refuse_consequence,
            actions=(
                OverlayAction("keep", lambda: self.tr("Keep it pending"), lambda: None),
                OverlayAction(
                    "refuse",
                    lambda: self.tr("Refuse the authorization"),
                    self.refuse_requested.emit,
                    ButtonRole.PRIMARY,
                ),
            ),
        )
        self.retranslate()

    def title_text(self) -> str:
        return enterprise_title()

    def help_text(self) -> str:
        return self.tr(
            "The enterprise has named you in a role, and it waits for your confirmation "
            "(two-way confirmation protects you from being named without knowing). Confirm "
            "it to act for the enterprise in that role; unless you logged in by face, a face "
            "check confirms it. A tax handler named by the tax authority's system may refuse; "
            "a finance head cannot refuse, and goes to the hall desk to dispute it. Not now "
            "leaves it pending: confirm it at your next login or in the account center under "
            "pending authorizations."
        )

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("Pending authorization"))
        self.enterprise_label.setText(
            self.tr("Enterprise: {enterprise}").format(enterprise=enterprise_line(self._enterprise))
        )
        pending = self._pending
        role = role_name(pending.role) if pending is not None else ""
        self.subject.setText(
            self.tr("The enterprise has named you its {role}. Do you confirm?").format(role=role)
        )
        if not self._confirm_possible:
            self.how.setText(
                self.tr(
                    "Confirming needs a face check, and this terminal has no camera for it. "
                    "Confirm at a terminal with a camera, or in the account center of the "
                    "e-tax bureau."
                )
            )
        elif self._needs_face:
            self.how.setText(self.tr("You confirm with a face check at the camera, next."))
        else:
            self.how.setText(
                self.tr("You logged in by face: confirming needs no second face check.")
            )
        # R-RE-3: no refuse button for the finance head; say why and where to go instead.
        self.no_refuse.setText(
            self.tr(
                "A finance head authorization can only be confirmed, not refused. If you "
                "dispute it, please go to the service desk in the hall."
            )
        )
        if self._others:
            names = "、".join(role_name(p.role) for p in self._others)
            self.others.setText(self.tr("Also waiting for you: {roles}").format(roles=names))
        self.confirm_button.setText(self.tr("Confirm"))
        self.refuse_button.setText(self.tr("Refuse"))
        if self._has_roles:
            self.later_button.setText(self.tr("Not now"))
        else:
            self.later_button.setText(self.tr("Not now, log out"))

    def show_pending(
        self,
        enterprise: EnterpriseInfo | None,
        pending: Sequence[PendingRole],
        *,
        needs_face: bool,
        confirm_possible: bool,
        has_roles: bool,
    ) -> None:
        """The authorization at hand (``pending[0]``) and those after it."""
        self._enterprise = enterprise
        self._pending = pending[0] if pending else None
        self._others = tuple(pending[1:])
        self._needs_face = needs_face
        self._confirm_possible = confirm_possible
        self._has_roles = has_roles
        refusable = self._pending is not None and self._pending.refusable
        self.refuse_button.setVisible(refusable)
        self.no_refuse.setVisible(not refusable)
        self.others.setVisible(bool(self._others))
        self.confirm_button.setVisible(confirm_possible)
        self.refuse_question.close_overlay()
        self.banner.clear()
        self.retranslate()

    def _refuse_consequence(self) -> str:
        role = role_name(self._pending.role) if self._pending is not None else ""
        return self.tr(
            "The authorization as {role} of {enterprise} ends: you will not act for the "
            "enterprise in this role. Only the enterprise can name you again."
        ).format(role=role, enterprise=self._enterprise.name if self._enterprise else "")

    def _ask_refuse(self) -> None:
        self.refuse_question.open()

    def wipe(self) -> None:
        super().wipe()
        self.refuse_question.close_overlay()
        self._enterprise = self._pending = None
        self._others = ()


class EntryFaceScreen(FaceCheckScreen):
    """The face check that confirms a pending authorization (R-RE-5)."""

    def title_text(self) -> str:
        return enterprise_title()

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face confirms the authorization; only a code of your face is sent, "
            "never the picture. Tap Back to return to the authorization."
        )

    def intro_text(self) -> str:
        return self.tr(
            "To confirm the authorization, look at the camera and follow the instruction "
            "under the picture. The check runs by itself."
        )


class RoleChoiceScreen(FlowScreen):
    """Several roles in this enterprise (R-RE-1): the person picks the one to act in; the
    identity switch later moves between them without logging in again (R-SW-1)."""

    chosen = Signal(object)  # Role

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._enterprise: EnterpriseInfo | None = None
        self.heading = _label(self.body, "heading", "roleHeading")
        self.enterprise_label = _label(self.body, "body", "roleEnterprise")
        self.note = _label(self.body, "hint", "roleNote")
        self.buttons: dict[Role, BigButton] = {}
        for role in Role:
            button = BigButton(parent=self.body)
            button.setObjectName(f"role_{role.value}")
            button.clicked.connect(lambda _checked=False, r=role: self.chosen.emit(r))
            button.setVisible(False)
            self.buttons[role] = button
        self.body_layout.addWidget(
            column_of(
                self.body,
                [
                    self.heading,
                    self.enterprise_label,
                    *self.buttons.values(),
                    self.note,
                    self.banner,
                    self.busy,
                ],
                spacing=14,
            ),
            1,
        )
        self.disable_while_busy(*self.buttons.values())
        self.retranslate()

    def title_text(self) -> str:
        return enterprise_title()

    def help_text(self) -> str:
        return self.tr(
            "You hold more than one role in this enterprise. Tap the one you act in now; "
            "what you may do depends on it. After login you can switch to another role, or "
            "to another related enterprise, without logging in again."
        )

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("Choose your role"))
        self.enterprise_label.setText(
            self.tr("Enterprise: {enterprise}").format(enterprise=enterprise_line(self._enterprise))
        )
        self.note.setText(self.tr("You can switch to another role later without logging in again."))
        for role, button in self.buttons.items():
            button.setText(role_name(role))

    def offer(
        self, enterprise: EnterpriseInfo | None, roles: Sequence[Role | str], *, can_go_back: bool
    ) -> None:
        self._enterprise = enterprise
        held = {str(r) for r in roles}
        for role, button in self.buttons.items():
            button.setVisible(role.value in held)
        self.back_button.setVisible(can_go_back)
        self.banner.clear()
        self.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self._enterprise = None


class NoRoleScreen(FlowScreen):
    """Nothing left to act as in this enterprise (the only authorization refused): personal
    business (R-SW-1 allows enterprise → personal), or log out."""

    personal_requested = Signal()
    leave_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent, show_back=False)
        self._enterprise: EnterpriseInfo | None = None
        self.heading = _label(self.body, "heading", "noRoleHeading")
        self.explanation = _label(self.body, "body", "noRoleText")
        self.body_layout.addWidget(
            column_of(
                self.body, [self.heading, self.explanation, self.banner, self.busy], spacing=16
            ),
            1,
        )
        self.leave_button = BigButton(parent=self.bottom_bar)
        self.leave_button.setObjectName("noRoleLeave")
        self.leave_button.clicked.connect(self.leave_requested)
        self.personal_button = BigButton(role=ButtonRole.PRIMARY)
        self.personal_button.clicked.connect(self.personal_requested)
        self.set_main_action(self.personal_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.personal_button), self.leave_button)
        self.disable_while_busy(self.leave_button)
        self.retranslate()

    def title_text(self) -> str:
        return enterprise_title()

    def help_text(self) -> str:
        return self.tr(
            "You hold no role in this enterprise now. Personal business is open to you with "
            "this login; for the enterprise, its legal representative or finance head can add "
            "you as a tax handler."
        )

    def retranslate_screen(self) -> None:
        self.heading.setText(self.tr("No role in this enterprise"))
        self.explanation.setText(
            self.tr(
                "You now hold no role in {enterprise}, so you cannot act for it. You can go "
                "on with your personal business, or log out."
            ).format(enterprise=enterprise_line(self._enterprise))
        )
        self.personal_button.setText(self.tr("Continue with personal business"))
        self.leave_button.setText(self.tr("Log out"))

    def show_enterprise(self, enterprise: EnterpriseInfo | None) -> None:
        self._enterprise = enterprise
        self.banner.clear()
        self.retranslate()

    def wipe(self) -> None:
        super().wipe()
        self._enterprise = None
