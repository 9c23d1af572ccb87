"""The face and the tax app as factors, as screens (issue 6; R-2F-1, R-QR-2, R-RN-2/3/4,
R-LK-1): the login's choice of second factor, the kiosk camera's face check, 扫码验证 with
the tax-app simulator, 个人实名等级 3 → 4 in the account center and before tax business.

The real account service over HTTP (SQLite), the real face pipeline, and a mock camera
playing the REAL test photos (face_kiosk.py). The person's reference is the identity
authority's photo (obama.jpg's template), given through the real authority code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from face_kiosk import (
    CAPTURE_TIMEOUT_MS,
    WAIT_MS,
    Cameras,
    face_sources,
    face_window,
    template_of,
)
from pytestqt.qtbot import QtBot

from account_service.authority.service import add_resident
from account_service.demo import DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from kiosk.demo.challenge_actor import ChallengeActor
from kiosk.demo.ui_driver import tap, wait_for_screen, wait_until_idle
from kiosk.devices.camera import Frame
from kiosk.devices.camera_scenes import FaceAnchor
from kiosk.flows.login import Factor, LoginStep
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.qr import TaxApp
from kiosk.services.face.models import FaceModels
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.widgets.message_banner import BannerKind
from kiosk.ui.i18n import LanguageController
from kiosk.ui.main_window import MainWindow

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")  # level 4, phone 138****0001
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")  # level 3 (legacy)


@dataclass
class FaceKiosk:
    window: MainWindow
    cameras: Cameras

    def actor_for_login(self) -> ChallengeActor:
        check = self.window.login.face_check
        assert check is not None
        return ChallengeActor(check.analyzer, self.cameras.set_scene)

    def actor_for_level(self) -> ChallengeActor:
        assert self.window.account is not None and self.window.account.face_check is not None
        return ChallengeActor(self.window.account.face_check.analyzer, self.cameras.set_scene)


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
    anchors: dict[str, FaceAnchor],
    kiosk_session: KioskSession,
    language: LanguageController,
) -> Iterator[FaceKiosk]:
    cameras = Cameras(photos, anchors)
    sources = face_sources(cameras, face_models)
    window = face_window(qtbot, live_api, sources, kiosk_session, language, qr=True)
    try:
        yield FaceKiosk(window, cameras)
    finally:
        window.shutdown()


def give_reference(
    service: EmbeddedService, person: DemoPerson, face_models: FaceModels, photo: Frame
) -> None:
    """The identity authority's reference photo of ``person`` (R-RN-4)."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=person.name,
            document_type=person.document_type,
            document_number=person.document_number,
            face_template=template_of(face_models, photo),
            now=datetime.now().astimezone(),
        )


def enter_password(qtbot: QtBot, window: MainWindow, person: DemoPerson) -> None:
    window.start_login()
    credentials = window.login.credentials
    credentials.identifier.set_text(person.document_number)
    credentials.password.set_text(person.password)
    assert credentials.main_action is not None
    tap(credentials.main_action)
    wait_until_idle(window.runner)
    assert window.current_screen() is window.login.factor_choice, credentials.banner.text()


def logged_in_by_api(api: HttpAccountClient, window: MainWindow, person: DemoPerson) -> str:
    """A login made by SMS through the client, handed to the window (like 扫码登录 does)."""
    accepted = api.start_login(person.document_number, person.password)
    api.send_login_sms(accepted.attempt_id)
    code = api.sms_outbox(phone=person.phone, limit=1)[0].code
    answer = api.verify_login_sms(accepted.attempt_id, code)
    assert isinstance(answer, LoggedIn)
    window.logged_in.open(answer)
    return answer.session_token


# -- the login's second factor ------------------------------------------------------------------


def test_R_2F_1_R_RN_3_face_second_factor_logs_in_and_raises_level_3_to_4(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, WANG, face_models, photos["obama"])
    window = kiosk.window
    login = window.login
    enter_password(qtbot, window, WANG)
    choice = login.factor_choice
    assert choice.step_label.text() == "第 2 步，共 3 步"
    assert all(choice.buttons[f].isVisible() for f in Factor)  # SMS, face, QR
    assert "138****0003" in choice.buttons[Factor.SMS].text()
    kiosk.actor_for_login()
    kiosk.cameras.person = "obama2"
    tap(choice.buttons[Factor.FACE])
    wait_for_screen(window, login.face_screen)
    wait_for_screen(window, window.logged_in.screen, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    assert login.face_check is not None and not login.face_check.running  # camera off
    person = window.logged_in.screen.person
    assert person is not None and person.real_name_level == 4  # a face login lifts 3 → 4
    assert "四级" in window.logged_in.screen.level_line.text()


def test_R_RN_4_another_face_is_refused_then_back_to_the_choice_and_sms(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, ZHANG, face_models, photos["obama"])
    window = kiosk.window
    login = window.login
    enter_password(qtbot, window, ZHANG)
    kiosk.actor_for_login()
    kiosk.cameras.person = "biden"
    with qtbot.waitSignal(login.face_refused, timeout=CAPTURE_TIMEOUT_MS) as refused:
        tap(login.factor_choice.buttons[Factor.FACE])
    error = refused.args[0]
    assert isinstance(error, UserError) and error.code is ErrorCode.FACE_MISMATCH
    face = login.face_screen
    assert face.banner.kind is BannerKind.ERROR and face.banner.rule == "R-RN-4"
    assert "还可尝试 4 次" in face.banner.text()
    assert face.retry_button.isVisible()
    # Back: the choice again, the attempt alive; the SMS code finishes the login.
    tap(face.back_button)
    wait_until_idle(window.runner)
    assert window.current_screen() is login.factor_choice
    assert login.face_check is not None and not login.face_check.running
    tap(login.factor_choice.buttons[Factor.SMS])
    wait_until_idle(window.runner)
    sms = login.sms
    assert window.current_screen() is sms
    tap(sms.request_button)
    wait_until_idle(window.runner)
    sms.code.set_text(live_api.sms_outbox(phone=ZHANG.phone, limit=1)[0].code)
    sms.submit()
    wait_until_idle(window.runner)
    assert window.current_screen() is window.logged_in.screen, sms.banner.text()


def test_R_LK_1_the_fifth_face_failure_of_the_day_locks_the_account(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, ZHANG, face_models, photos["obama"])
    biden = template_of(face_models, photos["biden"])
    # Four failures earlier today (another terminal, say); the kiosk's is the fifth.
    earlier = live_api.start_login(ZHANG.document_number, ZHANG.password)
    for _ in range(4):
        with pytest.raises(UserError) as wrong:
            live_api.verify_login_face(earlier.attempt_id, biden)
        assert wrong.value.code is ErrorCode.FACE_MISMATCH
    window = kiosk.window
    login = window.login
    enter_password(qtbot, window, ZHANG)
    kiosk.actor_for_login()
    kiosk.cameras.person = "biden"
    with qtbot.waitSignal(login.face_refused, timeout=CAPTURE_TIMEOUT_MS) as refused:
        tap(login.factor_choice.buttons[Factor.FACE])
    assert refused.args[0].code is ErrorCode.ACCOUNT_LOCKED
    face = login.face_screen
    assert face.banner.rule == "R-LK-1" and "锁定" in face.banner.text()
    assert not face.retry_button.isVisible()  # another try cannot help today
    with pytest.raises(UserError) as locked:
        live_api.start_login(ZHANG.document_number, ZHANG.password)
    assert locked.value.code is ErrorCode.ACCOUNT_LOCKED


def test_R_QR_2_qr_verification_is_the_second_factor_with_the_app_simulator(
    qtbot: QtBot, kiosk: FaceKiosk, live_api: HttpAccountClient
) -> None:
    window = kiosk.window
    login = window.login
    qr = window.qr
    assert qr is not None
    enter_password(qtbot, window, ZHANG)
    assert not login.factor_choice.buttons[Factor.FACE].isVisible()  # no reference: no face
    with qtbot.waitSignal(qr.code_shown, timeout=WAIT_MS) as shown:
        tap(login.factor_choice.buttons[Factor.QR])
    assert window.current_screen() is qr.screen
    assert qr.screen.title_label.text() == "扫码验证"
    # Back from the code: the choice again; the next code is a new one.
    tap(qr.screen.back_button)
    wait_until_idle(window.runner)
    assert window.current_screen() is login.factor_choice
    qtbot.waitUntil(lambda: not qr.polling, timeout=WAIT_MS)  # leaving stopped the polls
    # A new code at once, although the old code's long poll may still be out (R-QR-2).
    with qtbot.waitSignal(qr.code_shown, timeout=WAIT_MS // 3) as shown_again:
        tap(login.factor_choice.buttons[Factor.QR])
    payload = shown_again.args[0]
    assert payload != shown.args[0]
    live_api.taxapp_scan(payload, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    wait_for_screen(window, window.logged_in.screen)
    assert login.flow.step is LoginStep.LOGGED_IN
    token = window.session.session_token
    assert token is not None and live_api.current_person(token).name_masked == "张*"
    # Reused: the app scanning the spent code again is refused.
    with pytest.raises(UserError) as reused:
        live_api.taxapp_scan(payload, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    assert reused.value.code is ErrorCode.QR_USED


# -- 个人实名等级 3 → 4 (R-RN-2/3) -------------------------------------------------------------


def test_R_RN_3_account_center_raises_level_3_to_4_by_a_face_check(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, WANG, face_models, photos["obama"])
    window = kiosk.window
    logged_in_by_api(live_api, window, WANG)
    account = window.account
    assert account is not None
    tap(window.logged_in.screen.account_button)
    wait_until_idle(window.runner)
    overview = account.overview
    assert window.current_screen() is overview
    assert overview.level_button.isVisible()  # level 3: the raise is offered
    kiosk.actor_for_level()
    kiosk.cameras.person = "obama3"
    tap(overview.level_button)
    wait_for_screen(window, account.level_face)
    wait_for_screen(window, overview, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    wait_until_idle(window.runner)
    assert overview.banner.kind is BannerKind.SUCCESS and "四级" in overview.banner.text()
    assert "四级" in overview.level_line.text()
    assert not overview.level_button.isVisible()  # nothing more to raise
    tap(overview.done_button)
    person = window.logged_in.screen.person
    assert person is not None and person.real_name_level == 4  # the home shows it too


def test_R_RN_2_key_business_asks_a_level_3_person_for_the_face_check_first(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, WANG, face_models, photos["obama"])
    window = kiosk.window
    logged_in_by_api(live_api, window, WANG)
    account = window.account
    assert account is not None
    home = window.logged_in.screen
    kiosk.actor_for_level()
    kiosk.cameras.person = "obama2"
    tap(home.business_button)
    wait_for_screen(window, account.level_face)
    assert "办理涉税业务需要四级实名" in account.level_face.intro.text()
    wait_for_screen(window, home, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    assert home.banner.kind is BannerKind.SUCCESS and "四级" in home.banner.text()
    assert home.person is not None and home.person.real_name_level == 4
    # Level 4 now: business opens without another check (its screens come later).
    tap(home.business_button)
    assert home.coming_soon.isVisible()
    assert window.current_screen() is home


def test_R_RN_2_level_4_starts_business_without_a_face_check(
    qtbot: QtBot, kiosk: FaceKiosk, live_api: HttpAccountClient
) -> None:
    window = kiosk.window
    logged_in_by_api(live_api, window, ZHANG)
    home = window.logged_in.screen
    tap(home.business_button)
    assert window.current_screen() is home
    assert home.coming_soon.isVisible()


def test_R_LK_1_fifth_failure_at_the_level_check_locks_and_ends_the_session(
    qtbot: QtBot,
    kiosk: FaceKiosk,
    service: EmbeddedService,
    live_api: HttpAccountClient,
    face_models: FaceModels,
    photos: dict[str, Frame],
) -> None:
    give_reference(service, WANG, face_models, photos["obama"])
    window = kiosk.window
    token = logged_in_by_api(live_api, window, WANG)
    biden = template_of(face_models, photos["biden"])
    for _ in range(4):
        with pytest.raises(UserError):
            live_api.raise_level_by_face(token, biden)
    kiosk.actor_for_level()
    kiosk.cameras.person = "biden"
    tap(window.logged_in.screen.business_button)
    wait_for_screen(window, window.home, timeout_s=CAPTURE_TIMEOUT_MS / 1000)
    home = window.home
    assert home.banner.kind is BannerKind.ERROR and home.banner.rule == "R-LK-1"
    assert window.session.session_token is None  # the kiosk forgot the session
    with pytest.raises(UserError) as ended:
        live_api.current_person(token)
    assert ended.value.code is ErrorCode.SESSION_INVALID
