"""人企关联 from both sides, end to end at one kiosk window against the real account service
over HTTP (issue 18; R-RE-3..5, R-RE-4): one person's session changes a relation, another
person's later session at the same terminal sees it, is told at login, and acts on it. Every
step is a gesture on the window's screens (the keypads, the buttons, the live face check on
the mock camera); the tests wait on signals and the worker, never sleep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from face_kiosk import CAPTURE_TIMEOUT_MS, Cameras, face_sources, face_window, template_of
from pytestqt.qtbot import QtBot
from test_ui_enterprise_login import by_sms, enter_credentials, open_enterprise_login

from account_service.authority.service import add_resident
from account_service.demo import DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE, DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_for_screen, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.domain.documents import DocumentType
from kiosk.flows.people import PeopleDone
from kiosk.flows.relations import RelationsStep
from kiosk.protocol.auth import Factor, LoggedIn
from kiosk.protocol.enterprise import Entry, RelationState, Role
from kiosk.services.face.models import FaceModels
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.home import Entry as HomeEntry
from kiosk.ui.i18n import LanguageController
from kiosk.ui.main_window import EndReason, MainWindow

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")
CHEN = next(p for p in DEMO_PERSONS if p.name == "陈小明")
E1, E2 = DEMO_ENTERPRISE.code, DEMO_CLIENT_ENTERPRISE.code
WAIT_MS = 20_000


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
    anchors: dict[str, FaceAnchor],
    kiosk_session: KioskSession,
    language: LanguageController,
) -> Iterator[tuple[MainWindow, Cameras]]:
    """The window as the terminal builds it, with the camera and face models."""
    cameras = Cameras(photos, anchors)
    window = face_window(
        qtbot, live_api, face_sources(cameras, face_models), kiosk_session, language
    )
    try:
        yield window, cameras
    finally:
        window.shutdown()


def give_face(service: EmbeddedService, person: DemoPerson, template: list[float]) -> None:
    """The person's reference photo at the identity authority (what a face check compares)."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=person.name,
            document_type=person.document_type,
            document_number=person.document_number,
            face_template=template,
            now=datetime.now().astimezone(),
        )


def natural_login(
    qtbot: QtBot, window: MainWindow, api: HttpAccountClient, person: DemoPerson
) -> None:
    """自然人业务 on the window: identifier and password typed, the SMS code on its keypad."""
    tap(window.home.tiles[HomeEntry.NATURAL_PERSON])
    credentials = window.login.credentials
    wait_for_screen(window, credentials)
    tap(credentials.identifier.line_edit)
    qtbot.keyClicks(credentials.identifier.line_edit, person.document_number)
    tap(credentials.password.line_edit)
    qtbot.keyClicks(credentials.password.line_edit, person.password)
    assert credentials.main_action is not None
    tap(credentials.main_action)
    wait_until_idle(window.runner)
    login = window.login
    if window.current_screen() is login.factor_choice:
        tap(login.factor_choice.buttons[Factor.SMS])
        wait_until_idle(window.runner)
    sms = login.sms
    assert window.current_screen() is sms, credentials.banner.text()
    tap(sms.request_button)
    wait_until_idle(window.runner)
    assert person.phone is not None
    for key in api.sms_outbox(phone=person.phone, limit=1)[0].code:
        tap(sms.keypad.button(key), settle_ms=0)
    assert sms.main_action is not None
    tap(sms.main_action)
    wait_until_idle(window.runner)
    wait_for_screen(window, window.logged_in.screen)


def enterprise_login(
    qtbot: QtBot,
    window: MainWindow,
    api: HttpAccountClient,
    code: str,
    person: DemoPerson,
    role: Role | None = None,
) -> None:
    """企业业务 on the window; the role tapped when the person holds several there."""
    open_enterprise_login(window)
    enter_credentials(qtbot, window, code, person)
    by_sms(qtbot, window, api, person)
    if role is not None:
        assert window.entry is not None
        wait_for_screen(window, window.entry.roles)
        tap(window.entry.roles.buttons[role])
        wait_until_idle(window.runner)
    wait_for_screen(window, window.logged_in.screen)


def log_out(window: MainWindow) -> None:
    window.end_session(EndReason.LOGOUT)
    wait_until_idle(window.runner)
    wait_for_screen(window, window.home)


def open_relations(qtbot: QtBot, window: MainWindow) -> None:
    relations = window.logged_in.relations
    assert relations is not None
    with qtbot.waitSignal(relations.step_shown, timeout=WAIT_MS):
        tap(window.logged_in.screen.relations_button)
    wait_until_idle(window.runner)


def open_people(qtbot: QtBot, window: MainWindow) -> None:
    people = window.logged_in.people
    assert people is not None
    with qtbot.waitSignal(people.step_shown, timeout=WAIT_MS):
        tap(window.logged_in.screen.people_button)
    wait_until_idle(window.runner)


def test_R_RE_5_added_at_one_session_confirmed_by_face_in_another_then_the_enterprise_entry(
    qtbot: QtBot,
    kiosk: tuple[MainWindow, Cameras],
    live_api: HttpAccountClient,
    service: EmbeddedService,
    face_models: FaceModels,
    photos: dict[str, Frame],
    kiosk_session: KioskSession,
) -> None:
    """张三, legal representative of 上海示例贸易, adds 王五 as a tax handler in 人员权限管理.
    王五, at his next login, is told; he confirms in 企业授权管理 with the live face check
    (his login was by SMS); then he logs in through 企业业务 for 上海示例贸易 and acts as its
    tax handler."""
    window, cameras = kiosk
    give_face(service, WANG, template_of(face_models, photos["obama"]))

    enterprise_login(qtbot, window, live_api, E2, ZHANG)
    open_people(qtbot, window)
    people = window.logged_in.people
    assert people is not None
    tap(people.list.add_button)
    add = people.add
    wait_for_screen(window, add)
    tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    type_on_keypad(add.keypad, WANG.document_number)
    add.name.set_text(WANG.name)
    assert add.role is Role.TAX_HANDLER
    with qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        tap(add.next_button)
    assert done.args == [PeopleDone.ADDED], add.banner.text()
    assert "待对方确认" in people.list.banner.text()
    log_out(window)

    natural_login(qtbot, window, live_api, WANG)
    home = window.logged_in.screen
    assert home.notices.isVisible() and "添加您为" in home.notices.text()
    assert "上海示例贸易" in home.notices.text()
    open_relations(qtbot, window)
    relations = window.logged_in.relations
    assert relations is not None
    screen = relations.screen
    assert screen.section is RelationsStep.PENDING
    card = next(
        c
        for c in screen.cards
        if c.relation.enterprise.code == E2 and c.relation.role == Role.TAX_HANDLER
    )
    assert relations.face_check is not None
    ChallengeActor(relations.face_check.analyzer, cameras.set_scene)
    cameras.person = "obama2"  # 王五's other photo: the same face
    with qtbot.waitSignal(relations.changed, timeout=CAPTURE_TIMEOUT_MS):
        tap(card.buttons["confirm"])
    wait_until_idle(window.runner)
    # Still at 待确认授权: his finance head authorization of 北京示例科技 waits there.
    assert window.current_screen() is screen and screen.section is RelationsStep.PENDING
    assert screen.banner.kind is BannerKind.SUCCESS, screen.banner.text()
    assert all(c.relation.enterprise.code != E2 for c in screen.cards)
    tap(screen.tabs[RelationsStep.AUTHORIZED])
    assert any(
        c.relation.enterprise.code == E2
        and c.relation.role == Role.TAX_HANDLER
        and c.relation.state == RelationState.BOUND
        for c in screen.cards
    )
    log_out(window)

    # 王五 is also 上海示例贸易's tax agent: two roles there now, and he picks the new one.
    enterprise_login(qtbot, window, live_api, E2, WANG, Role.TAX_HANDLER)
    acting = kiosk_session.acting
    assert acting is not None and acting.entry is Entry.ENTERPRISE
    assert acting.enterprise is not None and acting.enterprise.code == E2
    assert acting.role is Role.TAX_HANDLER and not acting.as_agent


def confirm_finance_head(api: HttpAccountClient, template: list[float]) -> None:
    """王五 confirms his pending finance head authorization of 北京示例科技 (the setting of
    the next test, over the wire: the screens for it are the previous test's)."""
    assert WANG.phone is not None
    accepted = api.start_login(WANG.document_number, WANG.password, None)
    api.send_login_sms(accepted.attempt_id)
    code = api.sms_outbox(phone=WANG.phone, limit=1)[0].code
    answer = api.verify_login_sms(accepted.attempt_id, code)
    assert isinstance(answer, LoggedIn)
    relations = api.sync_relations(answer.session_token).relations
    head = next(r for r in relations if r.enterprise.code == E1 and r.role == Role.FINANCE_HEAD)
    confirmed = api.confirm_relation(answer.session_token, head.relation_id, template)
    assert any(
        r.relation_id == head.relation_id and r.state == RelationState.BOUND
        for r in confirmed.relations
    )
    api.logout(answer.session_token)


def test_R_RE_5_an_application_approved_by_the_finance_head(
    qtbot: QtBot,
    kiosk: tuple[MainWindow, Cameras],
    live_api: HttpAccountClient,
    service: EmbeddedService,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    """陈小明 applies to 北京示例科技 as its invoicer (申请企业授权, the code on its keypad);
    王五, its finance head, is told at his 企业业务 login and approves in 人员权限管理; 陈小明
    is told at his next login, and 已授权企业 lists the role."""
    window, _cameras = kiosk
    give_face(service, WANG, template_of(face_models, photos["obama"]))
    confirm_finance_head(live_api, template_of(face_models, photos["obama2"]))

    natural_login(qtbot, window, live_api, CHEN)
    open_relations(qtbot, window)
    relations = window.logged_in.relations
    assert relations is not None
    screen = relations.screen
    tap(screen.tabs[RelationsStep.APPLICATIONS])
    assert screen.main_action is not None
    tap(screen.main_action)
    apply = relations.apply_screen
    wait_for_screen(window, apply)
    type_on_keypad(apply.keypad, E1)
    tap(apply.role_buttons[Role.INVOICER])
    with qtbot.waitSignal(relations.changed, timeout=WAIT_MS):
        apply.submit()
    wait_until_idle(window.runner)
    assert window.current_screen() is screen and screen.section is RelationsStep.APPLICATIONS
    assert any(
        c.relation.enterprise.code == E1
        and c.relation.role == Role.INVOICER
        and c.relation.state == RelationState.APPLIED
        for c in screen.cards
    )
    log_out(window)

    enterprise_login(qtbot, window, live_api, E1, WANG)
    home = window.logged_in.screen
    assert "申请成为" in home.notices.text() and "开票员" in home.notices.text()
    open_people(qtbot, window)
    people = window.logged_in.people
    assert people is not None
    application = next(
        c
        for c in people.list.all_cards()
        if c.member.name_masked.startswith("陈") and c.member.state == RelationState.APPLIED
    )
    assert application.member.role == Role.INVOICER
    with qtbot.waitSignal(people.done, timeout=WAIT_MS) as done:
        tap(application.buttons["approve"])
    assert done.args == [PeopleDone.APPROVED]
    assert any(
        c.member.relation_id == application.member.relation_id
        and c.member.state == RelationState.BOUND
        for c in people.list.all_cards()
    )
    log_out(window)

    natural_login(qtbot, window, live_api, CHEN)
    notices = window.logged_in.screen.notices
    assert "通过您的开票员授权申请" in notices.text()
    open_relations(qtbot, window)
    tap(screen.tabs[RelationsStep.AUTHORIZED])
    assert any(
        c.relation.enterprise.code == E1
        and c.relation.role == Role.INVOICER
        and c.relation.state == RelationState.BOUND
        for c in screen.cards
    )
