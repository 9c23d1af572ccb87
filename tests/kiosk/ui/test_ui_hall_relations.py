"""Staff mode → enterprise relations (R-HA-2) as screens against the real account service:
staff find 北京示例科技 by its code on the code keypad, see its people masked, add 李四 as a
tax handler (the document step the registration uses), end that relation after a
confirmation that names the consequence; the account center cannot withdraw an addition
made at the hall (R-RE-7); an offline staff login is told why the counter does not open."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from staff_harness import CAMERA_DELAY_S, CHEAP_HASHER, Network, closed_port_client
from test_ui_enterprise_login import by_sms, enter_credentials, open_enterprise_login

from account_service.clock import ManualClock
from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS, DEMO_STAFF
from account_service.embedded import EmbeddedService
from kiosk.demo.ui_driver import tap, type_on_keypad, wait_for_screen, wait_until_idle
from kiosk.devices.mock_camera import MockCamera
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import CollectionFlow
from kiosk.flows.hall_relations import HallRelationsStep
from kiosk.flows.login import LoginFlow
from kiosk.protocol.enterprise import RelationOrigin, RelationState, Role
from kiosk.protocol.messages import ErrorCode
from kiosk.services.camera_feed import CameraFeed
from kiosk.services.face.capture import CaptureSession
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.staff_auth import StaffAuth
from kiosk.services.store import CollectionStore, SqlStaffCache
from kiosk.services.store.keys import StoreKey
from kiosk.ui.common.camera_pipeline import FrameCallback, StatusCallback
from kiosk.ui.common.live_capture import FaceSources
from kiosk.ui.common.widgets.digit_keypad import BACKSPACE
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.staff.journey import StaffJourney, StaffSources, StaffStep
from kiosk.ui.journeys.staff.relations_journey import HallRelationsJourney
from kiosk.ui.main_window import EndReason, MainWindow
from tests.support.enterprise_world import error, sms_login, switch
from tests.support.signed_client import SignedClient

STAFF = DEMO_STAFF[0]
E1 = DEMO_ENTERPRISE.code
LI = next(p for p in DEMO_PERSONS if p.name == "李四")
ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
STEP_TIMEOUT_MS = 20_000
Step = HallRelationsStep


@dataclass
class Counter:
    window: MainWindow
    staff: StaffJourney
    network: Network


def _no_capture() -> CaptureSession:
    raise AssertionError("the hall counter never captures a face")


@pytest.fixture
def counter(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    tmp_path: Path,
    kiosk_session: KioskSession,
    language: LanguageController,
) -> Iterator[Counter]:
    """A kiosk with staff mode; the hall counter comes from the self-service client, as the
    production terminal wires it (``Journeys``)."""
    with closed_port_client() as dead:
        network = Network(live_api, dead)
        store = CollectionStore(tmp_path / "store.sqlite3", StoreKey.load_or_create(tmp_path))
        auth = StaffAuth(network, SqlStaffCache(store.engine), hasher=CHEAP_HASHER)
        camera = MockCamera(delay_s=CAMERA_DELAY_S)

        def feed(on_frame: FrameCallback, on_status: StatusCallback) -> CameraFeed:
            return CameraFeed(camera, on_frame=on_frame, on_status=on_status)

        staff = StaffSources(
            login=auth.login,
            is_online=network.health,
            new_flow=lambda s: CollectionFlow(store, staff_no=s.staff_no, signer=s.signer),
            camera_feed=feed,
            face=FaceSources(
                models_ready=lambda: False, models_failed=lambda: False, new_capture=_no_capture
            ),
        )
        window = MainWindow(
            flow=LoginFlow(live_api),
            session=kiosk_session,
            language=language,
            staff=staff,
            self_service=live_api,
        )
        qtbot.addWidget(window)
        window.resize_for(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        assert window.staff is not None
        try:
            yield Counter(window, window.staff, network)
        finally:
            window.shutdown()
            store.close()


def log_in(qtbot: QtBot, counter: Counter) -> None:
    journey = counter.staff
    with qtbot.waitSignal(journey.step_shown) as shown:
        tap(counter.window.home.staff_button)
    assert shown.args == [StaffStep.LOGIN]
    login = journey.login
    qtbot.waitUntil(lambda: "在线" in login.connection.text() or "离线" in login.connection.text())
    qtbot.keyClicks(login.staff_no.line_edit, STAFF.staff_no)
    qtbot.keyClicks(login.password.line_edit, STAFF.password)
    with qtbot.waitSignal(journey.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(login.login_button)
    assert shown.args == [StaffStep.HOME], login.banner.text()


def open_enterprise(qtbot: QtBot, counter: Counter) -> HallRelationsJourney:
    relations = counter.staff.relations
    assert relations is not None and counter.staff.home.relations_button.isVisible()
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(counter.staff.home.relations_button)
    assert shown.args == [Step.SEARCH]
    search = relations.search
    type_on_keypad(search.keypad, E1[:-1] + "X")  # a typo in the check character
    assert search.field.feedback_text().startswith("✗")
    tap(search.keypad.button(BACKSPACE))
    type_on_keypad(search.keypad, E1[-1])
    assert search.field.feedback_text().startswith("✓")
    assert search.field.text() == E1
    with qtbot.waitSignal(relations.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(search.search_button)
    assert shown.args == [Step.SHOWN], search.banner.text()
    return relations


def test_R_HA_2_staff_add_a_handler_at_the_hall_and_end_it_again(
    qtbot: QtBot, counter: Counter, service: EmbeddedService, manual_clock: ManualClock
) -> None:
    log_in(qtbot, counter)
    relations = open_enterprise(qtbot, counter)
    people = relations.people
    assert counter.window.current_screen() is people
    assert "北京示例科技" in people.heading.text() and E1 in people.heading.text()
    lines = [(c.who.text(), c.detail.text()) for c in people.cards]
    assert any(w.startswith("张*") and "法定代表人" in d for w, d in lines), lines
    assert any(w.startswith("王*") and "财务负责人" in d and "待确认" in d for w, d in lines)
    assert all(ZHANG.document_number not in w for w, _d in lines)  # masked

    # 添加办税人员: the registration's document step, the name, the role
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(people.add_button)
    assert shown.args == [Step.ADD]
    add = relations.add
    tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    assert add.on_number_page()
    type_on_keypad(add.keypad, LI.document_number)
    assert add.number.feedback_text().startswith("✓")
    add.name.set_text("王四")  # the wrong name: as if not registered
    refused = add.banner.text
    with qtbot.waitSignal(counter.window.runner.busy_changed, timeout=STEP_TIMEOUT_MS):
        tap(add.next_button)
    qtbot.waitUntil(lambda: not counter.window.runner.busy and bool(refused()))
    assert "该办税人员尚未注册" in add.banner.text()
    assert counter.window.current_screen() is add
    add.name.set_text(LI.name)
    tap(add.role_buttons[Role.INVOICER])
    assert add.role is Role.INVOICER and add.role_buttons[Role.INVOICER].text().startswith("✓")
    tap(add.role_buttons[Role.TAX_HANDLER])
    with qtbot.waitSignal(relations.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(add.next_button)
    assert shown.args == [Step.ADDED], add.banner.text()
    assert counter.window.current_screen() is people
    assert "李*" in people.banner.text() and "办税员" in people.banner.text()
    added = relations.flow.state.added
    assert added is not None
    assert (added.state, added.origin) == (RelationState.PENDING, RelationOrigin.HALL)
    card = people.card(added.relation_id)
    assert card.who.text().startswith("李*") and "办税服务厅" in card.detail.text()

    # R-RE-7: the account center cannot withdraw what the hall added
    with SignedClient(service.base_url, now=manual_clock.now) as client:
        client.enroll(service.create_enroll_code("legal representative"))
        token = sms_login(client, ZHANG, E1)["session_token"]
        switch(client, token, E1, Role.LEGAL_REPRESENTATIVE.value)
        refused = client.post(
            "/v1/enterprise/people/withdraw", {"relation_id": added.relation_id}, bearer=token
        )
        error(refused, ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE)

    # End it: the confirmation names who, the role and what follows
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(card.end_button)
    assert shown.args == [Step.CONFIRM_END]
    end = relations.end
    assert end.who.text().startswith("李*")
    assert "北京示例科技" in end.consequence.text() and "办税员" in end.consequence.text()
    assert "工号" in end.follows.text()
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(end.back_button)  # keep it
    assert shown.args == [Step.SHOWN]
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(people.card(added.relation_id).end_button)
    with qtbot.waitSignal(relations.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(end.end_button)
    assert shown.args == [Step.ENDED], end.banner.text()
    assert "李*" in people.banner.text()
    assert added.relation_id not in {c.member.relation_id for c in people.cards}

    # Back: another enterprise; back again: staff home
    with qtbot.waitSignal(relations.step_shown) as shown:
        tap(people.back_button)
    assert shown.args == [Step.SEARCH] and relations.search.field.text() == ""
    tap(relations.search.back_button)
    wait_for_screen(counter.window, counter.staff.home)


def test_R_HA_2_an_unknown_enterprise_is_said_plainly(qtbot: QtBot, counter: Counter) -> None:
    log_in(qtbot, counter)
    relations = counter.staff.relations
    assert relations is not None
    tap(counter.staff.home.relations_button)
    search = relations.search
    type_on_keypad(search.keypad, "110108600123457")  # a taxpayer id nobody has
    with qtbot.waitSignal(counter.window.runner.busy_changed, timeout=STEP_TIMEOUT_MS):
        tap(search.search_button)
    qtbot.waitUntil(lambda: not counter.window.runner.busy and bool(search.banner.text()))
    assert "未找到该代码对应的企业" in search.banner.text()
    assert counter.window.current_screen() is search


@pytest.mark.expected_log(r"^kiosk\.services\.signed_http: POST /v")
def test_R_HA_2_an_offline_staff_login_cannot_open_the_counter(
    qtbot: QtBot, counter: Counter
) -> None:
    log_in(qtbot, counter)  # online once: the staff account is known here offline too
    tap(counter.staff.home.logout_button)
    wait_for_screen(counter.window, counter.window.home)
    counter.network.up = False
    log_in(qtbot, counter)
    home = counter.staff.home
    assert counter.staff.staff is not None and counter.staff.staff.token is None
    tap(home.relations_button)
    assert counter.window.current_screen() is home
    assert "需要联网登录" in home.banner.text() and "R-HA-2" in home.banner.small_print()


def test_R_HA_2_R_RE_7_the_account_center_of_the_same_terminal_cannot_withdraw_a_hall_addition(
    qtbot: QtBot, counter: Counter, live_api: HttpAccountClient
) -> None:
    """Staff add 李四 at the counter; then 张三, at this terminal, logs in through 企业业务 as
    the legal representative and opens 人员权限管理: the addition waits there, marked as made
    at the hall, and 撤回 answers the seeds' 该纳税人不可以撤回，请到大厅办理."""
    window = counter.window
    log_in(qtbot, counter)
    relations = open_enterprise(qtbot, counter)
    with qtbot.waitSignal(relations.step_shown):
        tap(relations.people.add_button)
    add = relations.add
    tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    type_on_keypad(add.keypad, LI.document_number)
    add.name.set_text(LI.name)
    with qtbot.waitSignal(relations.step_shown, timeout=STEP_TIMEOUT_MS) as shown:
        tap(add.next_button)
    assert shown.args == [Step.ADDED], add.banner.text()
    window.end_session(EndReason.LOGOUT)
    wait_for_screen(window, window.home)

    open_enterprise_login(window)
    enter_credentials(qtbot, window, E1, ZHANG)
    by_sms(qtbot, window, live_api, ZHANG)
    assert window.entry is not None
    wait_for_screen(window, window.entry.roles)
    tap(window.entry.roles.buttons[Role.LEGAL_REPRESENTATIVE])
    wait_until_idle(window.runner)
    home = window.logged_in
    wait_for_screen(window, home.screen)
    people = home.people
    assert people is not None
    with qtbot.waitSignal(people.step_shown, timeout=STEP_TIMEOUT_MS):
        tap(home.screen.people_button)
    wait_until_idle(window.runner)
    card = next(
        c
        for c in people.list.all_cards()
        if c.member.name_masked.startswith("李") and c.member.state == RelationState.PENDING
    )
    assert card.member.origin == RelationOrigin.HALL and "办税服务厅" in card.details.text()
    with qtbot.waitSignal(people.refused, timeout=STEP_TIMEOUT_MS) as refused:
        tap(card.buttons["withdraw"])
    assert refused.args[0].code is ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE
    wait_until_idle(window.runner)
    assert window.current_screen() is people.list
    assert "该纳税人不可以撤回，请到大厅办理" in people.list.banner.text()
    # Still there, still waiting for 李四.
    assert any(
        c.member.relation_id == card.member.relation_id and c.member.state == RelationState.PENDING
        for c in people.list.all_cards()
    )
