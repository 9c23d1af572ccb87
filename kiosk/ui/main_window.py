"""The kiosk window: a stack of screens, the idle watch (R-SE-1), the language, and where
journeys send the person next (``Destination``).

When the session ends (idle, home, logout) every screen and flow forget everything at once
and the service logout runs on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.flows.login import LoginFlow
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import Lang
from kiosk.services.account_api import AccountSelfServiceApi, ActingApi, RegistrationApi
from kiosk.services.kiosk_session import KioskSession
from kiosk.ui.common.face_check import PublicFaceSources
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import relayout_all
from kiosk.ui.common.widgets.screen_frame import ScreenFrame
from kiosk.ui.common.widgets.touch_keyboard import TouchKeyboard
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.idle_watch import IDLE_POLL_MS, IdleWatch
from kiosk.ui.journey_set import Destination, Journeys
from kiosk.ui.journeys.agent.journey import AgentSources
from kiosk.ui.journeys.certificate.journey import CertificateSources
from kiosk.ui.journeys.enterprise_certificate.journey import EnterpriseCertificateSources
from kiosk.ui.journeys.qr_login.journey import QrLoginApi
from kiosk.ui.journeys.staff.journey import StaffSources
from kiosk.ui.journeys.tester.panel import TesterSources


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
        acting: ActingApi | None = None,  # 企业业务; by default the self-service client's
        enterprise_certificate: EnterpriseCertificateSources | None = None,
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

        self.journeys = j = Journeys(
            flow=flow, session=session, language=language, runner=self.runner,
            show=self.show_screen, tester=tester, staff=staff, certificate=certificate,
            agent=agent, self_service=self_service, public_face=public_face, qr=qr,
            registration=registration, acting=acting,
            enterprise_certificate=enterprise_certificate,
        )  # fmt: skip
        j.setParent(self)
        self.login, self.logged_in, self.qr = j.login, j.logged_in, j.qr
        self.forgot, self.account, self.registration = j.forgot, j.account, j.registration
        self.retrieve, self.staff, self.tester_panel = j.retrieve, j.staff, j.tester_panel
        self.certificate, self.agent = j.certificate, j.agent
        self.entry = j.entry  # 企业业务: the steps after an enterprise login
        self.enterprise_certificate = j.enterprise_certificate
        self.home = j.home
        self._removers: list[Callable[[], None]] = []
        for screen in j.screens():
            self.stack.addWidget(screen)
            self._removers.append(session.add_wipe_callback(screen.wipe))
        for forget in j.forget():
            self._removers.append(session.add_wipe_callback(forget))

        routes = {Destination.HOME: EndReason.HOME, Destination.LOGGED_OUT: EndReason.LOGOUT}
        j.go.connect(lambda destination: self.end_session(routes[destination]))
        if j.account is not None:
            # R-LK-1: the fifth failed face check locked the account and ended the session.
            j.account.locked_out.connect(self._locked_out)

        self.idle = IdleWatch(
            session, overlay_parent=self.root, current=self.current_screen, home=self.home,
            poll_ms=idle_poll_ms,
        )  # fmt: skip
        self.idle.expired.connect(lambda: self.end_session(EndReason.IDLE))
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
        """Resize to a screen size, arranging every screen for it *first*: a window cannot
        shrink below the minimum of its current arrangement."""
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
        self.login.start()

    def _locked_out(self, error: UserError) -> None:
        """R-LK-1 while logged in: the service ended the session; the kiosk forgets it and
        says why on the home screen (with the catalog's way out: 忘记密码 or tomorrow)."""
        self.end_session(EndReason.HOME)
        self.home.show_error(error)

    def set_language(self, lang: Lang) -> None:
        self.language.set_language(lang)

    # -- ending a session (R-SE-1) ---------------------------------------------------------

    def end_session(self, reason: EndReason) -> None:
        """Screens and memory forget everything now; the service logout follows on the worker."""
        self.runner.invalidate()  # answers still in flight must not reappear
        self.idle.warning.close_overlay()
        self.session.wipe()  # every screen's wipe(), and the session's login
        # The next person starts in the terminal's language and the keyboard's default.
        self.language.reset()
        if self.keyboard is not None:
            self.keyboard.reset()
        self.journeys.close_flows(self.runner)
        self.go_home()
        if reason is EndReason.LOGOUT:
            self.home.banner.show_success(
                lambda: self.tr("You have logged out. Nothing of your visit is kept.")
            )
        elif reason is EndReason.IDLE:
            self.home.banner.show_info(
                lambda: self.tr(
                    "You were logged out after a time without use, and everything entered "
                    "was cleared."
                )
            )
        self.session_ended.emit(reason)

    # -- Qt plumbing -----------------------------------------------------------------------

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        # Hidden screens get no resize event until shown: tell every screen the new width.
        self.adapt(event.size().width())
        if self.keyboard is not None:
            self.keyboard.fit_width(event.size().width())
        super().resizeEvent(event)

    def shutdown(self) -> None:
        """Stop the timer, the event filter and the worker (window closing, tests)."""
        self.idle.stop()
        for remove in self._removers:
            remove()
        self._removers.clear()
        self.journeys.shutdown_cameras()
        self.runner.invalidate()
        self.runner.wait_done()
        self.journeys.shutdown_devices()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
