"""身份切换 (R-SW-1, R-AG-3) as a Qt-free state machine: where this session may go without
logging in again, the person's choice, the switch.

``load`` reads the identities the service offers (other roles in this enterprise, the other
enterprises the person is bound to — an agent's other clients are left out by the service,
R-AG-3 — and 个人办税) as a list of ``IdentityChoice``; ``choose`` shows the chosen one to
confirm; ``switch`` asks the service and ends at ``DONE`` with the new ``Acting``. The same
session goes on (R-SE-1: the idle timer and the token are kept). Personal business never
switches back to an enterprise (R-SW-1): the list is refused then, as the service would.
One blocking method per gesture, run on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.flows.machine import StepMachine, StepResult
from kiosk.protocol.enterprise import Acting, EnterpriseInfo, Entry, Identities, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import ActingApi


class SwitchStep(Enum):
    CHOOSE = auto()  # the identities this session may move to
    CONFIRM = auto()  # the chosen one, named once more before the switch
    DONE = auto()  # switched: ``state.acting`` is who the session acts for now


class SwitchEvent(Enum):
    CHOSEN = auto()
    SWITCHED = auto()
    BACK = auto()


_S = SwitchStep
_E = SwitchEvent

TRANSITIONS: dict[tuple[SwitchStep, SwitchEvent], SwitchStep] = {
    (_S.CHOOSE, _E.CHOSEN): _S.CONFIRM,
    (_S.CONFIRM, _E.BACK): _S.CHOOSE,
    (_S.CONFIRM, _E.SWITCHED): _S.DONE,
}

Result = StepResult[SwitchStep]


class ChoiceKind(Enum):
    """The three groups of the 身份切换 list (seeds 000 二(八), 002 31-32)."""

    ROLE_HERE = auto()  # 本企业其他身份
    ENTERPRISE = auto()  # 其他关联企业
    PERSONAL = auto()  # 个人办税


@dataclass(frozen=True, slots=True)
class IdentityChoice:
    kind: ChoiceKind
    enterprise: EnterpriseInfo | None = None  # None for 个人办税
    role: Role | None = None  # None for 个人办税

    @property
    def request(self) -> tuple[str | None, Role | None]:
        """``switch_identity``'s (enterprise_code, role): a role here needs no code."""
        if self.kind is ChoiceKind.ENTERPRISE:
            assert self.enterprise is not None
            return self.enterprise.code, self.role
        return None, self.role


def choices_of(identities: Identities) -> tuple[IdentityChoice, ...]:
    """The list in its shown order. A role this terminal does not know (a newer service's)
    cannot be asked for, so it is not offered."""
    here = [
        IdentityChoice(ChoiceKind.ROLE_HERE, identities.acting.enterprise, role)
        for role in identities.roles_here
        if isinstance(role, Role)
    ]
    others = [
        IdentityChoice(ChoiceKind.ENTERPRISE, entry.enterprise, role)
        for entry in identities.enterprises
        for role in entry.roles
        if isinstance(role, Role)
    ]
    personal = [IdentityChoice(ChoiceKind.PERSONAL)] if identities.personal else []
    return (*here, *others, *personal)


@dataclass(slots=True)
class SwitchState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    session_token: str = field(default="", repr=False)
    current: Acting | None = field(default=None, repr=False)  # before the switch
    choices: tuple[IdentityChoice, ...] = field(default=(), repr=False)
    chosen: IdentityChoice | None = field(default=None, repr=False)
    acting: Acting | None = field(default=None, repr=False)  # after it (DONE)


class IdentitySwitchFlow(StepMachine[SwitchStep, SwitchEvent]):
    def __init__(self, api: ActingApi, session_token: str) -> None:
        self._api = api
        super().__init__(TRANSITIONS, SwitchStep.CHOOSE)
        self.state = SwitchState(session_token=session_token)

    def load(self) -> Result:
        """The identities offered now (also the first call after opening)."""
        self._require(SwitchStep.CHOOSE)
        if not self.state.session_token:
            return self._no_session()
        try:
            identities = self._api.identities(self.state.session_token)
        except UserError as error:
            return self._fail(error)
        self.state.current = identities.acting
        self.state.choices = choices_of(identities)
        if identities.acting.entry is not Entry.ENTERPRISE:
            # R-SW-1: personal business never becomes enterprise business again.
            self.state.choices = ()
            return self._fail(UserError(ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE))
        return self._stay()

    def choose(self, choice: IdentityChoice) -> Result:
        """One of ``state.choices``: shown once more before anything changes."""
        self._require(SwitchStep.CHOOSE)
        if choice not in self.state.choices:
            return self._fail(UserError(ErrorCode.ROLE_NOT_HELD))
        self.state.chosen = choice
        return self._go(SwitchEvent.CHOSEN)

    def back(self) -> Result:
        self._require(SwitchStep.CONFIRM)
        self.state.chosen = None
        return self._go(SwitchEvent.BACK)

    def switch(self) -> Result:
        """Act as the chosen identity from now on; a refusal (R-AG-3, a relation ended
        since the list was read) stays here with the catalog's words."""
        self._require(SwitchStep.CONFIRM)
        chosen = self.state.chosen
        assert chosen is not None
        if not self.state.session_token:
            return self._no_session()
        code, role = chosen.request
        try:
            acting = self._api.switch_identity(self.state.session_token, code, role)
        except UserError as error:
            return self._fail(error)
        self.state.acting = acting
        return self._go(SwitchEvent.SWITCHED)

    def wipe(self) -> None:
        """Forget everything, the session token too (idle timeout, home, logout)."""
        self.state = SwitchState()
        self._restart()

    def _no_session(self) -> Result:
        return self._fail(UserError(ErrorCode.SESSION_INVALID))
