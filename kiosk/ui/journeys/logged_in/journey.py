"""The logged-in home: who is logged in and at what real-name level, their notices, and the
ways on (账户中心, 办理涉税业务, logout). Every login ends here: by password and second factor,
by 扫码登录 (R-QR-1), or right after 用户注册. The enterprise entry and identity switching
will start from this journey.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.domain.realname import RealNameLevel
from kiosk.protocol.account import AccountView
from kiosk.protocol.auth import LoggedIn
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.driver import Show
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.journey import AccountCenterJourney
from kiosk.ui.journeys.logged_in.home_screen import LoggedInHomeScreen


class LoggedInJourney(QObject):
    left = Signal()  # home: the session ends
    logout_requested = Signal()
    shown = Signal()  # the logged-in home is current

    def __init__(
        self,
        *,
        session: KioskSession,
        language: LanguageController,
        show: Show,
        account: AccountCenterJourney | None = None,
    ) -> None:
        super().__init__()
        self._session = session
        self._show = show
        self._account = account
        self.screen = LoggedInHomeScreen(language)
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
        self.screen.show_notices(logged_in.notices)
        if position is None:
            self.screen.set_step(None)
        else:
            self.screen.set_step(*position)
        self.show()

    def show(self) -> None:
        self._show(self.screen)
        self.shown.emit()

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
