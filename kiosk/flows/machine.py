"""What every journey's state machine shares: transitions as data, one outcome type.

Each flow module keeps its own step and event Enums and its TRANSITIONS table; this module
only looks a transition up and says what an action did.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, auto
from typing import TypeVar

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
