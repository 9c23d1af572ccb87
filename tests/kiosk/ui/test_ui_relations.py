"""企业授权管理 as screens (issue 18; R-RE-3, R-RE-5, R-RE-7, R-RE-8), from the logged-in home,
against the real account service over HTTP (SQLite) and its demo world: 待确认授权 confirmed
by a face check (the shared live check and screen), the finance head with no 拒绝 and the
hall desk named, 申请企业授权 on the code keypad with 撤回 asked first and the record kept,
已授权企业 with 删除 asked first, and the end of a login whose role was deleted. Gestures
are simulated; the tests wait on signals and the worker, never sleep."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from face_kiosk import Cameras, face_sources, template_of
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE, DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from kiosk.demo.ui_driver import tap, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.flows.relations import RelationsStep
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.protocol.messages import Lang
from kiosk.services.face.models import FaceModels
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.big_button import BigButton
from kiosk.ui.common.widgets.code_keypad import CodeKeypad
from kiosk.ui.common.widgets.format_field import FeedbackState
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.journey import LoggedInJourney
from kiosk.ui.journeys.relations.journey import RelationsJourney

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1, E2 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code
UNKNOWN = "91330106MA2H7K3P1N"  # a valid USCC the demo registry does not hold
S = RelationsStep


class Home:
    """The logged-in journey alone in a window, showing its screens in a stack."""

    def __init__(
        self, qtbot: QtBot, journey: LoggedInJourney, stack: QStackedWidget, runner: TaskRunner
    ) -> None:
        self.qtbot, self.journey, self.stack, self.runner = qtbot, journey, stack, runner

    @property
    def relations(self) -> RelationsJourney:
        assert self.journey.relations is not None
        return self.journey.relations

    @property
    def current(self) -> QWidget | None:
        return self.stack.currentWidget()

    def tap(self, button: BigButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        tap(button)
        wait_until_idle(self.runner)

    def open_relations(self, logged_in: LoggedIn) -> None:
        self.journey.open(logged_in)
        self.tap(self.journey.screen.relations_button)
        assert self.current is self.relations.screen, self.relations.screen.banner.text()


@pytest.fixture
def home(
    qtbot: QtBot,
    language: LanguageController,
    kiosk_session: KioskSession,
    live_api: HttpAccountClient,
) -> Iterator[Home]:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    runner = TaskRunner()
    journey = LoggedInJourney(
        session=kiosk_session,
        language=language,
        show=stack.setCurrentWidget,
        acting=live_api,
        runner=runner,
    )
    for screen in journey.all_screens():  # as the window does
        stack.addWidget(screen)
        kiosk_session.add_wipe_callback(screen.wipe)
    stack.resize(1280, 800)
    stack.show()
    qtbot.waitExposed(stack)
    yield Home(qtbot, journey, stack, runner)
    if journey.relations is not None:
        journey.relations.shutdown()
    runner.wait_done()


def login(api: HttpAccountClient, person: DemoPerson, code: str | None = None) -> LoggedIn:
    """自然人业务 (or 企业业务 with ``code``) over HTTP: password, then the SMS code."""
    assert person.phone is not None
    accepted = api.start_login(person.document_number, person.password, code)
    api.send_login_sms(accepted.attempt_id)
    answer = api.verify_login_sms(
        accepted.attempt_id, api.sms_outbox(phone=person.phone, limit=1)[0].code
    )
    assert isinstance(answer, LoggedIn)
    return answer


def type_code(keypad: CodeKeypad, text: str) -> None:
    for key in text:
        tap(keypad.button(key), settle_ms=0)


def test_R_RE_5_pending_confirmed_by_the_shared_face_check(
    home: Home,
    live_api: HttpAccountClient,
    service: EmbeddedService,
    manual_clock: ManualClock,
    face_models: FaceModels,
    photos: dict[str, Frame],
    anchors: dict[str, FaceAnchor],
    language: LanguageController,
) -> None:
    """陈小明 (SMS login) opens at 待确认授权: who asked (the core system) and when, 确认 and
    拒绝; 确认 shows the face check; another face is refused there with the tries left; his
    own confirms, and 已授权企业 shows it as a success."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=CHEN.name,
            document_type=CHEN.document_type,
            document_number=CHEN.document_number,
            face_template=template_of(face_models, photos["obama"]),
            now=manual_clock.now(),
        )
    relations = home.relations
    relations.attach_face(face_sources(Cameras(photos, anchors), face_models))
    home.open_relations(login(live_api, CHEN))
    screen = relations.screen
    assert screen.title_label.text() == "企业授权管理"
    assert screen.section is S.PENDING and screen.heading.text() == "待确认授权"
    assert [t.text() for t in screen.tabs.values()] == [
        "待确认授权（1）",
        "申请企业授权",
        "已授权企业",
    ]
    assert screen.tabs[S.PENDING].isChecked()
    [card] = screen.cards
    assert card.name.text() == f"北京示例科技有限公司（{E1}）"
    assert card.lines.text().startswith("办税员 · 发起方：核心征管系统 · 2026年")
    assert set(card.buttons) == {"refuse", "confirm"} and not card.note.isVisible()
    assert "刷脸" in screen.face_note.text()
    assert screen.main_action is not None and not screen.main_action.isVisible()

    language.set_language(Lang.EN)  # every text follows the language
    home.qtbot.waitUntil(lambda: screen.tabs[S.PENDING].text() == "Pending authorizations (1)")
    assert card.buttons["confirm"].text() == "Confirm"
    assert "core tax system" in card.lines.text()
    language.set_language(Lang.ZH)
    home.qtbot.waitUntil(lambda: card.buttons["confirm"].text() == "确认")

    with home.qtbot.waitSignal(relations.step_shown, check_params_cb=lambda s: s is S.FACE):
        home.tap(card.buttons["confirm"])
    face = relations.face_screen
    assert home.current is face and face.title_label.text() == "企业授权管理"
    assert "北京示例科技有限公司" in face.intro.text() and "办税员" in face.intro.text()

    with home.qtbot.waitSignal(relations.face_refused, timeout=15_000):
        relations.submit_face(template_of(face_models, photos["biden"]))
    wait_until_idle(home.runner)
    assert home.current is face
    assert face.banner.kind is BannerKind.ERROR and "人脸验证未通过" in face.banner.text()
    assert face.retry_button.isVisible()

    with home.qtbot.waitSignal(relations.changed, timeout=15_000):
        relations.submit_face(template_of(face_models, photos["obama2"]))
    wait_until_idle(home.runner)
    assert home.current is screen and screen.section is S.AUTHORIZED
    assert screen.banner.kind is BannerKind.SUCCESS and "已确认" in screen.banner.text()
    assert screen.tabs[S.PENDING].text() == "待确认授权"
    [bound] = screen.cards
    assert bound.relation.state is RelationState.BOUND
    assert bound.lines.text().startswith("办税员 · 授权于 ")
    assert "remove" in bound.buttons


def test_R_RE_3_the_finance_head_has_no_refuse_and_is_sent_to_the_hall(
    home: Home, live_api: HttpAccountClient
) -> None:
    """王五's pending finance head authorization: no 拒绝, the hall desk named; no camera on
    this terminal, so no 确认 either, and the screen says why."""
    home.open_relations(login(live_api, WANG))
    screen = home.relations.screen
    assert screen.section is S.PENDING
    [card] = screen.cards
    assert card.lines.text().startswith("财务负责人 · 发起方：税务登记信息")
    assert "refuse" not in card.buttons and "confirm" not in card.buttons
    assert card.note.isVisible()
    assert card.note.text() == (
        "财务负责人的授权只能确认，不能拒绝。如有异议，请到办税服务厅办理。"
    )
    assert "没有可用的摄像头" in screen.face_note.text()

    home.tap(screen.tabs[S.AUTHORIZED])
    assert screen.section is S.AUTHORIZED and screen.heading.text() == "已授权企业"
    assert [c.relation.role for c in screen.cards] == [
        Role.LEGAL_REPRESENTATIVE,
        Role.TAX_AGENT,
    ]
    assert all("remove" not in c.buttons for c in screen.cards)  # not online roles
    assert "法定代表人、财务负责人以登记信息为准" in screen.after_note.text()
    assert screen.main_action is not None and screen.main_action.text() == "同步数据"
    with home.qtbot.waitSignal(home.relations.synced, timeout=15_000):
        home.tap(screen.main_action)
    assert screen.banner.kind is BannerKind.SUCCESS

    home.tap(screen.back_button)
    assert home.current is home.journey.screen


def test_R_RE_5_apply_on_the_code_keypad_then_withdraw_and_the_record_stays(
    home: Home, live_api: HttpAccountClient
) -> None:
    home.open_relations(login(live_api, CHEN))
    relations = home.relations
    screen = relations.screen
    home.tap(screen.tabs[S.APPLICATIONS])
    assert screen.section is S.APPLICATIONS and screen.heading.text() == "我的申请"
    assert screen.empty.isVisible() and not screen.cards
    assert screen.main_action is not None and screen.main_action.text() == "申请"
    home.tap(screen.main_action)
    apply = relations.apply_screen
    assert home.current is apply and apply.keypad.isVisible()
    assert [b.text() for b in apply.role_buttons.values()] == ["办税员", "开票员"]

    # The code is checked as typed (R-ID-5); no role chosen: said, nothing sent.
    type_code(apply.keypad, UNKNOWN[:9])
    assert apply.code.feedback().state is FeedbackState.NEUTRAL
    type_code(apply.keypad, UNKNOWN[9:])
    assert apply.code.feedback().state is FeedbackState.OK
    assert apply.main_action is not None
    home.tap(apply.main_action)
    assert home.current is apply and "申请的身份" in apply.banner.text()
    home.tap(apply.role_buttons[Role.INVOICER])
    assert apply.role_buttons[Role.INVOICER].isChecked()
    home.tap(apply.main_action)
    assert home.current is apply and apply.banner.kind is BannerKind.ERROR
    assert "未找到该代码对应的企业" in apply.banner.text()
    assert apply.banner.rule == "R-ID-5"

    tap(apply.keypad.button("clear"), settle_ms=0)
    type_code(apply.keypad, E2)
    with home.qtbot.waitSignal(relations.changed, timeout=15_000):
        home.tap(apply.main_action)
    wait_until_idle(home.runner)
    assert home.current is screen and screen.section is S.APPLICATIONS
    assert screen.banner.kind is BannerKind.SUCCESS and "已申请" in screen.banner.text()
    [card] = screen.cards
    assert card.name.text() == f"上海示例贸易有限公司（{E2}）"
    assert card.lines.text().startswith("开票员 · … 已申请，待企业审核 · 申请于 ")

    home.tap(card.buttons["withdraw"])
    question = relations.question
    assert home.current is question
    assert question.question.text() == "撤回该申请？"
    assert "上海示例贸易有限公司将不再审核您的开票员申请" in question.consequence.text()
    home.tap(question.back_button)  # Back: nothing withdrawn
    assert home.current is screen
    assert screen.cards[0].relation.state is RelationState.APPLIED
    home.tap(screen.cards[0].buttons["withdraw"])
    assert question.main_action is not None and question.main_action.text() == "撤回申请"
    home.tap(question.main_action)
    assert home.current is screen and "已撤回" in screen.banner.text()
    [withdrawn] = screen.cards
    assert "↩ 已撤回" in withdrawn.lines.text() and not withdrawn.buttons


def test_R_RE_7_delete_asks_first_naming_the_consequence(
    home: Home, live_api: HttpAccountClient
) -> None:
    """张三 (自然人业务): 删除 only on his tax handler role; asked first; then gone."""
    home.open_relations(login(live_api, ZHANG))
    relations = home.relations
    screen = relations.screen
    assert screen.section is S.AUTHORIZED  # nothing pending
    assert [("remove" in c.buttons) for c in screen.cards] == [False, True, False]
    handler = screen.cards[1]
    assert handler.lines.text().startswith("办税员")
    home.tap(handler.buttons["remove"])
    question = relations.question
    assert home.current is question and question.question.text() == "删除该授权？"
    assert "您将不再以办税员身份为北京示例科技有限公司办理业务" in question.consequence.text()
    assert not question.login_note.isVisible()
    home.tap(question.back_button)
    assert home.current is screen and len(screen.cards) == 3
    home.tap(screen.cards[1].buttons["remove"])
    assert question.main_action is not None and question.main_action.text() == "删除授权"
    home.tap(question.main_action)
    assert home.current is screen and "已删除" in screen.banner.text()
    assert [c.relation.role for c in screen.cards] == [Role.LEGAL_REPRESENTATIVE] * 2


def test_R_RE_7_deleting_the_role_this_login_acts_in_ends_it(
    home: Home, live_api: HttpAccountClient
) -> None:
    logged_in = login(live_api, ZHANG, E1)
    acting = live_api.choose_role(logged_in.session_token, Role.TAX_HANDLER)
    home.open_relations(logged_in.model_copy(update={"acting": acting}))
    relations = home.relations
    screen = relations.screen
    handler = next(c for c in screen.cards if c.relation.role is Role.TAX_HANDLER)
    home.tap(handler.buttons["remove"])
    question = relations.question
    assert question.login_note.isVisible() and "本次登录也将结束" in question.login_note.text()
    assert question.main_action is not None
    home.tap(question.main_action)
    ended = relations.ended
    assert home.current is ended and ended.heading.text() == "授权已删除"
    assert not ended.back_button.isVisible()
    assert ended.main_action is not None
    with home.qtbot.waitSignal(home.journey.left, timeout=5_000):
        tap(ended.main_action)
