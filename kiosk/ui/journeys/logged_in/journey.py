"""The logged-in home: who is logged in and at what real-name level, their notices, and the
ways on (账户中心, 办理涉税业务, logout). Every login ends here: by password and second factor,
by 扫码登录 (R-QR-1), or right after 用户注册. It shows who the session acts for (R-RE-9)
and, with the service at hand (``acting``), opens 身份切换 (R-SW-1), 企业授权管理 with
同步数据 (R-RE-8) and, acting for an enterprise, 人员权限管理 (R-RE-4/5/7); a switch keeps
the session and its idle timer (R-SE-1).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.domain.realname import RealNameLevel
from kiosk.protocol.account import AccountView
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Acting
from kiosk.services.account_api import ActingApi
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.driver import Show
from kiosk.ui.common.face_check import PublicFaceSources
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.journey import AccountCenterJourney
from kiosk.ui.journeys.logged_in.acting_text import identity_name
from kiosk.ui.journeys.logged_in.home_screen import LoggedInHomeScreen
from kiosk.ui.journeys.people.journey import PeopleJourney
from kiosk.ui.journeys.relations.journey import RelationsJourney
from kiosk.ui.journeys.switching.journey import SwitchingJourney


class LoggedInJourney(QObject):
    left = Signal()  # home: the session ends
    logout_requested = Signal()
    shown = Signal()  # the logged-in home is current
    identity_switched = Signal(object)  # Acting, once the home shows it

    def __init__(
        self,
        *,
        session: KioskSession,
        language: LanguageController,
        show: Show,
        account: AccountCenterJourney | None = None,
        acting: ActingApi | None = None,
        runner: TaskRunner | None = None,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__()
        self._session = session
        self._show = show
        self._account = account
        self.screen = LoggedInHomeScreen(language)
        self.switching: SwitchingJourney | None = None
        self.relations: RelationsJourney | None = None
        self.people: PeopleJourney | None = None
        if acting is not None:
            if runner is None:  # the window passes its own; alone (tests), one of ours
                runner = TaskRunner()
                runner.setParent(self)
            self.switching = SwitchingJourney(acting, runner=runner, language=language, show=show)
            # 待确认授权 is confirmed by face unless the login was (R-RE-5).
            self.relations = RelationsJourney(
                acting, runner=runner, language=language, show=show, face=face
            )
            self.people = PeopleJourney(acting, runner=runner, language=language, show=show)
            for journey in (self.switching, self.relations, self.people):
                journey.setParent(self)
                journey.left.connect(self.left)
                journey.closed.connect(self.show)
            self.switching.switched.connect(self.switched)
            self.screen.switch_requested.connect(self.open_switching)
            self.screen.relations_requested.connect(self.open_relations)
            self.screen.people_requested.connect(self.open_people)
            self.screen.enable_acting()
            # R-SE-1: idle, home and logout forget what these journeys held.
            session.add_wipe_callback(self._forget)
        self.screen.home_requested.connect(self.left)
        self.screen.logout_requested.connect(self.logout_requested)
        if account is not None:
            self.screen.enable_account_center()
            self.screen.account_center_requested.connect(self.open_account_center)
            # R-RN-2: key business asks a level-3 person for the face check first.
            self.screen.enable_business()
            self.screen.business_requested.connect(self.open_business)
            account.closed.connect(self.back_from_account)
            account.business_check_done.connect(self.business_check_done)

    def open(self, logged_in: LoggedIn, position: tuple[int, int] | None = None) -> None:
        """A new session: the kiosk session counts as logged in (R-SE-1 applies from now)
        and the home shows the person; ``position`` is the login's "step n of m"."""
        self._session.begin(logged_in)
        self.screen.show_person(logged_in.person)
        self.screen.show_acting(self._session.acting)
        self.screen.show_notices(logged_in.notices)
        if position is None:
            self.screen.set_step(None)
        else:
            self.screen.set_step(*position)
        self.show()

    def show(self) -> None:
        self._show(self.screen)
        self.shown.emit()

    def all_screens(self) -> list[FlowScreen]:
        """The home and the screens of 身份切换, 企业授权管理 and 人员权限管理, for the window's
        stack."""
        screens: list[FlowScreen] = [self.screen]
        for journey in (self.switching, self.relations, self.people):
            if journey is not None:
                screens.extend(journey.all_screens())
        return screens

    def open_switching(self) -> None:
        """→ 身份切换 (R-SW-1), with this login's session."""
        self._session.touch()
        token = self._session.session_token
        if self.switching is not None and token is not None:
            self.screen.banner.clear()
            self.switching.open(token)

    def open_relations(self) -> None:
        """→ 企业授权管理 (R-RE-8)."""
        self._session.touch()
        token = self._session.session_token
        if self.relations is not None and token is not None:
            self.screen.banner.clear()
            self.relations.open(token)

    def open_people(self) -> None:
        """→ 人员权限管理 (R-RE-4), for the enterprise the session acts for."""
        self._session.touch()
        token = self._session.session_token
        if self.people is not None and token is not None:
            self.screen.banner.clear()
            self.people.open(token, self.screen.acting)

    def switched(self, acting: Acting) -> None:
        """The same session acts for someone else now: the home says who, as a success.
        The token and the idle period go on (R-SE-1)."""
        self._session.act(acting)
        self.screen.show_acting(acting)
        self.show()
        self.screen.banner.show_success(
            lambda: self.tr("Identity switched. You now act as: {identity}").format(
                identity=identity_name(acting)
            )
        )
        self.identity_switched.emit(acting)

    def _forget(self) -> None:
        for journey in (self.switching, self.relations, self.people):
            if journey is not None:
                journey.close_flow()
                for screen in journey.all_screens():
                    screen.wipe()

    def open_account_center(self) -> None:
        """→ 账户中心, with this login's session."""
        self._session.touch()
        token = self._session.session_token
        if self._account is not None and token is not None:
            self._account.open(token)

    def back_from_account(self) -> None:
        """Back from the account center, showing the level it may have raised (R-RN-3)."""
        account = self._account.flow.state.account if self._account is not None else None
        if account is not None:
            self.screen.show_person(account.person)
        self.show()

    def open_business(self) -> None:
        """→ 办理涉税业务. Level 4 and 5 may do all current business (R-RN-2); a level-3
        person is asked for the face check first, which raises them."""
        self._session.touch()
        person = self.screen.person
        token = self._session.session_token
        if person is None or token is None or self._account is None:
            return
        if person.real_name_level >= int(RealNameLevel.L4):
            self.screen.coming_soon.open()  # the business screens come later
        elif self._account.face_possible:
            self._account.open_for_business(token)
        else:
            # No camera here: the check cannot run; say what to do instead.
            self.screen.banner.show_error(
                lambda: self.tr(
                    "Tax business needs real-name level 4. This terminal cannot do the face "
                    "check now: use a terminal with a camera, the tax app, or ask the hall staff."
                )
            )

    def business_check_done(self, account: AccountView | None) -> None:
        if account is not None:
            self.screen.show_person(account.person)
        self.show()
        if account is not None and account.real_name_level >= int(RealNameLevel.L4):
            self.screen.banner.show_success(
                lambda: self.tr(
                    "Face check passed: your real-name level is now 4, enough for all tax business."
                )
            )
