"""Renders ``RelationsFlow`` (企业授权管理: 待确认授权, 申请企业授权, 已授权企业; R-RE-3/5/7/8) on
its screens, each call on the worker. Opened from the logged-in home for any logged-in person;
a new flow per opening. The confirmation's face check is the shared live check
(``FaceCheck`` on a ``FaceCheckScreen``), present when the terminal has the camera."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal

from kiosk.flows.machine import StepResult
from kiosk.flows.relations import (
    SECTIONS,
    Done,
    RelationsFlow,
    RelationsStep,
    face_retry_possible,
)
from kiosk.protocol.enterprise import RelationView, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import ActingApi
from kiosk.ui.common.driver import JourneyBase, Sentence, Show
from kiosk.ui.common.face_check import PublicFaceSources, face_check_for
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.worker import TaskRunner
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.relations.apply import ApplyScreen
from kiosk.ui.journeys.relations.face import RelationFaceScreen
from kiosk.ui.journeys.relations.questions import LoginEndedScreen, RelationQuestionScreen
from kiosk.ui.journeys.relations.screens import RelationsScreen

Step = RelationsStep
Result = StepResult[RelationsStep]
QUESTIONS = (Step.CONFIRM_REFUSE, Step.CONFIRM_WITHDRAW, Step.CONFIRM_REMOVE)


class RelationsJourney(JourneyBase[RelationsStep]):
    left = Signal()  # home (or the login ended): the session ends
    closed = Signal()  # back: the logged-in home
    step_shown = Signal(object)  # RelationsStep
    synced = Signal()  # 同步数据 answered and the fresh list is shown
    changed = Signal(object)  # Done: an action changed the relations (the list is shown)

    def __init__(
        self,
        api: ActingApi,
        *,
        runner: TaskRunner,
        language: LanguageController,
        show: Show,
        face: PublicFaceSources | None = None,
    ) -> None:
        super().__init__(runner=runner, show=show)
        self._api = api
        self.flow = RelationsFlow(api, "")
        self.screen = RelationsScreen(language)
        self.question = RelationQuestionScreen(language)
        self.apply_screen = ApplyScreen(language)
        self.face_screen = RelationFaceScreen(language)
        self.ended = LoginEndedScreen(language)
        self.face_check = face_check_for(face, self.face_screen, self, self.submit_face)
        self.screens = {
            **{section: self.screen for section in SECTIONS},
            Step.FACE: self.face_screen,
            **{question: self.question for question in QUESTIONS},
            Step.APPLY: self.apply_screen,
            Step.LOGIN_ENDED: self.ended,
        }
        for screen in self.all_screens():
            screen.home_requested.connect(self.left)
        self.screen.back_requested.connect(self.closed)
        for screen in (self.question, self.apply_screen, self.face_screen):
            screen.back_requested.connect(self.back)
        self.ended.finished.connect(self.left)
        self.screen.section_requested.connect(self.show_section)
        self.screen.sync_requested.connect(self.sync)
        self.screen.confirm_requested.connect(self.confirm)
        self.screen.refuse_requested.connect(self.ask_refuse)
        self.screen.withdraw_requested.connect(self.ask_withdraw)
        self.screen.remove_requested.connect(self.ask_remove)
        self.screen.apply_requested.connect(self.start_apply)
        self.apply_screen.submitted.connect(self.apply)
        self.question.confirmed.connect(self.answer_question)

    def attach_face(self, sources: PublicFaceSources) -> None:
        """This terminal's camera and face models for the confirmation's face check
        (R-RE-5), when they were not at hand at construction."""
        if self.face_check is None:
            self.face_check = face_check_for(sources, self.face_screen, self, self.submit_face)

    # -- opening and closing -------------------------------------------------------------

    def open(self, session_token: str) -> None:
        """From the logged-in home: a fresh flow for this session, the list loaded; it opens
        at the pending authorizations when any waits."""
        self.flow = RelationsFlow(self._api, session_token, face_here=self.face_check is not None)
        for screen in self.all_screens():
            screen.wipe()
        self.show_step(Step.AUTHORIZED)
        self.call(self.screen, self.flow.load, lambda: self.tr("Loading your enterprises…"))

    def close_flow(self) -> None:
        """Forget the session (idle, home, logout): a fresh, empty flow (a call still
        running keeps the old), the camera off."""
        self.stop_face()
        self.flow = RelationsFlow(self._api, "")

    # -- what the person did ---------------------------------------------------------------

    def show_section(self, section: RelationsStep) -> None:
        self._act(self.screen, lambda: self.flow.show(section), None)

    def sync(self) -> None:
        def synced(_result: Result) -> None:
            self.enter(self.flow.step)
            self.synced.emit()

        self.call(
            self.screen,
            self.flow.sync,
            lambda: self.tr("Reading the latest registration data…"),
            on_ok=synced,
            on_refusal=lambda error: self._refused(error, self.screen),
        )

    def confirm(self, relation: RelationView) -> None:
        self._act(self.screen, lambda: self.flow.confirm(relation), lambda: self.tr("Confirming…"))

    def submit_face(self, template: Sequence[float]) -> None:
        """The face check's template (never the picture) confirms (R-RE-5); a refusal stays
        on the face screen, with Try again while tries remain."""
        values = tuple(float(v) for v in template)

        def refused(error: UserError) -> None:
            if self.flow.step is Step.FACE:
                self.face_screen.show_refusal(error, can_retry=face_retry_possible(error))
                self.face_refused.emit(error)
            else:  # the relation changed meanwhile: the list, with what happened
                self._refused(error, self.face_screen)

        self.call(
            self.face_screen,
            lambda: self.flow.submit_face(values),
            lambda: self.tr("Checking your face…"),
            on_refusal=refused,
        )

    def ask_refuse(self, relation: RelationView) -> None:
        self._act(self.screen, lambda: self.flow.ask_refuse(relation), None)

    def ask_withdraw(self, relation: RelationView) -> None:
        self._act(self.screen, lambda: self.flow.ask_withdraw(relation), None)

    def ask_remove(self, relation: RelationView) -> None:
        self._act(self.screen, lambda: self.flow.ask_remove(relation), None)

    def answer_question(self) -> None:
        actions = {
            Step.CONFIRM_REFUSE: (self.flow.refuse, lambda: self.tr("Refusing…")),
            Step.CONFIRM_WITHDRAW: (self.flow.withdraw, lambda: self.tr("Withdrawing…")),
            Step.CONFIRM_REMOVE: (self.flow.remove, lambda: self.tr("Deleting…")),
        }
        action, sentence = actions[self.flow.step]
        self._act(self.question, action, sentence)

    def start_apply(self) -> None:
        self._act(self.screen, self.flow.start_apply, None)

    def apply(self, code: str, role: Role | None) -> None:
        self._act(
            self.apply_screen,
            lambda: self.flow.apply(code, role),
            lambda: self.tr("Sending your application…"),
        )

    def back(self) -> None:
        self.stop_face()
        self._act(self.screens[self.flow.step], self.flow.back, None)

    # -- entering a step -------------------------------------------------------------------

    def enter(self, step: RelationsStep) -> None:
        flow, state = self.flow, self.flow.state
        if step in SECTIONS:
            self.screen.show_section(
                step,
                state.relations,
                needs_face=flow.confirm_needs_face,
                confirm_possible=flow.confirm_possible,
                removable=flow.removable,
            )
            self.screen.banner.clear()
            self.screen.show_done(state.done, state.done_about)
            if state.done not in (None, Done.SYNCED):
                self.changed.emit(state.done)
        elif step is Step.FACE:
            self.face_screen.wipe()
            self.face_screen.confirming(state.at_hand)
        elif step in QUESTIONS and state.at_hand is not None:
            self.question.ask(step, state.at_hand, ends_login=flow.ends_this_login(state.at_hand))
        elif step is Step.APPLY:
            self.apply_screen.fill(state.apply_code, state.apply_role)
        elif step is Step.LOGIN_ENDED:
            self.ended.show_relation(state.done_about)
        self.show_step(step)

    # -- helpers ---------------------------------------------------------------------------

    def _act(self, screen: FlowScreen, action: Callable[[], Result], sentence: Sentence) -> None:
        self.call(screen, action, sentence, on_refusal=lambda error: self._refused(error, screen))

    def _refused(self, error: UserError, asking: FlowScreen | None = None) -> None:
        """The error on the screen of the step the flow is at: a question or the face check
        whose relation changed meanwhile lands back on the list (re-read), with the message."""
        step = self.flow.step
        screen = self.screens[step]
        if screen is not asking or error.code is ErrorCode.RELATION_CHANGED:
            self.enter(step)
        screen.show_error(error)
