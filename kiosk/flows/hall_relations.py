"""The hall counter's 人企关联 (R-HA-2) as a Qt-free journey: hall staff find an enterprise by
its code, see its people (masked), add a tax handler or an invoicer (a relation whose origin
is the hall, which the account center then cannot withdraw, R-RE-7) and end any relation.

Online only: every call carries the staff token of an online staff login. The service
decides, audits each action with the staff number and tells the people concerned at their
next login; the terminal shows the list the service answered after each action.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.documents import DocumentType
from kiosk.flows.local_checks import checked_document, checked_enterprise_code
from kiosk.flows.machine import Outcome, StepMachine, StepResult, advance
from kiosk.protocol.enterprise import Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.relations import ONLINE_ROLES, AddPersonRequest, Member, People
from kiosk.services.staff_api import HallRelationsApi


class HallRelationsStep(Enum):
    SEARCH = auto()  # which enterprise: its code
    SHOWN = auto()  # its people: roles, states, where each relation came from
    ADD = auto()  # add a tax handler or invoicer: document, number, name, role
    ADDED = auto()  # added: pending the person's confirmation; the list again
    CONFIRM_END = auto()  # end this relation? the consequence said before it happens
    ENDED = auto()  # ended; the list again


class HallRelationsEvent(Enum):
    FOUND = auto()
    ADD = auto()
    ADDED = auto()
    END = auto()
    ENDED = auto()
    CHANGED = auto()  # the relation changed meanwhile: the fresh list
    BACK = auto()


Step = HallRelationsStep
Event = HallRelationsEvent
LISTS = (Step.SHOWN, Step.ADDED, Step.ENDED)  # the steps that show the list

TRANSITIONS: dict[tuple[HallRelationsStep, HallRelationsEvent], HallRelationsStep] = {
    (Step.SEARCH, Event.FOUND): Step.SHOWN,
    **{(shown, Event.ADD): Step.ADD for shown in LISTS},
    **{(shown, Event.END): Step.CONFIRM_END for shown in LISTS},
    **{(shown, Event.BACK): Step.SEARCH for shown in LISTS},
    (Step.ADD, Event.ADDED): Step.ADDED,
    (Step.ADD, Event.BACK): Step.SHOWN,
    (Step.CONFIRM_END, Event.ENDED): Step.ENDED,
    (Step.CONFIRM_END, Event.CHANGED): Step.SHOWN,
    (Step.CONFIRM_END, Event.BACK): Step.SHOWN,
}

Result = StepResult[HallRelationsStep]
_NAME = {"field_zh": "姓名", "field_en": "name"}


@dataclass(slots=True)
class HallRelationsState:
    people: People | None = field(default=None, repr=False)
    chosen: Member | None = field(default=None, repr=False)  # the relation to end / ended
    added: Member | None = field(default=None, repr=False)  # the relation the addition made


def next_step(step: HallRelationsStep, event: HallRelationsEvent) -> HallRelationsStep:
    return advance(TRANSITIONS, step, event)


class HallRelationsFlow(StepMachine[HallRelationsStep, HallRelationsEvent]):
    def __init__(self, api: HallRelationsApi, staff_token: str) -> None:
        super().__init__(TRANSITIONS, Step.SEARCH)
        self._api = api
        self._token = staff_token
        self.state = HallRelationsState()

    @property
    def code(self) -> str:
        people = self.state.people
        return people.enterprise.code if people is not None else ""

    def look_up(self, typed: str) -> Result:
        """The enterprise by its USCC or taxpayer id (checked here first, R-ID-5)."""
        self._require(Step.SEARCH)
        code = checked_enterprise_code(typed)
        if isinstance(code, UserError):
            return self._fail(code)
        try:
            people = self._api.hall_enterprise(self._token, code)
        except UserError as error:
            return self._fail(error)
        self.state = HallRelationsState(people=people)
        return self._go(Event.FOUND)

    def start_add(self) -> Result:
        self._require_list()
        self.state.added = None
        return self._go(Event.ADD)

    def add(
        self, document_type: DocumentType | str, number: str, name: str, role: Role | str
    ) -> Result:
        """添加办税人员 at the hall: a pending authorization the person confirms (R-RE-5),
        made by the hall, so the account center cannot withdraw it (R-RE-7)."""
        self._require(Step.ADD)
        document = checked_document(document_type, number)
        if isinstance(document, UserError):
            return self._fail(document)
        doc_type, text = document
        typed_name = name.strip()
        if not typed_name:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, dict(_NAME)))
        try:
            wanted = Role(role)
        except ValueError:
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        if wanted not in ONLINE_ROLES:
            return self._fail(UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE))
        before = self.state.people
        request = AddPersonRequest(
            document_type=doc_type.value, document_number=text, name=typed_name, role=wanted
        )
        try:
            people = self._api.hall_add_person(self._token, self.code, request)
        except UserError as error:
            return self._fail(error)
        self.state.people = people
        self.state.added = _changed_member(before, people, wanted)
        return self._go(Event.ADDED)

    def ask_end(self, relation_id: str) -> Result:
        """The relation to end, asked once more with its consequence."""
        self._require_list()
        member = self.member(relation_id)
        if member is None:  # gone from the list shown: a programming error upstream
            return self._fail(UserError(ErrorCode.RELATION_CHANGED))
        self.state.chosen = member
        return self._go(Event.END)

    def end(self) -> Result:
        """End the relation asked about (bound, pending or applied, any role, R-HA-2)."""
        self._require(Step.CONFIRM_END)
        chosen = self.state.chosen
        if chosen is None:
            return self._fail(UserError(ErrorCode.RELATION_CHANGED))
        try:
            people = self._api.hall_end_relation(self._token, self.code, chosen.relation_id)
        except UserError as error:
            if error.code is ErrorCode.RELATION_CHANGED:
                return self._changed(error)
            return self._fail(error)
        self.state.people = people
        return self._go(Event.ENDED)

    def back(self) -> Result:
        result = self._go(Event.BACK)
        if self.step is Step.SEARCH:
            self.state = HallRelationsState()
        else:
            self.state.chosen = self.state.added = None
        return result

    def member(self, relation_id: str) -> Member | None:
        people = self.state.people
        if people is None:
            return None
        return next((m for m in people.members if m.relation_id == relation_id), None)

    def wipe(self) -> None:
        self._restart()
        self.state = HallRelationsState()

    # -- internals ------------------------------------------------------------------------

    def _require_list(self) -> None:
        if self.step not in LISTS:
            self._require(Step.SHOWN)

    def _changed(self, error: UserError) -> Result:
        """Someone acted on the relation meanwhile (the person confirmed, the enterprise
        deleted it): the list as it is now, and the reason, so staff see before acting."""
        with suppress(UserError):  # else the old list stays; the reason is still the one
            self.state.people = self._api.hall_enterprise(self._token, self.code)
        self.state.chosen = None
        self.step = next_step(self.step, Event.CHANGED)
        return StepResult(Outcome.FAILED, self.step, error)


def _changed_member(before: People | None, after: People, role: Role) -> Member | None:
    """The relation the addition made (or an application it approved): in the new list, of
    the role asked, and not in the old list in that state."""
    old = {(m.relation_id, m.state) for m in before.members} if before is not None else set()
    fresh = [m for m in after.members if m.role == role and (m.relation_id, m.state) not in old]
    return fresh[0] if len(fresh) == 1 else None
