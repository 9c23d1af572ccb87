"""企业授权管理 (R-RE-8, seeds 002 16/24): the person's enterprise relations — 已授权企业 and
those still to confirm — and 同步数据, which reads them afresh from the registry.

The service has one call for both (``sync_relations``): opening the screen reads the list
the same way the button refreshes it, so what is shown is never older than the screen.
One step; Qt-free, one blocking method per gesture, run on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.flows.machine import StepMachine, StepResult
from kiosk.protocol.enterprise import RelationView
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import ActingApi


class RelationsStep(Enum):
    LIST = auto()  # the relations, with 同步数据


class RelationsEvent(Enum):
    """None yet: the journey has one step (the table stays data, like every flow's)."""


TRANSITIONS: dict[tuple[RelationsStep, RelationsEvent], RelationsStep] = {}

Result = StepResult[RelationsStep]


@dataclass(slots=True)
class RelationsState:
    session_token: str = field(default="", repr=False)
    relations: tuple[RelationView, ...] = field(default=(), repr=False)
    loaded: bool = False  # a list came (an empty one too)
    synced: bool = False  # the last list came from the 同步数据 button


class RelationsFlow(StepMachine[RelationsStep, RelationsEvent]):
    def __init__(self, api: ActingApi, session_token: str) -> None:
        self._api = api
        super().__init__(TRANSITIONS, RelationsStep.LIST)
        self.state = RelationsState(session_token=session_token)

    def load(self) -> Result:
        """The list when the screen opens."""
        return self._read(synced=False)

    def sync(self) -> Result:
        """同步数据: what the registry holds now (R-RE-8)."""
        return self._read(synced=True)

    def wipe(self) -> None:
        self.state = RelationsState()
        self._restart()

    def _read(self, *, synced: bool) -> Result:
        self._require(RelationsStep.LIST)
        if not self.state.session_token:
            return self._fail(UserError(ErrorCode.SESSION_INVALID))
        try:
            answer = self._api.sync_relations(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        self.state.relations = answer.relations
        self.state.loaded, self.state.synced = True, synced
        return self._stay()
