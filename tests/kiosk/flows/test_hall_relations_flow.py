"""The hall counter's 人企关联 as a Qt-free flow (R-HA-2, R-RE-5, R-RE-7): the steps as data,
the checks made before the service is asked, and the whole counter against the real account
service (HallRelationsFlow → HttpAccountClient → the service → SQLite and PostgreSQL with the
demo world: E1 北京示例科技 with 张三, 王五 and 陈小明; 李四 registered, unrelated)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS, DEMO_STAFF
from kiosk.domain.documents import DocumentType
from kiosk.flows.hall_relations import (
    TRANSITIONS,
    HallRelationsEvent,
    HallRelationsFlow,
    HallRelationsStep,
    next_step,
)
from kiosk.flows.machine import InvalidTransitionError
from kiosk.protocol.enterprise import (
    EnterpriseInfo,
    RelationOrigin,
    RelationState,
    Role,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.relations import AddPersonRequest, Member, People
from kiosk.services.http_client import HttpAccountClient

Step, Event = HallRelationsStep, HallRelationsEvent
E1 = DEMO_ENTERPRISE.code
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
STAFF = DEMO_STAFF[0]


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


# -- the machine, with a scripted service ---------------------------------------------------


def member(relation_id: str, role: Role, state: RelationState, name: str = "李*") -> Member:
    return Member(
        relation_id=relation_id,
        name_masked=name,
        document_masked="110***********6528",
        registered=True,
        role=role,
        state=state,
        origin=RelationOrigin.HALL,
    )


@dataclass
class ScriptedHall:
    """Answers as the service would; ``refuse`` makes the next call of that name fail."""

    members: list[Member] = field(default_factory=list)
    refuse: dict[str, ErrorCode] = field(default_factory=dict)
    calls: list[tuple[str, str, str]] = field(default_factory=list)

    def _people(self) -> People:
        return People(
            enterprise=EnterpriseInfo(code=E1, name="北京示例科技"), members=tuple(self.members)
        )

    def _check(self, name: str) -> None:
        code = self.refuse.pop(name, None)
        if code is not None:
            raise UserError(code)

    def hall_enterprise(self, staff_token: str, enterprise_code: str) -> People:
        self.calls.append(("show", staff_token, enterprise_code))
        self._check("show")
        return self._people()

    def hall_add_person(
        self, staff_token: str, enterprise_code: str, person: AddPersonRequest
    ) -> People:
        self.calls.append(("add", staff_token, enterprise_code))
        self._check("add")
        self.members.append(member("9", person.role, RelationState.PENDING))
        return self._people()

    def hall_end_relation(self, staff_token: str, enterprise_code: str, relation_id: str) -> People:
        self.calls.append(("end", staff_token, relation_id))
        self._check("end")
        self.members = [m for m in self.members if m.relation_id != relation_id]
        return self._people()


def test_R_HA_2_every_outcome_is_a_step_and_the_table_is_data() -> None:
    assert {step for step, _event in TRANSITIONS} | set(TRANSITIONS.values()) == set(Step)
    assert next_step(Step.SEARCH, Event.FOUND) is Step.SHOWN
    assert next_step(Step.ADD, Event.ADDED) is Step.ADDED
    assert next_step(Step.ENDED, Event.END) is Step.CONFIRM_END
    assert next_step(Step.CONFIRM_END, Event.CHANGED) is Step.SHOWN
    with pytest.raises(InvalidTransitionError):
        next_step(Step.SEARCH, Event.ADD)


def test_R_HA_2_a_code_that_cannot_be_one_costs_no_round_trip() -> None:
    api = ScriptedHall()
    flow = HallRelationsFlow(api, "token")
    assert error_of(flow.look_up("")).code is ErrorCode.FIELD_REQUIRED
    assert error_of(flow.look_up("91110108MA01C3LX6X")).code is ErrorCode.ENTERPRISE_CODE_INVALID
    assert api.calls == [] and flow.step is Step.SEARCH
    assert flow.look_up(" 91110108ma01c3lx6h ").ok  # normalized: capitals, no spaces
    assert api.calls == [("show", "token", E1)] and flow.step is Step.SHOWN


def test_R_HA_2_add_checks_the_document_name_and_role_here_first() -> None:
    api = ScriptedHall()
    flow = HallRelationsFlow(api, "token")
    flow.look_up(E1)
    assert flow.start_add().step is Step.ADD
    resident = DocumentType.RESIDENT_ID
    assert error_of(flow.add(resident, "110101199003076529", "李四", Role.TAX_HANDLER)).code in (
        ErrorCode.VALIDATION_ERROR,
    )
    assert error_of(flow.add(resident, LI.document_number, " ", Role.TAX_HANDLER)).code is (
        ErrorCode.FIELD_REQUIRED
    )
    refused = flow.add(resident, LI.document_number, "李四", Role.FINANCE_HEAD)
    assert error_of(refused).code is ErrorCode.RELATION_ROLE_NOT_ONLINE
    assert [c for c in api.calls if c[0] == "add"] == [] and flow.step is Step.ADD
    added = flow.add(resident, LI.document_number, "李四", Role.INVOICER)
    assert added.ok and added.step is Step.ADDED
    assert flow.state.added is not None and flow.state.added.role is Role.INVOICER


def test_R_HA_2_a_relation_changed_meanwhile_shows_the_fresh_list_with_the_reason() -> None:
    api = ScriptedHall(members=[member("5", Role.TAX_HANDLER, RelationState.PENDING)])
    flow = HallRelationsFlow(api, "token")
    flow.look_up(E1)
    assert flow.ask_end("5").step is Step.CONFIRM_END
    api.refuse["end"] = ErrorCode.RELATION_CHANGED
    api.members = [member("5", Role.TAX_HANDLER, RelationState.BOUND)]  # confirmed meanwhile
    result = flow.end()
    assert not result.ok and result.step is Step.SHOWN and flow.step is Step.SHOWN
    assert error_of(result).code is ErrorCode.RELATION_CHANGED
    assert flow.state.people is not None
    assert flow.state.people.members[0].state is RelationState.BOUND
    # another refusal stays on the confirmation
    flow.ask_end("5")
    api.refuse["end"] = ErrorCode.SESSION_INVALID
    assert error_of(flow.end()).code is ErrorCode.SESSION_INVALID
    assert flow.step is Step.CONFIRM_END
    assert flow.back().step is Step.SHOWN and flow.state.chosen is None
    assert flow.back().step is Step.SEARCH and flow.state.people is None


def test_actions_of_another_step_are_programming_errors() -> None:
    flow = HallRelationsFlow(ScriptedHall(), "token")
    with pytest.raises(InvalidTransitionError):
        flow.end()
    with pytest.raises(InvalidTransitionError):
        flow.start_add()
    flow.look_up(E1)
    with pytest.raises(InvalidTransitionError):
        flow.look_up(E1)
    flow.wipe()
    assert flow.step is Step.SEARCH and flow.state.people is None


# -- the counter against the real service ---------------------------------------------------


@pytest.fixture
def staff_token(kiosk_api: HttpAccountClient) -> str:
    return kiosk_api.staff_login(STAFF.staff_no, STAFF.password).staff_token


def test_R_HA_2_staff_see_an_enterprises_people_masked(
    kiosk_api: HttpAccountClient, staff_token: str
) -> None:
    flow = HallRelationsFlow(kiosk_api, staff_token)
    assert error_of(flow.look_up("91110108MA01C3LX7A")).code in (
        ErrorCode.ENTERPRISE_CODE_INVALID,
        ErrorCode.ENTERPRISE_NOT_FOUND,
    )
    assert flow.look_up(E1).step is Step.SHOWN
    people = flow.state.people
    assert people is not None and people.enterprise.code == E1
    shown = {(m.name_masked, Role(m.role), RelationState(m.state)) for m in people.members}
    assert ("张*", Role.LEGAL_REPRESENTATIVE, RelationState.BOUND) in shown
    assert ("王*", Role.FINANCE_HEAD, RelationState.PENDING) in shown
    assert all("*" in m.document_masked for m in people.members)
    assert ZHANG.document_number not in repr(people)


def test_R_HA_2_R_RE_7_staff_add_a_handler_and_end_it_again(
    kiosk_api: HttpAccountClient, staff_token: str
) -> None:
    flow = HallRelationsFlow(kiosk_api, staff_token)
    flow.look_up(E1)
    flow.start_add()
    resident = DocumentType.RESIDENT_ID
    refused = flow.add(resident, LI.document_number, "王四", Role.TAX_HANDLER)
    assert error_of(refused).code is ErrorCode.RELATION_PERSON_NOT_REGISTERED
    assert "该办税人员尚未注册" in error_of(refused).text(Lang.ZH)
    assert flow.add(resident, LI.document_number, "李四", Role.TAX_HANDLER).step is Step.ADDED
    added = flow.state.added
    assert added is not None
    assert (added.name_masked, added.state, added.origin) == (
        "李*",
        RelationState.PENDING,
        RelationOrigin.HALL,
    )
    flow.start_add()
    again = flow.add(resident, LI.document_number, "李四", Role.TAX_HANDLER)
    assert error_of(again).code is ErrorCode.RELATION_ALREADY_REQUESTED
    flow.back()
    assert flow.ask_end(added.relation_id).step is Step.CONFIRM_END
    assert flow.end().step is Step.ENDED
    people = flow.state.people
    assert people is not None
    assert added.relation_id not in {m.relation_id for m in people.members}
    # ending it again (from a list older than the last action) says it changed
    flow.state.people = People(enterprise=people.enterprise, members=(*people.members, added))
    flow.ask_end(added.relation_id)
    result = flow.end()
    assert error_of(result).code is ErrorCode.RELATION_CHANGED and flow.step is Step.SHOWN
    assert added.relation_id not in {m.relation_id for m in flow.state.people.members}


def test_R_HA_2_an_invalid_staff_token_is_refused(kiosk_api: HttpAccountClient) -> None:
    flow = HallRelationsFlow(kiosk_api, "not-a-token")
    assert error_of(flow.look_up(E1)).code is ErrorCode.SESSION_INVALID
