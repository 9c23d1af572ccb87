"""身份切换 (R-SW-1, R-AG-3) and 同步数据 (R-RE-8) headless: IdentitySwitchFlow and
RelationsFlow → HttpAccountClient → the real account service over HTTP, on the demo world
(account_service/demo.py): 张三 legal representative and tax handler of 北京示例科技 and
legal representative of 上海示例贸易; 王五 the agent of 上海示例贸易 and legal representative of
the 个体工商户 王记便利店, pending finance head of 北京示例科技."""

from __future__ import annotations

import json

import pytest

from account_service.clock import ManualClock
from account_service.demo import (
    DEMO_CLIENT_ENTERPRISE,
    DEMO_ENTERPRISE,
    DEMO_INDIVIDUAL_BUSINESS,
    DEMO_PERSONS,
)
from account_service.embedded import EmbeddedService
from account_service.enterprises.registry_import import import_registry
from kiosk.flows.identity_switch import (
    ChoiceKind,
    IdentityChoice,
    IdentitySwitchFlow,
    SwitchStep,
)
from kiosk.flows.relations import RelationsFlow
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Entry, RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from tests.support.signed_client import SignedClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
E1, E2, E3 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code, DEMO_INDIVIDUAL_BUSINESS.code
YUNFAN = "91330106MA2H7K3P1N"  # an enterprise the registry brings later (同步数据)


def enterprise_login(
    api: HttpAccountClient, signed: SignedClient, who: str, code: str, role: Role | None = None
) -> LoggedIn:
    """企业业务 over HTTP: password, SMS code, then the role when the person holds several."""
    person = ZHANG if who == "张三" else WANG
    assert person.phone is not None
    accepted = api.start_login(person.document_number, person.password, code)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(accepted.attempt_id, signed.outbox_code(person.phone))
    assert isinstance(answer, LoggedIn)
    assert answer.acting is not None and answer.acting.entry is Entry.ENTERPRISE
    if role is not None and answer.acting.role is None:
        acting = api.choose_role(answer.session_token, role)
        answer = answer.model_copy(update={"acting": acting})
    return answer


def loaded(api: HttpAccountClient, token: str) -> IdentitySwitchFlow:
    flow = IdentitySwitchFlow(api, token)
    result = flow.load()
    assert result.ok, result.error
    return flow


def pick(flow: IdentitySwitchFlow, kind: ChoiceKind, role: Role | None = None) -> IdentityChoice:
    return next(c for c in flow.state.choices if c.kind is kind and c.role is role)


def test_R_SW_1_the_list_has_roles_here_other_enterprises_and_personal_business(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = loaded(kiosk_api, login.session_token)
    assert flow.step is SwitchStep.CHOOSE
    assert flow.state.current is not None and flow.state.current.role is Role.LEGAL_REPRESENTATIVE
    listed = [
        (c.kind, c.enterprise.code if c.enterprise else None, c.role) for c in flow.state.choices
    ]
    assert listed == [
        (ChoiceKind.ROLE_HERE, E1, Role.TAX_HANDLER),
        (ChoiceKind.ENTERPRISE, E2, Role.LEGAL_REPRESENTATIVE),
        (ChoiceKind.PERSONAL, None, None),
    ]


def test_R_SW_1_switch_to_another_role_in_the_same_enterprise(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = loaded(kiosk_api, login.session_token)
    assert flow.choose(pick(flow, ChoiceKind.ROLE_HERE, Role.TAX_HANDLER)).ok
    assert flow.step is SwitchStep.CONFIRM
    assert flow.switch().ok
    assert flow.step is SwitchStep.DONE
    acting = flow.state.acting
    assert acting is not None and acting.enterprise is not None
    assert (acting.enterprise.code, acting.role) == (E1, Role.TAX_HANDLER)
    assert "发票领用和查询" in [item.zh for item in acting.scope]  # R-RE-9: the new scope
    # The same session, now acting as the tax handler (no new login).
    assert kiosk_api.acting(login.session_token) == acting


def test_R_SW_1_switch_to_another_related_enterprise_and_back(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = loaded(kiosk_api, login.session_token)
    assert flow.choose(pick(flow, ChoiceKind.ENTERPRISE, Role.LEGAL_REPRESENTATIVE)).ok
    assert flow.switch().ok
    acting = flow.state.acting
    assert acting is not None and acting.enterprise is not None
    assert (acting.enterprise.code, acting.enterprise.name) == (E2, "上海示例贸易有限公司")
    assert acting.role is Role.LEGAL_REPRESENTATIVE

    # From there, 北京示例科技 is the other enterprise, in both of 张三's roles.
    again = loaded(kiosk_api, login.session_token)
    assert [(c.enterprise.code if c.enterprise else None, c.role) for c in again.state.choices][
        :2
    ] == [(E1, Role.LEGAL_REPRESENTATIVE), (E1, Role.TAX_HANDLER)]


def test_R_SW_1_personal_business_and_never_back_to_an_enterprise(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = loaded(kiosk_api, login.session_token)
    assert flow.choose(pick(flow, ChoiceKind.PERSONAL)).ok
    assert flow.switch().ok
    acting = flow.state.acting
    assert acting is not None
    assert (acting.entry, acting.enterprise, acting.role) == (Entry.NATURAL_PERSON, None, None)

    # The list is refused now, in the catalog's words, and so is a direct attempt.
    refused = IdentitySwitchFlow(kiosk_api, login.session_token).load()
    assert not refused.ok and refused.error is not None
    assert refused.error.code is ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE
    with pytest.raises(UserError) as refusal:
        kiosk_api.switch_identity(login.session_token, E1, Role.LEGAL_REPRESENTATIVE)
    assert refusal.value.code is ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE


def test_a_refused_switch_is_a_flow_result_and_the_step_stays(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    """The session moved to personal business elsewhere (another tab of the same session)
    between the list and the confirmation: the switch is refused, the flow stays."""
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = loaded(kiosk_api, login.session_token)
    assert flow.choose(pick(flow, ChoiceKind.ENTERPRISE, Role.LEGAL_REPRESENTATIVE)).ok
    kiosk_api.switch_identity(login.session_token, None, None)
    result = flow.switch()
    assert not result.ok and result.error is not None
    assert result.error.code is ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE
    assert flow.step is SwitchStep.CONFIRM
    assert flow.back().ok and flow.step is SwitchStep.CHOOSE
    # A choice that is not on the list is refused before anything is asked.
    stranger = IdentityChoice(ChoiceKind.ENTERPRISE, None, Role.INVOICER)
    result = flow.choose(stranger)
    assert not result.ok and result.error is not None
    assert result.error.code is ErrorCode.ROLE_NOT_HELD


def test_R_AG_3_an_agent_in_through_the_enterprise_entry_sees_no_other_client(
    kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    """王五 is the agent of 上海示例贸易 and runs 王记便利店: from the 个体工商户 the client
    is not offered, and asking for it is refused (R-AG-3); pending roles are not offered."""
    login = enterprise_login(kiosk_api, signed_client, "王五", E3)
    assert login.acting is not None and login.acting.role is Role.LEGAL_REPRESENTATIVE
    flow = loaded(kiosk_api, login.session_token)
    assert [(c.kind, c.enterprise.code if c.enterprise else None) for c in flow.state.choices] == [
        (ChoiceKind.PERSONAL, None)
    ]  # not 上海示例贸易 (agent only), not 北京示例科技 (finance head, pending)
    with pytest.raises(UserError) as refusal:
        kiosk_api.switch_identity(login.session_token, E2, None)
    assert refusal.value.code is ErrorCode.SWITCH_TO_OTHER_CLIENT

    # In through the client's code as its agent: the 个体工商户 he runs is reachable.
    agent = enterprise_login(kiosk_api, signed_client, "王五", E2)
    assert agent.acting is not None and agent.acting.as_agent
    flow = loaded(kiosk_api, agent.session_token)
    assert [(c.kind, c.enterprise.code if c.enterprise else None) for c in flow.state.choices] == [
        (ChoiceKind.ENTERPRISE, E3),
        (ChoiceKind.PERSONAL, None),
    ]
    assert flow.choose(flow.state.choices[0]).ok
    assert flow.switch().ok
    acting = flow.state.acting
    assert acting is not None and acting.enterprise is not None
    assert acting.enterprise.code == E3 and not acting.as_agent


def test_R_RE_8_sync_reads_the_relations_the_registry_holds_now(
    kiosk_api: HttpAccountClient,
    signed_client: SignedClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
) -> None:
    login = enterprise_login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    flow = RelationsFlow(kiosk_api, login.session_token)
    assert flow.load().ok
    assert not flow.state.synced
    shown = [(r.enterprise.code, r.role, r.state) for r in flow.state.relations]
    assert shown == [
        (E1, Role.LEGAL_REPRESENTATIVE, RelationState.BOUND),
        (E1, Role.TAX_HANDLER, RelationState.BOUND),
        (E2, Role.LEGAL_REPRESENTATIVE, RelationState.BOUND),
    ]

    # The registry brings a new enterprise with 张三 its legal representative (R-RE-2).
    import_registry(registry_lines(), session_factory=account_service.session_factory,
                    clock=manual_clock)  # fmt: skip
    assert flow.sync().ok
    assert flow.state.synced
    codes = [r.enterprise.code for r in flow.state.relations]
    assert YUNFAN in codes and len(codes) == 4
    # ...and it is offered for switching at once, without logging in again (R-SW-1).
    switch = loaded(kiosk_api, login.session_token)
    assert YUNFAN in {c.enterprise.code for c in switch.state.choices if c.enterprise}

    flow.wipe()
    assert flow.state.relations == () and not flow.state.session_token
    result = flow.sync()
    assert not result.ok and result.error is not None
    assert result.error.code is ErrorCode.SESSION_INVALID


def registry_lines() -> list[bytes]:
    rows = [
        {
            "kind": "enterprise",
            "taxpayer_id": YUNFAN,
            "uscc": YUNFAN,
            "name": "杭州云帆信息技术有限公司",
            "enterprise_kind": "enterprise",
            "tax_authority": "国家税务总局杭州市西湖区税务局",
            "status": "active",
        },
        {
            "kind": "relation",
            "taxpayer_id": YUNFAN,
            "role": "legal_representative",
            "document_type": "RESIDENT_ID",
            "document_number": ZHANG.document_number,
            "name": ZHANG.name,
            "source": "registration_data",
        },
    ]
    return [json.dumps(row, ensure_ascii=False).encode() for row in rows]
