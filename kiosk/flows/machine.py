"""What every journey's state machine shares: transitions as data, one outcome type.

Each flow module keeps its own step and event Enums and its TRANSITIONS table; this module
only looks a transition up and says what an action did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, auto
from typing import Generic, TypeVar

from kiosk.protocol.errors import UserError

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Enum)


class InvalidTransitionError(Exception):
    """A screen asked for something its step does not allow: a programming error."""


class Outcome(Enum):
    OK = auto()
    FAILED = auto()  # the step stays; the result carries what the person must read


def advance(table: Mapping[tuple[S, E], S], step: S, event: E) -> S:
    """The step after ``event`` at ``step``, from the flow's transition table."""
    try:
        return table[(step, event)]
    except KeyError:
        raise InvalidTransitionError(f"{event.name} is not allowed at {step.name}") from None


@dataclass(frozen=True, slots=True)
class StepResult(Generic[S]):
    """What one action did: the step now current, and the error a person must read."""

    outcome: Outcome
    step: S
    error: UserError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


class StepMachine(Generic[S, E]):
    """The current step of a journey and the answers every action gives; the journeys
    subclass it with their own Enums and TRANSITIONS table."""

    def __init__(self, table: Mapping[tuple[S, E], S], first: S) -> None:
        self._table = table
        self._first = first
        self.step = first

    def _require(self, step: S) -> None:
        if self.step is not step:
            raise InvalidTransitionError(f"action for {step.name} called at {self.step.name}")

    def _go(self, event: E) -> StepResult[S]:
        self.step = advance(self._table, self.step, event)
        return StepResult(Outcome.OK, self.step)

    def _stay(self) -> StepResult[S]:
        return StepResult(Outcome.OK, self.step)

    def _fail(self, error: UserError) -> StepResult[S]:
        return StepResult(Outcome.FAILED, self.step, error)

    def _restart(self) -> None:
        self.step = self._first
