"""人员权限管理 (R-RE-4, R-RE-5, R-RE-7) headless: PeopleFlow → HttpAccountClient → the real
account service over HTTP, on the demo world (account_service/demo.py): 张三 legal
representative (registration data) and tax handler (added at the hall) of 北京示例科技;
王五 its pending finance head (tax registration), 陈小明 its pending tax handler (core
system); 李四 registered with no relation."""

from __future__ import annotations

from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS
from kiosk.domain.documents import DocumentType
from kiosk.domain.id_numbers import resident_id_check_char
from kiosk.flows.people import PeopleDone, PeopleFlow, PeopleStep, removable
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Entry, RelationOrigin, RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang, message_for
from kiosk.protocol.relations import AddPersonRequest, Member, People
from kiosk.services.http_client import HttpAccountClient
from tests.support.signed_client import SignedClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1 = DEMO_ENTERPRISE.code
# A well-formed resident ID nobody registered.
NOBODY = "11010119800101003" + resident_id_check_char("11010119800101003")


def login(
    api: HttpAccountClient,
    signed: SignedClient,
    who: str,
    code: str | None = E1,
    role: Role | None = Role.LEGAL_REPRESENTATIVE,
) -> str:
    """企业业务 (``code``) or 自然人业务 (None) over HTTP; the session token."""
    person = {"张三": ZHANG, "陈小明": CHEN}[who]
    assert person.phone is not None
    accepted = api.start_login(person.document_number, person.password, code)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(accepted.attempt_id, signed.outbox_code(person.phone))
    assert isinstance(answer, LoggedIn)
    if code is not None:
        assert answer.acting is not None and answer.acting.entry is Entry.ENTERPRISE
        if role is not None and answer.acting.role is None:
            api.choose_role(answer.session_token, role)
    return answer.session_token


def loaded(api: HttpAccountClient, token: str) -> PeopleFlow:
    flow = PeopleFlow(api, token)
    result = flow.load()
    assert result.ok, result.error
    assert flow.step is PeopleStep.LIST
    return flow


def member(flow: PeopleFlow, name: str, role: Role, state: RelationState) -> Member:
    return next(
        m
        for m in flow.state.members
        if m.name_masked.startswith(name[0]) and m.role == role and m.state == state
    )


def add(flow: PeopleFlow, number: str, name: str, role: Role = Role.TAX_HANDLER) -> None:
    assert flow.open_add().step is PeopleStep.ADD
    result = flow.add(DocumentType.RESIDENT_ID, number, name, role)
    assert result.ok, result.error


def test_R_RE_4_another_role_is_told_why_not(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    token = login(kiosk_api, signed_client, "张三", role=Role.TAX_HANDLER)
    flow = PeopleFlow(kiosk_api, token)
    result = flow.load()
    assert result.ok and result.step is PeopleStep.NOT_ALLOWED
    refusal = flow.state.refusal
    assert refusal is not None and refusal.code is ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED
    assert refusal.rule == "R-RE-4"
    assert "仅法定代表人、财务负责人有权限" in message_for(refusal.code).render(Lang.ZH)
    assert flow.state.members == ()


def test_R_RE_4_the_legal_representative_sees_the_sections(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    people = flow.state.people
    assert people is not None and people.enterprise.code == E1
    assert [(m.name_masked, m.role, m.origin) for m in flow.state.bound] == [
        ("张*", Role.LEGAL_REPRESENTATIVE, RelationOrigin.REGISTRATION_DATA),
        ("张*", Role.TAX_HANDLER, RelationOrigin.HALL),
    ]
    assert [(m.name_masked, m.role) for m in flow.state.pending] == [
        ("王*", Role.FINANCE_HEAD),
        ("陈**", Role.TAX_HANDLER),
    ]
    assert flow.state.applied == ()
    # 删除 is offered for handlers and invoicers only, hall-added ones too (R-RE-7).
    assert [removable(m) for m in flow.state.bound] == [False, True]


def test_R_RE_5_a_person_not_registered_is_named_so_with_what_to_tell_them(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    flow.open_add()
    result = flow.add(DocumentType.RESIDENT_ID, NOBODY, "赵七", Role.TAX_HANDLER)
    assert not result.ok and flow.step is PeopleStep.ADD
    assert result.error is not None
    assert result.error.code is ErrorCode.RELATION_PERSON_NOT_REGISTERED
    text = message_for(result.error.code).render(Lang.ZH)
    assert text.startswith("该办税人员尚未注册") and "用户注册" in text
    # A registered number with another name answers the same: the number alone tells nothing.
    result = flow.add(DocumentType.RESIDENT_ID, LI.document_number, "李五", Role.TAX_HANDLER)
    assert result.error is not None
    assert result.error.code is ErrorCode.RELATION_PERSON_NOT_REGISTERED
    assert flow.back().step is PeopleStep.LIST


def test_R_RE_5_local_checks_cost_no_round_trip(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    flow.open_add()
    wrong = LI.document_number[:-1] + ("0" if LI.document_number[-1] != "0" else "1")
    for number, name, role, code in (
        ("", "李四", Role.TAX_HANDLER, ErrorCode.VALIDATION_ERROR),
        (wrong, "李四", Role.TAX_HANDLER, ErrorCode.VALIDATION_ERROR),
        (LI.document_number, " ", Role.TAX_HANDLER, ErrorCode.VALIDATION_ERROR),
        (LI.document_number, "li4", Role.TAX_HANDLER, ErrorCode.VALIDATION_ERROR),
        (LI.document_number, "李四", Role.FINANCE_HEAD, ErrorCode.RELATION_ROLE_NOT_ONLINE),
    ):
        result = flow.add(DocumentType.RESIDENT_ID, number, name, role)
        assert result.error is not None and result.error.code is code, (number, name, role)
        assert flow.step is PeopleStep.ADD
    assert flow.state.pending == loaded(kiosk_api, flow.state.session_token).state.pending


def test_R_RE_5_R_RE_7_add_waits_for_the_person_and_withdraw_takes_it_back(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    add(flow, LI.document_number, "李四")
    assert flow.step is PeopleStep.LIST and flow.state.done is PeopleDone.ADDED
    assert flow.state.added_role is Role.TAX_HANDLER
    li = member(flow, "李四", Role.TAX_HANDLER, RelationState.PENDING)
    assert li.origin == RelationOrigin.ACCOUNT_CENTER and li.registered
    assert li.document_masked.endswith(LI.document_number[-4:])

    # Asked again while it waits: the catalog says so, and the form stays.
    flow.open_add()
    again = flow.add(DocumentType.RESIDENT_ID, LI.document_number, "李四", Role.TAX_HANDLER)
    assert again.error is not None and again.error.code is ErrorCode.RELATION_ALREADY_REQUESTED
    assert flow.step is PeopleStep.ADD
    flow.back()

    result = flow.withdraw(li)
    assert result.ok and flow.state.done is PeopleDone.WITHDRAWN
    assert all(m.relation_id != li.relation_id for m in flow.state.members)


def test_R_RE_7_an_addition_not_made_online_cannot_be_withdrawn_here(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    chen = member(flow, "陈小明", Role.TAX_HANDLER, RelationState.PENDING)
    result = flow.withdraw(chen)
    assert not result.ok and flow.step is PeopleStep.LIST and flow.state.done is None
    assert result.error is not None
    assert result.error.code is ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE
    assert result.error.rule == "R-RE-7"
    text = message_for(result.error.code).render(Lang.ZH)
    assert text.startswith("该纳税人不可以撤回，请到大厅办理")
    assert chen in flow.state.pending


def test_R_RE_5_R_RE_7_applications_declined_approved_then_deleted_after_asking(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    chen_token = login(kiosk_api, signed_client, "陈小明", code=None)
    kiosk_api.apply_relation(chen_token, E1, Role.INVOICER)
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    application = member(flow, "陈小明", Role.INVOICER, RelationState.APPLIED)
    assert flow.decline(application).ok and flow.state.done is PeopleDone.DECLINED
    assert flow.state.applied == ()

    kiosk_api.apply_relation(chen_token, E1, Role.INVOICER)
    flow.load()
    application = member(flow, "陈小明", Role.INVOICER, RelationState.APPLIED)
    assert flow.approve(application).ok and flow.state.done is PeopleDone.APPROVED
    invoicer = member(flow, "陈小明", Role.INVOICER, RelationState.BOUND)
    assert invoicer.since is not None and removable(invoicer)

    # 删除 asks first; keeping changes nothing.
    assert flow.ask_remove(invoicer).step is PeopleStep.CONFIRM_REMOVE
    assert flow.state.chosen == invoicer
    assert flow.keep().step is PeopleStep.LIST and flow.state.chosen is None
    assert invoicer in flow.state.bound
    flow.ask_remove(invoicer)
    result = flow.remove()
    assert result.ok and flow.step is PeopleStep.LIST
    assert flow.state.done is PeopleDone.REMOVED
    assert invoicer.relation_id not in {m.relation_id for m in flow.state.members}


def test_R_RE_4_the_legal_representative_is_not_offered_for_deletion_a_handler_role_is(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    legal = member(flow, "张三", Role.LEGAL_REPRESENTATIVE, RelationState.BOUND)
    result = flow.ask_remove(legal)
    assert result.error is not None and result.error.code is ErrorCode.RELATION_ROLE_NOT_ONLINE
    assert flow.step is PeopleStep.LIST
    # A manager's own handler role is a handler's like any other: deleted, the legal
    # representative's relation stays.
    own = member(flow, "张三", Role.TAX_HANDLER, RelationState.BOUND)
    flow.ask_remove(own)
    result = flow.remove()
    assert result.ok and flow.step is PeopleStep.LIST
    assert own not in flow.state.bound and legal in flow.state.bound


def test_R_RE_5_a_relation_changed_elsewhere_reloads_the_list(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    token = login(kiosk_api, signed_client, "张三")
    first = loaded(kiosk_api, token)
    add(first, LI.document_number, "李四")
    second = loaded(kiosk_api, token)
    li = member(second, "李四", Role.TAX_HANDLER, RelationState.PENDING)
    assert first.withdraw(li).ok
    result = second.withdraw(li)
    assert result.error is not None and result.error.code is ErrorCode.RELATION_CHANGED
    assert li not in second.state.pending  # read afresh before the error is shown


class _Refusing:
    """A service whose every people call refuses with ``code`` (the role ended meanwhile)."""

    def __init__(self, code: ErrorCode) -> None:
        self.code = code

    def people(self, session_token: str) -> People:
        raise UserError(self.code)

    def add_person(self, session_token: str, person: AddPersonRequest) -> People:
        raise UserError(self.code)


def test_R_RE_4_a_role_ended_meanwhile_and_an_ended_session(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    flow.open_add()
    flow._api = _Refusing(ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED)  # type: ignore[assignment]
    result = flow.add(DocumentType.RESIDENT_ID, LI.document_number, "李四", Role.INVOICER)
    assert result.ok and flow.step is PeopleStep.NOT_ALLOWED
    assert flow.state.refusal is not None and flow.state.members == ()

    empty = PeopleFlow(kiosk_api, "")
    result = empty.load()
    assert result.error is not None and result.error.code is ErrorCode.SESSION_INVALID


def test_R_SE_1_wipe_forgets_everything(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    flow = loaded(kiosk_api, login(kiosk_api, signed_client, "张三"))
    flow.open_add()
    flow.wipe()
    assert flow.step is PeopleStep.LIST
    assert flow.state.session_token == "" and flow.state.people is None
    assert flow.state.done is None and flow.state.chosen is None
