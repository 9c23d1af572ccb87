"""R-SE-1: idle warning, expiry, wipe and best-effort logout — with an injected clock."""

from __future__ import annotations

import pytest

from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import PersonSummary
from kiosk.services.kiosk_session import (
    IdlePolicy,
    IdleState,
    KioskSession,
    logout_quietly,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeApi:
    """Only ``logout`` matters here; it records tokens or raises a scripted error."""

    def __init__(self, error: UserError | None = None) -> None:
        self.error = error
        self.logged_out: list[str] = []

    def logout(self, session_token: str) -> None:
        self.logged_out.append(session_token)
        if self.error is not None:
            raise self.error


PERSON = PersonSummary(
    person_id="p-1",
    name_masked="张*",
    id_number_masked="110***********123X",
    real_name_level=4,
    username="zhangsan01",
    phone_masked="138****0001",
)
LOGGED_IN = LoggedIn(session_token="tok-1", expires_in_s=1800, person=PERSON)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> KioskSession:
    return KioskSession(IdlePolicy(idle_s=90, warning_s=20), clock=clock)


def test_r_se_1_idle_states_follow_the_clock(session: KioskSession, clock: FakeClock) -> None:
    assert session.state() is IdleState.ACTIVE
    clock.advance(69.9)
    assert session.state() is IdleState.ACTIVE
    clock.advance(0.1)
    assert session.state() is IdleState.WARNING
    assert session.seconds_left() == 20
    clock.advance(19.5)
    assert session.state() is IdleState.WARNING
    assert session.seconds_left() == 1
    clock.advance(0.5)
    assert session.state() is IdleState.EXPIRED
    assert session.seconds_left() == 0


def test_touch_restarts_the_idle_period(session: KioskSession, clock: FakeClock) -> None:
    clock.advance(80)
    assert session.state() is IdleState.WARNING
    session.touch()
    assert session.state() is IdleState.ACTIVE
    assert session.seconds_left() == 90


def test_begin_holds_the_login_and_end_forgets_it(session: KioskSession) -> None:
    assert not session.logged_in
    assert session.person is None
    session.begin(LOGGED_IN)
    assert session.logged_in
    assert session.session_token == "tok-1"
    assert session.person == PERSON
    assert session.end() == "tok-1"
    assert session.session_token is None


@pytest.mark.expected_log(r"^kiosk\.services\.kiosk_session: a wipe callback failed")
def test_wipe_clears_login_and_calls_every_screen(session: KioskSession) -> None:
    cleared: list[str] = []

    def broken() -> None:
        raise RuntimeError("screen bug")

    session.add_wipe_callback(lambda: cleared.append("login"))
    session.add_wipe_callback(broken)
    remove = session.add_wipe_callback(lambda: cleared.append("removed"))
    session.add_wipe_callback(lambda: cleared.append("sms"))
    remove()
    session.begin(LOGGED_IN)

    session.wipe()

    assert not session.logged_in
    assert cleared == ["login", "sms"]  # a failing callback does not stop the others


def test_r_se_1_idle_expiry_wipes_and_logs_out(session: KioskSession, clock: FakeClock) -> None:
    api = FakeApi()
    wiped: list[bool] = []
    session.add_wipe_callback(lambda: wiped.append(session.logged_in))
    session.begin(LOGGED_IN)

    clock.advance(89)
    assert session.expire_if_idle(api) is False
    assert session.logged_in
    clock.advance(1)
    assert session.expire_if_idle(api) is True

    assert wiped == [False]  # screens are wiped after the login is already gone
    assert api.logged_out == ["tok-1"]
    assert not session.logged_in
    assert session.state() is IdleState.ACTIVE  # a fresh idle period for the next person
    assert session.expire_if_idle(api) is False


def test_close_without_login_only_wipes(session: KioskSession) -> None:
    api = FakeApi()
    wiped: list[int] = []
    session.add_wipe_callback(lambda: wiped.append(1))
    assert session.close(api) is True
    assert wiped == [1]
    assert api.logged_out == []


@pytest.mark.expected_log(
    r"^kiosk\.services\.kiosk_session: logout on the service failed: SERVICE_UN",
)
def test_close_still_wipes_when_the_service_is_down(session: KioskSession) -> None:
    api = FakeApi(UserError(ErrorCode.SERVICE_UNREACHABLE))
    session.begin(LOGGED_IN)
    assert session.close(api) is False
    assert not session.logged_in
    assert api.logged_out == ["tok-1"]


@pytest.mark.expected_log(
    r"^kiosk\.services\.kiosk_session: logout on the service failed: INTERNAL_E",
)
def test_logout_quietly_treats_a_dead_session_as_done() -> None:
    assert logout_quietly(FakeApi(UserError(ErrorCode.SESSION_INVALID)), "t") is True
    assert logout_quietly(FakeApi(UserError(ErrorCode.INTERNAL_ERROR)), "t") is False
    assert logout_quietly(FakeApi(), "t") is True


@pytest.mark.parametrize(("idle", "warning"), [(0, 0), (30, 30), (30, -1), (-5, 1)])
def test_idle_policy_rejects_nonsense(idle: float, warning: float) -> None:
    with pytest.raises(ValueError, match="invalid idle policy"):
        IdlePolicy(idle, warning)
