"""The tax digital certificate journey (税务数字证书, R-AC-3) as a Qt-free state machine.

Insert the medium → its certificate (holder, taxpayer id, issuer, serial, validity, days to
expiry) and the password's tries left → change the certificate password: the old one, the
new one twice (8-16 letters/digits, no sequences or repeats, not the old one, not the
factory 12345678). The factory password forces the change. A blocked medium sends the
person to hall staff, who unblock it with the admin PIN in staff mode. Pulling the medium
at any step wipes everything and ends the journey.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum, auto
from typing import Protocol

from kiosk.devices.cards import zero
from kiosk.devices.cards.taxukey import PinStatus, TaxKeyError, TaxKeyProblem
from kiosk.devices.cards.transport import CardError
from kiosk.domain import cert_pin
from kiosk.flows.machine import StepMachine, StepResult
from kiosk.flows.medium_errors import medium_error
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, pin_code
from kiosk.services.certificate_medium import MediumView


class CertificateStep(Enum):
    INSERT = auto()  # waiting for a medium
    DETAILS = auto()
    CHANGE_PIN = auto()
    CHANGED = auto()
    BLOCKED = auto()  # no tries left: hall staff unblock it


class CertificateEvent(Enum):
    READ = auto()
    READ_BLOCKED = auto()
    START_CHANGE = auto()
    CHANGED = auto()
    NOW_BLOCKED = auto()
    BACK = auto()
    UNBLOCKED = auto()
    REMOVED = auto()


S, E = CertificateStep, CertificateEvent
TRANSITIONS: dict[tuple[CertificateStep, CertificateEvent], CertificateStep] = {
    (S.INSERT, E.READ): S.DETAILS,
    (S.INSERT, E.READ_BLOCKED): S.BLOCKED,
    (S.DETAILS, E.START_CHANGE): S.CHANGE_PIN,
    (S.DETAILS, E.NOW_BLOCKED): S.BLOCKED,
    (S.CHANGE_PIN, E.BACK): S.DETAILS,
    (S.CHANGE_PIN, E.CHANGED): S.CHANGED,
    (S.CHANGE_PIN, E.NOW_BLOCKED): S.BLOCKED,
    (S.CHANGED, E.BACK): S.DETAILS,
    (S.BLOCKED, E.UNBLOCKED): S.DETAILS,
    **{(step, E.REMOVED): S.INSERT for step in CertificateStep},
}

Result = StepResult[CertificateStep]


class MediumPort(Protocol):
    """Blocking card operations (``kiosk.services.certificate_medium.CertificateMedium``)."""

    def overview(self) -> MediumView: ...

    def pin_status(self) -> PinStatus: ...

    def change_pin(self, old: bytearray, new: bytearray) -> PinStatus: ...

    def unblock(self, admin_pin: bytearray, new_pin: bytearray | None = None) -> PinStatus: ...

    def forget(self) -> None: ...


class Field(Enum):
    """The entries of the change: the one a refusal is about is cleared."""

    OLD = auto()
    NEW = auto()
    CONFIRM = auto()


_NEW_PIN_CODES = frozenset(
    {
        *(pin_code(weakness) for weakness in cert_pin.PinWeakness),
        TaxKeyProblem.WEAK_PIN.code,
        TaxKeyProblem.SAME_AS_OLD.code,
    }
)


def field_of(error: UserError) -> Field | None:
    """The entry a refusal of the change is about, if one."""
    if error.code is ErrorCode.MEDIUM_WRONG_PIN:
        return Field.OLD
    if error.code is ErrorCode.CERT_PIN_MISMATCH:
        return Field.CONFIRM
    return Field.NEW if error.code in _NEW_PIN_CODES else None


def _blocked() -> UserError:
    return UserError(ErrorCode.MEDIUM_PIN_BLOCKED)


@dataclass
class CertificateState:
    view: MediumView | None = None
    pin: PinStatus | None = None
    changes: int = 0


class CertificateFlow(StepMachine[CertificateStep, CertificateEvent]):
    def __init__(self, medium: MediumPort) -> None:
        super().__init__(TRANSITIONS, CertificateStep.INSERT)
        self._medium = medium
        self.state = CertificateState()

    # -- what the screens ask ----------------------------------------------------------

    def medium_inserted(self) -> Result:
        """Read the medium (on insertion, or "read again")."""
        if self.step is not CertificateStep.INSERT:
            return self._stay()
        try:
            view = self._medium.overview()
        except (TaxKeyError, CardError) as error:
            self._medium.forget()
            return self._fail(medium_error(error))
        self.state.view, self.state.pin = view, view.pin
        event = CertificateEvent.READ_BLOCKED if view.pin.blocked else CertificateEvent.READ
        return self._go(event)

    def start_change(self) -> Result:
        """From the details; a blocked medium answers with the blocked outcome (hall staff
        unblock it), whichever step asked."""
        pin = self.state.pin
        if self.step is CertificateStep.BLOCKED:
            return self._fail(_blocked())
        if pin is not None and pin.blocked:
            return self._move_to_blocked()
        if self.step is not CertificateStep.DETAILS:
            return self._stay()  # nothing to change before a medium is read, or again
        return self._go(CertificateEvent.START_CHANGE)

    @property
    def change_required(self) -> bool:
        """The factory password: the kiosk asks for a change before anything else."""
        view = self.state.view
        return view is not None and view.token.default_pin

    def submit_change(self, old: bytearray, new: bytearray, confirm: bytearray) -> Result:
        """Every buffer is zeroed before this returns."""
        try:
            if bytes(new) != bytes(confirm):
                return self._fail(UserError(ErrorCode.CERT_PIN_MISMATCH))
            weakness = cert_pin.check_new_pin(new, old)
            if weakness is not None:
                return self._fail(UserError(pin_code(weakness)))
            try:
                self.state.pin = self._medium.change_pin(old, new)
            except TaxKeyError as error:
                return self._pin_refused(error)
            except CardError as error:
                self._medium.forget()
                return self._fail(medium_error(error))
            self.state.changes += 1
            view = self.state.view
            if view is not None:
                token = replace(view.token, default_pin=False)
                self.state.view = replace(view, token=token, pin=self.state.pin)
            return self._go(CertificateEvent.CHANGED)
        finally:
            for buffer in (old, new, confirm):
                zero(buffer)

    def staff_unblock(self, admin_pin: bytearray) -> Result:
        """Hall staff (staff mode): the admin PIN resets the password to the factory one,
        which the holder must then change."""
        try:
            self.state.pin = self._medium.unblock(admin_pin)
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))
        finally:
            zero(admin_pin)
        try:
            self.state.view = self._medium.overview()
        except (TaxKeyError, CardError) as error:
            return self._fail(medium_error(error))
        return self._go(CertificateEvent.UNBLOCKED)

    def back(self) -> Result:
        return self._go(CertificateEvent.BACK)

    def medium_removed(self) -> Result:
        """R-AC-3: the medium must be in; without it nothing of the session stays."""
        self.wipe()
        return self._stay()

    def wipe(self) -> None:
        self._medium.forget()
        self.state = CertificateState()
        self._restart()

    # -- internals ---------------------------------------------------------------------

    def _pin_refused(self, error: TaxKeyError) -> Result:
        if error.problem is TaxKeyProblem.PIN_BLOCKED or error.tries_left == 0:
            return self._move_to_blocked()
        if error.tries_left is not None and self.state.pin is not None:
            pin = self.state.pin
            self.state.pin = PinStatus(
                error.tries_left,
                pin.max_tries,
                pin.admin_tries_left,
                pin.admin_max_tries,
                pin.verified,
            )
        return self._fail(medium_error(error))

    def _move_to_blocked(self) -> Result:
        pin = self.state.pin
        if pin is not None:
            self.state.pin = PinStatus(
                0, pin.max_tries, pin.admin_tries_left, pin.admin_max_tries, False
            )
        return self._go(CertificateEvent.NOW_BLOCKED)
