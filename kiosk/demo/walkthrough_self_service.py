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

from typing import Protocol

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import Walk
from kiosk.domain.documents import DocumentType
from kiosk.protocol.auth import Factor
from kiosk.ui.main_window import EndReason

SHOWN_NEW_PHONE = "13900000088"  # a number offered and abandoned on the confirm screen


class Person(Protocol):
    @property
    def document_number(self) -> str: ...

    @property
    def password(self) -> str: ...

    @property
    def phone(self) -> str: ...


class SelfServiceWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


def run_self_service_walkthrough(walk: Walk, person: Person) -> None:
    window = walk.window
    if window.forgot is None or window.retrieve is None or window.account is None:
        return
    part = _Walk(walk, person)
    part.qr_login()
    part.forgot_password()
    part.retrieve_phone()
    part.account_center()
    part.forgot_password_by_face()


class _Walk(Walk):
    def __init__(self, walk: Walk, person: Person) -> None:
        super().__init__(walk.window, walk.shoot, outbox=walk.outbox, still=walk.still)
        self.person = person

    # -- 扫码登录 --------------------------------------------------------------------------

    def qr_login(self) -> None:
        journey = self.window.qr
        if journey is None:
            return
        self.window.start_login()
        self.at(self.window.login.credentials, "the login")
        self.window.journeys.open_qr_login()
        wait_for(
            lambda: journey.screen.code.has_code and not journey.screen.busy.running,
            "the QR code",
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
            wait_for(
                lambda: qr.screen.code.has_code and not qr.screen.busy.running,
                "the QR verification code",
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
            wait_for(lambda: face.camera.analysis is not None, "the face preview")
            with self.held(face_check.analyzer):
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
        wait_for(lambda: face.camera.analysis is not None, "the level check preview")
        with self.held(journey.face_check.analyzer):
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
        type_on_keypad(identity.keypad, self.person.document_number)
        self.shoot("30-forgot-document-number")
        identity.submit()
        self.settled("the document check")
        if self.window.current_screen() is journey.method:
            journey.choose_sms()  # the staff walkthrough collected this face: both offered
        self.at(journey.sms, f"the reset code step ({identity.banner.text()})")
        tap(journey.sms.request_button)
        self.settled("the reset code")
        self.shoot("31-forgot-sms")
        type_on_keypad(journey.sms.keypad, self.code(self.person.phone))
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
        type_on_keypad(identity.keypad, self.person.document_number)
        identity.submit()
        self.settled("the document check")
        if self.window.current_screen() is journey.method:
            self.shoot("45-forgot-choose-method")
            journey.choose_face()
            face_check = journey.face_check
            face = face_check.screen
            wait_for(lambda: face.camera.analysis is not None, "the face check preview")
            with self.held(face_check.analyzer):
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
        type_on_keypad(screen.keypad, self.person.document_number)
        screen.password.set_text(self.person.password)
        self.shoot("34-retrieve-password")
        screen.submit()
        new_phone = journey.new_phone
        self.at(new_phone, f"the new number ({screen.banner.text()})")
        type_on_keypad(new_phone.keypad, self.person.phone)
        tap(new_phone.request_button)
        self.settled("the retrieve code")
        self.shoot("35-retrieve-new-phone")
        type_on_keypad(new_phone.keypad, self.code(self.person.phone))
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
        type_on_keypad(login.credentials.keypad, self.person.document_number)
        login.credentials.password.set_text(self.person.password)
        login.credentials.submit()
        self.settled("the password check")
        if window.current_screen() is login.factor_choice:
            self.other_second_factors()
            login.choose_factor(Factor.SMS)
        self.at(login.sms, f"the login code ({login.credentials.banner.text()})")
        tap(login.sms.request_button)
        self.settled("the login code")
        type_on_keypad(login.sms.keypad, self.code(self.person.phone))
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
