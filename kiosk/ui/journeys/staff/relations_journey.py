"""Staff mode → enterprise relations (R-HA-2): the Qt-free ``HallRelationsFlow`` and its
screens. Online only: the staff token of an online login is the proof the service asks for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal

from kiosk.domain.documents import DocumentType
from kiosk.flows.hall_relations import HallRelationsFlow, HallRelationsStep
from kiosk.flows.machine import StepResult
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.services.staff_api import HallRelationsApi
from kiosk.ui.common.driver import JourneyBase, Show
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.logged_in.acting_text import enterprise_name, role_name
from kiosk.ui.journeys.staff.relations import HallEndScreen, HallPeopleScreen, HallSearchScreen
from kiosk.ui.journeys.staff.relations_add import HallAddScreen

Step = HallRelationsStep


def offline_text() -> str:
    """Why staff home does not open it after an offline staff login."""
    return QCoreApplication.translate(
        "HallRelationsJourney",
        "Enterprise relations at the hall need an online login: log in again as staff once "
        "the network is back.",
    )


class HallRelationsJourney(JourneyBase[HallRelationsStep]):
    left = Signal()  # back to the staff home

    def __init__(
        self,
        api: HallRelationsApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        flow_factory: Callable[[HallRelationsApi, str], HallRelationsFlow] = HallRelationsFlow,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self._factory = flow_factory
        self.flow = flow_factory(api, "")
        self.search = HallSearchScreen(language)
        self.people = HallPeopleScreen(language)
        self.add = HallAddScreen(language)
        self.end = HallEndScreen(language)
        self.screens = {
            Step.SEARCH: self.search,
            Step.SHOWN: self.people,
            Step.ADDED: self.people,
            Step.ENDED: self.people,
            Step.ADD: self.add,
            Step.CONFIRM_END: self.end,
        }
        self.search.back_requested.connect(self.left)
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.search.submitted.connect(self.look_up)
        self.people.back_requested.connect(lambda: self.back(self.people))
        self.people.add_requested.connect(self.start_add)
        self.people.end_requested.connect(self.ask_end)
        self.add.left.connect(lambda: self.back(self.add))  # back from the document types
        self.add.submitted.connect(self.submit_add)
        self.end.back_requested.connect(lambda: self.back(self.end))
        self.end.confirmed.connect(self.confirm_end)

    def start(self, staff_token: str) -> None:
        self.flow = self._factory(self._api, staff_token)
        for screen in self.all_screens():
            screen.wipe()
        self.enter(Step.SEARCH)

    def enter(self, step: HallRelationsStep) -> None:
        state = self.flow.state
        people = state.people
        if step in (Step.SHOWN, Step.ADDED, Step.ENDED) and people is not None:
            self.people.show_people(people)
            self.people.banner.clear()
            if step is Step.ADDED:
                self.people.banner.show_success(self._added_text)
            elif step is Step.ENDED:
                self.people.banner.show_success(self._ended_text)
        elif step is Step.ADD:
            self.add.wipe()
        elif step is Step.CONFIRM_END and state.chosen is not None and people is not None:
            self.end.show_member(state.chosen, enterprise_name(people.enterprise))
        self.show_step(step)

    # -- gestures -------------------------------------------------------------------------

    def look_up(self, typed: str) -> None:
        self.call(
            self.search,
            lambda: self.flow.look_up(typed),
            lambda: self.tr("Looking up the enterprise…"),
        )

    def start_add(self) -> None:
        self.call(self.people, self.flow.start_add, None)

    def submit_add(self, doc_type: DocumentType, number: str, name: str, role: Role) -> None:
        self.call(
            self.add,
            lambda: self.flow.add(doc_type, number, name, role),
            lambda: self.tr("Adding the person…"),
        )

    def ask_end(self, relation_id: str) -> None:
        self.call(self.people, lambda: self.flow.ask_end(relation_id), None)

    def confirm_end(self) -> None:
        self.call(
            self.end,
            self.flow.end,
            lambda: self.tr("Ending the relation…"),
            on_refusal=self._refused,
        )

    def back(self, screen: FlowScreen) -> None:
        def done(result: StepResult[HallRelationsStep]) -> None:
            if result.step is Step.SEARCH:
                self.search.field.clear()
            self.enter(result.step)

        self.call(screen, self.flow.back, None, on_ok=done)

    def wipe(self) -> None:
        self.flow.wipe()

    # -- internals ------------------------------------------------------------------------

    def _refused(self, error: UserError) -> None:
        """A refusal on the step the flow is at now: the fresh list when the relation
        changed meanwhile (R-RE-5), else the screen that asked."""
        step = self.flow.step
        if self.screens[step] is not self.end:
            self.enter(step)
        self.screens[step].show_error(error)

    def _added_text(self) -> str:
        added = self.flow.state.added
        if added is None:
            return self.tr("Added. The person confirms it at their next login.")
        if added.state == RelationState.BOUND:  # their own application, approved by the addition
            return self.tr("{name} is now {role}: their application was approved.").format(
                name=added.name_masked, role=role_name(added.role)
            )
        return self.tr(
            "{name} was added as {role}, waiting for their confirmation at their next login."
        ).format(name=added.name_masked, role=role_name(added.role))

    def _ended_text(self) -> str:
        chosen = self.flow.state.chosen
        if chosen is None:
            return self.tr("The relation was ended.")
        return self.tr("The relation was ended: {name}, {role}.").format(
            name=chosen.name_masked or chosen.document_masked, role=role_name(chosen.role)
        )
