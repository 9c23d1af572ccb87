"""Agent certificate login (R-AG-2, R-AG-1) as a Qt-free state machine.

Insert the medium → certificate password (tries left shown first) → the service's nonce is
signed by the token as SM3(Z‖nonce) and checked against the certificate on record → SMS
code → the client enterprise, from the agency's agreements naming this agent → logged in
as that client's agent. Pulling the medium at any step ends it: the session is logged out
on the service and everything the journey held is forgotten.

A ``StepMachine`` like ``kiosk.flows.login``: Enum steps, transitions as data, one method
per user gesture, every refusal a catalog ``UserError`` (the medium's too). The methods
block on the medium and on the account service, so the UI calls them on the card owner
thread / a worker and reads the result back.
``medium_removed`` may be called from any thread, also while another action is running:
that action then notices it was overtaken and ends at ``REMOVED`` without touching state
(and logs out a session it made meanwhile).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Protocol, TypeVar

from kiosk.devices.cards import zero
from kiosk.devices.cards.certificates import CertificateInfo, parse_certificate
from kiosk.devices.cards.taxukey import MediumOverview, PinStatus, TaxKeyError, TaxKeyProblem
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.flows.machine import Outcome, StepMachine, StepResult, advance
from kiosk.flows.medium_errors import medium_error
from kiosk.flows.sms_code import SmsCode, checked_code
from kiosk.protocol.agents import AgentLoggedIn, AgentSignatureAccepted
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import Organization
from kiosk.services.account_api import AgentLoginApi

_log = logging.getLogger(__name__)
_T = TypeVar("_T")


class AgentLoginStep(Enum):
    INSERT_MEDIUM = auto()  # waiting for a medium (or "read again" after a read failure)
    CERT_PASSWORD = auto()  # certificate password; challenge/sign/answer on submit
    SMS = auto()  # second factor to the agent person's default phone
    CHOOSE_CLIENT = auto()  # R-AG-1: one of the agency's clients naming this agent
    DONE = auto()  # logged in as agent for the chosen client
    # Ends: the screen says why and waits for the medium to be pulled (or home).
    CHANGE_REQUIRED = auto()  # factory password 12345678: the certificate screen changes it
    BLOCKED = auto()  # no tries left: hall staff unblock the medium
    REFUSED = auto()  # the service said no for good (unknown certificate, revoked, ...)
    REMOVED = auto()  # the medium was pulled: everything wiped


class AgentLoginEvent(Enum):
    MEDIUM_READ = auto()
    DEFAULT_PASSWORD = auto()
    PASSWORD_BLOCKED = auto()
    SIGNATURE_ACCEPTED = auto()
    CODE_ACCEPTED = auto()
    CLIENT_CHOSEN = auto()
    REFUSED = auto()
    BACK = auto()
    REMOVED = auto()
    INSERTED_AGAIN = auto()


_S, _E = AgentLoginStep, AgentLoginEvent
TRANSITIONS: dict[tuple[AgentLoginStep, AgentLoginEvent], AgentLoginStep] = {
    (_S.INSERT_MEDIUM, _E.MEDIUM_READ): _S.CERT_PASSWORD,
    (_S.INSERT_MEDIUM, _E.DEFAULT_PASSWORD): _S.CHANGE_REQUIRED,
    (_S.INSERT_MEDIUM, _E.PASSWORD_BLOCKED): _S.BLOCKED,
    (_S.CERT_PASSWORD, _E.PASSWORD_BLOCKED): _S.BLOCKED,
    (_S.CERT_PASSWORD, _E.SIGNATURE_ACCEPTED): _S.SMS,
    (_S.CERT_PASSWORD, _E.REFUSED): _S.REFUSED,
    (_S.SMS, _E.CODE_ACCEPTED): _S.CHOOSE_CLIENT,
    (_S.SMS, _E.REFUSED): _S.REFUSED,
    (_S.SMS, _E.BACK): _S.CERT_PASSWORD,
    (_S.CHOOSE_CLIENT, _E.CLIENT_CHOSEN): _S.DONE,
    (_S.CHOOSE_CLIENT, _E.REFUSED): _S.REFUSED,
    (_S.REMOVED, _E.INSERTED_AGAIN): _S.INSERT_MEDIUM,
    **{(step, _E.REMOVED): _S.REMOVED for step in AgentLoginStep},
}

# Steps a person sees numbered in the top bar.
NUMBERED_STEPS: tuple[AgentLoginStep, ...] = (
    AgentLoginStep.CERT_PASSWORD,
    AgentLoginStep.SMS,
    AgentLoginStep.CHOOSE_CLIENT,
)

# The service's answers that no retry on this medium can change: the journey ends there.
FINAL_CODES = frozenset(
    {
        ErrorCode.AGENT_CERT_UNKNOWN,
        ErrorCode.AGENT_CERT_EXPIRED,
        ErrorCode.AGENT_SIGNATURE_INVALID,
        ErrorCode.AGENT_REVOKED,
        ErrorCode.AGENT_NO_CLIENTS,
        ErrorCode.ACCOUNT_LOCKED,
    }
)

Result = StepResult[AgentLoginStep]


def next_step(step: AgentLoginStep, event: AgentLoginEvent) -> AgentLoginStep:
    return advance(TRANSITIONS, step, event)


class AgentMedium(Protocol):
    """The certificate medium as this journey needs it; blocking, card owner thread only.

    ``kiosk.devices.cards.taxukey.TaxUKeyClient`` is one as it is. Card refusals raise
    ``TaxKeyError``, transport failures (the medium pulled, ...) ``CardError``.
    """

    def read_overview(self) -> MediumOverview: ...

    def verify(self, pin: bytearray) -> None:
        """VERIFY the certificate password; zeroes ``pin`` whatever happens."""
        ...

    def sign(self, message: bytes, public_key_point: bytes) -> bytes:
        """SM2 signature (DER r,s) of SM3(Z‖message), Z from ``public_key_point``."""
        ...


class AgentLoginApiWithLogout(AgentLoginApi, Protocol):
    """The agent login calls plus the session's logout (``HttpAccountClient`` has both)."""

    def logout(self, session_token: str) -> None: ...


@dataclass(slots=True)
class AgentLoginState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    token_label: str | None = None  # e.g. "税务UKey 王五", for the password screen
    medium_serial: str | None = None
    certificate: CertificateInfo | None = None  # holder, issuer, serial, validity
    certificate_der: bytes | None = field(default=None, repr=False)
    pin: PinStatus | None = None
    attempt: AgentSignatureAccepted | None = None  # agency, masked name and phone
    sms: SmsCode = field(default_factory=SmsCode)  # the attempt's code and its countdown
    clients: tuple[Organization, ...] = ()
    logged_in: AgentLoggedIn | None = field(default=None, repr=False)

    @property
    def tries_left(self) -> int | None:
        return self.pin.tries_left if self.pin is not None else None

    @property
    def pin_warning(self) -> bool:
        """Two or one tries left: the password screen warns before entry."""
        return self.pin is not None and self.pin.warn


class _OvertakenError(Exception):
    """The medium was pulled (``medium_removed``) while this action was blocked."""


class AgentLoginFlow(StepMachine[AgentLoginStep, AgentLoginEvent]):
    def __init__(
        self,
        api: AgentLoginApiWithLogout,
        medium: AgentMedium,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(TRANSITIONS, AgentLoginStep.INSERT_MEDIUM)
        self._api = api
        self._medium = medium
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every wipe: an action in flight is then void
        self._pending_pins: list[bytearray] = []
        self._clock = clock
        self.state = AgentLoginState()

    # -- actions, one per user gesture ----------------------------------------------------

    def medium_inserted(self) -> Result:
        """Read the medium: token, signing certificate, tries left. At ``REMOVED`` this
        starts over; a failed read stays at ``INSERT_MEDIUM`` ("read again")."""
        if self.step is AgentLoginStep.REMOVED:
            self._go(AgentLoginEvent.INSERTED_AGAIN)
        self._require(AgentLoginStep.INSERT_MEDIUM)
        generation = self._generation
        try:
            overview = self._card(generation, self._medium.read_overview)
            certificate = parse_certificate(overview.signing_certificate)
        except _OvertakenError:
            return self._removed_result()
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))
        except ValueError:  # CertificateError, or anything else a malformed DER raises
            # No readable SM2 signing certificate: it cannot be one the service knows.
            return self._fail(UserError(ErrorCode.AGENT_CERT_UNKNOWN))

        def keep(state: AgentLoginState) -> None:
            state.token_label = overview.token.label
            state.medium_serial = overview.token.serial
            state.certificate = certificate
            state.certificate_der = overview.signing_certificate
            state.pin = overview.pin

        if overview.pin.blocked:
            result = self._commit(generation, keep, AgentLoginEvent.PASSWORD_BLOCKED)
            if result.step is not AgentLoginStep.BLOCKED:
                return result
            return StepResult(Outcome.FAILED, result.step, _blocked())
        if overview.token.default_pin:
            # R-AC-3: the factory 12345678 is changed before the medium is used for anything.
            return self._commit(generation, keep, AgentLoginEvent.DEFAULT_PASSWORD)
        return self._commit(generation, keep, AgentLoginEvent.MEDIUM_READ)

    def submit_password(self, pin: bytearray) -> Result:
        """Certificate password → service nonce → token signature → the service's check.

        ``pin`` is zeroed before this returns, whatever happens (and at once if the medium
        is pulled meanwhile).
        """
        with self._lock:
            self._pending_pins.append(pin)
        try:
            self._require(AgentLoginStep.CERT_PASSWORD)
            return self._sign_in(pin)
        finally:
            zero(pin)
            with self._lock:
                self._pending_pins = [p for p in self._pending_pins if p is not pin]

    def request_sms(self) -> Result:
        """Send (or resend) the code; a refusal for "too soon" sets the countdown."""
        self._require(AgentLoginStep.SMS)
        attempt = self._attempt_id()
        generation = self._generation
        try:
            # The state's own SmsCode: a wipe meanwhile leaves the new state without a code.
            refused = self.state.sms.send(
                lambda: self._service(generation, lambda: self._api.send_agent_login_sms(attempt)),
                self._clock(),
            )
        except _OvertakenError:
            return self._removed_result()
        if refused is not None:
            return self._refused(refused)
        return self._commit(generation, lambda _state: None)

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(AgentLoginStep.SMS)
        attempt = self._attempt_id()
        code = checked_code(typed)
        if isinstance(code, UserError):
            return self._fail(code)
        generation = self._generation
        try:
            choice = self._service(
                generation, lambda: self._api.verify_agent_login_sms(attempt, code)
            )
        except _OvertakenError:
            return self._removed_result()
        except UserError as error:
            return self._refused(error)

        def keep(state: AgentLoginState) -> None:
            state.clients = choice.clients
            state.sms = SmsCode()

        return self._commit(generation, keep, AgentLoginEvent.CODE_ACCEPTED)

    def choose_client(self, client_uscc: str) -> Result:
        """One of ``state.clients`` (R-AG-1); the service checks the agreements again."""
        self._require(AgentLoginStep.CHOOSE_CLIENT)
        attempt = self._attempt_id()
        generation = self._generation
        try:
            # No check after the call: a session made meanwhile must be seen to log it out.
            logged_in = self._service(
                generation,
                lambda: self._api.choose_agent_client(attempt, client_uscc),
                check_after=False,
            )
        except _OvertakenError:
            return self._removed_result()
        except UserError as error:
            return self._refused(error)

        def keep(state: AgentLoginState) -> None:
            state.logged_in = logged_in
            state.attempt = None  # spent: the session is what counts now

        result = self._commit(generation, keep, AgentLoginEvent.CLIENT_CHOSEN)
        if result.step is AgentLoginStep.REMOVED:
            # Pulled while the session was being made: it must not outlive the medium.
            self._end_session(logged_in.session_token)
        return result

    def back(self) -> Result:
        """From the SMS step to the password again: the attempt is dropped (a new
        signature makes a new one and voids this one on the service, R-2F-3)."""
        self._require(AgentLoginStep.SMS)
        self.state.attempt = None
        self.state.sms = SmsCode()
        return self._go(AgentLoginEvent.BACK)

    def medium_removed(self) -> Result:
        """The medium was pulled: wipe, end at ``REMOVED``, log the session out if one
        existed (FAILED with the error only if that logout failed; it is forgotten
        anyway). Safe from any thread, at any step, more than once."""
        error = self._wipe(AgentLoginEvent.REMOVED)
        outcome = Outcome.OK if error is None else Outcome.FAILED
        return StepResult(outcome, AgentLoginStep.REMOVED, error)

    def logout(self) -> Result:
        """Explicit logout at ``DONE``; back to ``INSERT_MEDIUM`` with nothing kept."""
        self._require(AgentLoginStep.DONE)
        error = self._wipe(AgentLoginStep.INSERT_MEDIUM)
        outcome = Outcome.OK if error is None else Outcome.FAILED
        return StepResult(outcome, AgentLoginStep.INSERT_MEDIUM, error)

    def wipe(self) -> None:
        """Forget everything (idle timeout, home); back to ``INSERT_MEDIUM``. Blocks on
        the service only when an agent session exists: it is logged out."""
        self._wipe(AgentLoginStep.INSERT_MEDIUM)

    @property
    def session(self) -> AgentLoggedIn | None:
        """The agent session at ``DONE`` (person, agency, client, token)."""
        return self.state.logged_in

    # -- the password step's work ---------------------------------------------------------

    def _sign_in(self, pin: bytearray) -> Result:
        state = self.state
        if state.pin is not None and state.pin.blocked:
            return self._end(AgentLoginEvent.PASSWORD_BLOCKED, _blocked())
        if not pin:
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _PIN_FIELD))
        certificate, der = state.certificate, state.certificate_der
        assert certificate is not None
        assert der is not None
        generation = self._generation
        try:
            self._card(generation, lambda: self._medium.verify(pin))
        except _OvertakenError:
            return self._removed_result()
        except TaxKeyError as error:
            return self._password_refused(error)
        except CardError as error:
            return self._fail(medium_error(error))
        try:
            # After the password, so the nonce's 120 s are not spent on typing.
            challenge = self._service(generation, lambda: self._api.start_agent_login(der))
            signature = self._card(
                generation,
                lambda: self._medium.sign(challenge.nonce, certificate.public_key_point),
            )
            accepted = self._service(
                generation,
                lambda: self._api.answer_agent_challenge(challenge.challenge_id, signature),
            )
        except _OvertakenError:
            return self._removed_result()
        except UserError as error:
            return self._refused(error)
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))

        def keep(state: AgentLoginState) -> None:
            state.attempt = accepted
            state.sms = SmsCode()  # a new attempt: the countdown starts over (R-2F-3)

        return self._commit(generation, keep, AgentLoginEvent.SIGNATURE_ACCEPTED)

    def _password_refused(self, error: TaxKeyError) -> Result:
        pin = self.state.pin
        if error.tries_left is not None and pin is not None:
            self.state.pin = PinStatus(
                error.tries_left, pin.max_tries, pin.admin_tries_left, pin.admin_max_tries, False
            )
        if error.problem is TaxKeyProblem.PIN_BLOCKED or error.tries_left == 0:
            return self._end(AgentLoginEvent.PASSWORD_BLOCKED, medium_error(error))
        return self._fail(medium_error(error))

    # -- helpers --------------------------------------------------------------------------

    def _card(self, generation: int, call: Callable[[], _T]) -> _T:
        """A medium call; a pull reported meanwhile (or seen by the transport) wins."""
        self._check(generation)
        try:
            value = call()
        except CardError as error:
            if error.failure is CardFailure.REMOVED:
                self._removed_by_transport(generation)
                raise _OvertakenError from error
            raise
        self._check(generation)
        return value

    def _service(self, generation: int, call: Callable[[], _T], *, check_after: bool = True) -> _T:
        self._check(generation)
        value = call()
        if check_after:
            self._check(generation)
        return value

    def _check(self, generation: int) -> None:
        if generation != self._generation:
            raise _OvertakenError

    def _removed_by_transport(self, generation: int) -> None:
        """The transport saw the pull before anyone called ``medium_removed``."""
        with self._lock:
            current = generation == self._generation
        if current:
            self.medium_removed()

    def _wipe(self, then: AgentLoginStep | AgentLoginEvent) -> UserError | None:
        """Forget everything and move on (a step, or an event from the table); then log
        the forgotten session out, outside the lock."""
        with self._lock:
            self._generation += 1
            session = self.state.logged_in
            for pin in self._pending_pins:
                zero(pin)
            self._pending_pins = []
            self.state = AgentLoginState()
            if isinstance(then, AgentLoginEvent):
                super()._go(then)
            else:
                self.step = then
        if session is None:
            return None
        return self._end_session(session.session_token)

    def _end_session(self, token: str) -> UserError | None:
        try:
            self._api.logout(token)
        except UserError as error:
            # The terminal forgets the token anyway; the service ends it at its expiry.
            _log.warning("agent session logout failed: %s", error.code.value)
            return error
        return None

    def _commit(
        self,
        generation: int,
        keep: Callable[[AgentLoginState], None],
        event: AgentLoginEvent | None = None,
    ) -> Result:
        """Store an action's answer and move, unless a pull overtook the action."""
        with self._lock:
            if generation != self._generation:
                return self._removed_result()
            keep(self.state)
            return super()._go(event) if event is not None else self._stay()

    def _attempt_id(self) -> str:
        attempt = self.state.attempt
        assert attempt is not None
        return attempt.attempt_id

    def _go(self, event: AgentLoginEvent) -> Result:
        with self._lock:
            return super()._go(event)

    def _end(self, event: AgentLoginEvent, error: UserError) -> Result:
        """Move to an end step, and say why."""
        with self._lock:
            moved = super()._go(event)
        return StepResult(Outcome.FAILED, moved.step, error)

    def _removed_result(self) -> Result:
        return StepResult(
            Outcome.FAILED, AgentLoginStep.REMOVED, medium_error(CardError(CardFailure.REMOVED))
        )

    def _refused(self, error: UserError) -> Result:
        """A final "no" ends the journey at ``REFUSED``; anything else may be retried."""
        if error.code in FINAL_CODES:
            self.state.attempt = None
            return self._end(AgentLoginEvent.REFUSED, error)
        return self._fail(error)


def _blocked() -> UserError:
    return UserError(ErrorCode.MEDIUM_PIN_BLOCKED)


_PIN_FIELD: dict[str, object] = {"field_zh": "证书口令", "field_en": "certificate password"}
