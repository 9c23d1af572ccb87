"""Renders ``EnterpriseEntryFlow``: the 企业业务 entry's steps between a new session and the
logged-in home (R-EN-1, R-RE-1/3/5/6) — the pending authorization (and its face check), the
role choice, "no role here".

Both ways into 企业业务 come here with their session (``start``): the password login with an
enterprise code, numbered "step 3 of 4" after its two steps, and the tax app's 扫码登录 in
enterprise mode (R-QR-1), unnumbered like that login. It hands the session, acting now, to
the logged-in home (``reached``), or announces that the person did not go on (``left``): the
window ends the session, which logs it out on the service (R-SE-1).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal

from kiosk.flows.enterprise_entry import ENTRY_STEPS, EnterpriseEntryFlow, EntryStep
from kiosk.flows.login import face_retry_possible
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Role
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.login.enterprise_screens import (
    EntryFaceScreen,
    NoRoleScreen,
    PendingScreen,
    RoleChoiceScreen,
)

# After the password login's credentials (1) and second factor (2).
ENTRY_STEP_NUMBER = 3
NUMBERED_TOTAL = 4


class EnterpriseEntryJourney(JourneyBase[EntryStep]):
    # LoggedIn acting for the enterprise (or personal), and the logged-in home's "step n of
    # m" (None when the login was not numbered).
    reached = Signal(object, object)
    left = Signal()  # "not now, log out" / "log out": the session ends
    home = Signal()  # 首页: the session ends

    def __init__(
        self,
        flow: EnterpriseEntryFlow,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self.flow = flow
        self._numbered = False
        self._shown_a_step = False
        self.pending = PendingScreen(language)
        self.face_screen = EntryFaceScreen(language)
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self.roles = RoleChoiceScreen(language)
        self.no_role = NoRoleScreen(language)
        self.screens = {
            EntryStep.CONFIRM_PENDING: self.pending,
            EntryStep.CONFIRM_FACE: self.face_screen,
            EntryStep.CHOOSE_ROLE: self.roles,
            EntryStep.NO_ROLE: self.no_role,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.home)
        self.pending.confirm_requested.connect(self.confirm)
        self.pending.refuse_requested.connect(self.refuse)
        self.pending.later_requested.connect(self.later)
        self.face_screen.back_requested.connect(self.back)
        self.roles.back_requested.connect(self.back)
        self.roles.chosen.connect(self.choose_role)
        self.no_role.personal_requested.connect(self.to_personal)
        self.no_role.leave_requested.connect(self.leave)

    # -- entering and leaving ------------------------------------------------------------

    def start(self, logged_in: LoggedIn, *, numbered: bool) -> None:
        """A new enterprise session that still needs a step here (``entry_needed``);
        ``numbered``: it came from the password login, whose steps are counted."""
        self._numbered = numbered
        self._shown_a_step = False
        self.call(self.pending, lambda: self.flow.begin(logged_in), None)

    def close_flow(self) -> None:
        """Worker side of the session's end: forget (the login's owner logs it out)."""
        self.flow.wipe()

    # -- what the person did -------------------------------------------------------------

    def confirm(self) -> None:
        self.call(self.pending, self.flow.confirm, lambda: self.tr("Confirming…"))

    def refuse(self) -> None:
        self.call(self.pending, self.flow.refuse, lambda: self.tr("Refusing the authorization…"))

    def later(self) -> None:
        self.call(self.pending, self.flow.later, None)

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) confirms (R-RE-5)."""
        values = tuple(float(v) for v in template)
        self.send_face(lambda: self.flow.submit_face(values), face_retry_possible)

    def choose_role(self, role: Role) -> None:
        self.call(self.roles, lambda: self.flow.choose_role(role), None)

    def to_personal(self) -> None:
        self.call(self.no_role, self.flow.to_personal, None)

    def leave(self) -> None:
        self.call(self.no_role, self.flow.leave, None)

    def back(self) -> None:
        self.stop_face()
        self.call(self.screens[self.flow.step], self.flow.back, None)

    # -- entering a step -----------------------------------------------------------------

    def step_position(self, step: EntryStep) -> tuple[int, int] | None:
        if not self._numbered or step not in ENTRY_STEPS:
            return None
        return ENTRY_STEP_NUMBER, NUMBERED_TOTAL

    def enter(self, step: EntryStep) -> None:
        flow = self.flow
        acting = flow.state.acting
        enterprise = acting.enterprise if acting is not None else None
        if step is EntryStep.ACTING:
            self.stop_face()
            position: tuple[int, int] | None = None
            if self._numbered:
                # The home is the last step: 4 of 4 after a step here, else 3 of 3.
                last = NUMBERED_TOTAL if self._shown_a_step else ENTRY_STEP_NUMBER
                position = (last, last)
            self.reached.emit(flow.logged_in, position)
            self.step_shown.emit(step)
            return
        if step is EntryStep.LEFT:
            self.stop_face()
            self.left.emit()
            self.step_shown.emit(step)
            return
        if step is EntryStep.CONFIRM_PENDING:
            self.pending.show_pending(
                enterprise,
                flow.pending,
                needs_face=acting is None or acting.confirm_needs_face,
                confirm_possible=flow.confirm_possible,
                has_roles=bool(flow.roles),
            )
        elif step is EntryStep.CONFIRM_FACE:
            self.face_screen.wipe()
        elif step is EntryStep.CHOOSE_ROLE:
            self.roles.offer(enterprise, flow.roles, can_go_back=flow.can_go_back)
        elif step is EntryStep.NO_ROLE:
            self.no_role.show_enterprise(enterprise)
        self._shown_a_step = True
        self.show_step(step)
