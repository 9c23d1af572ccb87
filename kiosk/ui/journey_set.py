"""Every journey this terminal offers, built from what it has (a journey whose service or
device is missing is not built), joined where one hands over to another, and announcing
where the person goes next as one typed ``Destination`` the window routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum, auto
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal, SignalInstance

from kiosk.flows.enterprise_entry import EnterpriseEntryFlow, entry_needed
from kiosk.flows.forgot_password import ForgotPasswordFlow
from kiosk.flows.login import LoginFlow, LoginStep
from kiosk.flows.registration import RegistrationFlow
from kiosk.flows.retrieve_phone import RetrievePhoneFlow
from kiosk.protocol.auth import Factor, LoggedIn
from kiosk.protocol.qr import QrPurpose
from kiosk.services.account_api import AccountSelfServiceApi, ActingApi, RegistrationApi
from kiosk.services.kiosk_session import KioskSession
from kiosk.services.staff_api import HallRelationsApi
from kiosk.ui.common.driver import Show
from kiosk.ui.common.face_check import PublicFaceSources
from kiosk.ui.common.widgets.screen_frame import ScreenFrame
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.home import HomeScreen
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.journey import AccountCenterJourney
from kiosk.ui.journeys.agent.journey import AgentJourney, AgentSources
from kiosk.ui.journeys.certificate.journey import CertificateJourney, CertificateSources
from kiosk.ui.journeys.enterprise_certificate.journey import (
    EnterpriseCertificateJourney,
    EnterpriseCertificateSources,
)
from kiosk.ui.journeys.forgot_password.journey import ForgotPasswordJourney
from kiosk.ui.journeys.logged_in.journey import LoggedInJourney
from kiosk.ui.journeys.login.enterprise_journey import EnterpriseEntryJourney
from kiosk.ui.journeys.login.journey import LoginJourney
from kiosk.ui.journeys.qr_login.journey import QrLoginApi, QrLoginJourney
from kiosk.ui.journeys.registration.journey import RegistrationJourney
from kiosk.ui.journeys.retrieve_phone.journey import RetrievePhoneJourney
from kiosk.ui.journeys.staff.journey import StaffJourney, StaffSources
from kiosk.ui.journeys.tester.panel import TesterPanel, TesterSources


class Destination(Enum):
    """Where a journey ends the person's session (R-SE-1); the window routes it."""

    HOME = auto()  # the person chose home: the session ends, the home screen
    LOGGED_OUT = auto()  # logout (or deregistered): the session ends with the logout message


@runtime_checkable
class _ActingService(ActingApi, Protocol):
    """The self-service client when it also answers for enterprises (the HTTP client)."""


@runtime_checkable
class _HallService(HallRelationsApi, Protocol):
    """The self-service client when it also serves the hall counter (the HTTP client)."""


_SelfService = (
    ForgotPasswordJourney | RegistrationJourney | RetrievePhoneJourney | AccountCenterJourney
)


class Journeys(QObject):
    go = Signal(object)  # Destination

    def __init__(
        self,
        *,
        flow: LoginFlow,
        session: KioskSession,
        language: LanguageController,
        runner: TaskRunner,
        show: Show,
        tester: TesterSources | None = None,
        staff: StaffSources | None = None,
        certificate: CertificateSources | None = None,
        agent: AgentSources | None = None,
        self_service: AccountSelfServiceApi | None = None,
        public_face: PublicFaceSources | None = None,
        qr: QrLoginApi | None = None,
        registration: RegistrationApi | None = None,
        acting: ActingApi | None = None,
        enterprise_certificate: EnterpriseCertificateSources | None = None,
    ) -> None:
        super().__init__()
        service = self_service
        # 用户注册 (R-ID-1) talks to the same service: the self-service client serves it
        # when it implements the registration calls (the HTTP client does).
        if registration is None and isinstance(service, RegistrationApi):
            registration = service
        # 企业业务 (R-EN-1) likewise: the acting calls of the same client.
        if acting is None and isinstance(service, _ActingService):
            acting = service
        # 人企关联 at the hall counter (R-HA-2) likewise: staff mode's calls of that client.
        if staff is not None and staff.relations is None and isinstance(service, _HallService):
            staff = replace(staff, relations=service)
        # R-2F-1: the second factors this terminal can offer; the service says which the
        # person may use (face needs the camera and models, QR the challenge service).
        flow.allow_factors(
            {Factor.SMS}
            | ({Factor.FACE} if public_face is not None else set())
            | ({Factor.QR} if qr is not None else set())
        )
        self.login = LoginJourney(
            flow, face=public_face, runner=runner, language=language, show=show
        )
        self.forgot = self.retrieve = self.account = self.registration = None
        if service is not None:
            self.forgot = ForgotPasswordJourney(
                ForgotPasswordFlow(service),
                face=public_face,
                runner=runner,
                language=language,
                show=show,
            )
            self.account = AccountCenterJourney(
                service, face=public_face, runner=runner, language=language, show=show
            )
            self.retrieve = RetrievePhoneJourney(
                RetrievePhoneFlow(service), runner=runner, language=language, show=show
            )
        if registration is not None:
            self.registration = RegistrationJourney(
                RegistrationFlow(registration, face_here=public_face is not None),
                face=public_face,
                runner=runner,
                language=language,
                show=show,
            )
        # -- 企业业务 (issue 17): the steps after an enterprise login --
        self.entry = (
            EnterpriseEntryJourney(
                EnterpriseEntryFlow(acting, face_here=public_face is not None),
                face=public_face,
                runner=runner,
                language=language,
                show=show,
            )
            if acting is not None
            else None
        )
        # -- end 企业业务 --
        self._show = show
        self._runner = runner
        self.home = HomeScreen(
            language,
            certificate=certificate is not None,
            agent=agent is not None,
            self_service=service is not None,
            registration=registration is not None,
            enterprise=self.entry is not None,
        )
        self.logged_in = LoggedInJourney(
            session=session,
            language=language,
            show=show,
            account=self.account,
            acting=acting,  # 身份切换 and 企业授权管理 (R-SW-1, R-RE-8)
            runner=runner,
            face=public_face,
        )
        # 扫码登录 (R-QR-1): its long polls run on the journey's own worker.
        self.qr = QrLoginJourney(qr, language=language, show=show) if qr is not None else None
        self.tester_panel = TesterPanel(language, tester, runner) if tester else None
        self.staff = (
            StaffJourney(staff, runner=runner, language=language, show=show)
            if staff is not None
            else None
        )
        self.certificate = (
            CertificateJourney(certificate, runner=runner, language=language, show=show)
            if certificate is not None
            else None
        )
        self.agent = (
            AgentJourney(agent, runner=runner, language=language, show=show)
            if agent is not None
            else None
        )
        # 企业业务 by the enterprise's Tax UKey (seed 002 四11): it hands the login over at
        # the second factor, so it needs the enterprise entry too.
        self.enterprise_certificate = (
            EnterpriseCertificateJourney(
                enterprise_certificate, runner=runner, language=language, show=show
            )
            if enterprise_certificate is not None and self.entry is not None
            else None
        )
        for journey in self._owned():
            journey.setParent(self)
        self._join(session)

    # -- what the window needs -----------------------------------------------------------

    def screens(self) -> list[ScreenFrame]:
        screens: list[ScreenFrame] = [
            self.home,
            *self.login.all_screens(),
            *self.logged_in.all_screens(),
        ]
        if self.entry is not None:
            screens.extend(self.entry.all_screens())
        for journey in self.self_service():
            screens.extend(journey.all_screens())
        if self.qr is not None:
            screens.append(self.qr.screen)
        for own in (self.agent, self.certificate, self.enterprise_certificate):
            if own is not None:
                screens.extend(own.all_screens())
        if self.staff is not None:
            screens.extend(self.staff.screens)
        if self.tester_panel is not None:
            screens.append(self.tester_panel)
        return screens

    def self_service(self) -> list[_SelfService]:
        found = (self.forgot, self.registration, self.retrieve, self.account)
        return [journey for journey in found if journey is not None]

    def forget(self) -> list[Callable[[], None]]:
        """What a session's end (idle, home, logout) must stop or forget beyond the screens."""
        forget: list[Callable[[], None]] = [self.login.stop_face]
        if self.entry is not None:
            forget.append(self.entry.stop_face)
        forget += [journey.stop_face for journey in self.self_service()]
        if self.staff is not None:
            forget.append(self.staff.wipe)  # the staff member and the person's data
        for medium in (self.agent, self.enterprise_certificate):
            if medium is not None:
                forget.append(medium.leave_if_active)
        if self.certificate is not None:
            forget.append(self.certificate.flow.wipe)  # the certificate on screen
        return forget

    def close_flows(self, runner: TaskRunner) -> None:
        """Every flow logs out and forgets, on the worker after any call still running."""
        runner.run(self.login.close_flow, lambda _none: None)
        if self.entry is not None:
            runner.run(self.entry.close_flow, lambda _none: None)
        for journey in self.self_service():
            runner.run(journey.close_flow, lambda _none: None)
        if self.qr is not None:
            self.qr.close_flow()  # stops the polls now; its logout runs on its own worker

    def shutdown_cameras(self) -> None:
        if self.staff is not None:
            self.staff.wipe()  # stops the camera feed and the frame analysis
            self.staff.analyzer.wait_done()
        self.login.shutdown()
        if self.entry is not None:
            self.entry.shutdown()
        if self.logged_in.relations is not None:
            self.logged_in.relations.shutdown()
        for journey in self.self_service():
            journey.shutdown()
        if self.qr is not None:
            self.qr.shutdown()  # waits for the poll in flight (at most its wait_s)

    def shutdown_devices(self) -> None:
        for medium in (self.agent, self.enterprise_certificate):
            if medium is not None:
                medium.shutdown()

    # -- entering ------------------------------------------------------------------------

    def go_home(self) -> None:
        self._show(self.home)

    def start_login(self) -> None:
        self.login.start()

    def start_enterprise_login(self) -> None:
        """企业业务 (R-EN-1): the login with the enterprise code first."""
        self.login.start(enterprise=True)

    def after_login(self, logged_in: LoggedIn, *, numbered: bool) -> None:
        """A new session: the 企业业务 entry's steps first when it still needs them (a role
        to choose, an authorization to confirm), else the logged-in home."""
        if self.entry is not None and entry_needed(logged_in):
            self.entry.start(logged_in, numbered=numbered)
        elif numbered:
            self.logged_in.open(logged_in, self.login.step_position(LoginStep.LOGGED_IN))
        else:
            self.logged_in.open(logged_in)

    def open_forgot_password(self) -> None:
        """忘记密码 (R-PW-4), from home or the login screen: a login under way is abandoned."""
        if self.forgot is not None:
            self._runner.run(self.login.flow.wipe, lambda _none: None)
            self.login.credentials.wipe()
            self.forgot.start()

    def open_qr_login(self) -> None:
        """Login screen → 扫码登录 (R-QR-1); what was typed there is forgotten."""
        if self.qr is not None:
            self.login.credentials.wipe()
            self.qr.start()

    def open_staff(self) -> None:
        if self.staff is not None:
            self.staff.start()
        elif self.tester_panel is not None:
            self.open_tester_panel()
        else:
            self.home.show_coming_soon()

    def open_tester_panel(self) -> None:
        if self.tester_panel is not None:
            self._show(self.tester_panel)
            self.tester_panel.refresh()

    def back_to_staff_or_home(self) -> None:
        """Staff logged in (the tester panel or an unblock was opened from staff home): back
        there; else the home screen."""
        if self.staff is not None and self.staff.staff is not None:
            self.staff.show_home()
        else:
            self.go_home()

    def leave_certificate(self) -> None:
        if self.certificate is not None and self.certificate.staff_mode:
            self.back_to_staff_or_home()
        else:
            self.go_home()

    # -- joining the journeys ------------------------------------------------------------

    def _owned(self) -> list[QObject]:
        found: list[QObject | None] = [
            self.login, self.logged_in, *self.self_service(),
            self.qr, self.staff, self.certificate, self.agent, self.entry,
            self.enterprise_certificate,
        ]  # fmt: skip
        return [journey for journey in found if journey is not None]

    def _to(self, signal: SignalInstance, destination: Destination) -> None:
        signal.connect(lambda *_args: self.go.emit(destination))

    def _join(self, session: KioskSession) -> None:
        login, logged_in, go = self.login, self.logged_in, Destination
        login.logged_in_reached.connect(lambda li: self.after_login(li, numbered=True))
        if self.entry is not None:
            self.entry.reached.connect(logged_in.open)
            self._to(self.entry.home, go.HOME)
            self._to(self.entry.left, go.LOGGED_OUT)
        self._join_home()
        self._to(login.left, go.HOME)
        self._to(logged_in.left, go.HOME)
        self._to(logged_in.logout_requested, go.LOGGED_OUT)
        for journey in self.self_service():
            self._to(journey.left, go.HOME)
        for entry in (self.forgot, self.registration, self.retrieve):
            if entry is not None:
                entry.log_in_requested.connect(self.start_login)
        if self.forgot is not None:
            login.credentials.enable_forgot_password()
            login.credentials.forgot_requested.connect(self.open_forgot_password)
            if self.retrieve is not None:
                self.forgot.retrieve_phone_requested.connect(self.retrieve.start)
        if self.account is not None:
            # Deregistered (R-AC-1): the service ended the session; forget everything.
            self._to(self.account.finished_session, go.LOGGED_OUT)
        if self.registration is not None:
            self.registration.forgot_password_requested.connect(self.open_forgot_password)
            # Registered = logged in: the kiosk session begins at once, so idle, home and
            # logout end the service session from the done screen on (R-SE-1).
            self.registration.completed.connect(session.begin)
            self.registration.continue_requested.connect(logged_in.open)
        if self.qr is not None:
            self._join_qr(self.qr, session)
        if self.staff is not None:
            self.staff.left.connect(self.go_home)
            self.staff.tester_requested.connect(self.open_tester_panel)
            self.staff.home.unblock_button.setVisible(self.certificate is not None)
            if self.certificate is not None:
                certificate = self.certificate
                self.staff.unblock_requested.connect(lambda: certificate.start(staff=True))
        if self.certificate is not None:
            self.certificate.left.connect(self.leave_certificate)
        if self.agent is not None:
            self.agent.left.connect(self.go_home)
        if self.enterprise_certificate is not None:
            self._join_enterprise_certificate(self.enterprise_certificate)
        if self.tester_panel is not None:
            self.tester_panel.home_requested.connect(self.back_to_staff_or_home)
            self.tester_panel.back_requested.connect(self.back_to_staff_or_home)

    def _join_home(self) -> None:
        home = self.home
        home.natural_person_chosen.connect(self.start_login)
        home.enterprise_chosen.connect(self.start_enterprise_login)
        home.staff_chosen.connect(self.open_staff)
        home.forgot_password_chosen.connect(self.open_forgot_password)
        for chosen, journey in (
            (home.agent_chosen, self.agent),
            (home.certificate_chosen, self.certificate),
            (home.register_chosen, self.registration),
            (home.retrieve_phone_chosen, self.retrieve),
        ):
            if journey is not None:
                chosen.connect(journey.start)

    def _join_enterprise_certificate(self, journey: EnterpriseCertificateJourney) -> None:
        """From the 企业业务 login screen to the Tax UKey and back into that login at its
        second factor (R-EN-1, seed 002 四11)."""
        login = self.login
        login.credentials.enable_certificate_login()
        login.credentials.certificate_requested.connect(journey.start)
        journey.left.connect(self.go_home)
        # R-SE-1: the medium pulled after the handover ends that login, logged in or not.
        self._to(journey.medium_pulled, Destination.LOGGED_OUT)
        journey.handed_over.connect(
            lambda h: login.resume_second_factor(h.accepted, h.identifier, h.enterprise.code)
        )

    def _join_qr(self, qr: QrLoginJourney, session: KioskSession) -> None:
        login = self.login
        login.credentials.enable_qr_login()
        login.credentials.qr_requested.connect(self.open_qr_login)
        # Back to the login it was opened from (自然人业务 or 企业业务).
        qr.back_requested.connect(lambda: login.start(enterprise=login.enterprise))
        self._to(qr.left, Destination.HOME)
        # The tax app's enterprise mode (R-QR-1) passes the 企业业务 entry's steps too.
        qr.logged_in.connect(lambda li: self.after_login(li, numbered=False))
        # 扫码验证 (R-QR-2), the login's second factor: the same screen and polls.
        login.qr_verification_requested.connect(lambda id_: qr.start(QrPurpose.VERIFY, id_))
        qr.verified.connect(login.qr_verified)
        qr.verify_back.connect(login.back_from_qr)
        # A valid code on screen holds the idle timeout (the person is at the phone).
        qr.code_alive.connect(session.touch)
