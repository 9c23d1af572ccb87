"""The kiosk window: a stack of screens, the idle watch (R-SE-1) and the language switch.

Every touch, click or key anywhere feeds ``KioskSession.touch()``; a 1 s timer polls the
session and shows the "still there?" countdown, and at 0 ends the session: the service
logout runs on the worker, while every screen and the flow forget everything at once.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.domain.messages import Lang
from kiosk.domain.realname import RealNameLevel
from kiosk.flows.forgot_password import ForgotPasswordFlow
from kiosk.flows.login import Factor, LoginFlow
from kiosk.flows.registration import RegistrationFlow
from kiosk.flows.retrieve_phone import RetrievePhoneFlow
from kiosk.services.account_api import (
    AccountError,
    AccountSelfServiceApi,
    AccountView,
    QrPurpose,
    RegistrationApi,
)
from kiosk.services.kiosk_session import IdleState, KioskSession
from kiosk.ui.account_center_journey import AccountCenterJourney
from kiosk.ui.agent_journey import AgentJourney, AgentSources
from kiosk.ui.certificate_journey import CertificateJourney, CertificateSources
from kiosk.ui.face_check import PublicFaceSources
from kiosk.ui.forgot_password_journey import ForgotPasswordJourney
from kiosk.ui.i18n import LanguageController
from kiosk.ui.login_journey import LoginJourney
from kiosk.ui.qr_login_journey import QrLoginApi, QrLoginJourney
from kiosk.ui.registration_journey import RegistrationJourney
from kiosk.ui.retrieve_phone_journey import RetrievePhoneJourney
from kiosk.ui.screens.base import FlowScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.idle_warning import IdleWarning
from kiosk.ui.screens.tester_panel import TesterPanel, TesterSources
from kiosk.ui.staff_journey import StaffJourney, StaffSources
from kiosk.ui.widgets.adaptive_row import relayout_all
from kiosk.ui.widgets.screen_frame import ScreenFrame
from kiosk.ui.widgets.touch_keyboard import TouchKeyboard
from kiosk.ui.worker import TaskRunner

IDLE_POLL_MS = 1000

# What counts as the person being there: touches, clicks, keys, typing by input method.
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


_SelfServiceJourney = (
    ForgotPasswordJourney | RegistrationJourney | RetrievePhoneJourney | AccountCenterJourney
)


class ScreenStack(QStackedWidget):
    """The screens take the room left above the keyboard: their bodies scroll, so the stack
    asks for no height from its width (word-wrapped labels would otherwise demand it and
    push the keyboard out of the window)."""

    @override
    def hasHeightForWidth(self) -> bool:
        return False


class EndReason(Enum):
    LOGOUT = auto()  # the logout button
    IDLE = auto()  # the idle countdown reached 0
    HOME = auto()  # the person chose home


class MainWindow(QMainWindow):
    screen_changed = Signal(object)  # the ScreenFrame now shown
    session_ended = Signal(object)  # EndReason

    def __init__(
        self,
        *,
        flow: LoginFlow,
        session: KioskSession,
        language: LanguageController,
        runner: TaskRunner | None = None,
        tester: TesterSources | None = None,
        staff: StaffSources | None = None,
        certificate: CertificateSources | None = None,
        agent: AgentSources | None = None,
        self_service: AccountSelfServiceApi | None = None,
        public_face: PublicFaceSources | None = None,
        qr: QrLoginApi | None = None,
        registration: RegistrationApi | None = None,
        keyboard: TouchKeyboard | None = None,
        idle_poll_ms: int = IDLE_POLL_MS,
    ) -> None:
        super().__init__()
        self.setWindowTitle("办税自助终端")
        self.language = language
        self.session = session
        self.runner = runner if runner is not None else TaskRunner()
        self.runner.setParent(self)

        self.root = QWidget(self)
        self.root.setObjectName("KioskRoot")
        self.stack = ScreenStack(self.root)
        layout = QVBoxLayout(self.root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        # The on-screen keyboard takes the bottom of the window; the screen above it
        # shrinks and scrolls its body, so the field and the main action stay in view.
        self.keyboard = keyboard
        if keyboard is not None:
            layout.addWidget(keyboard, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setCentralWidget(self.root)

        service = self_service
        # 用户注册 (R-ID-1) talks to the same service: the self-service client serves it
        # when it implements the registration calls (the HTTP client does).
        if registration is None and isinstance(service, RegistrationApi):
            registration = service
        self.home = HomeScreen(
            language,
            certificate=certificate is not None,
            agent=agent is not None,
            self_service=service is not None,
            registration=registration is not None,
        )
        # R-2F-1: the second factors this terminal can offer; the service says which the
        # person may use (face needs the camera and models, QR the challenge service).
        flow.allow_factors(
            {Factor.SMS}
            | ({Factor.FACE} if public_face is not None else set())
            | ({Factor.QR} if qr is not None else set())
        )
        self.login = LoginJourney(
            flow,
            runner=self.runner,
            session=session,
            language=language,
            show=self.show_screen,
            face=public_face,
        )
        self.forgot = (
            ForgotPasswordJourney(
                ForgotPasswordFlow(service),
                runner=self.runner,
                language=language,
                show=self.show_screen,
                face=public_face,
            )
            if service is not None
            else None
        )
        self.account = (
            AccountCenterJourney(
                service,
                runner=self.runner,
                language=language,
                show=self.show_screen,
                face=public_face,
            )
            if service is not None
            else None
        )
        self.retrieve = (
            RetrievePhoneJourney(
                RetrievePhoneFlow(service),
                runner=self.runner,
                language=language,
                show=self.show_screen,
            )
            if service is not None
            else None
        )
        self.registration = (
            RegistrationJourney(
                RegistrationFlow(registration),
                runner=self.runner,
                language=language,
                show=self.show_screen,
                face=public_face,
            )
            if registration is not None
            else None
        )
        # 扫码登录 (R-QR-1): its long polls run on the journey's own worker.
        self.qr = (
            QrLoginJourney(qr, language=language, show=self.show_screen) if qr is not None else None
        )
        self.tester_panel = TesterPanel(language, tester, self.runner) if tester else None
        self.staff = (
            StaffJourney(staff, runner=self.runner, language=language, show=self.show_screen)
            if staff is not None
            else None
        )
        self.certificate = (
            CertificateJourney(
                certificate, runner=self.runner, language=language, show=self.show_screen
            )
            if certificate is not None
            else None
        )
        self.agent = (
            AgentJourney(agent, runner=self.runner, language=language, show=self.show_screen)
            if agent is not None
            else None
        )
        screens: list[ScreenFrame] = [self.home, *self.login.all_screens()]
        for journey in self._self_service_journeys():
            if isinstance(journey, ForgotPasswordJourney | RegistrationJourney):
                screens.extend(journey.all_screens())  # a step may have two screens
            else:
                screens.extend(journey.screens.values())
        if self.qr is not None:
            screens.append(self.qr.screen)
        if self.agent is not None:
            screens.extend(self.agent.screens)
        if self.certificate is not None:
            screens.extend(self.certificate.screens)
        if self.staff is not None:
            screens.extend(self.staff.screens)
        if self.tester_panel is not None:
            screens.append(self.tester_panel)
        self._removers: list[Callable[[], None]] = []
        for screen in screens:
            self.stack.addWidget(screen)
            self._removers.append(session.add_wipe_callback(screen.wipe))
        if self.staff is not None:
            # Idle or logout: the staff member and the person's data are forgotten too.
            self._removers.append(session.add_wipe_callback(self.staff.wipe))
            self.staff.left.connect(self.go_home)
            self.staff.tester_requested.connect(self.open_tester_panel)

        self.idle_warning = IdleWarning(self.root)
        self.idle_warning.continue_chosen.connect(self.keep_session)

        self.home.natural_person_chosen.connect(self.start_login)
        self.home.staff_chosen.connect(self.open_staff)
        if self.agent is not None:
            self.agent.setParent(self)
            self.home.agent_chosen.connect(self.open_agent)
            self.agent.left.connect(self.go_home)
            self._removers.append(session.add_wipe_callback(self.agent.leave_if_active))
        if self.certificate is not None:
            self.certificate.setParent(self)
            self.home.certificate_chosen.connect(self.open_certificate)
            self.certificate.left.connect(self.leave_certificate)
            # Idle: the certificate on screen is forgotten like everything else.
            self._removers.append(session.add_wipe_callback(self.certificate.flow.wipe))
        if self.staff is not None:
            self.staff.home.unblock_button.setVisible(self.certificate is not None)
            if self.certificate is not None:
                self.staff.unblock_requested.connect(self.open_certificate_for_staff)
        if self.forgot is not None:
            self.forgot.setParent(self)
            self.home.forgot_password_chosen.connect(self.open_forgot_password)
            self.login.credentials.enable_forgot_password()
            self.login.credentials.forgot_requested.connect(self.open_forgot_password)
            self.forgot.left.connect(lambda: self.end_session(EndReason.HOME))
            self.forgot.log_in_requested.connect(self.start_login)
            self.forgot.retrieve_phone_requested.connect(self.open_retrieve_phone)
            # Idle or home: the camera of a face check under way goes off too.
            self._removers.append(session.add_wipe_callback(self.forgot.stop_face))
        if self.account is not None:
            self.account.setParent(self)
            self.login.logged_in.enable_account_center()
            self.login.logged_in.account_center_requested.connect(self.open_account_center)
            self.account.closed.connect(self._account_closed)
            self.account.left.connect(lambda: self.end_session(EndReason.HOME))
            # Deregistered (R-AC-1): the service ended the session; forget everything.
            self.account.finished_session.connect(lambda: self.end_session(EndReason.LOGOUT))
            # R-LK-1: the fifth failed face check locked the account and ended the session.
            self.account.locked_out.connect(self._locked_out)
            # R-RN-2: key business asks a level-3 person for the face check first.
            self.login.logged_in.enable_business()
            self.login.logged_in.business_requested.connect(self.open_business)
            self.account.business_check_done.connect(self._business_check_done)
            self._removers.append(session.add_wipe_callback(self.account.stop_face))
        if self.registration is not None:
            self.registration.setParent(self)
            self.home.register_chosen.connect(self.open_registration)
            self.registration.left.connect(lambda: self.end_session(EndReason.HOME))
            self.registration.log_in_requested.connect(self.start_login)
            self.registration.forgot_password_requested.connect(self.open_forgot_password)
            # Registered = logged in: the kiosk session begins at once, so idle, home and
            # logout end the service session from the done screen on (R-SE-1).
            self.registration.completed.connect(self.session.begin)
            self.registration.continue_requested.connect(self.login.show_logged_in)
            # Idle or home: the camera of a face check under way goes off too.
            self._removers.append(session.add_wipe_callback(self.registration.stop_face))
        if self.retrieve is not None:
            self.retrieve.setParent(self)
            self.home.retrieve_phone_chosen.connect(self.open_retrieve_phone)
            self.retrieve.left.connect(lambda: self.end_session(EndReason.HOME))
            self.retrieve.log_in_requested.connect(self.start_login)
        if self.qr is not None:
            self.qr.setParent(self)
            self.login.credentials.enable_qr_login()
            self.login.credentials.qr_requested.connect(self.open_qr_login)
            self.qr.back_requested.connect(self.start_login)
            self.qr.left.connect(lambda: self.end_session(EndReason.HOME))
            self.qr.logged_in.connect(self.login.show_logged_in)
            # 扫码验证 (R-QR-2), the login's second factor: the same screen and polls.
            self.login.qr_verification_requested.connect(self._open_qr_verification)
            self.qr.verified.connect(self.login.qr_verified)
            self.qr.verify_back.connect(self.login.back_from_qr)
            # A valid code on screen holds the idle timeout (the person is at the phone).
            self.qr.code_alive.connect(self.session.touch)
        self.login.left.connect(lambda: self.end_session(EndReason.HOME))
        self.login.logout_requested.connect(lambda: self.end_session(EndReason.LOGOUT))
        if self.tester_panel is not None:
            self.tester_panel.home_requested.connect(self.leave_tester_panel)
            self.tester_panel.back_requested.connect(self.leave_tester_panel)

        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(idle_poll_ms)
        self._idle_timer.timeout.connect(self.poll_idle)
        self._idle_timer.start()
        self._filtering = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            self._filtering = True
        self.stack.setCurrentWidget(self.home)

    # -- navigation ----------------------------------------------------------------------

    def current_screen(self) -> ScreenFrame:
        screen = self.stack.currentWidget()
        assert isinstance(screen, ScreenFrame)
        return screen

    def show_screen(self, screen: FlowScreen) -> None:
        previous = self.stack.currentWidget()
        if isinstance(previous, ScreenFrame) and previous is not screen:
            previous.set_idle_seconds(None)
        self.stack.setCurrentWidget(screen)
        self.screen_changed.emit(screen)

    def resize_for(self, width: int, height: int) -> None:
        """Resize to a screen size, arranging every screen for it *first*.

        A window cannot shrink below the minimum of its current arrangement, so the
        portrait arrangement must be in place before the window narrows to 1080 px.
        """
        for _attempt in range(3):
            self.adapt(width)
            relayout_all(self)  # hidden screens keep stale size hints otherwise
            layout = self.layout()
            if layout is not None:
                layout.activate()  # recompute the window's own minimum size now
            self.resize(width, height)
            if (self.width(), self.height()) == (width, height):
                return
            QCoreApplication.processEvents()  # deliver posted layout requests, then retry

    def adapt(self, width: int) -> None:
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if isinstance(page, ScreenFrame):
                page.adapt(width)

    def go_home(self) -> None:
        self.show_screen(self.home)

    def start_login(self) -> None:
        self.session.touch()
        self.login.start()

    def open_forgot_password(self) -> None:
        """Home or the login screen → 忘记密码 (R-PW-4); a login under way is abandoned."""
        self.session.touch()
        if self.forgot is None:
            return
        self.runner.run(self.login.flow.wipe, lambda _none: None)
        self.login.credentials.wipe()
        self.forgot.start()

    def open_registration(self) -> None:
        """Home → 用户注册 (R-ID-1)."""
        self.session.touch()
        if self.registration is not None:
            self.registration.start()

    def open_qr_login(self) -> None:
        """Login screen → 扫码登录 (R-QR-1); what was typed there is forgotten."""
        self.session.touch()
        if self.qr is None:
            return
        self.login.credentials.wipe()
        self.qr.start()

    def open_account_center(self) -> None:
        """Logged-in home → 账户中心, with this login's session."""
        self.session.touch()
        token = self.session.session_token
        if self.account is not None and token is not None:
            self.account.open(token)

    def _open_qr_verification(self, attempt_id: str) -> None:
        if self.qr is not None:
            self.session.touch()
            self.qr.start(QrPurpose.VERIFY, attempt_id)

    def _account_closed(self) -> None:
        """Back to the logged-in home, showing the level the account center may have
        raised (R-RN-3)."""
        account = self.account.flow.state.account if self.account is not None else None
        if account is not None:
            self.login.logged_in.show_person(account.person)
        self.show_screen(self.login.logged_in)

    def open_business(self) -> None:
        """Logged-in home → 办理涉税业务. Level 4 and 5 may do all current business
        (R-RN-2); a level-3 person is asked for the face check first, which raises them."""
        self.session.touch()
        person = self.login.logged_in.person
        token = self.session.session_token
        if person is None or token is None or self.account is None:
            return
        if person.real_name_level < int(RealNameLevel.L4) and self.account.face_possible:
            self.account.open_for_business(token)
            return
        if person.real_name_level < int(RealNameLevel.L4):
            # No camera here: the check cannot run; say what to do instead.
            self.login.logged_in.banner.show_problem(
                lambda _lang: self.tr(
                    "Tax business needs real-name level 4. This terminal cannot do the face "
                    "check now: use a terminal with a camera, the tax app, or ask the hall staff."
                )
            )
            return
        self.login.logged_in.coming_soon.open()  # the business screens come later

    def _business_check_done(self, account: AccountView | None) -> None:
        logged_in = self.login.logged_in
        if account is not None:
            logged_in.show_person(account.person)
        self.show_screen(logged_in)
        if account is not None and account.real_name_level >= int(RealNameLevel.L4):
            logged_in.banner.show_success(
                lambda _lang: self.tr(
                    "Face check passed: your real-name level is now 4, enough for all tax business."
                )
            )

    def _locked_out(self, error: AccountError) -> None:
        """R-LK-1 while logged in: the service ended the session; the kiosk forgets it and
        says why on the home screen (with the catalog's way out: 忘记密码 or tomorrow)."""
        self.end_session(EndReason.HOME)
        self.home.show_error(error)

    def open_retrieve_phone(self) -> None:
        """Home → 找回手机号码 (R-PH-5)."""
        self.session.touch()
        if self.retrieve is not None:
            self.retrieve.start()

    def open_agent(self) -> None:
        self.session.touch()
        if self.agent is not None:
            self.agent.start()

    def open_certificate(self) -> None:
        self.session.touch()
        if self.certificate is not None:
            self.certificate.start()

    def open_certificate_for_staff(self) -> None:
        """Staff home → unblock a person's blocked medium with the admin PIN."""
        self.session.touch()
        if self.certificate is not None:
            self.certificate.start(staff=True)

    def leave_certificate(self) -> None:
        journey = self.certificate
        staff = self.staff
        if journey is not None and journey.staff_mode and staff is not None and staff.staff:
            staff.show_home()  # back where staff started the unblock
            return
        self.go_home()

    def open_staff(self) -> None:
        self.session.touch()
        if self.staff is not None:
            self.staff.start()
        elif self.tester_panel is not None:
            self.open_tester_panel()
        else:
            self.home.show_coming_soon()

    def open_tester_panel(self) -> None:
        if self.tester_panel is None:
            return
        self.show_screen(self.tester_panel)
        self.tester_panel.refresh()

    def leave_tester_panel(self) -> None:
        # Opened from staff home (staff logged in): back there; else the home screen.
        if self.staff is not None and self.staff.staff is not None:
            self.staff.show_home()
        else:
            self.go_home()

    def set_language(self, lang: Lang) -> None:
        self.language.set_language(lang)

    # -- ending a session (R-SE-1) ---------------------------------------------------------

    def end_session(self, reason: EndReason) -> None:
        """Screens and memory forget everything now; the service logout follows on the worker."""
        self.runner.invalidate()  # answers still in flight must not reappear
        self.idle_warning.close_overlay()
        self.session.wipe()  # every screen's wipe(), and the session's login
        # The next person starts in the terminal's language and the keyboard's default.
        self.language.reset()
        if self.keyboard is not None:
            self.keyboard.reset()
        self.runner.run(self.login.close_flow, lambda _none: None)
        for journey in self._self_service_journeys():
            # On the worker, after any call still running on that flow.
            self.runner.run(journey.close_flow, lambda _none: None)
        if self.qr is not None:
            self.qr.close_flow()  # stops the polls now; its logout runs on its own worker
        self.go_home()
        if reason is EndReason.LOGOUT:
            self.home.banner.show_success(
                lambda _lang: self.tr("You have logged out. Nothing of your visit is kept.")
            )
        elif reason is EndReason.IDLE:
            self.home.banner.show_info(
                lambda _lang: self.tr(
                    "You were logged out after a time without use, and everything entered "
                    "was cleared."
                )
            )
        self.session_ended.emit(reason)

    def _self_service_journeys(self) -> list[_SelfServiceJourney]:
        journeys: list[_SelfServiceJourney] = []
        if self.forgot is not None:
            journeys.append(self.forgot)
        if self.registration is not None:
            journeys.append(self.registration)
        if self.retrieve is not None:
            journeys.append(self.retrieve)
        if self.account is not None:
            journeys.append(self.account)
        return journeys

    def keep_session(self) -> None:
        self.session.touch()
        self.idle_warning.close_overlay()
        self.current_screen().set_idle_seconds(None)

    def poll_idle(self) -> None:
        screen = self.current_screen()
        if screen is self.home and not self.session.logged_in:
            # Nothing to protect on the home screen: no countdown while nobody is there.
            self.session.touch()
            self.idle_warning.close_overlay()
            return
        state = self.session.state()
        if state is IdleState.ACTIVE:
            if self.idle_warning.isVisible():
                self.idle_warning.close_overlay()
            screen.set_idle_seconds(None)
        elif state is IdleState.WARNING:
            seconds = self.session.seconds_left()
            self.idle_warning.show_seconds(seconds)
            screen.set_idle_seconds(seconds)
        else:
            self.end_session(EndReason.IDLE)

    # -- Qt plumbing -----------------------------------------------------------------------

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        # Hidden screens get no resize event until shown: tell every screen the new width.
        self.adapt(event.size().width())
        if self.keyboard is not None:
            self.keyboard.fit_width(event.size().width())
        super().resizeEvent(event)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.session.touch()
        return False

    def shutdown(self) -> None:
        """Stop the timer, the event filter and the worker (window closing, tests)."""
        self._idle_timer.stop()
        app = QCoreApplication.instance()
        if self._filtering and app is not None:
            app.removeEventFilter(self)
            self._filtering = False
        for remove in self._removers:
            remove()
        self._removers.clear()
        if self.staff is not None:
            self.staff.wipe()  # stops the camera feed and the frame analysis
            self.staff.analyzer.wait_done()
        if self.forgot is not None:
            self.forgot.shutdown()
        if self.registration is not None:
            self.registration.shutdown()
        self.login.shutdown()
        if self.account is not None:
            self.account.shutdown()
        if self.qr is not None:
            self.qr.shutdown()  # waits for the poll in flight (at most its wait_s)  # stops the camera feed and the frame analysis
        self.runner.invalidate()
        self.runner.wait_done()
        if self.agent is not None:
            self.agent.shutdown()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
