"""Demo and test aid: plays the person in front of the mock camera.

It watches the analyses and switches the mock camera's scene to the movement the liveness
challenge asks for (turn left / turn right / come closer), and back to a still face between
steps — what a tester would tap on the tester panel, done at the right moment.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.devices.camera import SceneKind
from kiosk.services.face.types import ChallengeStep, LivenessState
from kiosk.ui.common.camera_pipeline import Analysed, FrameAnalyzer

SCENE_FOR_STEP = {
    ChallengeStep.TURN_LEFT: SceneKind.TURN_LEFT,
    ChallengeStep.TURN_RIGHT: SceneKind.TURN_RIGHT,
    ChallengeStep.COME_CLOSER: SceneKind.COME_CLOSER,
}


class ChallengeActor(QObject):
    """Plays the person in front of the mock camera: shows the scene each challenge step
    asks for, and the good scene in between."""

    def __init__(
        self,
        analyzer: FrameAnalyzer,
        set_scene: Callable[[SceneKind], object],
    ) -> None:
        super().__init__(analyzer)
        self._set_scene = set_scene
        self._playing: SceneKind | None = None
        self.enabled = True
        analyzer.analysed.connect(self._analysed)

    def reset(self) -> None:
        self._playing = None

    def _analysed(self, analysed: Analysed) -> None:
        if not self.enabled:
            return
        liveness = analysed.analysis.liveness
        wanted = SceneKind.GOOD
        if liveness.state is LivenessState.IN_PROGRESS and liveness.current_index < len(
            liveness.steps
        ):
            step = liveness.steps[liveness.current_index]
            wanted = SCENE_FOR_STEP[step]
        if wanted is not self._playing:
            self._playing = wanted
            self._set_scene(wanted)
