"""企业授权管理 (R-RE-3, R-RE-5, R-RE-7, R-RE-8; seeds 002 16/24/28-30, 004 三(三)): the
person's side of 人企关联, as a Qt-free state machine in three sections —

- 待确认授权: what an enterprise (or the registration data, the core system, the hall) named
  the person to; 确认, by face unless this session began with a face login (R-RE-5); 拒绝,
  never for the finance head, who goes to the hall desk instead (R-RE-3 choice);
- 申请企业授权: the person's applications with their state; 撤回 an applied one (the record
  stays, seed 004 三(三)4); 申请 asks an enterprise, by its code, for a handler or invoicer
  role (R-RE-5, both directions);
- 已授权企业: the bound relations, role and since when; 删除 leaves the enterprise as a tax
  handler or invoicer (R-RE-7); 同步数据 reads the list afresh (R-RE-8).

Every outcome is a step: the sections, the face check, the apply form, the three questions
that name a consequence (拒绝, 撤回, 删除), and the end of this login when the person deleted
the very role it acted in (the service ends such sessions). Every action answers the list as
it is afterwards; a relation that changed meanwhile (RELATION_CHANGED) re-reads it.

One blocking method per gesture, run on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.flows.local_checks import checked_enterprise_code
from kiosk.flows.machine import InvalidTransitionError, StepMachine, StepResult
from kiosk.protocol.enterprise import (
    Acting,
    Entry,
    Relations,
    RelationState,
    RelationView,
    Role,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.relations import ONLINE_ROLES
from kiosk.services.account_api import ActingApi


class RelationsStep(Enum):
    PENDING = auto()  # 待确认授权: 确认 / 拒绝
    APPLICATIONS = auto()  # 申请企业授权: the applications, 撤回, 申请
    AUTHORIZED = auto()  # 已授权企业: 删除, 同步数据
    FACE = auto()  # the face check that confirms (R-RE-5)
    CONFIRM_REFUSE = auto()  # 拒绝, in words naming the consequence
    APPLY = auto()  # the enterprise code and the role asked for
    CONFIRM_WITHDRAW = auto()  # 撤回 an application, named first
    CONFIRM_REMOVE = auto()  # 删除 a relation, named first (destructive)
    LOGIN_ENDED = auto()  # the role this login acted in was deleted: the login is over


# The three sections, in the order the seeds name them.
SECTIONS: tuple[RelationsStep, ...] = (
    RelationsStep.PENDING,
    RelationsStep.APPLICATIONS,
    RelationsStep.AUTHORIZED,
)


class RelationsEvent(Enum):
    SHOW_PENDING = auto()
    SHOW_APPLICATIONS = auto()
    SHOW_AUTHORIZED = auto()
    FACE_NEEDED = auto()
    ASK_REFUSE = auto()
    START_APPLY = auto()
    ASK_WITHDRAW = auto()
    ASK_REMOVE = auto()
    LOGIN_ENDED = auto()


_S, _E = RelationsStep, RelationsEvent
_SHOW: dict[RelationsStep, RelationsEvent] = {
    _S.PENDING: _E.SHOW_PENDING,
    _S.APPLICATIONS: _E.SHOW_APPLICATIONS,
    _S.AUTHORIZED: _E.SHOW_AUTHORIZED,
}

TRANSITIONS: dict[tuple[RelationsStep, RelationsEvent], RelationsStep] = {
    # The section switcher: any section from any section (itself too: an action stays).
    **{(origin, _SHOW[target]): target for origin in SECTIONS for target in SECTIONS},
    (_S.PENDING, _E.FACE_NEEDED): _S.FACE,
    (_S.PENDING, _E.ASK_REFUSE): _S.CONFIRM_REFUSE,
    (_S.APPLICATIONS, _E.START_APPLY): _S.APPLY,
    (_S.APPLICATIONS, _E.ASK_WITHDRAW): _S.CONFIRM_WITHDRAW,
    (_S.AUTHORIZED, _E.ASK_REMOVE): _S.CONFIRM_REMOVE,
    # Back (or done, or the relation changed meanwhile): to the section asked from; a
    # confirmation lands where the relation now is.
    (_S.FACE, _E.SHOW_PENDING): _S.PENDING,
    (_S.FACE, _E.SHOW_AUTHORIZED): _S.AUTHORIZED,
    (_S.CONFIRM_REFUSE, _E.SHOW_PENDING): _S.PENDING,
    (_S.APPLY, _E.SHOW_APPLICATIONS): _S.APPLICATIONS,
    (_S.CONFIRM_WITHDRAW, _E.SHOW_APPLICATIONS): _S.APPLICATIONS,
    (_S.CONFIRM_REMOVE, _E.SHOW_AUTHORIZED): _S.AUTHORIZED,
    (_S.CONFIRM_REMOVE, _E.LOGIN_ENDED): _S.LOGIN_ENDED,
}

# Where each step goes back to.
_BACK_TO: dict[RelationsStep, RelationsStep] = {
    _S.FACE: _S.PENDING,
    _S.CONFIRM_REFUSE: _S.PENDING,
    _S.APPLY: _S.APPLICATIONS,
    _S.CONFIRM_WITHDRAW: _S.APPLICATIONS,
    _S.CONFIRM_REMOVE: _S.AUTHORIZED,
}

Result = StepResult[RelationsStep]

# States shown under 申请企业授权: the person's applications, withdrawn and declined ones too.
APPLICATION_STATES = frozenset(
    {RelationState.APPLIED, RelationState.WITHDRAWN, RelationState.DECLINED}
)


class Done(Enum):
    """What the last action did, for the success line on the section it lands on."""

    SYNCED = auto()
    CONFIRMED = auto()
    REFUSED = auto()
    APPLIED = auto()
    WITHDRAWN = auto()
    REMOVED = auto()


@dataclass(slots=True)
class RelationsState:
    """Everything the flow holds; ``wipe`` forgets all of it (R-SE-1)."""

    session_token: str = field(default="", repr=False)
    relations: tuple[RelationView, ...] = field(default=(), repr=False)
    acting: Acting | None = field(default=None, repr=False)  # who this session acts for
    loaded: bool = False  # a list came (an empty one too)
    synced: bool = False  # the last list came from the 同步数据 button
    at_hand: RelationView | None = field(default=None, repr=False)  # what the step acts on
    done: Done | None = None  # the last action's success, until the next gesture
    done_about: RelationView | None = field(default=None, repr=False)
    # The apply form, kept while the person goes on (a language switch, a refusal).
    apply_code: str = field(default="", repr=False)
    apply_role: Role | None = None


def face_retry_possible(error: UserError) -> bool:
    """Whether the face screen offers Try again after ``error`` (R-RN-4, R-LK-1)."""
    return error.code not in {
        ErrorCode.ACCOUNT_LOCKED,
        ErrorCode.FACE_UNAVAILABLE,
        ErrorCode.SESSION_INVALID,
        ErrorCode.RELATION_CHANGED,
    }


class RelationsFlow(StepMachine[RelationsStep, RelationsEvent]):
    def __init__(self, api: ActingApi, session_token: str, *, face_here: bool = False) -> None:
        """``face_here``: this terminal has the camera and models for the confirmation's
        face check (R-RE-5); without them a confirmation needing one cannot be made here
        (``confirm_possible``)."""
        self._api = api
        self._face_here = face_here
        super().__init__(TRANSITIONS, RelationsStep.AUTHORIZED)
        self.state = RelationsState(session_token=session_token)

    # -- what the screens show -------------------------------------------------------------

    @property
    def pending(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.state.relations if r.state == RelationState.PENDING)

    @property
    def applications(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.state.relations if r.state in APPLICATION_STATES)

    @property
    def authorized(self) -> tuple[RelationView, ...]:
        return tuple(r for r in self.state.relations if r.state == RelationState.BOUND)

    @property
    def confirm_needs_face(self) -> bool:
        """R-RE-5: unless this session began with a face login (the service says which)."""
        acting = self.state.acting
        return acting is None or acting.confirm_needs_face

    @property
    def confirm_possible(self) -> bool:
        """Whether 确认 can work here: no face needed, or the camera to give it."""
        return not self.confirm_needs_face or self._face_here

    @staticmethod
    def removable(relation: RelationView) -> bool:
        """删除 is for a tax handler or an invoicer (R-RE-7); the legal representative and
        the finance head follow the registration data (the hall changes them)."""
        return relation.role in ONLINE_ROLES

    def ends_this_login(self, relation: RelationView) -> bool:
        """Whether deleting ``relation`` ends this login: it acts in that very role."""
        acting = self.state.acting
        return (
            acting is not None
            and acting.entry is Entry.ENTERPRISE
            and acting.enterprise is not None
            and acting.enterprise.code == relation.enterprise.code
            and acting.role == relation.role
        )

    @property
    def first_section(self) -> RelationsStep:
        """Where the screen opens: the pending authorizations when any waits, else the
        authorized enterprises."""
        return RelationsStep.PENDING if self.pending else RelationsStep.AUTHORIZED

    # -- actions, one per gesture ------------------------------------------------------------

    def load(self) -> Result:
        """The list, and who this session acts for, when the screen opens; it opens at the
        pending authorizations when any waits."""
        result = self._read(synced=False)
        if not result.ok:
            return result
        try:
            self.state.acting = self._api.acting(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        return self._go(_SHOW[self.first_section])

    def sync(self) -> Result:
        """同步数据: what the registry holds now (R-RE-8)."""
        self._require(RelationsStep.AUTHORIZED)
        result = self._read(synced=True)
        if result.ok:
            self._did(Done.SYNCED, None)
        return result

    def show(self, section: RelationsStep) -> Result:
        """The section switcher."""
        if section not in SECTIONS or self.step not in SECTIONS:
            raise InvalidTransitionError(f"{section.name} from {self.step.name}")
        self._did(None, None)
        return self._go(_SHOW[section])

    def confirm(self, relation: RelationView) -> Result:
        """确认 a pending authorization: the face check first unless the login was by face
        (R-RE-5)."""
        self._require(RelationsStep.PENDING)
        self._did(None, None)
        self.state.at_hand = self._listed(relation, RelationState.PENDING)
        if self.confirm_needs_face:
            if not self._face_here:
                raise InvalidTransitionError("confirming needs the camera (confirm_possible)")
            return self._go(RelationsEvent.FACE_NEEDED)
        return self._confirm(None)

    def submit_face(self, template: Sequence[float]) -> Result:
        """The face check's template (never the picture); the service decides. A refusal
        stays here with its tries left (R-RN-4); the fifth of the day locks (R-LK-1)."""
        self._require(RelationsStep.FACE)
        return self._confirm(tuple(float(v) for v in template))

    def ask_refuse(self, relation: RelationView) -> Result:
        """拒绝: asked first. Never the finance head's (R-RE-3): the screen offers no refuse
        there, and the service would answer FINANCE_HEAD_CANNOT_REFUSE."""
        self._require(RelationsStep.PENDING)
        self._did(None, None)
        listed = self._listed(relation, RelationState.PENDING)
        if not listed.refusable:
            return self._fail(UserError(ErrorCode.FINANCE_HEAD_CANNOT_REFUSE))
        self.state.at_hand = listed
        return self._go(RelationsEvent.ASK_REFUSE)

    def refuse(self) -> Result:
        self._require(RelationsStep.CONFIRM_REFUSE)
        relation = self._at_hand()
        return self._act(
            lambda token: self._api.refuse_relation(token, relation.relation_id),
            Done.REFUSED,
            RelationsStep.PENDING,
        )

    def start_apply(self) -> Result:
        """申请: the form for the enterprise code and the role."""
        self._require(RelationsStep.APPLICATIONS)
        self._did(None, None)
        self.state.apply_code, self.state.apply_role = "", None
        return self._go(RelationsEvent.START_APPLY)

    def apply(self, enterprise_code: str, role: Role | None) -> Result:
        """Ask the enterprise for ``role`` (R-RE-5). The code is checked here first (R-ID-5),
        so a typo costs no round trip; the service checks the enterprise exists."""
        self._require(RelationsStep.APPLY)
        self.state.apply_code, self.state.apply_role = enterprise_code, role
        code = checked_enterprise_code(enterprise_code)
        if isinstance(code, UserError):
            return self._fail(code)
        if role is None:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _ROLE_FIELD))
        if role not in ONLINE_ROLES:
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        return self._act(
            lambda token: self._api.apply_relation(token, code, role),
            Done.APPLIED,
            RelationsStep.APPLICATIONS,
            about=lambda relations: _applied(relations, code, role),
        )

    def ask_withdraw(self, relation: RelationView) -> Result:
        """撤回 an application: asked first (the record stays, in the list)."""
        self._require(RelationsStep.APPLICATIONS)
        self._did(None, None)
        self.state.at_hand = self._listed(relation, RelationState.APPLIED)
        return self._go(RelationsEvent.ASK_WITHDRAW)

    def withdraw(self) -> Result:
        self._require(RelationsStep.CONFIRM_WITHDRAW)
        relation = self._at_hand()
        return self._act(
            lambda token: self._api.withdraw_application(token, relation.relation_id),
            Done.WITHDRAWN,
            RelationsStep.APPLICATIONS,
        )

    def ask_remove(self, relation: RelationView) -> Result:
        """删除 a relation: asked first, naming the consequence (ui.md)."""
        self._require(RelationsStep.AUTHORIZED)
        self._did(None, None)
        listed = self._listed(relation, RelationState.BOUND)
        if not self.removable(listed):
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        self.state.at_hand = listed
        return self._go(RelationsEvent.ASK_REMOVE)

    def remove(self) -> Result:
        """The person leaves the enterprise in that role (R-RE-7). When this login acted
        in it, the service ended the login with it: LOGIN_ENDED."""
        self._require(RelationsStep.CONFIRM_REMOVE)
        relation = self._at_hand()
        ends_login = self.ends_this_login(relation)
        return self._act(
            lambda token: self._api.leave_enterprise(token, relation.relation_id),
            Done.REMOVED,
            RelationsStep.AUTHORIZED,
            event=RelationsEvent.LOGIN_ENDED if ends_login else None,
        )

    def back(self) -> Result:
        """From the face check, the form or a question to its section; nothing changes."""
        target = _BACK_TO.get(self.step)
        if target is None:
            raise InvalidTransitionError(f"back is not allowed at {self.step.name}")
        self.state.at_hand = None
        return self._go(_SHOW[target])

    def wipe(self) -> None:
        """Forget everything (idle timeout, home, logout)."""
        self.state = RelationsState()
        self._restart()

    # -- helpers -------------------------------------------------------------------------------

    def _confirm(self, template: tuple[float, ...] | None) -> Result:
        relation = self._at_hand()

        def call(token: str) -> Relations:
            return self._api.confirm_relation(token, relation.relation_id, template)

        def landing() -> RelationsStep:
            return RelationsStep.PENDING if self.pending else RelationsStep.AUTHORIZED

        try:
            answer = call(self.state.session_token)
        except UserError as error:
            if error.code is ErrorCode.CONFIRM_FACE_REQUIRED and template is None:
                # The session's answer was older than the service's: the face check now.
                acting = self.state.acting
                if acting is not None:
                    self.state.acting = acting.model_copy(update={"confirm_needs_face": True})
                if self._face_here:
                    return self._go(RelationsEvent.FACE_NEEDED)
            return self._refused(error)
        self._took(answer, Done.CONFIRMED, relation)
        return self._go(_SHOW[landing()])

    def _act(
        self,
        call: Callable[[str], Relations],
        done: Done,
        lands: RelationsStep,
        *,
        about: Callable[[tuple[RelationView, ...]], RelationView | None] | None = None,
        event: RelationsEvent | None = None,
    ) -> Result:
        """Ask the service with the session's token; its list is the new one. A refusal
        stays at the step (RELATION_CHANGED: the list re-read, back at the section)."""
        if not self.state.session_token:
            return self._fail(UserError(ErrorCode.SESSION_INVALID))
        relation = self.state.at_hand
        try:
            answer = call(self.state.session_token)
        except UserError as error:
            return self._refused(error)
        shown = about(answer.relations) if about is not None else relation
        self._took(answer, done, shown)
        return self._go(event if event is not None else _SHOW[lands])

    def _took(self, answer: Relations, done: Done, about: RelationView | None) -> None:
        self.state.relations = answer.relations
        self.state.loaded, self.state.synced = True, False
        self.state.at_hand = None
        self._did(done, about)

    def _refused(self, error: UserError) -> Result:
        """The error to read; when the relation changed meanwhile, the list as it is now and
        the section it belongs to (the service's message says the list was updated)."""
        if error.code is ErrorCode.RELATION_CHANGED:
            self.state.at_hand = None
            # Unread, the list stays as it was; the message still says what happened.
            with suppress(UserError):
                self.state.relations = self._api.sync_relations(self.state.session_token).relations
            target = _BACK_TO.get(self.step)
            if target is not None:
                self._go(_SHOW[target])
        return self._fail(error)

    def _did(self, done: Done | None, about: RelationView | None) -> None:
        self.state.done, self.state.done_about = done, about

    def _listed(self, relation: RelationView, state: RelationState) -> RelationView:
        listed = next(
            (r for r in self.state.relations if r.relation_id == relation.relation_id), None
        )
        if listed is None or listed.state != state:
            raise InvalidTransitionError(f"relation {relation.relation_id} is not {state}")
        return listed

    def _at_hand(self) -> RelationView:
        relation = self.state.at_hand
        if relation is None:
            raise InvalidTransitionError("no relation at hand")
        return relation

    def _read(self, *, synced: bool) -> Result:
        if not self.state.session_token:
            return self._fail(UserError(ErrorCode.SESSION_INVALID))
        try:
            answer = self._api.sync_relations(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        self.state.relations = answer.relations
        self.state.loaded, self.state.synced = True, synced
        return self._stay()


_ROLE_FIELD: dict[str, object] = {"field_zh": "申请的身份", "field_en": "role applied for"}


def _applied(relations: Sequence[RelationView], code: str, role: Role) -> RelationView | None:
    """The application just made, as the list answered it."""
    return next(
        (
            r
            for r in relations
            if r.enterprise.code == code and r.role == role and r.state == RelationState.APPLIED
        ),
        None,
    )
