"""Renders ``QrLoginFlow`` (扫码登录, R-QR-1): the QR code, its countdown, and the long poll.

The person only scans; the terminal learns of the scan by ``flow.poll()`` (a long poll of
up to ``wait_s`` seconds) run again and again while the screen is up. The polls run on a
``TaskRunner`` of this journey's own: a poll holds its thread for up to ``wait_s``, and
the window's worker must stay free for the next person's gestures (the service logout,
the next login). One thread still means the flow is never touched by two threads.

Leaving the screen (back, home, idle, logout: ``stop``) ends the loop at once: the answer
of the poll in flight is dropped and no new poll starts (R-SE-1). On DONE the session goes
to the login journey (``logged_in``) and this journey keeps its token only to end the
session on the service when the kiosk session ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QTimer, Signal

from kiosk.flows.qr_login import DEFAULT_WAIT_S, QrLoginFlow, QrLoginStep, Result
from kiosk.protocol.auth import LoggedIn, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.qr import QrPurpose
from kiosk.services.account_api import QrApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskFailed, TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.qr_login.screen import QrLoginScreen

COUNTDOWN_MS = 1000
RETRY_MS = 3000  # after a failed poll (service unreachable): look again, without spinning

Made = tuple[Result, str | None]  # a new code: the flow's answer, the payload to show
Outcome = LoggedIn | PasswordChangeRequired
Polled = tuple[Result, Outcome | None]  # a poll: the flow's answer, what the scan brought


class QrLoginApi(QrApi, Protocol):
    """The QR calls, and the logout that ends a session made by a scan."""

    def logout(self, session_token: str) -> None: ...


class QrLoginJourney(JourneyBase[QrLoginStep]):
    back_requested = Signal()  # back to the password login
    left = Signal()  # home
    logged_in = Signal(object)  # LoggedIn: the login journey shows the logged-in home
    # QR verification (R-QR-2): LoggedIn or PasswordChangeRequired for the login journey,
    # which owns the session from then on.
    verified = Signal(object)
    verify_back = Signal()  # back from the verification's code: the login's factor choice
    code_shown = Signal(str)  # the payload now on screen (tests, tester panel)
    expired = Signal()  # EXPIRED is on screen
    # Every second while a valid code is on screen: the person is busy with the phone, so
    # the window holds the idle timeout (the code lives 120 s, the idle timeout is 90 s);
    # once the code expired the idle countdown runs again.
    code_alive = Signal()

    def __init__(
        self,
        api: QrLoginApi,
        *,
        language: LanguageController,
        show: Show,
        runner: TaskRunner | None = None,
        wait_s: int = DEFAULT_WAIT_S,
    ) -> None:
        own = runner if runner is not None else TaskRunner()
        super().__init__(runner=own, show=show)
        own.setParent(self)
        self._api = api
        self._wait_s = wait_s
        self._retired: list[TaskRunner] = []  # workers still finishing an abandoned poll
        self.flow = QrLoginFlow(api, purpose=QrPurpose.LOGIN, wait_s=wait_s)
        self.screen = QrLoginScreen(language)
        self.screens = {
            QrLoginStep.SHOW_QR: self.screen,
            QrLoginStep.DONE: self.screen,
            QrLoginStep.EXPIRED: self.screen,
        }
        self._generation = 0  # of the screen's visit; ``stop`` moves on
        self._active = False  # the screen is up: polls may run
        self._polling = False  # a poll is in flight
        self._session_token: str | None = None  # of a session this journey handed over
        self._purpose = QrPurpose.LOGIN
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_MS)
        self._countdown.timeout.connect(self._tick)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._poll)
        self.screen.back_requested.connect(self._back)
        self.screen.home_requested.connect(self.left)
        self.screen.refresh_requested.connect(self.refresh)

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def polling(self) -> bool:
        """A poll is in flight or due (tests: the loop has stopped when this is False)."""
        return self._active and (self._polling or self._retry.isActive())

    # -- entering and leaving ------------------------------------------------------------

    def start(self, purpose: QrPurpose = QrPurpose.LOGIN, attempt_id: str | None = None) -> None:
        """A fresh QR code on screen, then the polls: QR login, or the QR verification of
        login attempt ``attempt_id`` (R-QR-2)."""
        self.stop()
        self._fresh_worker()
        self._active = True
        self._purpose = purpose
        self.screen.wipe()
        self._show(self.screen)
        flow = self.flow

        def begin() -> Made:
            flow.aim(purpose, attempt_id)
            return self._made(flow, flow.start())

        self._make(begin)

    def refresh(self) -> None:
        """刷新二维码: offered once the code expired (or could not be made)."""
        if self._active and not self._polling:
            flow = self.flow
            self._make(lambda: self._made(flow, flow.refresh()))

    def stop(self) -> None:
        """Leave the screen (back, home, idle, logout): no answer in flight reappears, no
        new poll starts, the flow forgets its code. The service session is not touched."""
        self._generation += 1
        self._active = False
        self._polling = False
        self._countdown.stop()
        self._retry.stop()
        self.screen.wipe()
        self._runner.run(self.flow.wipe, lambda _none: None)

    def close_flow(self) -> None:
        """The kiosk session ended (R-SE-1): stop, and end on the service the session a
        scan made (on this journey's worker, after the poll in flight)."""
        self.stop()
        token, self._session_token = self._session_token, None
        if token is not None:
            self._runner.run(lambda: self._logout(token), lambda _none: None)

    def shutdown(self) -> None:
        """Window closing: waits for the poll in flight (at most ``wait_s``)."""
        self.stop()
        for runner in (*self._retired, self._runner):
            runner.invalidate()
            runner.wait_done()

    # -- the loop --------------------------------------------------------------------------
    # Every answer carries the generation it was asked in; ``stop`` moves to the next, so an
    # answer for a screen already left is dropped (the runner is not invalidated: a session
    # made by a scan that landed just as the person left must still be ended, below).

    def _make(self, task: Callable[[], Made]) -> None:
        generation = self._generation

        def done(made: Made) -> None:
            if generation == self._generation:
                self._code_ready(made)

        self.run(self.screen, task, done, lambda: self.tr("Preparing the QR code…"))

    def _fresh_worker(self) -> None:
        """A poll holds the worker for up to ``wait_s``: a new visit (back, then the QR code
        again) gets a worker and a flow of its own instead of waiting for it. The old poll's
        answer is dropped when it comes, and a session it brought is ended (``_poll``)."""
        self._retired = [runner for runner in self._retired if runner.busy]
        if not self._runner.busy:
            return
        self._retired.append(self._runner)
        runner = TaskRunner()
        runner.setParent(self)
        self._runner = runner
        self.flow = QrLoginFlow(self._api, wait_s=self._wait_s)  # aimed by ``start``

    @staticmethod
    def _made(flow: QrLoginFlow, result: Result) -> Made:
        challenge = flow.state.challenge  # on the worker, right after the call
        return result, (challenge.payload if challenge is not None else None)

    def _code_ready(self, made: Made) -> None:
        result, payload = made
        if not result.ok or payload is None:
            self.screen.show_error(result.error or UserError(ErrorCode.INTERNAL_ERROR))
            self.screen.offer_refresh()
            return
        self.screen.show_code(payload, self.flow.purpose)
        self._tick()
        self._countdown.start()
        self.code_shown.emit(payload)
        self._poll()

    def _poll(self) -> None:
        if not self._active or self._polling:
            return
        self._polling = True
        generation = self._generation
        flow = self.flow  # this visit's: a later visit may have its own (``_fresh_worker``)

        def poll() -> Polled:
            result = flow.poll()
            state = flow.state
            outcome: Outcome | None = None
            if result.step is QrLoginStep.DONE:
                outcome = state.logged_in or state.change_required
            if isinstance(outcome, LoggedIn) and generation != self._generation:
                # Scanned just as the person left: nobody will see this session; end it.
                self._logout(outcome.session_token)
                outcome = None
            return result, outcome

        def polled(answer: Polled) -> None:
            result, outcome = answer
            if generation != self._generation:
                if isinstance(outcome, LoggedIn):  # left after the check above
                    token = outcome.session_token
                    self._runner.run(lambda: self._logout(token), lambda _none: None)
                return
            self._polling = False
            self._polled(result, outcome)

        def failed(_failure: TaskFailed) -> None:
            if generation == self._generation:
                self._polling = False
                self.screen.show_error(UserError(ErrorCode.INTERNAL_ERROR))
                self._retry.start()

        self._runner.run(poll, polled, failed)

    def _polled(self, result: Result, outcome: Outcome | None) -> None:
        if result.step is QrLoginStep.DONE:
            self._done(outcome)
        elif result.step is QrLoginStep.EXPIRED:
            self._countdown.stop()
            self.screen.show_expired()
            self.expired.emit()
        elif result.ok:
            self._poll()
        else:
            # Locked meanwhile, service unreachable: say so, and look again a bit later.
            if result.error is not None:
                self.screen.show_error(result.error)
            self._retry.start()

    def _done(self, outcome: Outcome | None) -> None:
        self._active = False
        self._countdown.stop()
        verify = self._purpose is QrPurpose.VERIFY
        # A login challenge always yields a session, never a change token.
        if outcome is None or (not verify and not isinstance(outcome, LoggedIn)):
            self.screen.show_error(UserError(ErrorCode.INTERNAL_ERROR))
            self.screen.offer_refresh()
            self._active = True
            return
        self._runner.run(self.flow.wipe, lambda _none: None)
        self.screen.wipe()  # the spent code leaves the screen with the person
        if verify:
            self.verified.emit(outcome)  # the login journey owns the session now
            return
        assert isinstance(outcome, LoggedIn)
        self._session_token = outcome.session_token
        self.logged_in.emit(outcome)

    def _tick(self) -> None:
        seconds = self.flow.seconds_left()
        self.screen.set_seconds_left(seconds)
        if seconds > 0:
            self.code_alive.emit()

    def _back(self) -> None:
        self.stop()
        if self._purpose is QrPurpose.VERIFY:
            self.verify_back.emit()
        else:
            self.back_requested.emit()

    def _logout(self, token: str) -> None:
        # A failure is harmless: the token dies with the session anyway, and the terminal
        # has already forgotten it.
        with contextlib.suppress(UserError):
            self._api.logout(token)
