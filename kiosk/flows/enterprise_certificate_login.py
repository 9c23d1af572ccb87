"""企业业务 by the enterprise's tax digital certificate (R-EN-1, seed 002 11) as a Qt-free
state machine, up to the second factor.

Insert the enterprise's medium (金税盘, 税控盘 or 税务UKey) → certificate password (the
medium checks it, tries left shown first, R-AC-3) → the service's nonce is signed by the
medium and checked against the enterprise's certificate on record → the enterprise is
named → the person types their own identifier (no password: the medium was the first
factor) → ``HANDED_OVER`` with a ``PasswordAccepted``: the enterprise login's second factor
and its after-login steps (``kiosk.flows.login``) take it from there.

Shaped like ``kiosk.flows.agent_login`` (same medium protocol, same pull handling):
``medium_removed`` may be called from any thread, also while an action is blocked; that
action then ends at ``REMOVED`` without touching state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import TypeVar

from kiosk.devices.cards import zero
from kiosk.devices.cards.certificates import CertificateInfo, parse_certificate
from kiosk.devices.cards.taxukey import PinStatus, TaxKeyError, TaxKeyProblem
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.flows.agent_login import AgentMedium
from kiosk.flows.local_checks import checked_identifier
from kiosk.flows.machine import Outcome, StepMachine, StepResult, advance
from kiosk.flows.medium_errors import medium_error
from kiosk.protocol.auth import PasswordAccepted
from kiosk.protocol.enterprise import EnterpriseInfo
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import EnterpriseCertificateApi

_T = TypeVar("_T")


class CertificateLoginStep(Enum):
    INSERT_MEDIUM = auto()  # waiting for a medium (or "read again" after a read failure)
    CERT_PASSWORD = auto()  # certificate password; challenge/sign/answer on submit
    IDENTIFIER = auto()  # the enterprise is named; the person types their identifier
    HANDED_OVER = auto()  # an attempt for the enterprise: the login's second factor next
    # Ends: the screen says why and waits for the medium to be pulled (or home).
    CHANGE_REQUIRED = auto()  # factory password 12345678: the certificate screen changes it
    BLOCKED = auto()  # no tries left: hall staff unblock the medium
    REFUSED = auto()  # the service said no for good (unknown, revoked, expired, forged)
    REMOVED = auto()  # the medium was pulled: everything wiped


class CertificateLoginEvent(Enum):
    MEDIUM_READ = auto()
    DEFAULT_PASSWORD = auto()
    PASSWORD_BLOCKED = auto()
    SIGNATURE_ACCEPTED = auto()
    IDENTIFIER_ACCEPTED = auto()
    SIGN_AGAIN = auto()  # the signed challenge ran out (time or tries): password again
    REFUSED = auto()
    BACK = auto()
    REMOVED = auto()
    INSERTED_AGAIN = auto()


_S, _E = CertificateLoginStep, CertificateLoginEvent
TRANSITIONS: dict[tuple[CertificateLoginStep, CertificateLoginEvent], CertificateLoginStep] = {
    (_S.INSERT_MEDIUM, _E.MEDIUM_READ): _S.CERT_PASSWORD,
    (_S.INSERT_MEDIUM, _E.DEFAULT_PASSWORD): _S.CHANGE_REQUIRED,
    (_S.INSERT_MEDIUM, _E.PASSWORD_BLOCKED): _S.BLOCKED,
    (_S.CERT_PASSWORD, _E.PASSWORD_BLOCKED): _S.BLOCKED,
    (_S.CERT_PASSWORD, _E.SIGNATURE_ACCEPTED): _S.IDENTIFIER,
    (_S.CERT_PASSWORD, _E.REFUSED): _S.REFUSED,
    (_S.IDENTIFIER, _E.IDENTIFIER_ACCEPTED): _S.HANDED_OVER,
    (_S.IDENTIFIER, _E.SIGN_AGAIN): _S.CERT_PASSWORD,
    (_S.IDENTIFIER, _E.BACK): _S.CERT_PASSWORD,
    (_S.IDENTIFIER, _E.REFUSED): _S.REFUSED,
    (_S.REMOVED, _E.INSERTED_AGAIN): _S.INSERT_MEDIUM,
    **{(step, _E.REMOVED): _S.REMOVED for step in CertificateLoginStep},
}

# Steps a person sees numbered; the login's second factor and after-login steps follow.
NUMBERED_STEPS: tuple[CertificateLoginStep, ...] = (
    CertificateLoginStep.CERT_PASSWORD,
    CertificateLoginStep.IDENTIFIER,
)

# The service's answers that no retry with this medium can change: the journey ends there.
FINAL_CODES = frozenset(
    {
        ErrorCode.ENTERPRISE_CERT_UNKNOWN,
        ErrorCode.ENTERPRISE_CERT_REVOKED,
        ErrorCode.ENTERPRISE_CERT_EXPIRED,
        ErrorCode.ENTERPRISE_CERT_SIGNATURE_INVALID,
    }
)
# At the identifier step: the signed challenge is spent (time, tries): sign again.
SIGN_AGAIN_CODES = frozenset({ErrorCode.AGENT_CHALLENGE_EXPIRED, ErrorCode.AGENT_CHALLENGE_USED})

Result = StepResult[CertificateLoginStep]


def next_step(step: CertificateLoginStep, event: CertificateLoginEvent) -> CertificateLoginStep:
    return advance(TRANSITIONS, step, event)


@dataclass(slots=True)
class CertificateLoginState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    token_label: str | None = None  # e.g. "税务UKey 北京示例科技有限公司"
    medium_serial: str | None = None
    certificate: CertificateInfo | None = None
    certificate_der: bytes | None = field(default=None, repr=False)
    pin: PinStatus | None = None
    login_id: str | None = field(default=None, repr=False)  # the signed challenge
    enterprise: EnterpriseInfo | None = None  # named by the certificate on record
    identifier: str = ""
    accepted: PasswordAccepted | None = None  # at HANDED_OVER

    @property
    def tries_left(self) -> int | None:
        return self.pin.tries_left if self.pin is not None else None

    @property
    def pin_warning(self) -> bool:
        return self.pin is not None and self.pin.warn


class _OvertakenError(Exception):
    """The medium was pulled (``medium_removed``) while this action was blocked."""


class EnterpriseCertificateLoginFlow(StepMachine[CertificateLoginStep, CertificateLoginEvent]):
    def __init__(self, api: EnterpriseCertificateApi, medium: AgentMedium) -> None:
        super().__init__(TRANSITIONS, CertificateLoginStep.INSERT_MEDIUM)
        self._api = api
        self._medium = medium
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every wipe: an action in flight is then void
        self._pending_pins: list[bytearray] = []
        self.state = CertificateLoginState()

    # -- actions, one per user gesture ----------------------------------------------------

    def medium_inserted(self) -> Result:
        """Read the medium: token, signing certificate, tries left. At ``REMOVED`` this
        starts over; a failed read stays at ``INSERT_MEDIUM`` ("read again")."""
        if self.step is CertificateLoginStep.REMOVED:
            self._go(CertificateLoginEvent.INSERTED_AGAIN)
        self._require(CertificateLoginStep.INSERT_MEDIUM)
        generation = self._generation
        try:
            overview = self._card(generation, self._medium.read_overview)
            certificate = parse_certificate(overview.signing_certificate)
        except _OvertakenError:
            return self._removed_result()
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))
        except ValueError:  # no readable SM2 signing certificate: none the service knows
            return self._fail(UserError(ErrorCode.ENTERPRISE_CERT_UNKNOWN))

        def keep(state: CertificateLoginState) -> None:
            state.token_label = overview.token.label
            state.medium_serial = overview.token.serial
            state.certificate = certificate
            state.certificate_der = overview.signing_certificate
            state.pin = overview.pin

        if overview.pin.blocked:
            result = self._commit(generation, keep, CertificateLoginEvent.PASSWORD_BLOCKED)
            if result.step is not CertificateLoginStep.BLOCKED:
                return result
            return StepResult(Outcome.FAILED, result.step, UserError(ErrorCode.MEDIUM_PIN_BLOCKED))
        if overview.token.default_pin:
            # R-AC-3: the factory 12345678 is changed before the medium is used for anything.
            return self._commit(generation, keep, CertificateLoginEvent.DEFAULT_PASSWORD)
        return self._commit(generation, keep, CertificateLoginEvent.MEDIUM_READ)

    def submit_password(self, pin: bytearray) -> Result:
        """Certificate password → nonce → the medium's signature → the enterprise named.
        ``pin`` is zeroed before this returns, whatever happens."""
        with self._lock:
            self._pending_pins.append(pin)
        try:
            self._require(CertificateLoginStep.CERT_PASSWORD)
            return self._sign_in(pin)
        finally:
            zero(pin)
            with self._lock:
                self._pending_pins = [p for p in self._pending_pins if p is not pin]

    def submit_identifier(self, identifier: str) -> Result:
        """The person's own identifier (ID number, phone or username; R-LG-1) → an attempt
        for the enterprise. No relation there (R-RE-8), not registered, locked (R-LK-1):
        the step stays, for the right person to type theirs."""
        self._require(CertificateLoginStep.IDENTIFIER)
        ident = checked_identifier(identifier, _IDENTIFIER_FIELD)
        if isinstance(ident, UserError):
            return self._fail(ident)
        login_id = self.state.login_id
        assert login_id is not None
        generation = self._generation
        try:
            accepted = self._service(
                generation,
                lambda: self._api.submit_enterprise_certificate_identifier(login_id, ident),
            )
        except _OvertakenError:
            return self._removed_result()
        except UserError as error:
            if error.code in SIGN_AGAIN_CODES:
                self._forget_signature()
                with self._lock:
                    moved = super()._go(CertificateLoginEvent.SIGN_AGAIN)
                return StepResult(Outcome.FAILED, moved.step, error)
            return self._refused(error)

        def keep(state: CertificateLoginState) -> None:
            state.identifier = ident
            state.accepted = accepted
            state.login_id = None  # spent on the service

        return self._commit(generation, keep, CertificateLoginEvent.IDENTIFIER_ACCEPTED)

    def back(self) -> Result:
        """From the identifier to the password again (a new signature, a new challenge)."""
        self._require(CertificateLoginStep.IDENTIFIER)
        self._forget_signature()
        return self._go(CertificateLoginEvent.BACK)

    def medium_removed(self) -> Result:
        """The medium was pulled: wipe, end at ``REMOVED``. Safe from any thread, at any
        step, more than once."""
        self._wipe(CertificateLoginEvent.REMOVED)
        return StepResult(Outcome.OK, CertificateLoginStep.REMOVED)

    def wipe(self) -> None:
        """Forget everything (idle timeout, home); back to ``INSERT_MEDIUM``."""
        self._wipe(CertificateLoginStep.INSERT_MEDIUM)

    @property
    def accepted(self) -> PasswordAccepted | None:
        """At ``HANDED_OVER``: the attempt the enterprise login's second factor goes on with
        (with ``state.identifier`` for R-2F-2's wording and ``state.enterprise``)."""
        return self.state.accepted

    # -- the password step's work ---------------------------------------------------------

    def _sign_in(self, pin: bytearray) -> Result:
        state = self.state
        if state.pin is not None and state.pin.blocked:
            return self._end(CertificateLoginEvent.PASSWORD_BLOCKED, _blocked())
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
            challenge = self._service(
                generation, lambda: self._api.start_enterprise_certificate_login(der)
            )
            signature = self._card(
                generation,
                lambda: self._medium.sign(challenge.nonce, certificate.public_key_point),
            )
            accepted = self._service(
                generation,
                lambda: self._api.answer_enterprise_certificate_challenge(
                    challenge.challenge_id, signature
                ),
            )
        except _OvertakenError:
            return self._removed_result()
        except UserError as error:
            return self._refused(error)
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))

        def keep(state: CertificateLoginState) -> None:
            state.login_id = accepted.login_id
            state.enterprise = accepted.enterprise

        return self._commit(generation, keep, CertificateLoginEvent.SIGNATURE_ACCEPTED)

    def _password_refused(self, error: TaxKeyError) -> Result:
        pin = self.state.pin
        if error.tries_left is not None and pin is not None:
            self.state.pin = PinStatus(
                error.tries_left, pin.max_tries, pin.admin_tries_left, pin.admin_max_tries, False
            )
        if error.problem is TaxKeyProblem.PIN_BLOCKED or error.tries_left == 0:
            return self._end(CertificateLoginEvent.PASSWORD_BLOCKED, medium_error(error))
        return self._fail(medium_error(error))

    # -- helpers --------------------------------------------------------------------------

    def _forget_signature(self) -> None:
        self.state.login_id = None
        self.state.enterprise = None

    def _card(self, generation: int, call: Callable[[], _T]) -> _T:
        """A medium call; a pull reported meanwhile (or seen by the transport) wins."""
        self._check(generation)
        try:
            value = call()
        except CardError as error:
            if error.failure is CardFailure.REMOVED:
                with self._lock:
                    current = generation == self._generation
                if current:
                    self.medium_removed()
                raise _OvertakenError from error
            raise
        self._check(generation)
        return value

    def _service(self, generation: int, call: Callable[[], _T]) -> _T:
        self._check(generation)
        value = call()
        self._check(generation)
        return value

    def _check(self, generation: int) -> None:
        if generation != self._generation:
            raise _OvertakenError

    def _wipe(self, then: CertificateLoginStep | CertificateLoginEvent) -> None:
        with self._lock:
            self._generation += 1
            for pin in self._pending_pins:
                zero(pin)
            self._pending_pins = []
            self.state = CertificateLoginState()
            if isinstance(then, CertificateLoginEvent):
                super()._go(then)
            else:
                self.step = then

    def _commit(
        self,
        generation: int,
        keep: Callable[[CertificateLoginState], None],
        event: CertificateLoginEvent,
    ) -> Result:
        """Store an action's answer and move, unless a pull overtook the action."""
        with self._lock:
            if generation != self._generation:
                return self._removed_result()
            keep(self.state)
            return super()._go(event)

    def _go(self, event: CertificateLoginEvent) -> Result:
        with self._lock:
            return super()._go(event)

    def _end(self, event: CertificateLoginEvent, error: UserError) -> Result:
        with self._lock:
            moved = super()._go(event)
        return StepResult(Outcome.FAILED, moved.step, error)

    def _removed_result(self) -> Result:
        return StepResult(
            Outcome.FAILED,
            CertificateLoginStep.REMOVED,
            medium_error(CardError(CardFailure.REMOVED)),
        )

    def _refused(self, error: UserError) -> Result:
        """A final "no" ends the journey at ``REFUSED``; anything else may be retried."""
        if error.code in FINAL_CODES:
            self._forget_signature()
            return self._end(CertificateLoginEvent.REFUSED, error)
        return self._fail(error)


def _blocked() -> UserError:
    return UserError(ErrorCode.MEDIUM_PIN_BLOCKED)


_PIN_FIELD: dict[str, object] = {"field_zh": "证书口令", "field_en": "certificate password"}
_IDENTIFIER_FIELD: dict[str, object] = {
    "field_zh": "证件号码、手机号码或用户名",
    "field_en": "ID number, phone or username",
}
