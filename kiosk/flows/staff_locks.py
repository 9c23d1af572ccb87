"""Hall staff look at and lift a lock (R-LK-1) as a Qt-free journey: a person's account
(by what they log in with, R-LG-1) or a colleague's staff account (by staff number). The
service decides and audits; the terminal only shows masked names and counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum, auto

from kiosk.flows.local_checks import checked_identifier
from kiosk.flows.machine import StepMachine, StepResult, advance
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import LockView
from kiosk.services.staff_api import StaffLocksApi


class StaffLocksStep(Enum):
    SEARCH = auto()  # whose lock: a person or a staff member, and who
    SHOWN = auto()  # the lock and today's failures
    CLEARED = auto()  # lifted (the service audited who and where)


class StaffLocksEvent(Enum):
    FOUND = auto()
    CLEARED = auto()
    BACK = auto()


class LockSubject(StrEnum):
    PERSON = "person"
    STAFF = "staff"


TRANSITIONS: dict[tuple[StaffLocksStep, StaffLocksEvent], StaffLocksStep] = {
    (StaffLocksStep.SEARCH, StaffLocksEvent.FOUND): StaffLocksStep.SHOWN,
    (StaffLocksStep.SHOWN, StaffLocksEvent.CLEARED): StaffLocksStep.CLEARED,
    (StaffLocksStep.SHOWN, StaffLocksEvent.BACK): StaffLocksStep.SEARCH,
    (StaffLocksStep.CLEARED, StaffLocksEvent.BACK): StaffLocksStep.SEARCH,
}

Result = StepResult[StaffLocksStep]
_IDENTIFIER = {"field_zh": "证件号码、手机号码或用户名", "field_en": "ID number, phone or username"}
_STAFF_NO = {"field_zh": "工号", "field_en": "staff number"}


@dataclass(slots=True)
class StaffLocksState:
    subject: LockSubject = LockSubject.PERSON
    wanted: str = ""  # the normalized identifier or staff number looked up
    view: LockView | None = None


def next_step(step: StaffLocksStep, event: StaffLocksEvent) -> StaffLocksStep:
    return advance(TRANSITIONS, step, event)


class StaffLocksFlow(StepMachine[StaffLocksStep, StaffLocksEvent]):
    def __init__(self, api: StaffLocksApi, staff_token: str) -> None:
        super().__init__(TRANSITIONS, StaffLocksStep.SEARCH)
        self._api = api
        self._token = staff_token
        self.state = StaffLocksState()

    def look_up(self, subject: LockSubject | str, typed: str) -> Result:
        self._require(StaffLocksStep.SEARCH)
        chosen = LockSubject(subject)
        if chosen is LockSubject.PERSON:
            wanted = checked_identifier(typed, dict(_IDENTIFIER))
            if isinstance(wanted, UserError):
                return self._fail(wanted)
        else:
            wanted = typed.strip().upper()
            if not wanted:
                return self._fail(UserError(ErrorCode.FIELD_REQUIRED, dict(_STAFF_NO)))
        try:
            view = (
                self._api.show_lock(self._token, wanted)
                if chosen is LockSubject.PERSON
                else self._api.show_staff_lock(self._token, wanted)
            )
        except UserError as error:
            return self._fail(error)
        self.state = StaffLocksState(subject=chosen, wanted=wanted, view=view)
        return self._go(StaffLocksEvent.FOUND)

    def clear(self) -> Result:
        """Lift the lock shown (and zero today's counts); the service audits it."""
        self._require(StaffLocksStep.SHOWN)
        state = self.state
        try:
            view = (
                self._api.clear_lock(self._token, state.wanted)
                if state.subject is LockSubject.PERSON
                else self._api.clear_staff_lock(self._token, state.wanted)
            )
        except UserError as error:
            return self._fail(error)
        state.view = view
        return self._go(StaffLocksEvent.CLEARED)

    def back(self) -> Result:
        result = self._go(StaffLocksEvent.BACK)
        self.state = StaffLocksState(subject=self.state.subject)
        return result

    def wipe(self) -> None:
        self._restart()
        self.state = StaffLocksState()
