"""The 企业业务 entry after the login (R-EN-1, R-RE-1/3/5/6): the pending authorizations
confirmed on the login page, then the role to act in, as a Qt-free state machine.

Both ways into 企业业务 end here: the password login with an enterprise code (``LoginFlow``)
and the tax app's 扫码登录 in enterprise mode (R-QR-1). Each brings a session that already
acts for the enterprise; ``Acting`` says what it still needs: ``pending`` roles to confirm
(by face unless the login was by face, R-RE-5; never refused when the finance head's,
R-RE-3), and ``role`` None while the person holds several (the choice). The flow calls
``ActingApi`` with the session's token and ends at ACTING with the session for the logged-in
home, or at LEFT when the person does not go on ("not now" with nothing to act as): the
window then ends the session, which logs it out on the service.

Electrum's wizard shape, like every flow: steps as an Enum, transitions as data, one method
per gesture; the methods block on the service (run them on a worker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.flows.machine import InvalidTransitionError, StepMachine, StepResult
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Acting, Entry, PendingRole, Role
from kiosk.protocol.errors import UserError
from kiosk.services.account_api import ActingApi


class EntryStep(Enum):
    NEW = auto()  # a session just made; ``begin`` looks at what it still needs
    CONFIRM_PENDING = auto()  # 待确认授权 on the login page: confirm, refuse, not now
    CONFIRM_FACE = auto()  # the face check that confirms (R-RE-5)
    CHOOSE_ROLE = auto()  # several bound roles here: the person picks one (R-RE-1)
    NO_ROLE = auto()  # nothing left to act as here (refused): personal business or leave
    ACTING = auto()  # acting in one role (or personal): the logged-in home
    LEFT = auto()  # the person did not go on: the session ends


class EntryEvent(Enum):
    PENDING_LEFT = auto()  # a pending authorization to confirm
    ROLES_OFFERED = auto()  # several bound roles, none chosen
    NOTHING_HELD = auto()  # no bound role, nothing pending
    READY = auto()  # acting in one role (the only one, or chosen), or personal
    FACE_NEEDED = auto()
    BACK = auto()
    LEAVE = auto()


# Where the service's answer (``Acting``) sends the person, from every step it can come to.
_DECIDED = (
    (EntryEvent.PENDING_LEFT, EntryStep.CONFIRM_PENDING),
    (EntryEvent.ROLES_OFFERED, EntryStep.CHOOSE_ROLE),
    (EntryEvent.NOTHING_HELD, EntryStep.NO_ROLE),
    (EntryEvent.READY, EntryStep.ACTING),
)

TRANSITIONS: dict[tuple[EntryStep, EntryEvent], EntryStep] = {
    **{
        (origin, event): target
        for origin in (EntryStep.NEW, EntryStep.CONFIRM_PENDING, EntryStep.CONFIRM_FACE)
        for event, target in _DECIDED
    },
    (EntryStep.CONFIRM_PENDING, EntryEvent.FACE_NEEDED): EntryStep.CONFIRM_FACE,
    (EntryStep.CONFIRM_FACE, EntryEvent.BACK): EntryStep.CONFIRM_PENDING,
    # "Not now": on to the roles held, or out when there is none.
    (EntryStep.CONFIRM_PENDING, EntryEvent.LEAVE): EntryStep.LEFT,
    (EntryStep.CHOOSE_ROLE, EntryEvent.READY): EntryStep.ACTING,
    (EntryStep.CHOOSE_ROLE, EntryEvent.BACK): EntryStep.CONFIRM_PENDING,
    (EntryStep.NO_ROLE, EntryEvent.READY): EntryStep.ACTING,
    (EntryStep.NO_ROLE, EntryEvent.LEAVE): EntryStep.LEFT,
}

Result = StepResult[EntryStep]

# The steps a person sees after the password login's two, counted "step 3 of 4"; the
# logged-in home is then step 4 (without them it is step 3 of 3, as for 自然人业务).
ENTRY_STEPS: frozenset[EntryStep] = frozenset(
    {EntryStep.CONFIRM_PENDING, EntryStep.CONFIRM_FACE, EntryStep.CHOOSE_ROLE, EntryStep.NO_ROLE}
)


def entry_needed(logged_in: LoggedIn) -> bool:
    """Whether a new session must pass here before the logged-in home: an enterprise
    session with no role yet (pending authorizations, or several roles)."""
    acting = logged_in.acting
    return acting is not None and acting.entry is Entry.ENTERPRISE and acting.role is None


@dataclass(slots=True)
class EntryState:
    """Everything the flow holds; ``wipe`` forgets all of it (R-SE-1)."""

    logged_in: LoggedIn | None = field(default=None, repr=False)
    # Pending roles the person put off ("not now"): not asked again in this session.
    put_off: frozenset[str] = frozenset()

    @property
    def acting(self) -> Acting | None:
        return self.logged_in.acting if self.logged_in is not None else None


class EnterpriseEntryFlow(StepMachine[EntryStep, EntryEvent]):
    def __init__(self, api: ActingApi, *, face_here: bool = False) -> None:
        """``face_here``: this terminal has the camera and models for the confirmation's
        face check (R-RE-5); without them a confirmation needing one waits for another
        terminal (``confirm_possible``)."""
        self._api = api
        self._face_here = face_here
        super().__init__(TRANSITIONS, EntryStep.NEW)
        self.state = EntryState()

    # -- what the screens show -------------------------------------------------------------

    @property
    def pending(self) -> tuple[PendingRole, ...]:
        """The pending authorizations still asked about, the one at hand first."""
        acting = self.state.acting
        if acting is None:
            return ()
        return tuple(p for p in acting.pending if str(p.role) not in self.state.put_off)

    @property
    def at_hand(self) -> PendingRole | None:
        """The pending authorization the screen's buttons act on."""
        pending = self.pending
        return pending[0] if pending else None

    @property
    def confirm_possible(self) -> bool:
        """Whether Confirm can work here: no face needed (a face login, R-RE-5), or the
        camera to give it."""
        acting = self.state.acting
        return acting is not None and (not acting.confirm_needs_face or self._face_here)

    @property
    def roles(self) -> tuple[Role | str, ...]:
        acting = self.state.acting
        return acting.roles if acting is not None else ()

    @property
    def logged_in(self) -> LoggedIn:
        """The session as it acts now, for the logged-in home."""
        if self.state.logged_in is None:
            raise InvalidTransitionError("no session: begin() first")
        return self.state.logged_in

    # -- actions, one per gesture ------------------------------------------------------------

    def begin(self, logged_in: LoggedIn) -> Result:
        """A new session (password login or 扫码登录): to what it still needs. Asks
        nothing of the service: the login's answer says it."""
        self.wipe()
        self.state.logged_in = logged_in
        return self._decide()

    def confirm(self) -> Result:
        """Confirm the pending authorization at hand: the face check first unless the
        login was by face (R-RE-5)."""
        self._require(EntryStep.CONFIRM_PENDING)
        pending = self._pending_at_hand()
        acting = self.state.acting
        assert acting is not None
        if acting.confirm_needs_face:
            if not self._face_here:
                raise InvalidTransitionError("confirming needs the camera (confirm_possible)")
            return self._go(EntryEvent.FACE_NEEDED)
        return self._answer(lambda token: self._api.confirm_pending(token, Role(pending.role)))

    def submit_face(self, template: Sequence[float]) -> Result:
        """The face check's template (never the picture); the service decides. A refusal
        stays here with its tries left (R-RN-4); the fifth of the day locks (R-LK-1)."""
        self._require(EntryStep.CONFIRM_FACE)
        pending = self._pending_at_hand()
        values = tuple(float(v) for v in template)
        return self._answer(
            lambda token: self._api.confirm_pending(token, Role(pending.role), values)
        )

    def refuse(self) -> Result:
        """Refuse the pending authorization at hand (R-RE-5, R-RE-6); the screen offers it
        only when refusable (never the finance head's, R-RE-3), and the service checks."""
        self._require(EntryStep.CONFIRM_PENDING)
        pending = self._pending_at_hand()
        return self._answer(lambda token: self._api.refuse_pending(token, Role(pending.role)))

    def later(self) -> Result:
        """ "Not now": the pending authorization at hand stays pending (another visit, or
        the account center's 待确认授权); on to the next one or the roles held, or out."""
        self._require(EntryStep.CONFIRM_PENDING)
        pending = self._pending_at_hand()
        self.state.put_off = self.state.put_off | {str(pending.role)}
        if self.pending:
            return self._go(EntryEvent.PENDING_LEFT)
        roles = self.roles
        if not roles:
            return self._go(EntryEvent.LEAVE)
        if len(roles) == 1:
            only = Role(roles[0])
            return self._answer(lambda token: self._api.choose_role(token, only), may_choose=False)
        return self._go(EntryEvent.ROLES_OFFERED)

    def choose_role(self, role: Role | str) -> Result:
        """The person's pick among the roles held here (R-RE-1)."""
        self._require(EntryStep.CHOOSE_ROLE)
        if role not in self.roles:
            raise InvalidTransitionError(f"{role} is not held here")
        return self._answer(lambda token: self._api.choose_role(token, Role(role)))

    def to_personal(self) -> Result:
        """Nothing left to act as here: go on in personal business (R-SW-1 allows it)."""
        self._require(EntryStep.NO_ROLE)
        return self._answer(lambda token: self._api.switch_identity(token, None, None))

    def leave(self) -> Result:
        """Not going on (from the pending authorizations or with no role): the window ends
        the session."""
        if self.step not in (EntryStep.CONFIRM_PENDING, EntryStep.NO_ROLE):
            raise InvalidTransitionError(f"leave is not allowed at {self.step.name}")
        return self._go(EntryEvent.LEAVE)

    def back(self) -> Result:
        """From the face check to the authorization; from the roles to the authorizations
        put off (there is no way back into the login: the session exists)."""
        if self.step is EntryStep.CHOOSE_ROLE:
            if not self._all_pending():
                raise InvalidTransitionError("nothing to go back to")
            self.state.put_off = frozenset()
        return self._go(EntryEvent.BACK)

    @property
    def can_go_back(self) -> bool:
        if self.step is EntryStep.CONFIRM_FACE:
            return True
        return self.step is EntryStep.CHOOSE_ROLE and bool(self._all_pending())

    def wipe(self) -> None:
        """Forget everything (idle timeout, home, logout)."""
        self.state = EntryState()
        self._restart()

    # -- helpers -------------------------------------------------------------------------------

    def _all_pending(self) -> tuple[PendingRole, ...]:
        acting = self.state.acting
        return acting.pending if acting is not None else ()

    def _pending_at_hand(self) -> PendingRole:
        pending = self.at_hand
        if pending is None:
            raise InvalidTransitionError("no pending authorization at hand")
        return pending

    def _answer(self, call: Callable[[str], Acting], *, may_choose: bool = True) -> Result:
        """Ask the service with the session's token; its new ``Acting`` decides the step.
        A refusal stays, with the catalog's text."""
        logged_in = self.logged_in
        try:
            acting = call(logged_in.session_token)
        except UserError as error:
            return self._fail(error)
        self.state.logged_in = logged_in.model_copy(update={"acting": acting})
        return self._decide(may_choose=may_choose)

    def _decide(self, *, may_choose: bool = True) -> Result:
        acting = self.state.acting
        if acting is None or acting.entry is not Entry.ENTERPRISE or acting.role is not None:
            return self._go(EntryEvent.READY)
        if self.pending:
            return self._go(EntryEvent.PENDING_LEFT)
        if len(acting.roles) > 1:
            return self._go(EntryEvent.ROLES_OFFERED)
        if not acting.roles or not may_choose:
            return self._go(EntryEvent.NOTHING_HELD)
        # One role, pending ones put off: the service acts in it once asked (once: an answer
        # still without a role must not ask again and again).
        only = Role(acting.roles[0])
        return self._answer(lambda token: self._api.choose_role(token, only), may_choose=False)
