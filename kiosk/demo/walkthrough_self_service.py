"""The self-service part of the walkthrough (issue 7): 扫码登录's QR code (issue 6), 忘记密码,
找回手机号码 and 账户中心, then 忘记密码's choice of proof and its live face check.

It leaves the demo data as it found it: the demo person "resets" to the published password
(R-PW-4 allows the same one), "retrieves" the number already on the account (it only
becomes the default again), and the account center is shown without saving changes; the
deregistration stops at the question. The QR code is shown, not scanned; it comes first
so that its last long poll (up to 15 s, on the QR journey's own worker) ends while the
other journeys are walked, not at shutdown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk.demo.still_preview import StillPreview, held_or_live
from kiosk.demo.ui_driver import DriverError
from kiosk.domain.documents import DocumentType
from kiosk.flows.login import Factor
from kiosk.services.account_api import OutboxSms
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.digit_keypad import DigitKeypad
from kiosk.ui.main_window import EndReason, MainWindow

Shoot = Callable[[str], None]
WaitFor = Callable[[Callable[[], bool], str, float], None]
TIMEOUT_S = 30.0
SHOWN_NEW_PHONE = "13900000088"  # a number offered and abandoned on the confirm screen


class Person(Protocol):
    @property
    def document_number(self) -> str: ...

    @property
    def password(self) -> str: ...

    @property
    def phone(self) -> str: ...


class Outbox(Protocol):
    def sms_outbox(self, phone: str | None = None, limit: int = 20) -> list[OutboxSms]: ...


class SelfServiceWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


def run_self_service_walkthrough(
    window: MainWindow,
    outbox: Outbox,
    person: Person,
    shoot: Shoot,
    wait_for: WaitFor,
    *,
    still: StillPreview | None = None,
) -> None:
    """``still``: holds the mock camera's picture while a face check's preview is shot."""
    if window.forgot is None or window.retrieve is None or window.account is None:
        return
    walk = _Walk(window, outbox, person, shoot, wait_for, still=still)
    walk.qr_login()
    walk.forgot_password()
    walk.retrieve_phone()
    walk.account_center()
    walk.forgot_password_by_face()


class _Walk:
    def __init__(
        self,
        window: MainWindow,
        outbox: Outbox,
        person: Person,
        shoot: Shoot,
        wait: WaitFor,
        *,
        still: StillPreview | None,
    ) -> None:
        self.window = window
        self.outbox = outbox
        self.person = person
        self.shoot = shoot
        self.wait = wait
        self.still = still

    # -- helpers -------------------------------------------------------------------------

    def at(self, screen: FlowScreen, what: str) -> None:
        window = self.window
        self.wait(
            lambda: not window.runner.busy and window.current_screen() is screen, what, TIMEOUT_S
        )
        if window.current_screen() is not screen:
            raise SelfServiceWalkthroughError(f"did not reach {what}")

    def settled(self, what: str) -> None:
        self.wait(lambda: not self.window.runner.busy, what, TIMEOUT_S)

    def code(self, phone: str) -> str:
        sent = self.outbox.sms_outbox(phone=phone, limit=1)
        if not sent:
            raise SelfServiceWalkthroughError(f"no SMS code was sent to {phone[:3]}…")
        return sent[0].code

    @staticmethod
    def press(keypad: DigitKeypad, keys: str) -> None:
        for key in keys:
            keypad.press(key)

    # -- 扫码登录 --------------------------------------------------------------------------

    def qr_login(self) -> None:
        journey = self.window.qr
        if journey is None:
            return
        self.window.start_login()
        self.at(self.window.login.credentials, "the login")
        self.window.journeys.open_qr_login()
        self.wait(
            lambda: journey.screen.code.has_code and not journey.screen.busy.running,
            "the QR code",
            TIMEOUT_S,
        )
        strip = journey.screen.side_panel
        if strip is not None:  # the demo's tester tool: its own shot, not the kiosk's screen
            strip.hide()
            self.shoot("47-qr-login")
            strip.show()
            self.shoot("61-qr-tester-strip")
        else:
            self.shoot("47-qr-login")
        self.window.end_session(EndReason.HOME)
        self.settled("home")

    # -- the login's second factors (R-2F-1, R-QR-2) --------------------------------------

    def other_second_factors(self) -> None:
        """From the choice: the QR verification's code, then the face check (when the
        staff walkthrough collected this person's face), each left with Back."""
        window = self.window
        login = window.login
        qr = window.qr
        if Factor.QR in login.flow.state.factors and qr is not None:
            login.choose_factor(Factor.QR)
            self.wait(
                lambda: qr.screen.code.has_code and not qr.screen.busy.running,
                "the QR verification code",
                TIMEOUT_S,
            )
            strip = qr.screen.side_panel
            if strip is not None:
                strip.hide()
            self.shoot("58-login-qr-verification")
            if strip is not None:
                strip.show()
            qr.screen.back_button.click()
            self.at(login.factor_choice, "the choice again")
        face_check = login.face_check
        if Factor.FACE in login.flow.state.factors and face_check is not None:
            login.choose_factor(Factor.FACE)
            face = face_check.screen
            self.wait(lambda: face.camera.analysis is not None, "the face preview", TIMEOUT_S)
            with held_or_live(self.still, face_check.analyzer):
                self.shoot("59-login-face-check")
            login.back()
            self.at(login.factor_choice, "the choice again")

    def level_face_preview(self) -> None:
        """The face check a level-3 person is asked before tax business (R-RN-2/3), shown
        with its camera preview and abandoned (the walkthrough's person is level 4)."""
        journey = self.window.account
        if journey is None or journey.face_check is None:
            return
        journey.level_face.wipe()
        journey.level_face.set_for_business(True)
        self.window.show_screen(journey.level_face)
        journey.face_check.start()
        face = journey.level_face
        self.wait(lambda: face.camera.analysis is not None, "the level check preview", TIMEOUT_S)
        with held_or_live(self.still, journey.face_check.analyzer):
            self.shoot("60-level-face-check")
        journey.stop_face()
        self.window.show_screen(self.window.logged_in.screen)

    # -- 忘记密码 --------------------------------------------------------------------------

    def forgot_password(self) -> None:
        journey = self.window.forgot
        assert journey is not None
        self.window.session.touch()
        self.window.journeys.open_forgot_password()
        identity = journey.identity
        self.at(identity, "the document types")
        self.shoot("29-forgot-document-type")
        identity.choose_type(DocumentType.RESIDENT_ID)
        self.press(identity.keypad, self.person.document_number)
        self.shoot("30-forgot-document-number")
        identity.submit()
        self.settled("the document check")
        if self.window.current_screen() is journey.method:
            journey.choose_sms()  # the staff walkthrough collected this face: both offered
        self.at(journey.sms, f"the reset code step ({identity.banner.text()})")
        journey.request_code()
        self.settled("the reset code")
        self.shoot("31-forgot-sms")
        self.press(journey.sms.keypad, self.code(self.person.phone))
        journey.sms.submit()
        self.at(journey.new_password, f"the new password ({journey.sms.banner.text()})")
        journey.new_password.new_password.set_text(self.person.password)
        journey.new_password.confirm.set_text(self.person.password)
        self.shoot("32-forgot-new-password")
        journey.new_password.submit()
        self.at(journey.done, f"the reset done ({journey.new_password.banner.text()})")
        self.shoot("33-forgot-done")
        self.window.end_session(EndReason.HOME)
        self.settled("home")

    def forgot_password_by_face(self) -> None:
        """The choice and the live face check, when the staff walkthrough collected this
        person's face; stopped at the preview (the verification is abandoned)."""
        journey = self.window.forgot
        if journey is None or journey.face_check is None:
            return
        self.window.session.touch()
        self.window.journeys.open_forgot_password()
        identity = journey.identity
        self.at(identity, "the document types")
        identity.choose_type(DocumentType.RESIDENT_ID)
        self.press(identity.keypad, self.person.document_number)
        identity.submit()
        self.settled("the document check")
        if self.window.current_screen() is journey.method:
            self.shoot("45-forgot-choose-method")
            journey.choose_face()
            face_check = journey.face_check
            face = face_check.screen
            self.wait(lambda: face.camera.analysis is not None, "the face check preview", TIMEOUT_S)
            with held_or_live(self.still, face_check.analyzer):
                self.shoot("46-forgot-face-check")
        self.window.end_session(EndReason.HOME)
        self.settled("home")

    # -- 找回手机号码 ----------------------------------------------------------------------

    def retrieve_phone(self) -> None:
        journey = self.window.retrieve
        assert journey is not None
        self.window.session.touch()
        journey.start()
        screen = journey.password
        self.at(screen, "the retrieve password step")
        self.press(screen.keypad, self.person.document_number)
        screen.password.set_text(self.person.password)
        self.shoot("34-retrieve-password")
        screen.submit()
        new_phone = journey.new_phone
        self.at(new_phone, f"the new number ({screen.banner.text()})")
        self.press(new_phone.keypad, self.person.phone)
        journey.request_code()
        self.settled("the retrieve code")
        self.shoot("35-retrieve-new-phone")
        self.press(new_phone.keypad, self.code(self.person.phone))
        new_phone.submit()
        self.at(journey.done, f"the number bound ({new_phone.banner.text()})")
        self.shoot("36-retrieve-done")
        self.window.end_session(EndReason.HOME)
        self.settled("home")

    # -- 账户中心 --------------------------------------------------------------------------

    def account_center(self) -> None:
        window = self.window
        journey = window.account
        assert journey is not None
        window.start_login()
        login = window.login
        self.press(login.credentials.keypad, self.person.document_number)
        login.credentials.password.set_text(self.person.password)
        login.credentials.submit()
        self.settled("the password check")
        if window.current_screen() is login.factor_choice:
            self.other_second_factors()
            login.choose_factor(Factor.SMS)
        self.at(login.sms, f"the login code ({login.credentials.banner.text()})")
        login.request_code()
        self.settled("the login code")
        self.press(login.sms.keypad, self.code(self.person.phone))
        login.sms.submit()
        self.at(window.logged_in.screen, f"the logged-in home ({login.sms.banner.text()})")
        self.level_face_preview()
        window.logged_in.open_account_center()
        self.at(journey.overview, "the account center")
        self.shoot("37-account-overview")

        journey.open_phones()
        self.at(journey.phones, "the phones")
        self.shoot("38-account-phones")
        journey.start_add_phone(SHOWN_NEW_PHONE)
        self.at(journey.confirm, f"the confirmation ({journey.phones.banner.text()})")
        self.shoot("39-account-confirm")
        journey.back()  # abandoned: nothing changes
        self.at(journey.phones, "the phones again")
        journey.back()
        self.at(journey.overview, "the overview")

        journey.open_username()
        self.at(journey.username, "the username")
        self.shoot("40-account-username")
        journey.back()
        self.at(journey.overview, "the overview")

        journey.open_password()
        self.at(journey.password, "the password change")
        self.shoot("41-account-password")
        journey.back()
        self.at(journey.overview, "the overview")

        journey.open_history()
        self.at(journey.history, "the history")
        self.shoot("42-account-history")
        journey.back()
        self.at(journey.overview, "the overview")

        journey.open_deregister()
        self.at(journey.deregister, "the deregistration warning")
        self.shoot("43-account-deregister")
        journey.deregister.ask()
        self.shoot("44-account-deregister-confirm")
        journey.deregister.confirm.close_overlay()  # kept: the walkthrough stops here
        journey.back()
        self.at(journey.overview, "the overview")
        window.end_session(EndReason.LOGOUT)
        self.settled("the logout")
