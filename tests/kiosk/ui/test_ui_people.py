"""人员权限管理 (R-RE-4, R-RE-5, R-RE-7) as screens, from the logged-in home, against the real
account service over HTTP on the demo world: the list's sections, 添加办税人员 with the shared
document step and its refusals, 撤回 (and the hall-added answer), 删除 asked first, an
application approved, and the R-RE-4 answer for a role that does not manage people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_until_idle
from kiosk.domain.documents import DocumentType
from kiosk.flows.people import PeopleDone, PeopleStep
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.big_button import BigButton
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.journey import LoggedInJourney
from kiosk.ui.journeys.people.journey import PeopleJourney
from kiosk.ui.journeys.people.screens import MemberCard
from tests.support.signed_client import SignedClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1 = DEMO_ENTERPRISE.code
NOBODY = "110101198001010037"  # well-formed, never registered
WAIT_MS = 15_000


class Home:
    """The logged-in journey alone in a window, showing its screens in a stack."""

    def __init__(
        self, qtbot: QtBot, journey: LoggedInJourney, stack: QStackedWidget, runner: TaskRunner
    ) -> None:
        self.qtbot, self.journey, self.stack, self.runner = qtbot, journey, stack, runner

    @property
    def current(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def people(self) -> PeopleJourney:
        assert self.journey.people is not None
        return self.journey.people

    def tap(self, button: BigButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        tap(button)
        wait_until_idle(self.runner)

    def card(self, name: str, role: Role, state: RelationState) -> MemberCard:
        return next(
            c
            for c in self.people.list.all_cards()
            if c.member.name_masked.startswith(name[0])
            and c.member.role == role
            and c.member.state == state
        )


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
    code: str | None = E1,
    role: Role | None = Role.LEGAL_REPRESENTATIVE,
    who: str = "张三",
) -> LoggedIn:
    person = ZHANG if who == "张三" else CHEN
    assert person.phone is not None
    accepted = api.start_login(person.document_number, person.password, code)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(accepted.attempt_id, signed.outbox_code(person.phone))
    assert isinstance(answer, LoggedIn)
    if role is not None and answer.acting is not None and answer.acting.role is None:
        answer = answer.model_copy(update={"acting": api.choose_role(answer.session_token, role)})
    return answer


def open_people(home: Home) -> None:
    with home.qtbot.waitSignal(home.people.step_shown, timeout=WAIT_MS):
        home.tap(home.journey.screen.people_button)
    wait_until_idle(home.runner)


def test_R_RE_4_the_button_shows_for_enterprise_sessions_only(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, code=None, role=None))
    screen = home.journey.screen
    assert not screen.people_button.isVisible()  # personal business: no enterprise
    assert screen.relations_button.isVisible()


def test_R_RE_4_R_RE_7_the_list_has_its_sections_and_hall_additions_answer_the_seed(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client))
    button = home.journey.screen.people_button
    assert button.isVisible() and button.text() == "人员权限管理"
    open_people(home)
    people = home.people
    screen = people.list
    assert home.current is screen and people.flow.step is PeopleStep.LIST
    assert screen.title_label.text() == "人员权限管理"
    assert "北京示例科技有限公司" in screen.enterprise_line.text()
    assert screen.bound.heading.text() == "现有办税人员"
    assert screen.applied.heading.text() == "人员授权申请"
    assert screen.applied.empty.isVisible()
    assert screen.pending.heading.text() == "已添加，待对方确认"
    assert screen.main_action is not None and screen.main_action.text() == "添加办税人员"
    legal, handler = screen.bound.cards
    assert legal.who.text().startswith("张*") and legal.buttons == {}
    assert handler.details.text().startswith("办税员 · 在办税服务厅添加")
    assert handler.buttons["remove"].text() == "删除"
    chen = home.card("陈小明", Role.TAX_HANDLER, RelationState.PENDING)
    assert chen.buttons["withdraw"].text() == "撤回"

    # R-RE-7: an addition not made in the account center is withdrawn at the hall only.
    with home.qtbot.waitSignal(people.refused, timeout=WAIT_MS) as refused:
        home.tap(chen.buttons["withdraw"])
    assert (
        refused.args is not None
        and refused.args[0].code is ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE
    )
    assert screen.banner.kind is BannerKind.ERROR
    assert screen.banner.text().startswith("该纳税人不可以撤回，请到大厅办理")
    assert screen.banner.rule == "R-RE-7"

    home.tap(screen.back_button)
    assert home.current is home.journey.screen


def test_R_RE_5_add_someone_not_registered_then_a_registered_person_then_withdraw(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client))
    open_people(home)
    people = home.people
    add = people.add
    home.tap(people.list.add_button)
    assert home.current is add and people.flow.step is PeopleStep.ADD
    assert add.title_label.text() == "人员权限管理"
    home.tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    type_on_keypad(add.keypad, NOBODY)
    add.name.set_text("赵七")
    assert add.role is Role.TAX_HANDLER  # the usual role, preselected and marked
    assert add.role_buttons[Role.TAX_HANDLER].text() == "✓ 办税员"
    with home.qtbot.waitSignal(people.refused, timeout=WAIT_MS):
        home.tap(add.next_button)
    assert home.current is add
    assert add.banner.text().startswith("该办税人员尚未注册")
    assert "用户注册" in add.banner.text()  # what to tell them

    add.number.clear()
    type_on_keypad(add.keypad, LI.document_number)
    add.name.set_text("李四")
    home.tap(add.role_buttons[Role.INVOICER])
    assert add.role is Role.INVOICER and add.role_buttons[Role.INVOICER].text() == "✓ 开票员"
    with home.qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        home.tap(add.next_button)
    assert done.args == [PeopleDone.ADDED]
    screen = people.list
    assert home.current is screen
    assert screen.banner.kind is BannerKind.SUCCESS
    assert "待对方确认" in screen.banner.text() and "开票员" in screen.banner.text()
    li = home.card("李四", Role.INVOICER, RelationState.PENDING)
    assert "在账户中心添加" in li.details.text()

    with home.qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        home.tap(li.buttons["withdraw"])
    assert done.args == [PeopleDone.WITHDRAWN]
    assert all(not c.member.name_masked.startswith("李") for c in screen.all_cards())


def test_R_RE_7_delete_asks_first_naming_the_consequence_then_ends_the_relation(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    chen = login(kiosk_api, signed_client, code=None, role=None, who="陈小明")
    kiosk_api.apply_relation(chen.session_token, E1, Role.INVOICER)
    home.journey.open(login(kiosk_api, signed_client))
    open_people(home)
    people = home.people
    screen = people.list
    assert not screen.applied.empty.isVisible()
    application = home.card("陈小明", Role.INVOICER, RelationState.APPLIED)
    assert "本人申请" in application.details.text()
    assert application.buttons["approve"].text() == "同意"
    assert application.buttons["decline"].text() == "拒绝"
    with home.qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        home.tap(application.buttons["approve"])
    assert done.args == [PeopleDone.APPROVED]
    invoicer = home.card("陈小明", Role.INVOICER, RelationState.BOUND)

    # Asked first, in words naming the consequence (ui.md); keeping changes nothing.
    home.tap(invoicer.buttons["remove"])
    question = screen.remove_question
    assert people.flow.step is PeopleStep.CONFIRM_REMOVE and question.isVisible()
    assert question.title() == "确定删除该办税人员吗？"
    assert "将不再以开票员身份为本企业办税" in question.body()
    assert "下次登录时会收到通知" in question.body()
    home.tap(question.button("keep"))
    assert people.flow.step is PeopleStep.LIST and not question.isVisible()

    invoicer = home.card("陈小明", Role.INVOICER, RelationState.BOUND)
    home.tap(invoicer.buttons["remove"])
    with home.qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        home.tap(question.button("remove"))
    assert done.args == [PeopleDone.REMOVED]
    assert screen.banner.kind is BannerKind.SUCCESS and "已删除" in screen.banner.text()
    assert all(c.member.role != Role.INVOICER for c in screen.all_cards())


def test_R_RE_4_a_tax_handler_sees_why_not_and_what_to_do(
    home: Home, kiosk_api: HttpAccountClient, signed_client: SignedClient
) -> None:
    home.journey.open(login(kiosk_api, signed_client, role=Role.TAX_HANDLER))
    assert home.journey.screen.people_button.isVisible()  # told why there, not hidden
    open_people(home)
    people = home.people
    screen = people.not_allowed
    assert home.current is screen and people.flow.step is PeopleStep.NOT_ALLOWED
    assert screen.heading.text() == "您当前的身份不能管理人员"
    assert "办税员" in screen.current.text() and "北京示例科技有限公司" in screen.current.text()
    assert screen.reason.kind is BannerKind.ERROR and screen.reason.rule == "R-RE-4"
    assert screen.reason.text().startswith("仅法定代表人、财务负责人有权限")
    assert "身份切换" in screen.ways.text()
    home.tap(screen.done_button)
    assert home.current is home.journey.screen


def test_R_SE_1_a_wipe_forgets_the_people(
    home: Home,
    kiosk_api: HttpAccountClient,
    signed_client: SignedClient,
    kiosk_session: KioskSession,
) -> None:
    home.journey.open(login(kiosk_api, signed_client))
    open_people(home)
    people = home.people
    assert people.list.all_cards()
    assert people.list.has_entered_data()  # 首页 asks first: it logs out
    kiosk_session.wipe()
    assert people.flow.state.session_token == "" and people.flow.state.people is None
    assert people.list.all_cards() == [] and people.list.enterprise_line.text() == ""
