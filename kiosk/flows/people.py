"""人员权限管理 (R-RE-4, R-RE-5, R-RE-7): the enterprise's side of 人企关联, run by its legal
representative or finance head in a session acting for the enterprise.

``load`` reads the enterprise's people: 现有办税人员 (bound), the additions still waiting
for the person (pending) and the people's own applications (applied). From the list:
删除 a bound tax handler or invoicer (asked first: ``ask_remove`` → ``CONFIRM_REMOVE`` →
``remove``), 撤回 a pending addition (one made at the hall answers the seeds'
"该纳税人不可以撤回，请到大厅办理"), 同意 / 拒绝 an application; ``open_add`` → ``ADD``:
document type, number, name and role → the person gets a pending authorization and the
list says so (待对方确认). A session in any other role reaches ``NOT_ALLOWED``, with the
service's R-RE-4 answer saying why and what to do. Every success is named in
``state.done``; every refusal comes back with the catalog's words. A relation changed by
someone else in the meantime (RELATION_CHANGED) reloads the list before the error is shown.

Qt-free, one blocking method per gesture, run on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.documents import DocumentType
from kiosk.domain.names import (
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)
from kiosk.flows.local_checks import checked_document
from kiosk.flows.machine import StepMachine, StepResult
from kiosk.protocol.enterprise import RelationOrigin, RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.relations import ONLINE_ROLES, AddPersonRequest, Member, People
from kiosk.services.account_api import ActingApi


class PeopleStep(Enum):
    LIST = auto()  # 现有办税人员, pending additions, applications
    ADD = auto()  # 添加办税人员: document type, number, name, role
    CONFIRM_REMOVE = auto()  # 删除 asked first, naming the consequence (ui.md)
    NOT_ALLOWED = auto()  # R-RE-4: this role does not manage people; ``state.refusal``


class PeopleEvent(Enum):
    OPEN_ADD = auto()
    ADDED = auto()
    BACK = auto()
    ASK_REMOVE = auto()
    REMOVED = auto()
    KEEP = auto()
    NOT_MANAGER = auto()


_S = PeopleStep
_E = PeopleEvent

TRANSITIONS: dict[tuple[PeopleStep, PeopleEvent], PeopleStep] = {
    (_S.LIST, _E.OPEN_ADD): _S.ADD,
    (_S.ADD, _E.ADDED): _S.LIST,
    (_S.ADD, _E.BACK): _S.LIST,
    (_S.LIST, _E.ASK_REMOVE): _S.CONFIRM_REMOVE,
    (_S.CONFIRM_REMOVE, _E.REMOVED): _S.LIST,
    (_S.CONFIRM_REMOVE, _E.KEEP): _S.LIST,
    # The service says this session may not manage people (R-RE-4): at opening, or the
    # role ended while the list was open.
    (_S.LIST, _E.NOT_MANAGER): _S.NOT_ALLOWED,
    (_S.ADD, _E.NOT_MANAGER): _S.NOT_ALLOWED,
    (_S.CONFIRM_REMOVE, _E.NOT_MANAGER): _S.NOT_ALLOWED,
}

Result = StepResult[PeopleStep]

# The roles added and deleted through the account center (R-RE-4), in the order offered.
ADDABLE_ROLES: tuple[Role, ...] = ONLINE_ROLES


class PeopleDone(Enum):
    """What the last action did, for the list's success line."""

    ADDED = auto()  # a pending authorization: 待对方确认
    WITHDRAWN = auto()
    REMOVED = auto()
    APPROVED = auto()
    DECLINED = auto()


@dataclass(slots=True)
class PeopleState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    session_token: str = field(default="", repr=False)
    people: People | None = field(default=None, repr=False)
    chosen: Member | None = field(default=None, repr=False)  # the one 删除 asks about
    done: PeopleDone | None = None  # the last success
    added_role: Role | None = None  # the role of the last addition
    refusal: UserError | None = None  # NOT_ALLOWED: the service's R-RE-4 answer

    @property
    def members(self) -> tuple[Member, ...]:
        return self.people.members if self.people is not None else ()

    @property
    def bound(self) -> tuple[Member, ...]:
        """现有办税人员 (and the enterprise's other bound roles)."""
        return tuple(m for m in self.members if m.state == RelationState.BOUND)

    @property
    def pending(self) -> tuple[Member, ...]:
        """Additions waiting for the person's confirmation."""
        return tuple(m for m in self.members if m.state == RelationState.PENDING)

    @property
    def applied(self) -> tuple[Member, ...]:
        """申请企业授权: people who asked the enterprise."""
        return tuple(m for m in self.members if m.state == RelationState.APPLIED)


def removable(member: Member) -> bool:
    """删除 is offered for a bound tax handler or invoicer (R-RE-4, R-RE-7: hall-added ones
    too); the legal representative and the finance head follow the registration data."""
    return member.state == RelationState.BOUND and member.role in ONLINE_ROLES


def withdrawable_here(member: Member) -> bool:
    """Whether 撤回 can succeed online: only additions made in the account center (R-RE-7);
    the others are still offered, and the service answers the seeds' message."""
    return member.state == RelationState.PENDING and member.origin == RelationOrigin.ACCOUNT_CENTER


class PeopleFlow(StepMachine[PeopleStep, PeopleEvent]):
    def __init__(self, api: ActingApi, session_token: str) -> None:
        self._api = api
        super().__init__(TRANSITIONS, PeopleStep.LIST)
        self.state = PeopleState(session_token=session_token)

    # -- the list ------------------------------------------------------------------------

    def load(self) -> Result:
        """The enterprise's people when the screen opens; NOT_ALLOWED for another role."""
        self._require(PeopleStep.LIST)
        self.state.done = None
        return self._ask(self._api.people)

    def withdraw(self, member: Member) -> Result:
        """撤回 a pending addition (R-RE-7)."""
        self._require(PeopleStep.LIST)
        return self._act(
            lambda token: self._api.withdraw_addition(token, member.relation_id),
            PeopleDone.WITHDRAWN,
        )

    def approve(self, member: Member) -> Result:
        """同意 an application (申请企业授权, R-RE-5): the person is bound."""
        self._require(PeopleStep.LIST)
        return self._act(
            lambda token: self._api.approve_application(token, member.relation_id),
            PeopleDone.APPROVED,
        )

    def decline(self, member: Member) -> Result:
        """拒绝 an application."""
        self._require(PeopleStep.LIST)
        return self._act(
            lambda token: self._api.decline_application(token, member.relation_id),
            PeopleDone.DECLINED,
        )

    # -- 删除, asked first ---------------------------------------------------------------

    def ask_remove(self, member: Member) -> Result:
        self._require(PeopleStep.LIST)
        if not removable(member):
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        self.state.chosen = member
        self.state.done = None
        return self._go(PeopleEvent.ASK_REMOVE)

    def keep(self) -> Result:
        self._require(PeopleStep.CONFIRM_REMOVE)
        self.state.chosen = None
        return self._go(PeopleEvent.KEEP)

    def remove(self) -> Result:
        """删除 (R-RE-7): the relation ends; the person is told at their next login. A
        refusal goes back to the list with its words."""
        self._require(PeopleStep.CONFIRM_REMOVE)
        chosen = self.state.chosen
        assert chosen is not None
        result = self._ask(lambda token: self._api.remove_person(token, chosen.relation_id))
        if result.step is PeopleStep.NOT_ALLOWED:
            return result
        self.state.chosen = None
        if result.ok:
            self.state.done = PeopleDone.REMOVED
            return self._go(PeopleEvent.REMOVED)
        self._go(PeopleEvent.KEEP)
        return StepResult(result.outcome, self.step, result.error)

    # -- 添加办税人员 -----------------------------------------------------------------------

    def open_add(self) -> Result:
        self._require(PeopleStep.LIST)
        self.state.done = None
        return self._go(PeopleEvent.OPEN_ADD)

    def back(self) -> Result:
        """From the form to the list, nothing added."""
        self._require(PeopleStep.ADD)
        return self._go(PeopleEvent.BACK)

    def add(self, document_type: DocumentType | str, number: str, name: str, role: Role) -> Result:
        """The number and name checked here first (R-ID-5), then the service: a person not
        registered answers 该办税人员尚未注册 with what to tell them (R-RE-5)."""
        self._require(PeopleStep.ADD)
        checked = checked_document(document_type, number)
        if isinstance(checked, UserError):
            # The catalog's "enter your ..." speaks to the person typing; here it is another's.
            missing = checked.code is ErrorCode.FIELD_REQUIRED
            return self._fail(
                UserError(ErrorCode.VALIDATION_ERROR, _NUMBER_EMPTY) if missing else checked
            )
        doc_type, text = checked
        if not name.strip():
            return self._fail(UserError(ErrorCode.VALIDATION_ERROR, _NAME_EMPTY))
        person_name = normalized_name(name)
        if person_name is None:
            return self._fail(UserError(ErrorCode.VALIDATION_ERROR, _NAME_REASON))
        if role not in ADDABLE_ROLES:
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        request = AddPersonRequest(
            document_type=doc_type.value, document_number=text, name=person_name, role=role
        )
        result = self._ask(lambda token: self._api.add_person(token, request))
        if not result.ok or result.step is PeopleStep.NOT_ALLOWED:
            return result
        self.state.done = PeopleDone.ADDED
        self.state.added_role = role
        return self._go(PeopleEvent.ADDED)

    # -- the session ---------------------------------------------------------------------

    def wipe(self) -> None:
        """Forget everything, the session token too (idle timeout, home, logout)."""
        self.state = PeopleState()
        self._restart()

    # -- internals -----------------------------------------------------------------------

    def _act(self, call: Callable[[str], People], done: PeopleDone) -> Result:
        self.state.done = None
        result = self._ask(call)
        if result.ok and result.step is PeopleStep.LIST:
            self.state.done = done
        return result

    def _ask(self, call: Callable[[str], People]) -> Result:
        """One call answering the list: kept on success; R-RE-4 → NOT_ALLOWED; a relation
        changed meanwhile → the list read afresh, then the error."""
        token = self.state.session_token
        if not token:
            return self._fail(UserError(ErrorCode.SESSION_INVALID))
        try:
            self.state.people = call(token)
        except UserError as error:
            if error.code is ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED:
                self.state.refusal = error
                self.state.people = None
                self.state.chosen = None
                return self._go(PeopleEvent.NOT_MANAGER)
            if error.code is ErrorCode.RELATION_CHANGED:
                self._reread(token)
            return self._fail(error)
        return self._stay()

    def _reread(self, token: str) -> None:
        # On a second refusal the error already shown says what to do; the list stays.
        with suppress(UserError):
            self.state.people = self._api.people(token)


def normalized_name(name: str) -> str | None:
    """The name as the service compares it: Chinese characters (minority parts joined by
    ·) or Latin letters as printed on a foreign document; None for anything else."""
    chinese = normalize_chinese_name(name)
    if is_chinese_name(chinese):
        return chinese
    latin = normalize_latin_name(name)
    if is_latin_name(latin):
        return latin
    return None


_NUMBER_EMPTY: dict[str, object] = {
    "reason": "请填写对方证件上的证件号码。",
    "reason_en": "enter the document number of the person you add.",
}
_NAME_EMPTY: dict[str, object] = {
    "reason": "请填写对方证件上的姓名。",
    "reason_en": "enter the name of the person you add, as on their document.",
}
_NAME_REASON: dict[str, object] = {
    "reason": "姓名请按证件填写：汉字（少数民族姓名可用“·”分隔），或证件上印的拉丁字母。",
    "reason_en": "Enter the name as on the document: Chinese characters (parts of a minority "
    "name joined by ·), or the Latin letters printed in it.",
}
