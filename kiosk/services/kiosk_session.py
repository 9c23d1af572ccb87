"""R-SE-1: a public terminal never leaves a session open.

``KioskSession`` holds what the logged-in person brought (session token, masked summary)
in memory only, tracks idleness against an injected clock, and wipes everything — its own
data and, through registered callbacks, every screen's fields — on logout or idle expiry.
Qt-free: the UI polls ``state()`` from a timer and calls ``touch()`` on input.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.enterprise import Acting, Entry
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import PersonSummary
from kiosk.services.account_api import AccountApi

_log = logging.getLogger(__name__)

WipeCallback = Callable[[], None]


class IdleState(Enum):
    ACTIVE = "active"
    WARNING = "warning"  # show the countdown: "still there?"
    EXPIRED = "expired"  # log out and wipe


@dataclass(frozen=True, slots=True)
class IdlePolicy:
    """Expire after ``idle_s`` without input; warn during the last ``warning_s`` of them."""

    idle_s: float = 90.0
    warning_s: float = 20.0

    def __post_init__(self) -> None:
        if self.idle_s <= 0 or not 0 <= self.warning_s < self.idle_s:
            msg = f"invalid idle policy: idle {self.idle_s}s, warning {self.warning_s}s"
            raise ValueError(msg)


def logout_quietly(api: AccountApi, session_token: str) -> bool:
    """End the session on the service, best effort: the terminal wipes either way.

    Returns whether the service confirmed. A dead token (``SESSION_INVALID``) counts as
    confirmed: the session is over, which is all we wanted.
    """
    try:
        api.logout(session_token)
    except UserError as exc:
        if exc.code is ErrorCode.SESSION_INVALID:
            return True
        _log.warning("logout on the service failed: %s", exc.code.value)
        return False
    return True


class KioskSession:
    """Idle tracking and the in-memory login of the person at the terminal."""

    def __init__(self, policy: IdlePolicy, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self._clock = clock
        self._last_input = clock()
        self._logged_in: LoggedIn | None = None
        self._wipe_callbacks: list[WipeCallback] = []

    # -- idleness --------------------------------------------------------------------

    def touch(self) -> None:
        """The person did something (touch, key, card): restart the idle period."""
        self._last_input = self._clock()

    def idle_for(self) -> float:
        return max(0.0, self._clock() - self._last_input)

    def state(self) -> IdleState:
        idle = self.idle_for()
        if idle >= self.policy.idle_s:
            return IdleState.EXPIRED
        if idle >= self.policy.idle_s - self.policy.warning_s:
            return IdleState.WARNING
        return IdleState.ACTIVE

    def seconds_left(self) -> int:
        """Whole seconds until expiry, rounded up (the countdown shows 20 … 1, then 0)."""
        return max(0, math.ceil(self.policy.idle_s - self.idle_for()))

    # -- the logged-in person --------------------------------------------------------

    def begin(self, logged_in: LoggedIn) -> None:
        self._logged_in = logged_in
        self.touch()

    @property
    def logged_in(self) -> bool:
        return self._logged_in is not None

    @property
    def session_token(self) -> str | None:
        return self._logged_in.session_token if self._logged_in else None

    @property
    def person(self) -> PersonSummary | None:
        return self._logged_in.person if self._logged_in else None

    @property
    def acting(self) -> Acting | None:
        """Who the session acts for (R-SW-1); personal business when the service said nothing."""
        if self._logged_in is None:
            return None
        return self._logged_in.acting or Acting(entry=Entry.NATURAL_PERSON)

    def act(self, acting: Acting) -> None:
        """A role chosen or an identity switched: the same session acts for someone else;
        the idle period goes on (R-SE-1: switching ends nothing of it)."""
        if self._logged_in is not None:
            self._logged_in = self._logged_in.model_copy(update={"acting": acting})

    def end(self) -> str | None:
        """Forget the login (not the screens); returns the token so it can be logged out."""
        token = self.session_token
        self._logged_in = None
        return token

    # -- wiping ----------------------------------------------------------------------

    def add_wipe_callback(self, callback: WipeCallback) -> Callable[[], None]:
        """Call ``callback`` on every wipe (a screen clears its fields); returns an undo."""
        self._wipe_callbacks.append(callback)

        def remove() -> None:
            if callback in self._wipe_callbacks:
                self._wipe_callbacks.remove(callback)

        return remove

    def wipe(self) -> None:
        """Clear the login and every registered screen; starts a fresh idle period."""
        self.end()
        for callback in list(self._wipe_callbacks):
            try:
                callback()
            except Exception:
                # One broken screen must not keep the others' personal data on display.
                _log.exception("a wipe callback failed")
        self.touch()

    def close(self, api: AccountApi | None = None) -> bool:
        """Logout button, card removal or idle expiry: wipe first, then log out on the service.

        The screen is cleared before the (possibly slow) network call. Returns whether the
        service confirmed the logout (True when there was no session to end).
        """
        token = self.end()
        self.wipe()
        if token is None or api is None:
            return token is None
        return logout_quietly(api, token)

    def expire_if_idle(self, api: AccountApi | None = None) -> bool:
        """Call from a timer: when idle time is up, close the session. True if it closed."""
        if self.state() is not IdleState.EXPIRED:
            return False
        _log.info("idle timeout: session wiped (R-SE-1)")
        self.close(api)
        return True
