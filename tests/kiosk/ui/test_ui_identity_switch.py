"""身份切换 (R-SW-1, R-AG-3) and 企业授权管理 / 同步数据 (R-RE-8) as screens, from the
logged-in home, against the real account service over HTTP on the demo world: who acts for
whom in which role and with what scope (R-RE-9), every kind of switch, and the session (token,
idle period) going on through it (R-SE-1)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from kiosk_ui_fakes import IdleClock
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from account_service.clock import ManualClock
from account_service.demo import (
    DEMO_CLIENT_ENTERPRISE,
    DEMO_ENTERPRISE,
    DEMO_INDIVIDUAL_BUSINESS,
    DEMO_PERSONS,
)
from account_service.embedded import EmbeddedService
from account_service.enterprises.registry_import import import_registry
from kiosk.demo.ui_driver import tap, wait_until_idle
from kiosk.flows.identity_switch import ChoiceKind, SwitchStep
from kiosk.flows.relations import RelationsStep
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Entry, Role
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import IdleState, KioskSession
from kiosk.ui.common.widgets.big_button import BigButton
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.journey import LoggedInJourney
from tests.support.signed_client import SignedClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
E1, E2, E3 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code, DEMO_INDIVIDUAL_BUSINESS.code
YUNFAN = "91330106MA2H7K3P1N"  # an enterprise the registry brings later (同步数据)


class Home:
    """The logged-in journey alone in a window, showing its screens in a stack."""

    def __init__(
        self, qtbot: QtBot, journey: LoggedInJourney, stack: QStackedWidget, runner: TaskRunner
    ) -> None:
        self.qtbot, self.journey, self.stack, self.runner = qtbot, journey, stack, runner

    @property
    def current(self) -> QWidget | None:
        return self.stack.currentWidget()

    def tap(self, button: BigButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        tap(button)
        wait_until_idle(self.runner)

    def main_action(self) -> None:
        action = getattr(self.current, "main_action", None)
        assert isinstance(action, BigButton)
        self.tap(action)


@pytest.fixture
def home(
    qtbot: QtBot,
    language: LanguageController,
    kiosk_session: KioskSession,
    kiosk_api: HttpAccountClient,
) -> Iterator[Home]:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    runner = TaskRunner()
    journey = LoggedInJourney(
        session=kiosk_session,
        language=language,
        show=stack.setCurrentWidget,
        acting=kiosk_api,
        runner=runner,
    )
    for screen in journey.all_screens():  # as the window does
        stack.addWidget(screen)
        kiosk_session.add_wipe_callback(screen.wipe)
    stack.resize(1280, 800)
    stack.show()
    qtbot.waitExposed(stack)
    yield Home(qtbot, journey, stack, runner)
    runner.wait_done()


def login(
    api: HttpAccountClient,
    signed: SignedClient,
    who: str,
    code: str | None,
    role: Role | None = None,
) -> LoggedIn:
    """企业业务 (``code``) or 自然人业务 (None) over HTTP, then the role when there are several
    (the enterprise login's own screens do that; they are another journey's)."""
    person = ZHANG if who == "张三" else WANG
    assert person.phone is not None
    accepted = api.start_login(person.document_number, person.password, code)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(accepted.attempt_id, signed.outbox_code(person.phone))
    assert isinstance(answer, LoggedIn)
    if role is not None and answer.acting is not None and answer.acting.role is None:
        answer = answer.model_copy(update={"acting": api.choose_role(answer.session_token, role)})
    return answer


def open_switching(home: Home) -> None:
    screen = home.journey.screen
    home.tap(screen.switch_button)
    switching = home.journey.switching
    assert switching is not None
    assert home.current is switching.choose, switching.choose.banner.text()


def choose(home: Home, kind: ChoiceKind, role: Role | None = None) -> None:
    switching = home.journey.switching
    assert switching is not None
    choice = next(c for c in switching.flow.state.choices if c.kind is kind and c.role is role)
    home.tap(switching.choose.button_for(choice))
    assert home.current is switching.confirm


def confirm(home: Home) -> None:
    with home.qtbot.waitSignal(home.journey.identity_switched, timeout=15_000):
        home.main_action()
    assert home.current is home.journey.screen
    assert home.journey.screen.banner.kind is BannerKind.SUCCESS


def test_R_SW_1_R_RE_9_another_role_in_the_same_enterprise_keeps_the_session(
    home: Home,
    kiosk_api: HttpAccountClient,
    signed_client: SignedClient,
    kiosk_session: KioskSession,
    idle_clock: IdleClock,
) -> None:
    logged_in = login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE)
    home.journey.open(logged_in)
    screen = home.journey.screen
    assert screen.title_label.text() == "企业业务"
    assert "北京示例科技有限公司" in screen.acting_line.text()
    assert E1 in screen.acting_line.text()
    assert screen.role_line.text() == "身份：法定代表人"
    assert "此身份可办理" in screen.scope_list.text()
    assert "办理全部涉税费业务" in screen.scope_list.text()  # the service's scope (R-RE-9)
    assert screen.switch_button.isVisible() and screen.switch_button.text() == "身份切换"

    open_switching(home)
    switching = home.journey.switching
    assert switching is not None
    choose_screen = switching.choose
    assert choose_screen.title_label.text() == "身份切换"
    assert choose_screen.step_label.text() == "第 1 步，共 2 步"
    assert choose_screen.back_button.isVisible() and choose_screen.home_button.isVisible()
    headings = [g.heading.text() for g in choose_screen.groups.values()]
    assert headings == ["本企业其他身份", "其他关联企业", "个人办税"]
    assert [b.text() for _c, b in choose_screen.buttons] == [
        "办税员",
        f"上海示例贸易有限公司（{E2}）\n法定代表人",
        "个人办税",
    ]

    choose(home, ChoiceKind.ROLE_HERE, Role.TAX_HANDLER)
    assert switching.confirm.step_label.text() == "第 2 步，共 2 步"
    assert "切换为：北京示例科技有限公司" in switching.confirm.to_line.text()
    assert "办税员" in switching.confirm.to_line.text()
    token = kiosk_session.session_token
    idle_clock.advance(30)  # the person reads the confirmation for a while
    confirm(home)

    assert screen.role_line.text() == "身份：办税员"
    assert "发票领用和查询" in screen.scope_list.text()  # the tax handler's scope now
    assert "身份切换成功" in screen.banner.text()
    # R-SE-1: the same session, and its idle period runs on (a switch is no new login).
    assert kiosk_session.logged_in and kiosk_session.session_token == token
    assert kiosk_session.idle_for() == 30 and kiosk_session.state() is IdleState.ACTIVE
    acting = kiosk_session.acting
    assert acting is not None and acting.role is Role.TAX_HANDLER
    assert kiosk_api.acting(logged_in.session_token).role is Role.TAX_HANDLER


def test_R_SW_1_another_related_enterprise_then_back_from_the_list(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE))
    open_switching(home)
    choose(home, ChoiceKind.ENTERPRISE, Role.LEGAL_REPRESENTATIVE)
    confirm(home)
    screen = home.journey.screen
    assert "上海示例贸易有限公司" in screen.acting_line.text()
    assert screen.role_line.text() == "身份：法定代表人"

    # From there 北京示例科技 is the other enterprise, in both of 张三's roles; 返回 leaves
    # the list and nothing changes.
    open_switching(home)
    switching = home.journey.switching
    assert switching is not None
    assert [c.enterprise.code for c in switching.flow.state.choices if c.enterprise] == [E1, E1]
    assert switching.choose.groups[ChoiceKind.ROLE_HERE].empty.isVisible()
    home.tap(switching.choose.back_button)
    assert home.current is screen
    assert "上海示例贸易有限公司" in screen.acting_line.text()


def test_R_SW_1_to_personal_business_and_no_way_back(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE))
    open_switching(home)
    choose(home, ChoiceKind.PERSONAL)
    switching = home.journey.switching
    assert switching is not None
    assert switching.confirm.to_line.text() == "切换为：个人办税"
    # The consequence is named before it happens (ui.md; R-SW-1).
    assert "不能再切换回企业业务" in switching.confirm.consequence.text()
    # 返回 on the confirmation goes back to the list, then on again.
    home.tap(switching.confirm.back_button)
    assert home.current is switching.choose and switching.flow.step is SwitchStep.CHOOSE
    choose(home, ChoiceKind.PERSONAL)
    confirm(home)

    screen = home.journey.screen
    assert screen.title_label.text() == "自然人业务"
    assert screen.acting_line.text() == "当前办税身份：个人办税"
    assert not screen.switch_button.isVisible()  # R-SW-1: personal never back to enterprise
    assert screen.relations_button.isVisible()
    assert screen.scope_list.text() == ""


def test_R_SW_1_a_natural_person_login_shows_no_switch(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "张三", None))
    screen = home.journey.screen
    acting = home.journey.screen.acting
    assert acting is not None and acting.entry is Entry.NATURAL_PERSON
    assert screen.title_label.text() == "自然人业务"
    assert screen.acting_line.text() == "当前办税身份：个人办税"
    assert "企业业务" in screen.role_line.text()  # the way to an enterprise: a new login
    assert not screen.switch_button.isVisible()
    assert screen.relations_button.isVisible() and screen.relations_button.text() == "企业授权管理"


def test_R_AG_3_an_agent_in_through_the_client_code_sees_no_other_client(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "王五", E2))
    screen = home.journey.screen
    assert "上海示例贸易有限公司" in screen.acting_line.text()
    assert screen.role_line.text() == "身份：涉税代理人员（仅限本委托企业）"
    assert "代理协议约定范围内的涉税业务" in screen.scope_list.text()
    open_switching(home)
    switching = home.journey.switching
    assert switching is not None
    # The 个体工商户 he runs, then personal business; no other client, nothing pending.
    assert [b.text() for _c, b in switching.choose.buttons] == [
        f"北京市海淀区王记便利店（个体工商户，{E3}）\n法定代表人",
        "个人办税",
    ]
    choose(home, ChoiceKind.ENTERPRISE, Role.LEGAL_REPRESENTATIVE)
    confirm(home)
    assert "王记便利店" in screen.acting_line.text()
    assert screen.role_line.text() == "身份：法定代表人"


def test_R_RE_8_enterprise_authorizations_and_sync_data(
    home: Home,
    kiosk_api: HttpAccountClient,
    signed_client: SignedClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "王五", E2))
    relations = home.journey.relations
    assert relations is not None
    home.tap(home.journey.screen.relations_button)
    screen = relations.screen
    assert home.current is screen, screen.banner.text()
    assert screen.title_label.text() == "企业授权管理"
    # His finance head authorization waits: 企业授权管理 opens at 待确认授权 (R-RE-3).
    assert screen.section is RelationsStep.PENDING
    assert [c.name.text() for c in screen.cards] == [f"北京示例科技有限公司（{E1}）"]
    assert screen.cards[0].lines.text().startswith("财务负责人")
    home.tap(screen.tabs[RelationsStep.AUTHORIZED])
    assert screen.heading.text() == "已授权企业"
    assert [c.name.text() for c in screen.cards] == [
        f"北京市海淀区王记便利店（个体工商户，{E3}）",
        f"上海示例贸易有限公司（{E2}）",
    ]
    assert screen.cards[1].lines.text().startswith("涉税代理人员")
    assert screen.main_action is not None and screen.main_action.text() == "同步数据"

    # The registry brings a new enterprise with 王五 its legal representative (R-RE-2).
    import_registry(
        registry_lines(WANG.document_number, WANG.name),
        session_factory=account_service.session_factory,
        clock=manual_clock,
    )
    with home.qtbot.waitSignal(relations.synced, timeout=15_000):
        home.main_action()
    assert screen.banner.kind is BannerKind.SUCCESS
    names = [c.name.text() for c in screen.cards]
    assert len(names) == 3 and any("杭州云帆" in name for name in names)

    home.tap(screen.back_button)
    assert home.current is home.journey.screen


def test_R_SE_1_home_from_the_switch_ends_the_session_and_a_wipe_forgets_it(
    home: Home,
    kiosk_api: HttpAccountClient,
    signed_client: SignedClient,
    kiosk_session: KioskSession,
) -> None:
    home.journey.open(login(kiosk_api, signed_client, "张三", E1, Role.LEGAL_REPRESENTATIVE))
    open_switching(home)
    switching = home.journey.switching
    assert switching is not None
    choose_screen = switching.choose
    # 首页 asks first, naming the consequence, then the session ends (the window routes it).
    assert choose_screen.has_entered_data()
    with home.qtbot.waitSignal(home.journey.left, timeout=5_000):
        choose_screen.request_home()
        tap(choose_screen.home_confirm.button("leave"))
    kiosk_session.wipe()
    assert not kiosk_session.logged_in
    assert choose_screen.buttons == [] and choose_screen.current_line.text() == ""
    assert switching.flow.state.session_token == "" and switching.flow.state.choices == ()
    assert home.journey.screen.acting is None
    assert home.journey.screen.acting_line.text() == ""


def registry_lines(document: str, name: str) -> list[bytes]:
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
            "document_number": document,
            "name": name,
            "source": "registration_data",
        },
    ]
    return [json.dumps(row, ensure_ascii=False).encode() for row in rows]
