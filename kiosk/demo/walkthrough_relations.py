"""The person's 企业授权管理 in the walkthrough (issue 18): 待确认授权 with the face check that
confirms, the finance head who cannot refuse, 申请企业授权 (the code keypad and the role, the
application listed, 撤回 asked and the withdrawn record kept), 已授权企业 and the question
before 删除.

It leaves the demo data usable for the parts after it: the pending authorizations are shown
and not confirmed or refused, the face check is shown and left, the application 陈小明 makes
to 上海示例贸易 is withdrawn (the record stays, as the seeds say), and the deletion is asked and
not made.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import Walk
from kiosk.demo.walkthrough_people import enterprise_login
from kiosk.flows.relations import RelationsStep
from kiosk.protocol.auth import Factor
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.ui.journeys.relations.journey import RelationsJourney
from kiosk.ui.main_window import EndReason


class RelationsWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


@dataclass(frozen=True, slots=True)
class PersonLogin:
    identifier: str
    password: str
    phone: str
    masked_name: str = ""  # the tax-app strip's name: its scan spares the SMS allowance


# The demo world (account_service.demo, README): published for testers.
_CHEN = PersonLogin("H60123456", "Chen.2024z", "13800000005")
_WANG = PersonLogin("320106197603154413", "Wang#2024x", "13800000003")
_ZHANG = PersonLogin("zhangsan01", "Zhang@2024", "13800000001", "张*")
_APPLY_TO = "91310115MA1H8K3Q0Y"  # 上海示例贸易: 陈小明 has no relation there


def run_relations_walkthrough(walk: Walk) -> None:
    relations = walk.window.logged_in.relations
    if relations is None:
        return
    part = _Walk(walk, relations)
    part.pending_and_face()
    part.finance_head()
    part.authorized_and_remove()
    if walk.window.entry is not None:
        part.login_ended()


class _Walk(Walk):
    def __init__(self, walk: Walk, relations: RelationsJourney) -> None:
        super().__init__(walk.window, walk.shoot, outbox=walk.outbox, still=walk.still)
        self.relations = relations

    def _log_in(self, who: PersonLogin) -> None:
        """自然人业务: identifier, password, the SMS code; then 企业授权管理."""
        window = self.window
        login = window.login
        window.start_login()
        credentials = login.credentials
        self.at(credentials, "the login")
        tap(credentials.identifier.line_edit)
        credentials.identifier.set_text(who.identifier)
        credentials.password.set_text(who.password)
        credentials.submit()
        self.settled("the password check")
        if not (who.masked_name and self.by_tax_app(who.masked_name)):
            self._by_sms(who)
        home = window.logged_in.screen
        self.at(home, "the logged-in home")
        tap(home.relations_button)
        self.at(self.relations.screen, "企业授权管理")

    def _by_sms(self, who: PersonLogin) -> None:
        window = self.window
        login = window.login
        if window.current_screen() is login.factor_choice:
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

    def _tab(self, section: RelationsStep) -> None:
        screen = self.relations.screen
        tap(screen.tabs[section])
        self.at(screen, f"the section {section.name}")
        if screen.section is not section:
            raise RelationsWalkthroughError(f"the section {section.name} did not open")

    def pending_and_face(self) -> None:
        relations = self.relations
        self._log_in(_CHEN)
        screen = relations.screen
        if screen.section is not RelationsStep.PENDING or not screen.cards:
            raise RelationsWalkthroughError("陈小明's pending authorization is not shown")
        self.shoot("92-relations-pending")

        face_check = relations.face_check
        if face_check is not None:
            tap(screen.cards[0].buttons["confirm"])
            self.at(relations.face_screen, "the confirmation's face check")
            face = face_check.screen
            wait_for(lambda: face.camera.analysis is not None, "the face preview")
            with self.held(face_check.analyzer):
                self.shoot("93-relations-face")
            tap(relations.face_screen.back_button)
            self.at(screen, "the pending authorizations again")
            face_check.analyzer.wait_done()

        # 申请企业授权: to 上海示例贸易 as its invoicer, then withdrawn (the record stays).
        self._tab(RelationsStep.APPLICATIONS)
        assert screen.main_action is not None
        tap(screen.main_action)
        apply = relations.apply_screen
        self.at(apply, "the application form")
        type_on_keypad(apply.keypad, _APPLY_TO)
        tap(apply.role_buttons[Role.INVOICER])
        self.shoot("94-relations-apply")
        apply.submit()
        self.at(screen, "the applications")
        card = next((c for c in screen.cards if c.relation.state == RelationState.APPLIED), None)
        if card is None:
            raise RelationsWalkthroughError(f"no application listed: {screen.banner.text()}")
        tap(card.buttons["withdraw"])
        self.at(relations.question, "the question before 撤回")
        self.shoot("98-relations-withdraw-confirm")
        assert relations.question.main_action is not None
        tap(relations.question.main_action)
        self.at(screen, "the applications after 撤回")
        self.shoot("95-relations-applications")
        self._leave()

    def finance_head(self) -> None:
        """王五's pending finance head authorization: no 拒绝, the hall desk named (R-RE-3)."""
        self._log_in(_WANG)
        screen = self.relations.screen
        if not any(not c.relation.refusable for c in screen.cards):
            raise RelationsWalkthroughError("王五's finance head authorization is not shown")
        self.shoot("99-relations-finance-head")
        self._leave()

    def authorized_and_remove(self) -> None:
        """张三: 已授权企业 with 同步数据, and the question before 删除 (not made)."""
        relations = self.relations
        self._log_in(_ZHANG)
        screen = relations.screen
        if screen.section is not RelationsStep.AUTHORIZED:
            self._tab(RelationsStep.AUTHORIZED)
        self.shoot("96-relations-authorized")
        card = next((c for c in screen.cards if "remove" in c.buttons), None)
        if card is None:
            raise RelationsWalkthroughError("no relation 张三 could delete is listed")
        tap(card.buttons["remove"])
        self.at(relations.question, "the question before 删除")
        self.shoot("97-relations-remove-confirm")
        tap(relations.question.back_button)
        self.at(screen, "已授权企业, nothing deleted")
        self._leave()

    def login_ended(self) -> None:
        """Last: 张三, acting as 北京示例科技's tax handler, deletes that very role, and the
        login ends with it. The demo keeps him its legal representative (the parts after
        this one do not use the handler role)."""
        enterprise_login(self, Role.TAX_HANDLER)
        relations = self.relations
        tap(self.window.logged_in.screen.relations_button)
        screen = relations.screen
        self.at(screen, "企业授权管理")
        if screen.section is not RelationsStep.AUTHORIZED:
            self._tab(RelationsStep.AUTHORIZED)
        card = next(
            (
                c
                for c in screen.cards
                if c.relation.role == Role.TAX_HANDLER and "remove" in c.buttons
            ),
            None,
        )
        if card is None:
            raise RelationsWalkthroughError("张三's tax handler role is not listed")
        tap(card.buttons["remove"])
        self.at(relations.question, "the question before 删除")
        assert relations.question.main_action is not None
        tap(relations.question.main_action)
        self.at(relations.ended, "the end of the login")
        self.shoot("106-relations-login-ended")
        assert relations.ended.main_action is not None
        tap(relations.ended.main_action)
        self.at(self.window.home, "the home after the login ended")
