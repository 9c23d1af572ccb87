"""Renders ``PeopleFlow`` (人员权限管理, R-RE-4/5/7) on its screens, each flow call on the
worker. Opened from the logged-in home of a session acting for an enterprise; a new flow
per opening, so nothing of an earlier person can remain. ``closed`` goes back to the home,
``left`` ends the session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from kiosk.domain.documents import DocumentType
from kiosk.flows.machine import StepResult
from kiosk.flows.people import PeopleDone, PeopleFlow, PeopleStep
from kiosk.protocol.enterprise import Acting, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.relations import Member
from kiosk.services.account_api import ActingApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.acting_text import role_name
from kiosk.ui.journeys.people.add_screen import AddPersonScreen
from kiosk.ui.journeys.people.screens import NotAllowedScreen, PeopleListScreen

Step = PeopleStep


class PeopleJourney(JourneyBase[PeopleStep]):
    left = Signal()  # home: the session ends
    closed = Signal()  # back: the logged-in home
    step_shown = Signal(object)  # PeopleStep
    done = Signal(object)  # PeopleDone, once the list shows its success line
    refused = Signal(object)  # UserError, once it is shown

    def __init__(
        self,
        api: ActingApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[ActingApi, str], PeopleFlow] = PeopleFlow,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self._acting: Acting | None = None
        self.flow = flow_factory(api, "")
        self.list = PeopleListScreen(language)
        self.add = AddPersonScreen(language)
        self.not_allowed = NotAllowedScreen(language)
        self.screens = {
            Step.LIST: self.list,
            Step.CONFIRM_REMOVE: self.list,  # the question over the list
            Step.ADD: self.add,
            Step.NOT_ALLOWED: self.not_allowed,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.list.back_requested.connect(self.closed)
        self.not_allowed.back_requested.connect(self.closed)
        self.not_allowed.finished.connect(self.closed)
        self.list.add_requested.connect(self.open_add)
        self.list.remove_requested.connect(self.ask_remove)
        self.list.remove_confirmed.connect(self.remove)
        self.list.remove_kept.connect(self.keep)
        self.list.withdraw_requested.connect(self.withdraw)
        self.list.approve_requested.connect(self.approve)
        self.list.decline_requested.connect(self.decline)
        self.add.left.connect(self.back)
        self.add.submitted.connect(self.submit_add)

    def open(self, session_token: str, acting: Acting | None = None) -> None:
        """From the logged-in home: a fresh flow for this session, the list loaded (or the
        R-RE-4 answer for a role that does not manage people)."""
        self._acting = acting
        self.flow = self._factory(self._api, session_token)
        for screen in self.all_screens():
            screen.wipe()
        self.show_step(Step.LIST)
        self.call(self.list, self.flow.load, lambda: self.tr("Loading the enterprise's people…"))

    def close_flow(self) -> None:
        """Forget the session (idle, home, logout): a fresh, empty flow."""
        self.flow = self._factory(self._api, "")
        self._acting = None

    # -- what the manager did ------------------------------------------------------------

    def open_add(self) -> None:
        self.call(self.list, self.flow.open_add, None)

    def back(self) -> None:
        self.call(self.add, self.flow.back, None)

    def submit_add(self, doc_type: DocumentType, number: str, name: str, role: Role) -> None:
        self.call(
            self.add,
            lambda: self.flow.add(doc_type, number, name, role),
            lambda: self.tr("Adding…"),
            on_refusal=lambda error: self._refused(self.add, error),
        )

    def ask_remove(self, member: Member) -> None:
        self.call(
            self.list, lambda: self.flow.ask_remove(member), None, on_refusal=self._list_refused
        )

    def keep(self) -> None:
        self.call(self.list, self.flow.keep, None)

    def remove(self) -> None:
        self.call(
            self.list,
            self.flow.remove,
            lambda: self.tr("Deleting…"),
            on_refusal=self._list_refused,
        )

    def withdraw(self, member: Member) -> None:
        self._list_action(lambda: self.flow.withdraw(member), lambda: self.tr("Withdrawing…"))

    def approve(self, member: Member) -> None:
        self._list_action(lambda: self.flow.approve(member), lambda: self.tr("Approving…"))

    def decline(self, member: Member) -> None:
        self._list_action(lambda: self.flow.decline(member), lambda: self.tr("Declining…"))

    # -- showing -------------------------------------------------------------------------

    def enter(self, step: PeopleStep) -> None:
        state = self.flow.state
        people = state.people
        if step in (Step.LIST, Step.CONFIRM_REMOVE):
            self.list.show_people(
                people.enterprise if people is not None else None,
                state.members,
                loaded=people is not None,
            )
        if step is Step.LIST:
            self.list.close_question()
        elif step is Step.ADD:
            self.add.wipe()
        self.show_step(step)
        if step is Step.CONFIRM_REMOVE and state.chosen is not None:
            self.list.ask_remove(state.chosen)
        elif step is Step.NOT_ALLOWED:
            self.not_allowed.show_refusal(state.refusal, self._acting)
        elif step is Step.LIST and state.done is not None:
            self._show_done(state.done)

    def _show_done(self, done: PeopleDone) -> None:
        role = self.flow.state.added_role
        texts = {
            PeopleDone.ADDED: lambda: self.tr(
                "Added as {role}, waiting for the person to confirm: they see the "
                "pending authorization at their next login."
            ).format(role=role_name(role) if role is not None else ""),
            PeopleDone.WITHDRAWN: lambda: self.tr("The addition was withdrawn."),
            PeopleDone.REMOVED: lambda: self.tr(
                "Deleted: the person no longer acts for the enterprise; they are told at their "
                "next login."
            ),
            PeopleDone.APPROVED: lambda: self.tr(
                "Approved: the person now acts for the enterprise in that role."
            ),
            PeopleDone.DECLINED: lambda: self.tr(
                "Declined: the person is told at their next login."
            ),
        }
        self.list.banner.show_success(texts[done])
        self.done.emit(done)

    def _list_action(
        self, action: Callable[[], StepResult[PeopleStep]], sentence: Callable[[], str]
    ) -> None:
        self.call(self.list, action, sentence, on_refusal=self._list_refused)

    def _list_refused(self, error: UserError) -> None:
        """The list as the flow holds it now (read afresh after RELATION_CHANGED), then why."""
        self.enter(self.flow.step)
        self._refused(self.list, error)

    def _refused(self, screen: PeopleListScreen | AddPersonScreen, error: UserError) -> None:
        screen.show_error(error)
        self.refused.emit(error)
