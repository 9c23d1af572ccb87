"""The tax digital certificate journey (税务数字证书, R-AC-3) as a Qt-free state machine.

Insert the medium → its certificate (holder, taxpayer id, issuer, serial, validity, days to
expiry) and the password's tries left → change the certificate password: the old one, the
new one twice (8-16 letters/digits, no sequences or repeats, not the old one, not the
factory 12345678). The factory password forces the change. A blocked medium sends the
person to hall staff, who unblock it with the admin PIN in staff mode. Pulling the medium
at any step wipes everything and ends the journey.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from enum import Enum, auto
from typing import Protocol

from kiosk.devices.cards import zero
from kiosk.devices.cards.taxukey import PinStatus, TaxKeyError, TaxKeyProblem
from kiosk.devices.cards.transport import CardError
from kiosk.domain import cert_pin
from kiosk.domain.messages import Lang
from kiosk.flows.machine import Outcome, advance
from kiosk.services.certificate_medium import MediumView

_log = logging.getLogger(__name__)
RULE = "R-AC-3"


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


class MediumPort(Protocol):
    """Blocking card operations (``kiosk.services.certificate_medium.CertificateMedium``)."""

    def overview(self) -> MediumView: ...

    def pin_status(self) -> PinStatus: ...

    def change_pin(self, old: bytearray, new: bytearray) -> PinStatus: ...

    def unblock(self, admin_pin: bytearray, new_pin: bytearray | None = None) -> PinStatus: ...

    def forget(self) -> None: ...


class Field(Enum):
    OLD = auto()
    NEW = auto()
    CONFIRM = auto()


@dataclass(frozen=True, slots=True)
class Problem:
    """What the person reads: zh/en, the rule, and a details line (a status word)."""

    zh: str
    en: str
    details: str = ""
    rule: str | None = RULE
    field: Field | None = None  # the entry it is about, if one

    def text(self, lang: Lang) -> str:
        main = self.zh if lang is Lang.ZH else self.en
        return f"{main}\n{self.details}" if self.details else main

    @classmethod
    def of(cls, error: TaxKeyError | CardError, field: Field | None = None) -> Problem:
        if isinstance(error, TaxKeyError):
            return cls(error.zh, error.en, error.details, field=field)
        return cls(error.failure.zh, error.failure.en, error.detail, rule=None)


BLOCKED = Problem(*TaxKeyProblem.PIN_BLOCKED.value[:2])
MISMATCH = Problem(
    "两次输入的新证书口令不一致，请重新输入。",
    "The two new certificate passwords do not match. Enter them again.",
    field=Field.CONFIRM,
)


@dataclass(frozen=True, slots=True)
class CertificateResult:
    outcome: Outcome
    step: CertificateStep
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


@dataclass
class CertificateState:
    view: MediumView | None = None
    pin: PinStatus | None = None
    changes: int = 0
    history: list[CertificateStep] = field(default_factory=list)


class CertificateFlow:
    def __init__(self, medium: MediumPort) -> None:
        self._medium = medium
        self.step = CertificateStep.INSERT
        self.state = CertificateState()

    # -- what the screens ask ----------------------------------------------------------

    def medium_inserted(self) -> CertificateResult:
        """Read the medium (on insertion, or "read again")."""
        if self.step is not CertificateStep.INSERT:
            return self._ok()
        try:
            view = self._medium.overview()
        except (TaxKeyError, CardError) as error:
            self._medium.forget()
            return self._failed(Problem.of(error))
        self.state.view, self.state.pin = view, view.pin
        event = CertificateEvent.READ_BLOCKED if view.pin.blocked else CertificateEvent.READ
        return self._move(event)

    def start_change(self) -> CertificateResult:
        """From the details; a blocked medium answers with the blocked outcome (hall staff
        unblock it), whichever step asked."""
        pin = self.state.pin
        if self.step is CertificateStep.BLOCKED:
            return self._failed(BLOCKED)
        if pin is not None and pin.blocked:
            return self._move_to_blocked()
        if self.step is not CertificateStep.DETAILS:
            return self._ok()  # nothing to change before a medium is read, or again
        return self._move(CertificateEvent.START_CHANGE)

    @property
    def change_required(self) -> bool:
        """The factory password: the kiosk asks for a change before anything else."""
        view = self.state.view
        return view is not None and view.token.default_pin

    def submit_change(
        self, old: bytearray, new: bytearray, confirm: bytearray
    ) -> CertificateResult:
        """Every buffer is zeroed before this returns."""
        try:
            if bytes(new) != bytes(confirm):
                return self._failed(MISMATCH)
            weakness = cert_pin.check_new_pin(new, old)
            if weakness is not None:
                return self._failed(Problem(weakness.zh, weakness.en, field=Field.NEW))
            try:
                self.state.pin = self._medium.change_pin(old, new)
            except TaxKeyError as error:
                return self._pin_refused(error)
            except CardError as error:
                self._medium.forget()
                return self._failed(Problem.of(error))
            self.state.changes += 1
            view = self.state.view
            if view is not None:
                token = replace(view.token, default_pin=False)
                self.state.view = replace(view, token=token, pin=self.state.pin)
            return self._move(CertificateEvent.CHANGED)
        finally:
            for buffer in (old, new, confirm):
                zero(buffer)

    def staff_unblock(self, admin_pin: bytearray) -> CertificateResult:
        """Hall staff (staff mode): the admin PIN resets the password to the factory one,
        which the holder must then change."""
        try:
            self.state.pin = self._medium.unblock(admin_pin)
        except (TaxKeyError, CardError) as error:
            return self._failed(Problem.of(error))
        finally:
            zero(admin_pin)
        try:
            self.state.view = self._medium.overview()
        except (TaxKeyError, CardError) as error:
            return self._failed(Problem.of(error))
        return self._move(CertificateEvent.UNBLOCKED)

    def back(self) -> CertificateResult:
        return self._move(CertificateEvent.BACK)

    def medium_removed(self) -> CertificateResult:
        """R-AC-3: the medium must be in; without it nothing of the session stays."""
        self.wipe()
        return self._ok()

    def wipe(self) -> None:
        self._medium.forget()
        self.step = CertificateStep.INSERT
        self.state = CertificateState()

    # -- internals ---------------------------------------------------------------------

    def _pin_refused(self, error: TaxKeyError) -> CertificateResult:
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
        which = Field.OLD if error.problem is TaxKeyProblem.WRONG_PIN else Field.NEW
        return self._failed(Problem.of(error, which))

    def _move_to_blocked(self) -> CertificateResult:
        pin = self.state.pin
        if pin is not None:
            self.state.pin = PinStatus(
                0, pin.max_tries, pin.admin_tries_left, pin.admin_max_tries, False
            )
        return self._move(CertificateEvent.NOW_BLOCKED)

    def _move(self, event: CertificateEvent) -> CertificateResult:
        self.state.history.append(self.step)
        self.step = advance(TRANSITIONS, self.step, event)
        return self._ok()

    def _ok(self) -> CertificateResult:
        return CertificateResult(Outcome.OK, self.step)

    def _failed(self, problem: Problem) -> CertificateResult:
        return CertificateResult(Outcome.FAILED, self.step, problem)
