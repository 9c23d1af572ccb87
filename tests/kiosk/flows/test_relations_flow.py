"""企业授权管理 headless (issue 18; R-RE-3, R-RE-5, R-RE-7, R-RE-8): RelationsFlow →
HttpAccountClient → the real account service over HTTP with the real migrations and the demo
world (account_service.demo): 陈小明 has a pending tax handler authorization of E1 from the
core system (refusable), 王五 a pending finance head one (not refusable), 张三 is legal
representative and tax handler of E1 and legal representative of E2."""

from __future__ import annotations

import pytest

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE, DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from kiosk.flows.login import LoginFlow, LoginStep
from kiosk.flows.machine import InvalidTransitionError, StepResult
from kiosk.flows.relations import Done, RelationsFlow, RelationsStep
from kiosk.protocol.auth import Factor, LoggedIn
from kiosk.protocol.enterprise import RelationOrigin, RelationState, RelationView, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from tests.support.photos import photo_paths

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1, E2 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code
UNKNOWN = "91330106MA2H7K3P1N"  # a valid USCC the demo registry does not hold (yet)

Step = RelationsStep


@pytest.fixture
def login(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(
        kiosk_api, clock=lambda: manual_clock.now().timestamp(), factors_here=tuple(Factor)
    )


@pytest.fixture(scope="module")
def templates() -> dict[str, list[float]]:
    encoder = PhotoEncoder.load()
    return {name: encoder.encode_file(path) for name, path in photo_paths().items()}


def by_sms(
    login: LoginFlow, api: HttpAccountClient, person: DemoPerson, code: str | None = None
) -> LoggedIn:
    """自然人业务 (or 企业业务 with ``code``): password, then the SMS code."""
    assert login.submit_credentials(person.document_number, person.password, code).ok
    if login.step is LoginStep.CHOOSE_FACTOR:
        assert login.choose_factor(Factor.SMS).ok
    assert login.request_sms().ok
    assert person.phone is not None
    assert login.submit_code(api.sms_outbox(phone=person.phone, limit=1)[0].code).ok
    assert login.state.logged_in is not None
    return login.state.logged_in


def give_a_face(
    service: EmbeddedService, clock: ManualClock, person: DemoPerson, template: list[float]
) -> None:
    """The person's reference photo at the identity authority, for their face checks."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=person.name,
            document_type=person.document_type,
            document_number=person.document_number,
            face_template=template,
            now=clock.now(),
        )


def opened(api: HttpAccountClient, logged_in: LoggedIn, *, face_here: bool) -> RelationsFlow:
    flow = RelationsFlow(api, logged_in.session_token, face_here=face_here)
    assert flow.load().ok
    return flow


def error_of(result: StepResult[RelationsStep]) -> UserError:
    assert not result.ok and result.error is not None
    return result.error


def one(relations: tuple[RelationView, ...], code: str, role: Role) -> RelationView:
    return next(r for r in relations if r.enterprise.code == code and r.role == role)


def test_R_RE_5_R_RE_6_pending_confirmed_by_face_after_an_sms_login(
    login: LoginFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    templates: dict[str, list[float]],
) -> None:
    """陈小明 (SMS login): the screen opens at 待确认授权; 确认 asks his face; another face
    is refused and the step stays; his own confirms and the list lands at 已授权企业."""
    give_a_face(account_service, manual_clock, CHEN, templates["obama"])
    flow = opened(kiosk_api, by_sms(login, kiosk_api, CHEN), face_here=True)
    assert flow.step is Step.PENDING
    [pending] = flow.pending
    assert (pending.enterprise.code, pending.role) == (E1, Role.TAX_HANDLER)
    assert pending.origin is RelationOrigin.CORE_SYSTEM and pending.refusable
    assert pending.requested_at is not None
    assert flow.confirm_needs_face and flow.confirm_possible
    assert flow.confirm(pending).step is Step.FACE
    assert flow.back().step is Step.PENDING and flow.state.at_hand is None
    assert flow.confirm(pending).step is Step.FACE
    assert error_of(flow.submit_face(templates["biden"])).code is ErrorCode.FACE_MISMATCH
    assert flow.step is Step.FACE
    result = flow.submit_face(templates["obama2"])
    assert result.ok and result.step is Step.AUTHORIZED  # nothing left pending
    assert flow.state.done is Done.CONFIRMED and flow.state.done_about is not None
    bound = one(flow.authorized, E1, Role.TAX_HANDLER)
    assert bound.state is RelationState.BOUND and bound.since is not None
    assert not flow.pending


def test_R_RE_5_without_a_camera_a_confirmation_needing_one_is_not_offered(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow = opened(kiosk_api, by_sms(login, kiosk_api, CHEN), face_here=False)
    assert flow.confirm_needs_face and not flow.confirm_possible
    with pytest.raises(InvalidTransitionError):
        flow.confirm(flow.pending[0])  # the screen offers no 确认 here
    # The service agrees: no template, no confirmation.
    with pytest.raises(UserError) as refused:
        kiosk_api.confirm_relation(flow.state.session_token, flow.pending[0].relation_id)
    assert refused.value.code is ErrorCode.CONFIRM_FACE_REQUIRED


def test_R_RE_5_after_a_face_login_no_second_face_check(
    login: LoginFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    templates: dict[str, list[float]],
) -> None:
    give_a_face(account_service, manual_clock, CHEN, templates["obama"])
    assert login.submit_credentials(CHEN.document_number, CHEN.password).ok
    assert login.choose_factor(Factor.FACE).ok
    assert login.submit_face(templates["obama2"]).ok
    assert login.state.logged_in is not None
    flow = opened(kiosk_api, login.state.logged_in, face_here=False)
    assert not flow.confirm_needs_face and flow.confirm_possible
    assert flow.confirm(flow.pending[0]).step is Step.AUTHORIZED  # no face step
    assert one(flow.authorized, E1, Role.TAX_HANDLER).state is RelationState.BOUND


def test_R_RE_3_the_finance_head_cannot_refuse(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    """王五's pending finance head authorization: 拒绝 is refused before any question, and
    the service says the same."""
    flow = opened(kiosk_api, by_sms(login, kiosk_api, WANG), face_here=True)
    assert flow.step is Step.PENDING
    finance = one(flow.pending, E1, Role.FINANCE_HEAD)
    assert not finance.refusable
    assert error_of(flow.ask_refuse(finance)).code is ErrorCode.FINANCE_HEAD_CANNOT_REFUSE
    assert flow.step is Step.PENDING
    with pytest.raises(UserError) as refused:
        kiosk_api.refuse_relation(flow.state.session_token, finance.relation_id)
    assert refused.value.code is ErrorCode.FINANCE_HEAD_CANNOT_REFUSE


def test_R_RE_6_a_refusable_pending_is_refused_after_the_question(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow = opened(kiosk_api, by_sms(login, kiosk_api, CHEN), face_here=False)
    pending = flow.pending[0]
    assert flow.ask_refuse(pending).step is Step.CONFIRM_REFUSE
    assert flow.back().step is Step.PENDING  # Back changes nothing
    assert flow.pending == (pending,)
    assert flow.ask_refuse(pending).step is Step.CONFIRM_REFUSE
    result = flow.refuse()
    assert result.ok and result.step is Step.PENDING
    assert flow.state.done is Done.REFUSED
    assert flow.state.relations == ()  # an ended relation is not listed


def test_R_RE_5_apply_checked_then_withdrawn_and_still_listed(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    """申请企业授权: the code checked on the terminal, then by the service; the application
    listed as applied; 撤回 after the question; the withdrawn record stays (seed 004)."""
    flow = opened(kiosk_api, by_sms(login, kiosk_api, CHEN), face_here=False)
    assert flow.show(Step.APPLICATIONS).step is Step.APPLICATIONS
    assert flow.applications == ()
    assert flow.start_apply().step is Step.APPLY
    assert error_of(flow.apply("", Role.INVOICER)).code is ErrorCode.FIELD_REQUIRED
    bad = E2[:-1] + ("0" if E2[-1] != "0" else "1")  # the check character wrong
    assert error_of(flow.apply(bad, Role.INVOICER)).code is ErrorCode.ENTERPRISE_CODE_INVALID
    assert error_of(flow.apply(E2, None)).code is ErrorCode.FIELD_REQUIRED
    assert error_of(flow.apply(UNKNOWN, Role.INVOICER)).code is ErrorCode.ENTERPRISE_NOT_FOUND
    assert flow.step is Step.APPLY
    assert (flow.state.apply_code, flow.state.apply_role) == (UNKNOWN, Role.INVOICER)
    result = flow.apply(E2.lower(), Role.INVOICER)  # typed in lower case: normalized
    assert result.ok and result.step is Step.APPLICATIONS
    assert flow.state.done is Done.APPLIED
    about = flow.state.done_about
    assert about is not None and about.enterprise.code == E2
    [applied] = flow.applications
    assert applied.state is RelationState.APPLIED and applied.role is Role.INVOICER

    # The same again: already waiting.
    assert flow.start_apply().ok
    again = error_of(flow.apply(E2, Role.INVOICER))
    assert again.code is ErrorCode.RELATION_ALREADY_REQUESTED
    assert flow.back().step is Step.APPLICATIONS

    assert flow.ask_withdraw(applied).step is Step.CONFIRM_WITHDRAW
    result = flow.withdraw()
    assert result.ok and result.step is Step.APPLICATIONS
    assert flow.state.done is Done.WITHDRAWN
    [withdrawn] = flow.applications
    assert withdrawn.relation_id == applied.relation_id
    assert withdrawn.state is RelationState.WITHDRAWN
    with pytest.raises(InvalidTransitionError):
        flow.ask_withdraw(withdrawn)  # only an applied one offers 撤回


def test_R_RE_5_a_relation_changed_meanwhile_re_reads_the_list(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    """Withdrawn at another terminal while the question is open: RELATION_CHANGED, back at
    the applications, the list as it is now."""
    flow = opened(kiosk_api, by_sms(login, kiosk_api, CHEN), face_here=False)
    flow.show(Step.APPLICATIONS)
    flow.start_apply()
    assert flow.apply(E2, Role.TAX_HANDLER).ok
    [applied] = flow.applications
    assert flow.ask_withdraw(applied).step is Step.CONFIRM_WITHDRAW
    kiosk_api.withdraw_application(flow.state.session_token, applied.relation_id)
    assert error_of(flow.withdraw()).code is ErrorCode.RELATION_CHANGED
    assert flow.step is Step.APPLICATIONS
    assert flow.applications[0].state is RelationState.WITHDRAWN


def test_R_RE_7_a_handler_deletes_the_enterprise_after_the_question(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    """张三 (自然人业务): 已授权企业 lists his three roles; the legal representative's is not
    deleted here; the tax handler's is, after the question; the login goes on."""
    flow = opened(kiosk_api, by_sms(login, kiosk_api, ZHANG), face_here=False)
    assert flow.step is Step.AUTHORIZED  # nothing pending
    assert [(r.enterprise.code, r.role) for r in flow.authorized] == [
        (E1, Role.LEGAL_REPRESENTATIVE),
        (E1, Role.TAX_HANDLER),
        (E2, Role.LEGAL_REPRESENTATIVE),
    ]
    legal = one(flow.authorized, E1, Role.LEGAL_REPRESENTATIVE)
    assert not flow.removable(legal)
    assert error_of(flow.ask_remove(legal)).code is ErrorCode.RELATION_ROLE_NOT_ONLINE
    handler = one(flow.authorized, E1, Role.TAX_HANDLER)
    assert flow.removable(handler) and not flow.ends_this_login(handler)
    assert flow.ask_remove(handler).step is Step.CONFIRM_REMOVE
    assert flow.back().step is Step.AUTHORIZED
    assert flow.ask_remove(handler).step is Step.CONFIRM_REMOVE
    result = flow.remove()
    assert result.ok and result.step is Step.AUTHORIZED
    assert flow.state.done is Done.REMOVED
    assert (E1, Role.TAX_HANDLER) not in [(r.enterprise.code, r.role) for r in flow.authorized]
    assert flow.sync().ok and flow.state.done is Done.SYNCED  # the login goes on


def test_R_RE_7_deleting_the_role_this_login_acts_in_ends_the_login(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    """张三 logged in to E1 as its tax handler deletes that role: the service ends the
    login with it, and the flow says so (LOGIN_ENDED)."""
    logged_in = by_sms(login, kiosk_api, ZHANG, E1)
    token = logged_in.session_token
    kiosk_api.choose_role(token, Role.TAX_HANDLER)
    flow = opened(kiosk_api, logged_in, face_here=False)
    handler = one(flow.authorized, E1, Role.TAX_HANDLER)
    assert flow.ends_this_login(handler)
    assert not flow.ends_this_login(one(flow.authorized, E2, Role.LEGAL_REPRESENTATIVE))
    assert flow.ask_remove(handler).ok
    result = flow.remove()
    assert result.ok and result.step is Step.LOGIN_ENDED
    with pytest.raises(UserError) as ended:
        kiosk_api.sync_relations(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID


def test_R_RE_8_sections_switch_and_a_wipe_forgets(
    login: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow = opened(kiosk_api, by_sms(login, kiosk_api, WANG), face_here=True)
    assert flow.step is Step.PENDING
    assert flow.show(Step.AUTHORIZED).step is Step.AUTHORIZED
    assert {r.enterprise.code for r in flow.authorized} >= {E2}
    with pytest.raises(InvalidTransitionError):
        flow.show(Step.FACE)  # not a section
    assert flow.sync().ok and flow.state.synced
    flow.wipe()
    assert flow.state.relations == () and not flow.state.session_token
    assert error_of(flow.sync()).code is ErrorCode.SESSION_INVALID
