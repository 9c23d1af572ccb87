"""The 企业业务 entry end to end (issue 17; R-EN-1, R-RE-1/3/5/6/8, R-QR-1): LoginFlow with
an enterprise code, then EnterpriseEntryFlow → HttpAccountClient → the real account service
over HTTP → SQLite and PostgreSQL with the real migrations and the demo world
(account_service.demo: E1 北京示例科技, E2 上海示例贸易, E3 王记便利店)."""

from __future__ import annotations

import pytest

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import (
    DEMO_CLIENT_ENTERPRISE,
    DEMO_ENTERPRISE,
    DEMO_INDIVIDUAL_BUSINESS,
    DEMO_PERSONS,
    DemoPerson,
)
from account_service.embedded import EmbeddedService
from kiosk.flows.enterprise_entry import EnterpriseEntryFlow, EntryStep, entry_needed
from kiosk.flows.login import LoginFlow, LoginStep
from kiosk.flows.machine import InvalidTransitionError
from kiosk.protocol.auth import Factor, LoggedIn, PasswordAccepted
from kiosk.protocol.enterprise import EnterpriseKind, Entry, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.protocol.qr import QrPurpose, TaxApp
from kiosk.services.http_client import HttpAccountClient
from tests.support.photos import photo_paths

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1, E2, E3 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code, DEMO_INDIVIDUAL_BUSINESS.code


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> LoginFlow:
    return LoginFlow(
        kiosk_api, clock=lambda: manual_clock.now().timestamp(), factors_here=tuple(Factor)
    )


@pytest.fixture
def entry(kiosk_api: HttpAccountClient) -> EnterpriseEntryFlow:
    return EnterpriseEntryFlow(kiosk_api, face_here=True)


@pytest.fixture(scope="module")
def templates() -> dict[str, list[float]]:
    encoder = PhotoEncoder.load()
    return {name: encoder.encode_file(path) for name, path in photo_paths().items()}


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


def by_sms(flow: LoginFlow, api: HttpAccountClient, person: DemoPerson, code: str) -> LoggedIn:
    """企业业务 with ``code``, the person's password, then the SMS code."""
    assert flow.submit_credentials(person.document_number, person.password, code).ok
    if flow.step is LoginStep.CHOOSE_FACTOR:
        assert flow.choose_factor(Factor.SMS).ok
    assert flow.step is LoginStep.SMS
    assert flow.request_sms().ok
    assert person.phone is not None
    sms = api.sms_outbox(phone=person.phone, limit=1)[0].code
    assert flow.submit_code(sms).ok
    assert flow.step is LoginStep.LOGGED_IN
    assert flow.state.logged_in is not None
    return flow.state.logged_in


def give_wang_a_face(service: EmbeddedService, clock: ManualClock, template: list[float]) -> None:
    """王五's reference photo at the identity authority (obama), for his face checks."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=WANG.name,
            document_type=WANG.document_type,
            document_number=WANG.document_number,
            face_template=template,
            now=clock.now(),
        )


def test_R_EN_1_one_role_acts_for_the_enterprise_at_once(
    flow: LoginFlow, entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    """张三 in E2 (legal representative only): no step between the login and the home."""
    logged_in = by_sms(flow, kiosk_api, ZHANG, E2.lower())  # typed in lower case: normalized
    assert flow.enterprise
    assert not entry_needed(logged_in)
    assert entry.begin(logged_in).step is EntryStep.ACTING
    acting = entry.logged_in.acting
    assert acting is not None
    assert acting.entry is Entry.ENTERPRISE
    assert acting.enterprise is not None and acting.enterprise.name == DEMO_CLIENT_ENTERPRISE.name
    assert acting.role is Role.LEGAL_REPRESENTATIVE
    assert acting.scope  # what the role may do (R-RE-9)


def test_R_EN_1_individual_business_by_its_taxpayer_id(
    flow: LoginFlow, entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    """王五 in E3, a 个体工商户 known by its 15-character taxpayer id only (R-ID-5)."""
    logged_in = by_sms(flow, kiosk_api, WANG, E3)
    assert entry.begin(logged_in).step is EntryStep.ACTING
    acting = entry.logged_in.acting
    assert acting is not None and acting.enterprise is not None
    assert acting.enterprise.kind is EnterpriseKind.INDIVIDUAL_BUSINESS
    assert acting.role is Role.LEGAL_REPRESENTATIVE


def test_R_RE_1_two_roles_the_person_chooses(
    flow: LoginFlow, entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    """张三 in E1: legal representative and tax handler, so he picks; the service agrees."""
    logged_in = by_sms(flow, kiosk_api, ZHANG, E1)
    assert entry_needed(logged_in)
    assert entry.begin(logged_in).step is EntryStep.CHOOSE_ROLE
    assert set(entry.roles) == {Role.LEGAL_REPRESENTATIVE, Role.TAX_HANDLER}
    assert not entry.can_go_back  # nothing pending to go back to; the session exists
    with pytest.raises(InvalidTransitionError):
        entry.choose_role(Role.FINANCE_HEAD)  # not offered: a programming error
    assert entry.choose_role(Role.TAX_HANDLER).step is EntryStep.ACTING
    token = entry.logged_in.session_token
    assert kiosk_api.acting(token).role is Role.TAX_HANDLER
    assert entry.logged_in.acting is not None
    assert entry.logged_in.acting.role is Role.TAX_HANDLER
    entry.wipe()
    assert entry.step is EntryStep.NEW and entry.state.logged_in is None


def test_R_RE_8_no_relation_says_the_ways_out(flow: LoginFlow) -> None:
    """李四 has no relation anywhere: refused once the password is right, on a step of its
    own with the seeds' text and its ways out; back keeps what was typed."""
    result = flow.submit_credentials(LI.document_number, LI.password, E1)
    assert result.ok and flow.step is LoginStep.NO_RELATION
    error = flow.state.no_relation
    assert error is not None and error.code is ErrorCode.ENTERPRISE_NO_RELATION
    assert error.rule == "R-RE-8"
    assert "未查询到您与该企业的关联关系信息" in error.text(Lang.ZH)
    assert "同步数据" in error.text(Lang.ZH)
    assert flow.back().ok and flow.step is LoginStep.CREDENTIALS
    assert (flow.state.identifier, flow.state.enterprise_code) == (LI.document_number, E1)


class _CountingApi:
    """The real client, counting the password tries that reach the service."""

    def __init__(self, api: HttpAccountClient) -> None:
        self.api = api
        self.calls = 0

    def start_login(
        self, identifier: str, password: str, enterprise_code: str | None = None
    ) -> PasswordAccepted:
        self.calls += 1
        return self.api.start_login(identifier, password, enterprise_code)

    def __getattr__(self, name: str) -> object:
        return getattr(self.api, name)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", ErrorCode.FIELD_REQUIRED),
        ("91110108MA01C3LX6X", ErrorCode.ENTERPRISE_CODE_INVALID),  # wrong check character
        ("9111010", ErrorCode.ENTERPRISE_CODE_INVALID),  # too short
        ("91110108MA01C3LX6H-", ErrorCode.ENTERPRISE_CODE_INVALID),  # not a code character
    ],
)
def test_R_ID_5_enterprise_code_checked_on_the_terminal(
    kiosk_api: HttpAccountClient, code: str, expected: ErrorCode
) -> None:
    """A typo in the code costs no round trip and no counted password try."""
    counting = _CountingApi(kiosk_api)
    flow = LoginFlow(counting)  # type: ignore[arg-type]  # the client's stand-in
    error = error_of(flow.submit_credentials(ZHANG.document_number, ZHANG.password, code))
    assert error.code is expected
    assert counting.calls == 0
    assert flow.step is LoginStep.CREDENTIALS
    assert flow.submit_credentials(ZHANG.document_number, ZHANG.password, E1).ok
    assert counting.calls == 1


def test_R_EN_1_back_and_new_attempt_keep_the_enterprise_code(
    flow: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.submit_credentials(ZHANG.document_number, ZHANG.password, E1).ok
    flow.back()  # from the factor choice (or the SMS step) toward the password
    if flow.step is not LoginStep.CREDENTIALS:
        flow.back()
    assert flow.step is LoginStep.CREDENTIALS
    assert flow.state.enterprise_code == E1
    assert flow.enterprise


def test_R_RE_3_R_RE_5_finance_head_confirms_by_face_and_cannot_refuse(
    flow: LoginFlow,
    entry: EnterpriseEntryFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    templates: dict[str, list[float]],
) -> None:
    """王五 in E1 after an SMS login: the pending finance head is confirmed by a face check
    (another face is refused and the step stays); refusing is refused by the service."""
    give_wang_a_face(account_service, manual_clock, templates["obama"])
    logged_in = by_sms(flow, kiosk_api, WANG, E1)
    assert entry.begin(logged_in).step is EntryStep.CONFIRM_PENDING
    pending = entry.at_hand
    assert pending is not None
    assert pending.role is Role.FINANCE_HEAD and not pending.refusable
    assert entry.confirm_possible
    refused = entry.refuse()  # the screen never offers it; the service says why
    assert error_of(refused).code is ErrorCode.FINANCE_HEAD_CANNOT_REFUSE
    assert entry.step is EntryStep.CONFIRM_PENDING
    assert entry.confirm().step is EntryStep.CONFIRM_FACE  # the SMS login: a face is needed
    assert entry.back().step is EntryStep.CONFIRM_PENDING
    assert entry.confirm().step is EntryStep.CONFIRM_FACE
    mismatch = entry.submit_face(templates["biden"])
    assert error_of(mismatch).code is ErrorCode.FACE_MISMATCH
    assert entry.step is EntryStep.CONFIRM_FACE
    assert entry.submit_face(templates["obama2"]).step is EntryStep.ACTING
    acting = entry.logged_in.acting
    assert acting is not None and acting.role is Role.FINANCE_HEAD and not acting.pending
    assert kiosk_api.acting(entry.logged_in.session_token).role is Role.FINANCE_HEAD


def test_R_RE_5_after_a_face_login_no_second_face_check(
    flow: LoginFlow,
    entry: EnterpriseEntryFlow,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    templates: dict[str, list[float]],
) -> None:
    give_wang_a_face(account_service, manual_clock, templates["obama"])
    assert flow.submit_credentials(WANG.document_number, WANG.password, E1).ok
    assert flow.choose_factor(Factor.FACE).ok
    assert flow.submit_face(templates["obama2"]).ok
    assert flow.state.logged_in is not None
    assert entry.begin(flow.state.logged_in).step is EntryStep.CONFIRM_PENDING
    acting = entry.logged_in.acting
    assert acting is not None and not acting.confirm_needs_face
    assert entry.confirm().step is EntryStep.ACTING  # no face step
    assert entry.logged_in.acting is not None
    assert entry.logged_in.acting.role is Role.FINANCE_HEAD


def test_R_RE_5_without_a_camera_a_confirmation_needing_one_waits(
    flow: LoginFlow, kiosk_api: HttpAccountClient
) -> None:
    entry = EnterpriseEntryFlow(kiosk_api, face_here=False)
    logged_in = by_sms(flow, kiosk_api, WANG, E1)
    assert entry.begin(logged_in).step is EntryStep.CONFIRM_PENDING
    assert not entry.confirm_possible
    with pytest.raises(InvalidTransitionError):
        entry.confirm()
    assert entry.later().step is EntryStep.LEFT  # no role to act in yet: the session ends


def test_R_RE_6_core_system_handler_may_refuse_then_personal_business(
    flow: LoginFlow, entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    """陈小明, a handler registered in the core system: pending, refusable. Refused, he has
    nothing to act as in E1; he goes on in personal business (R-SW-1)."""
    logged_in = by_sms(flow, kiosk_api, CHEN, E1)
    assert entry.begin(logged_in).step is EntryStep.CONFIRM_PENDING
    pending = entry.at_hand
    assert pending is not None and pending.role is Role.TAX_HANDLER and pending.refusable
    assert entry.refuse().step is EntryStep.NO_ROLE
    relations = kiosk_api.sync_relations(entry.logged_in.session_token).relations
    assert all(r.state != "pending" for r in relations if r.enterprise.code == E1)
    assert entry.to_personal().step is EntryStep.ACTING
    acting = entry.logged_in.acting
    assert acting is not None and acting.entry is Entry.NATURAL_PERSON


def test_R_RE_6_not_now_with_no_role_leaves(
    flow: LoginFlow, entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    logged_in = by_sms(flow, kiosk_api, CHEN, E1)
    assert entry.begin(logged_in).step is EntryStep.CONFIRM_PENDING
    assert entry.later().step is EntryStep.LEFT
    # Still pending on the service: confirmed at a later visit or in the account center.
    assert kiosk_api.acting(logged_in.session_token).pending


def test_R_QR_1_enterprise_mode_scan_passes_through_the_same_steps(
    entry: EnterpriseEntryFlow, kiosk_api: HttpAccountClient
) -> None:
    """The tax app logged in for E1 as 张三 (the app logs in only a bound person): the session
    acts for E1 with no role yet; the same entry flow asks for the choice."""
    challenge = kiosk_api.start_qr(QrPurpose.LOGIN)
    kiosk_api.taxapp_scan(
        challenge.payload,
        app=TaxApp.ETAX,
        person_document_number=ZHANG.document_number,
        enterprise_uscc=DEMO_ENTERPRISE.uscc,
    )
    result = kiosk_api.poll_qr(challenge.challenge_id, 0).result
    assert isinstance(result, LoggedIn)
    assert entry_needed(result)
    assert entry.begin(result).step is EntryStep.CHOOSE_ROLE
    assert entry.choose_role(Role.LEGAL_REPRESENTATIVE).step is EntryStep.ACTING
