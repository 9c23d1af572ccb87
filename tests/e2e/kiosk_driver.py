"""A person's and a staff member's hands inside a ``kiosk run`` process.

    python -m tests.e2e.kiosk_driver SCENARIO RESULT_JSON [SMS_PROVIDER_URL]

The process runs ``kiosk run`` exactly as a hall starts it (``kiosk.cli.main`` with
``sys.argv``: the settings come from ``KIOSK_*``); before that, it queues the scenario on
the Qt event loop. The scenario finds the kiosk's window and uses it as a person would
(keypads, buttons), then writes what it saw to RESULT_JSON and quits the application.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import kiosk.app  # noqa: F401 - pydantic before PySide6 (kiosk/app.py)
from kiosk import cli
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import KeyboardHands, tap, type_on_keypad, wait_for
from kiosk.devices.camera import SceneKind
from kiosk.devices.camera_control import MockCameraControl
from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import CollectionStep
from kiosk.flows.login import Factor
from kiosk.protocol.enterprise import Role
from kiosk.services.store import RecordState
from kiosk.ui.main_window import EndReason, MainWindow

COLLECTED_ID = "11010519491231002X"
COLLECTED_NAME = "赵六"


def the_window() -> MainWindow:
    found: list[MainWindow] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return bool(found) and found[0].isVisible()

    wait_for(shown, "the kiosk window")
    return found[0]


def idle(window: MainWindow) -> Callable[[], bool]:
    return lambda: not window.runner.busy


def login_with_sms(window: MainWindow, sms_url: str) -> dict[str, Any]:
    """张三 logs in with his ID number, his password and the code sent to his phone."""
    from account_service.demo import DEMO_PERSONS  # noqa: PLC0415 - the test's seeded people

    zhang = next(p for p in DEMO_PERSONS if p.name == "张三")
    login = window.login
    window.start_login()
    type_on_keypad(login.credentials.keypad, zhang.document_number)
    login.credentials.password.set_text(zhang.password)
    login.credentials.submit()
    wait_for(idle(window), "the password check")
    if window.current_screen() is login.factor_choice:
        login.choose_factor(Factor.SMS)
        wait_for(idle(window), "the SMS choice")
    if window.current_screen() is not login.sms:
        raise AssertionError(f"login refused: {login.credentials.banner.text()}")
    type_sms_code(window, sms_url, zhang.phone or "")
    logged_in = window.current_screen() is window.logged_in.screen
    banner = login.sms.banner.text()
    window.end_session(EndReason.LOGOUT)
    wait_for(idle(window), "the logout")
    return {"logged_in": logged_in, "banner": banner}


def type_sms_code(window: MainWindow, sms_url: str, phone: str) -> None:
    """At the SMS step: send, read the code at the provider, type it, submit."""
    login = window.login
    tap(login.sms.request_button)
    wait_for(idle(window), "the code to be sent")
    texts: list[str] = []

    def delivered() -> bool:
        # The service hands the code to the provider after it answered the kiosk.
        sent = httpx.get(sms_url, timeout=5).json()
        texts[:] = [m["text"] for m in sent if m["phone"] == phone]
        return bool(texts)

    try:
        wait_for(delivered, "the SMS at the provider", 15.0)
    except AssertionError:
        raise AssertionError(f"no SMS reached the provider: {login.sms.banner.text()}") from None
    code = "".join(c for c in texts[-1] if c.isdigit())[:6]
    type_on_keypad(login.sms.keypad, code)
    login.sms.submit()
    wait_for(idle(window), "the code check")


def enterprise_login(window: MainWindow, sms_url: str) -> bool:
    """企业业务: 张三 types 北京示例科技's code on the code keypad and his ID number, the
    password on the on-screen keyboard, gives the SMS code and picks 法定代表人 of his two
    roles. True when the password was typed on the on-screen keyboard."""
    from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS  # noqa: PLC0415

    zhang = next(p for p in DEMO_PERSONS if p.name == "张三")
    login, entry = window.login, window.entry
    assert entry is not None, "the window has no 企业业务 entry"
    window.home.enterprise_chosen.emit()
    credentials = login.credentials
    wait_for(lambda: window.current_screen() is credentials, "the 企业业务 login")
    tap(credentials.code.line_edit)
    type_on_keypad(credentials.code_keypad, DEMO_ENTERPRISE.code)
    tap(credentials.identifier.line_edit)
    type_on_keypad(credentials.keypad, zhang.document_number)
    # The password on the on-screen keyboard, as a person types it (Latin, Shift, @).
    if window.keyboard is not None:
        KeyboardHands(window.keyboard).type(credentials.password.line_edit, zhang.password)
        window.keyboard.hide()
    else:
        credentials.password.set_text(zhang.password)
    typed = credentials.password.text() == zhang.password
    assert credentials.main_action is not None
    tap(credentials.main_action)
    wait_for(idle(window), "the password check")
    if window.current_screen() is login.factor_choice:
        tap(login.factor_choice.buttons[Factor.SMS])
        wait_for(idle(window), "the SMS choice")
    if window.current_screen() is not login.sms:
        raise AssertionError(f"login refused: {credentials.banner.text()}")
    type_sms_code(window, sms_url, zhang.phone or "")
    if window.current_screen() is not entry.roles:
        raise AssertionError(f"no role choice: {type(window.current_screen()).__name__}")
    tap(entry.roles.buttons[Role.LEGAL_REPRESENTATIVE])
    home = window.logged_in.screen
    wait_for(lambda: idle(window)() and window.current_screen() is home, "the logged-in home")
    return typed


def enterprise_login_and_switch(window: MainWindow, sms_url: str) -> dict[str, Any]:
    """企业业务 as 北京示例科技's legal representative, then 身份切换 to 上海示例贸易."""
    from account_service.demo import DEMO_ENTERPRISE  # noqa: PLC0415

    typed = enterprise_login(window, sms_url)
    home = window.logged_in.screen
    first = window.session.acting
    switching = window.logged_in.switching
    assert switching is not None, "身份切换 is not wired"
    tap(home.switch_button)
    wait_for(lambda: idle(window)() and window.current_screen() is switching.choose, "身份切换")
    other = next(
        c
        for c in switching.flow.state.choices
        if c.enterprise is not None and c.enterprise.code != DEMO_ENTERPRISE.code
    )
    tap(switching.choose.button_for(other))
    wait_for(lambda: window.current_screen() is switching.confirm, "the confirmation")
    tap(switching.confirm.switch_button)
    wait_for(lambda: idle(window)() and window.current_screen() is home, "home after the switch")
    now = window.session.acting
    token_kept = window.session.session_token is not None
    window.end_session(EndReason.LOGOUT)
    wait_for(idle(window), "the logout")
    return {
        "typed_on_screen": typed and window.keyboard is not None,
        "first": first.model_dump(mode="json") if first else None,
        "switched": now.model_dump(mode="json") if now else None,
        "token_kept": token_kept,
    }


def manage_people(window: MainWindow, sms_url: str) -> dict[str, Any]:
    """人员权限管理: 张三, legal representative of 北京示例科技, adds 李四 as a tax handler
    (the ID number on the keypad, the name in Pinyin on the on-screen keyboard), sees the
    addition waiting for 李四, and withdraws it."""
    from account_service.demo import DEMO_PERSONS  # noqa: PLC0415

    li = next(p for p in DEMO_PERSONS if p.name == "李四")
    enterprise_login(window, sms_url)
    people = window.logged_in.people
    assert people is not None, "人员权限管理 is not wired"
    tap(window.logged_in.screen.people_button)
    wait_for(lambda: idle(window)() and window.current_screen() is people.list, "人员权限管理")
    tap(people.list.add_button)
    add = people.add
    wait_for(lambda: window.current_screen() is add, "添加办税人员")
    tap(add.picker.buttons[DocumentType.RESIDENT_ID])
    wait_for(add.on_number_page, "the document number page")
    type_on_keypad(add.keypad, li.document_number)
    if add.number.text() != li.document_number:
        raise AssertionError(f"the keypad typed {add.number.text()!r}")
    if window.keyboard is not None:
        hands = KeyboardHands(window.keyboard)
        # As a person does: spell it, look, and correct a wrong candidate (the candidate
        # bar may still move under the finger while it fills).
        for _attempt in range(3):
            hands.type_pinyin(add.name.line_edit, "lisi", li.name)
            if add.name.text() == li.name:
                break
            for _char in add.name.text():
                hands.press_key_of_kind("BackspaceKey")
        window.keyboard.hide()
    else:
        add.name.set_text(li.name)
    named = add.name.text()
    if named != li.name:
        raise AssertionError(f"the name field holds {named!r} after the Pinyin keyboard")
    tap(add.next_button)
    wait_for(idle(window), "the addition")
    if window.current_screen() is not people.list:
        shown = window.current_screen()
        raise AssertionError(f"not added: {type(shown).__name__} says {add.banner.text()!r}")
    added = [
        (c.member.role, c.member.state, c.member.origin)
        for c in people.list.all_cards()
        if c.member.name_masked.startswith("李")
    ]
    banner = people.list.banner.text()
    card = next(c for c in people.list.all_cards() if c.member.name_masked.startswith("李"))
    tap(card.buttons["withdraw"])
    wait_for(idle(window), "the withdrawal")
    left = [c.member.name_masked for c in people.list.all_cards()]
    window.end_session(EndReason.LOGOUT)
    wait_for(idle(window), "the logout")
    return {
        "named_on_screen": named == li.name and window.keyboard is not None,
        "added": [[str(v) for v in row] for row in added],
        "added_banner": banner,
        "after_withdraw": left,
    }


def collect_and_sync(window: MainWindow, data_dir: Path) -> dict[str, Any]:
    """S0001 collects a resident's document data and live face, then syncs it."""
    from account_service.demo import DEMO_STAFF  # noqa: PLC0415 - the test's seeded staff

    staff = DEMO_STAFF[0]
    journey = window.staff
    if journey is None:
        raise AssertionError("the terminal has no staff mode")
    # The tester's knob on the mock camera, as `kiosk camera scene` turns it.
    knobs = MockCameraControl(data_dir)
    actor = ChallengeActor(journey.analyzer, knobs.set_scene)

    def at(step: CollectionStep) -> Callable[[], bool]:
        screen = journey.collection_screens[step]
        return lambda: idle(window)() and window.current_screen() is screen

    window.journeys.open_staff()
    wait_for(idle(window), "the connection check")
    journey.login.staff_no.set_text(staff.staff_no)
    journey.login.password.set_text(staff.password)
    journey.login.submit()
    wait_for(lambda: idle(window)() and window.current_screen() is journey.home, "staff home")
    journey.start_collection()
    wait_for(at(CollectionStep.DOCUMENT_TYPE), "the document types")
    journey.choose_document_type(DocumentType.RESIDENT_ID)
    wait_for(at(CollectionStep.DOCUMENT_DATA), "the data screen")
    data = journey.document_data
    type_on_keypad(data.keypad, COLLECTED_ID)
    data.name.set_text(COLLECTED_NAME)
    knobs.set_scene(SceneKind.GOOD)
    data.submit()
    view = journey.capture.camera

    last: list[str] = []

    def reviewed() -> bool:
        analysis = view.analysis
        if analysis is not None:
            last[:] = [
                f"{time.monotonic():.0f} faces {len(analysis.boxes)} liveness {analysis.liveness}"
                f" scene {knobs.read().scene}"
            ]
        return at(CollectionStep.REVIEW)()

    def seen() -> str:
        return (
            f"the review (on {type(window.current_screen()).__name__}, last seen {last}, "
            f"data banner {data.banner.text()!r}, number {data.number.text()!r})"
        )

    try:
        wait_for(reviewed, "the review", 80.0)
    except AssertionError:
        raise AssertionError(f"timed out waiting for {seen()}") from None
    actor.enabled = False
    journey.accept()
    wait_for(at(CollectionStep.SAVED), "the record saved")
    panel = journey.sync_panel
    if panel is None:
        raise AssertionError("the terminal has no sync panel")
    journey.show_home()
    journey.show_sync()
    panel.sync_now()

    def delivered() -> bool:
        progress = panel.screen.progress
        if progress is None or progress.sending:
            return False
        counts = progress.counts
        return counts.get(RecordState.ACKNOWLEDGED, 0) + counts.get(RecordState.PURGED, 0) >= 1

    wait_for(delivered, "the record delivered", 120.0)
    journey.logout()
    return {"delivered": True}


def service_down(window: MainWindow, shots: Path) -> dict[str, Any]:
    wait_for(lambda: window.home.service_down, "the home screen to say the service is down")
    shots.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(shots / "service-down.png"))
    return {"banner": window.home.banner.text(), "rule": window.home.banner.rule}


def main() -> int:
    scenario, result_path = sys.argv[1], Path(sys.argv[2])
    sms_url = sys.argv[3] if len(sys.argv) > 3 else ""
    data_dir = Path(os.environ["KIOSK_DATA_DIR"])
    app = QApplication.instance() or QApplication(["kiosk"])

    def drive() -> None:
        result: dict[str, Any]
        try:
            window = the_window()
            if scenario == "login":
                result = login_with_sms(window, sms_url)
            elif scenario == "enterprise":
                result = enterprise_login_and_switch(window, sms_url)
            elif scenario == "people":
                result = manage_people(window, sms_url)
            elif scenario == "collection":
                result = collect_and_sync(window, data_dir)
            elif scenario == "service-down":
                result = service_down(window, result_path.parent)
            else:
                result = {"error": f"unknown scenario {scenario}"}
            result["screen"] = type(window.current_screen()).__name__
            result["window"] = [window.width(), window.height()]
        except Exception:
            result = {"error": traceback.format_exc()}
        result_path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        app.quit()

    QTimer.singleShot(0, drive)
    sys.argv = ["kiosk", "run", "--windowed"]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
