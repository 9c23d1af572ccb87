"""QR login (扫码登录, R-QR-1) and QR verification (扫码验证, R-QR-2) as a Qt-free flow.

The screen shows ``state.challenge.payload`` as a QR code (``kiosk.services.qr_image``)
with a countdown (``seconds_left``), and a worker thread calls ``poll()`` in a loop: each
call blocks up to ``wait_s`` seconds on the service's long poll, so the kiosk learns of the
scan without the person touching anything. An expired code offers ``refresh()``.

``purpose=VERIFY`` is the second factor after the password (R-2F-1): it needs the login
attempt's id, and its outcome may be the R-PW-3 change token instead of a session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.flows.machine import StepMachine, StepResult, advance
from kiosk.protocol.auth import LoggedIn, PasswordChangeRequired
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import Organization
from kiosk.protocol.qr import LoginMode, QrChallenge, QrLoggedIn, QrPurpose, QrStatus
from kiosk.services.account_api import QrApi

# Per long poll (the service allows up to 20): a scan is seen at once either way, and a
# poll in flight is what leaving the screen or closing the window may wait for.
DEFAULT_WAIT_S = 5


class QrLoginStep(Enum):
    SHOW_QR = auto()  # the QR code and its countdown; polling
    DONE = auto()  # scanned: ``state.logged_in`` or ``state.change_required``
    EXPIRED = auto()  # "二维码已失效", a refresh button


class QrLoginEvent(Enum):
    COMPLETED = auto()
    EXPIRED = auto()
    REFRESHED = auto()


TRANSITIONS: dict[tuple[QrLoginStep, QrLoginEvent], QrLoginStep] = {
    (QrLoginStep.SHOW_QR, QrLoginEvent.COMPLETED): QrLoginStep.DONE,
    (QrLoginStep.SHOW_QR, QrLoginEvent.EXPIRED): QrLoginStep.EXPIRED,
    (QrLoginStep.SHOW_QR, QrLoginEvent.REFRESHED): QrLoginStep.SHOW_QR,
    (QrLoginStep.EXPIRED, QrLoginEvent.REFRESHED): QrLoginStep.SHOW_QR,
}

# The service's answers that mean "this QR code is of no use any more": show a new one.
_SPENT = frozenset({ErrorCode.QR_EXPIRED, ErrorCode.QR_USED})


def next_step(step: QrLoginStep, event: QrLoginEvent) -> QrLoginStep:
    return advance(TRANSITIONS, step, event)


Result = StepResult[QrLoginStep]


@dataclass(slots=True)
class QrLoginState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    challenge: QrChallenge | None = None
    expires_at: float | None = None  # monotonic seconds, for the countdown only
    logged_in: LoggedIn | None = field(default=None, repr=False)
    change_required: PasswordChangeRequired | None = field(default=None, repr=False)
    mode: LoginMode = LoginMode.PERSONAL
    enterprise: Organization | None = None  # the app's enterprise login state (R-QR-1)


class QrLoginFlow(StepMachine[QrLoginStep, QrLoginEvent]):
    def __init__(
        self,
        api: QrApi,
        *,
        purpose: QrPurpose = QrPurpose.LOGIN,
        attempt_id: str | None = None,
        wait_s: int = DEFAULT_WAIT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (purpose is QrPurpose.VERIFY) != (attempt_id is not None):
            raise ValueError("attempt_id is required for VERIFY and only for VERIFY")
        self._api = api
        self._purpose = purpose
        self._attempt_id = attempt_id
        self._wait_s = wait_s
        self._clock = clock
        super().__init__(TRANSITIONS, QrLoginStep.SHOW_QR)
        self.state = QrLoginState()

    @property
    def purpose(self) -> QrPurpose:
        return self._purpose

    def aim(self, purpose: QrPurpose, attempt_id: str | None = None) -> None:
        """Use the flow for QR login or for one attempt's QR verification from now on; the
        current code, if any, is forgotten."""
        if (purpose is QrPurpose.VERIFY) != (attempt_id is not None):
            raise ValueError("attempt_id is required for VERIFY and only for VERIFY")
        self._purpose = purpose
        self._attempt_id = attempt_id
        self.wipe()

    # -- actions -------------------------------------------------------------------------

    def start(self) -> Result:
        """The first QR code (at SHOW_QR, before polling)."""
        self._require(QrLoginStep.SHOW_QR)
        return self._new_challenge(go=False)

    def refresh(self) -> Result:
        """A new QR code, after expiry or on request; the old one is simply abandoned."""
        return self._new_challenge(go=True)

    def poll(self) -> Result:
        """One long poll (blocks up to ``wait_s``). PENDING stays; the scan goes to DONE;
        expiry goes to EXPIRED. Other errors (locked meanwhile, service down) stay."""
        self._require(QrLoginStep.SHOW_QR)
        challenge = self.state.challenge
        if challenge is None:
            raise AssertionError("start() first")
        try:
            answer = self._api.poll_qr(challenge.challenge_id, self._wait_s)
        except UserError as error:
            if error.code in _SPENT:
                return self._expire()
            return self._fail(error)
        if answer.status is QrStatus.PENDING:
            return self._stay()
        if answer.status is QrStatus.EXPIRED:
            return self._expire()
        outcome = answer.result
        logged_in = outcome if isinstance(outcome, QrLoggedIn) else None
        self.state = QrLoginState(
            logged_in=logged_in,
            change_required=outcome if isinstance(outcome, PasswordChangeRequired) else None,
            mode=LoginMode.PERSONAL if logged_in is None else logged_in.mode,
            enterprise=None if logged_in is None else logged_in.enterprise,
        )
        return self._go(QrLoginEvent.COMPLETED)

    def seconds_left(self) -> int:
        """The countdown under the QR code; 0 once it is due (the service decides)."""
        if self.state.expires_at is None:
            return 0
        return max(0, int(self.state.expires_at - self._clock() + 0.999))

    def wipe(self) -> None:
        """Forget everything of this journey (idle timeout, home, logout)."""
        self.state = QrLoginState()
        self._restart()

    # -- helpers -------------------------------------------------------------------------

    def _new_challenge(self, *, go: bool) -> Result:
        try:
            challenge = self._api.start_qr(self._purpose, self._attempt_id)
        except UserError as error:
            return self._fail(error)
        self.state = QrLoginState(
            challenge=challenge, expires_at=self._clock() + challenge.expires_in_s
        )
        return self._go(QrLoginEvent.REFRESHED) if go else self._stay()

    def _expire(self) -> Result:
        self.state = QrLoginState()
        return self._go(QrLoginEvent.EXPIRED)
