"""The public side's live face check: the live capture → one 128-d template.

Reusable by every public journey that verifies a face (forgot password, registration, the
login's second factor, level 3→4). It emits ``template_ready`` with the chosen frame's
template only: the picture never leaves the terminal, and the service decides the match
(threshold and reference live there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.services.face.types import CaptureResult
from kiosk.ui.common.camera_pipeline import FeedFactory, FrameAnalyzer
from kiosk.ui.common.live_capture import CaptureFault, FaceSources, LiveCapture
from kiosk.ui.common.screens.face_check import FaceCheckScreen


@dataclass(frozen=True, slots=True)
class PublicFaceSources:
    """The camera and the face pipeline for the public journeys (from ``kiosk.app``)."""

    camera_feed: FeedFactory
    face: FaceSources


class FaceCheck(LiveCapture):
    """One screen's live check. ``start`` when the screen is shown, ``stop`` when it is left
    or the template went to the service; ``retry`` after a fault or a refusal."""

    template_ready = Signal(object)  # tuple[float, ...]: the chosen frame's template

    def __init__(
        self,
        sources: PublicFaceSources,
        screen: FaceCheckScreen,
        *,
        analyzer: FrameAnalyzer | None = None,
    ) -> None:
        super().__init__(
            sources.camera_feed,
            sources.face,
            screen,
            connecting=lambda: self.tr("Connecting to the camera…"),
            analyzer=analyzer,
        )
        self.screen = screen
        self.finished.connect(self._attempt_over)
        screen.retry_requested.connect(self.retry)

    def _attempt_over(self, result: CaptureResult | None) -> None:
        if result is None:
            self.show_fault(CaptureFault.LIVENESS_FAILED)
            return
        self.template_ready.emit(tuple(result.encoding))


def face_check_for(
    sources: PublicFaceSources | None,
    screen: FaceCheckScreen,
    owner: QObject,
    on_template: Callable[[Sequence[float]], None],
) -> FaceCheck | None:
    """The live check of a journey's face screen, owned by the journey and sending its
    template to ``on_template``; None on a terminal without the camera and face models."""
    if sources is None:
        return None
    check = FaceCheck(sources, screen)
    check.setParent(owner)
    check.template_ready.connect(on_template)
    return check
