"""Renders ``AccountCenterFlow`` (账户中心) on screens, each flow call on the worker.

Opened from the logged-in home with the login session's token; a new flow per opening, so
nothing of an earlier person can remain. Deregistration ends the session: the window then
forgets everything (``finished_session``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal

from kiosk.flows.account_center import (
    AccountCenterFlow,
    AccountCenterStep,
    face_retry_possible,
)
from kiosk.flows.machine import StepResult
from kiosk.protocol.account import ConfirmationAction
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountSelfServiceApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.account_center.level_face import LevelFaceScreen
from kiosk.ui.journeys.account_center.screens import (
    AccountOverviewScreen,
    ConfirmScreen,
    PhonesScreen,
)
from kiosk.ui.journeys.account_center.settings_screens import (
    AccountPasswordScreen,
    DeregisteredScreen,
    DeregisterScreen,
    HistoryScreen,
    UsernameScreen,
)

Step = AccountCenterStep


class AccountCenterJourney(JourneyBase[AccountCenterStep]):
    left = Signal()  # home (the person is logged out)
    closed = Signal()  # back from the overview: the logged-in home again
    finished_session = Signal()  # deregistered: the session is over
    step_shown = Signal(object)  # AccountCenterStep
    locked_out = Signal(object)  # UserError ACCOUNT_LOCKED: the service ended the session
    # Key business (R-RN-2): the face check passed (AccountView) or was left (None).
    business_check_done = Signal(object)
    face_refused = Signal(object)  # UserError, after it is shown

    def __init__(
        self,
        api: AccountSelfServiceApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[AccountSelfServiceApi, str], AccountCenterFlow] = (
            AccountCenterFlow
        ),
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self.flow = flow_factory(api, "")
        self.overview = AccountOverviewScreen(language)
        self.phones = PhonesScreen(language)
        self.confirm = ConfirmScreen(language, self._resend_seconds_left)
        self.username = UsernameScreen(language)
        self.password = AccountPasswordScreen(language)
        self.deregister = DeregisterScreen(language)
        self.deregistered = DeregisteredScreen(language)
        self.history = HistoryScreen(language)
        self.level_face = LevelFaceScreen(language)
        self._for_business = False  # the level check was asked before key business (R-RN-2)
        # The level check needs this terminal's camera and face models.
        self.face_check = face_check_for(face, self.level_face, self, self.submit_face)
        self.overview.allow_face_check(self.face_check is not None)
        self.screens = {
            Step.OVERVIEW: self.overview,
            Step.PHONES: self.phones,
            Step.CONFIRM: self.confirm,
            Step.USERNAME: self.username,
            Step.PASSWORD: self.password,
            Step.DEREGISTER: self.deregister,
            Step.DEREGISTERED: self.deregistered,
            Step.HISTORY: self.history,
            Step.LEVEL_FACE: self.level_face,
        }
        for screen in self.screens.values():
            screen.home_requested.connect(self.left)
        self.overview.back_requested.connect(self.closed)
        self.overview.done_requested.connect(self.closed)
        for screen in (
            self.phones,
            self.confirm,
            self.username,
            self.password,
            self.deregister,
            self.history,
        ):
            screen.back_requested.connect(self.back)
        self.history.done_requested.connect(self.back)
        self.level_face.back_requested.connect(self.back)
        self.overview.level_requested.connect(self.open_level_face)
        self.overview.phones_requested.connect(self.open_phones)
        self.overview.username_requested.connect(self.open_username)
        self.overview.password_requested.connect(self.open_password)
        self.overview.history_requested.connect(self.open_history)
        self.overview.deregister_requested.connect(self.open_deregister)
        self.phones.add_requested.connect(self.start_add_phone)
        self.phones.remove_requested.connect(self.start_remove_phone)
        self.phones.default_requested.connect(self.start_set_default)
        # The flow is made anew for each session: these read the current one.
        self.connect_sms(
            self.confirm,
            request=lambda _phone: self.flow.request_sms(),
            submit=lambda code: self.flow.submit_code(code),  # noqa: PLW0108 - late bound
            sent=lambda: self.flow.state.sms.sent,
        )
        self.username.submitted.connect(self.submit_username)
        self.password.change_submitted.connect(self.submit_password)
        self.deregister.confirmed.connect(self.start_deregister)
        self.history.clear_requested.connect(self.clear_history)
        self.deregistered.finished.connect(self.finished_session)

    # -- opening and closing ---------------------------------------------------------------

    def open(self, session_token: str) -> None:
        """From the logged-in home: a fresh flow for this session, the account loaded."""
        self.flow = self._factory(self._api, session_token)
        for screen in self.screens.values():
            screen.wipe()
        self.enter(Step.OVERVIEW)
        self.call(
            self.overview,
            self.flow.refresh,
            lambda: self.tr("Loading your account…"),
            on_ok=lambda _r: self.enter(Step.OVERVIEW),
        )

    def open_for_business(self, session_token: str) -> None:
        """A level-3 person started key business (R-RN-2): the face check first, which
        raises the level to 4; ``business_check_done`` says how it ended."""
        self.flow = self._factory(self._api, session_token)
        for screen in self.screens.values():
            screen.wipe()
        self._for_business = True
        self.level_face.set_for_business(True)

        def loaded(_result: StepResult[AccountCenterStep]) -> None:
            self.call(self.overview, self.flow.open_level_face, None)

        self.enter(Step.OVERVIEW)
        self.call(
            self.overview,
            self.flow.refresh,
            lambda: self.tr("Loading your account…"),
            on_ok=loaded,
        )

    @property
    def face_possible(self) -> bool:
        return self.face_check is not None

    def close_flow(self) -> None:
        self.flow.wipe()

    # -- what the person did -------------------------------------------------------------

    def open_phones(self) -> None:
        self.call(self.overview, self.flow.open_phones, lambda: self.tr("Loading your numbers…"))

    def open_username(self) -> None:
        self.call(self.overview, self.flow.open_username, None)

    def open_password(self) -> None:
        self.call(self.overview, self.flow.open_password, None)

    def open_history(self) -> None:
        self.call(self.overview, self.flow.open_history, lambda: self.tr("Loading the history…"))

    def open_deregister(self) -> None:
        self.call(self.overview, self.flow.open_deregister, None)

    def start_add_phone(self, phone: str) -> None:
        self.call(
            self.phones,
            lambda: self.flow.start_add_phone(phone),
            lambda: self.tr("Sending the code…"),
        )

    def start_remove_phone(self, phone_id: int) -> None:
        self.call(
            self.phones,
            lambda: self.flow.start_remove_phone(phone_id),
            lambda: self.tr("Sending the code…"),
        )

    def start_set_default(self, phone_id: int) -> None:
        self.call(
            self.phones,
            lambda: self.flow.start_set_default(phone_id),
            lambda: self.tr("Sending the code…"),
        )

    def start_deregister(self) -> None:
        self.call(self.deregister, self.flow.start_deregister, lambda: self.tr("Sending the code…"))

    def submit_username(self, name: str) -> None:
        self.call(
            self.username,
            lambda: self.flow.submit_username(name),
            lambda: self.tr("Saving the username…"),
            on_ok=lambda _r: self._back_to_overview_with(self._username_saved),
        )

    def submit_password(self, old: str, new: str, confirm: str) -> None:
        self.call(
            self.password,
            lambda: self.flow.submit_password_change(old, new, confirm),
            lambda: self.tr("Saving your new password…"),
            on_ok=lambda _r: self._back_to_overview_with(self._password_saved),
        )

    def clear_history(self, event_id: str) -> None:
        def done(result: StepResult[AccountCenterStep]) -> None:
            self.history.show_events(self.flow.state.history)
            self.history.banner.show_success(lambda: self.tr("The record was cleared."))

        self.call(
            self.history,
            lambda: self.flow.clear_history(event_id),
            lambda: self.tr("Clearing the record…"),
            on_ok=done,
        )

    def open_level_face(self) -> None:
        self._for_business = False
        self.level_face.set_for_business(False)
        self.call(self.overview, self.flow.open_level_face, None)

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) to the service (R-RN-3)."""
        values = tuple(float(v) for v in template)
        self.send_face(
            lambda: self.flow.submit_face(values),
            face_retry_possible,
            on_ok=lambda _result: self._level_checked(),
        )

    def after_refusal(self, error: UserError) -> None:
        """R-LK-1: a lock engaged here (the fifth wrong old password, SMS code or face)
        ended the session at the service; the terminal leaves the account too."""
        if error.code is ErrorCode.ACCOUNT_LOCKED:
            self.stop_face()
            self.locked_out.emit(error)

    def back(self) -> None:
        self.stop_face()
        if self.flow.step is Step.LEVEL_FACE and self._for_business:
            self._for_business = False
            self.flow.wipe()
            self.business_check_done.emit(None)  # left: back to the logged-in home
            return
        self.call(self.screens[self.flow.step], self.flow.back, None)

    def _level_checked(self) -> None:
        account = self.flow.state.account
        if self._for_business:
            self._for_business = False
            self.flow.wipe()
            self.business_check_done.emit(account)
            return
        self.enter(Step.OVERVIEW)
        self.overview.banner.show_success(
            lambda: self.tr("Face check passed: your real-name level is now 4.")
        )

    # -- entering a step -----------------------------------------------------------------

    def enter(self, step: AccountCenterStep) -> None:
        screen = self.screens[step]
        state = self.flow.state
        account = state.account
        if step is Step.OVERVIEW and account is not None:
            self.overview.show_account(account)
        elif step is Step.PHONES and account is not None:
            self.phones.show_account(account)
            if state.last_done is not None:
                done = state.last_done
                self.phones.banner.show_success(lambda: self._done_text(done))
        elif step is Step.CONFIRM and state.pending is not None:
            pending = state.pending
            self.confirm.show_pending(pending)
            # The service sent the first code already: say so and let the countdown run.
            self.confirm.code_sent(
                SmsSent(
                    phone_masked=pending.phone_masked,
                    resend_after_s=pending.resend_after_s,
                    expires_in_s=pending.expires_in_s,
                )
            )
        elif step is Step.USERNAME:
            self.username.show_account(account)
        elif step is Step.PASSWORD:
            self.password.wipe()
        elif step is Step.DEREGISTER:
            self.deregister.banner.clear()
        elif step is Step.DEREGISTERED:
            self.deregistered.announce()
        elif step is Step.HISTORY:
            self.history.show_events(state.history)
        elif step is Step.LEVEL_FACE:
            self.level_face.wipe()
        self.show_step(step, screen)

    # -- internals -------------------------------------------------------------------------

    def _resend_seconds_left(self) -> int:
        return self.flow.resend_seconds_left()

    def _back_to_overview_with(self, say: Callable[[], None]) -> None:
        self.enter(Step.OVERVIEW)
        say()

    def _username_saved(self) -> None:
        self.overview.banner.show_success(lambda: self.tr("Your username has been saved."))

    def _password_saved(self) -> None:
        self.overview.banner.show_success(
            lambda: self.tr(
                "Your password has been changed. Your logins on other terminals have ended."
            )
        )

    def _done_text(self, action: ConfirmationAction) -> str:
        return {
            ConfirmationAction.ADD_PHONE: self.tr("The number has been added."),
            ConfirmationAction.REMOVE_PHONE: self.tr("The number has been removed."),
            ConfirmationAction.SET_DEFAULT_PHONE: self.tr("The default number has been changed."),
            ConfirmationAction.DEREGISTER: "",
        }[action]
