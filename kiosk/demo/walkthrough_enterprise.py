"""The 企业业务 part of the walkthrough (issue 17): the enterprise login with its code keypad,
the role choice, the logged-in home acting for an enterprise, 身份切换 and 企业授权管理; a
pending authorization at login (confirm by face, and one that may be refused); the
no-relation answer; the Tax UKey entry.

It leaves the demo data as it found it: the switch is made within the session only, the
pending authorizations are shown and not confirmed, the face check is shown and left.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import WITH_PORTRAIT, Walk
from kiosk.protocol.auth import Factor
from kiosk.protocol.enterprise import Role
from kiosk.ui.main_window import EndReason


class EnterpriseWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


@dataclass(frozen=True, slots=True)
class EnterpriseLogin:
    code: str
    identifier: str
    password: str
    phone: str


# The demo world (account_service.demo, README): published for testers.
_ZHANG_E1 = EnterpriseLogin("91110108MA01C3LX6H", "zhangsan01", "Zhang@2024", "13800000001")
_WANG_E1 = EnterpriseLogin("91110108MA01C3LX6H", "320106197603154413", "Wang#2024x", "13800000003")
_CHEN_E1 = EnterpriseLogin("91110108MA01C3LX6H", "H60123456", "Chen.2024z", "13800000005")
_LI_E1 = EnterpriseLogin("91110108MA01C3LX6H", "110101199003076528", "076528", "13800000002")


def run_enterprise_walkthrough(walk: Walk) -> None:
    window = walk.window
    if window.entry is None:
        return
    part = _Walk(walk)
    part.role_choice_and_switching()
    part.pending_confirmation()
    part.pending_refusable()
    part.no_relation()
    part.certificate_entry()


class _Walk(Walk):
    def __init__(self, walk: Walk) -> None:
        super().__init__(walk.window, walk.shoot, outbox=walk.outbox, still=walk.still)

    def _credentials(self, who: EnterpriseLogin, shot: str | None = None) -> None:
        window = self.window
        window.journeys.start_enterprise_login()
        credentials = window.login.credentials
        self.at(credentials, "the 企业业务 login")
        type_on_keypad(credentials.code_keypad, who.code)
        tap(credentials.identifier.line_edit)
        credentials.identifier.set_text(who.identifier)
        credentials.password.set_text(who.password)
        if shot is not None:
            tap(credentials.code.line_edit)  # the code keypad in the picture
            self.shoot(shot, WITH_PORTRAIT)
        credentials.submit()
        self.settled("the password check")

    def _log_in(self, who: EnterpriseLogin, shot: str | None = None) -> None:
        """Code, identifier, password, then the SMS code: up to the steps after login."""
        login = self.window.login
        self._credentials(who, shot)
        if self.window.current_screen() is login.factor_choice:
            login.choose_factor(Factor.SMS)
            self.settled("the choice of the SMS code")
        self.at(login.sms, "the SMS step")
        tap(login.sms.request_button)
        self.settled("the SMS code")
        type_on_keypad(login.sms.keypad, self.code(who.phone))
        login.sms.submit()
        self.settled("the code check")

    def _leave(self) -> None:
        self.window.end_session(EndReason.LOGOUT)
        self.settled("the logout")

    def role_choice_and_switching(self) -> None:
        window, entry = self.window, self.window.entry
        assert entry is not None
        self._log_in(_ZHANG_E1, "80-enterprise-credentials")
        self.at(entry.roles, "the role choice (张三 holds two roles in 北京示例科技)")
        self.shoot("81-enterprise-role-choice", WITH_PORTRAIT)
        tap(entry.roles.buttons[Role.LEGAL_REPRESENTATIVE])
        home = window.logged_in.screen
        self.at(home, "the logged-in home acting for 北京示例科技")
        self.shoot("82-enterprise-home", WITH_PORTRAIT)

        switching = window.logged_in.switching
        if switching is None:
            raise EnterpriseWalkthroughError("身份切换 is not wired")
        tap(home.switch_button)
        self.at(switching.choose, "the identity list")
        self.shoot("83-identity-switch", WITH_PORTRAIT)
        choices = [c for c in switching.flow.state.choices if c.enterprise is not None]
        other = next(
            (
                c
                for c in choices
                if c.enterprise is not None and c.enterprise.code != _ZHANG_E1.code
            ),
            None,
        )
        if other is None:
            raise EnterpriseWalkthroughError("no other enterprise to switch to")
        tap(switching.choose.button_for(other))
        self.at(switching.confirm, "the switch confirmation")
        self.shoot("84-identity-switch-confirm")
        tap(switching.confirm.switch_button)
        self.at(home, "the home after the switch")
        self.shoot("85-enterprise-home-switched")

        relations = window.logged_in.relations
        if relations is not None:
            tap(home.relations_button)
            self.at(relations.screen, "企业授权管理")
            self.shoot("86-enterprise-authorizations")
        self._leave()

    def pending_confirmation(self) -> None:
        entry = self.window.entry
        assert entry is not None
        self._log_in(_WANG_E1)
        self.at(entry.pending, "the pending finance head authorization (王五)")
        self.shoot("87-enterprise-pending", WITH_PORTRAIT)
        if not entry.pending.confirm_button.isVisible():
            raise EnterpriseWalkthroughError("confirming needs the camera here")
        face_check = entry.face_check
        if face_check is not None:
            tap(entry.pending.confirm_button)
            self.at(entry.face_screen, "the confirmation's face check")
            face = face_check.screen
            wait_for(lambda: face.camera.analysis is not None, "the face preview")
            with self.held(face_check.analyzer):
                self.shoot("88-enterprise-pending-face")
            entry.stop_face()
        self._leave()

    def pending_refusable(self) -> None:
        entry = self.window.entry
        assert entry is not None
        self._log_in(_CHEN_E1)
        self.at(entry.pending, "the pending handler authorization (陈小明)")
        self.shoot("89-enterprise-pending-refusable")
        self._leave()

    def no_relation(self) -> None:
        self._credentials(_LI_E1)
        self.at(self.window.login.no_relation, "the no-relation answer (李四)")
        self.shoot("90-enterprise-no-relation")
        self.window.end_session(EndReason.HOME)
        self.settled("home")

    def certificate_entry(self) -> None:
        journey = self.window.enterprise_certificate
        if journey is None:
            return
        credentials = self.window.login.credentials
        self.window.journeys.start_enterprise_login()
        self.at(credentials, "the 企业业务 login")
        tap(credentials.certificate_button)
        self.settled("the Tax UKey")
        self.shoot("91-enterprise-certificate")
        journey.leave()
        self.settled("home")
