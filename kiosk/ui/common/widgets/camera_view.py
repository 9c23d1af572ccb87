"""The live camera preview (ui.md "Camera screens").

The picture is mirrored like a mirror — for display only; the frames analysed and stored
stay unmirrored — so face boxes are mirrored too. Under the picture: one short instruction
in large type; during the liveness challenge an arrow (or a "come closer" icon) drawn on
the picture, the steps as ● ● ○ with "第 2 项，共 3 项", and the seconds left for the step.

Mirror geometry: the person's left is the *screen's* left in a mirrored preview, so "turn
your head to the left" points the arrow to the left of the screen.
"""

from __future__ import annotations

from enum import Enum, auto

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget
from typing_extensions import override

from kiosk.services.face.types import (
    Box,
    ChallengeStep,
    FrameAnalysis,
    Guidance,
    LivenessProgress,
    LivenessState,
)
from kiosk.ui.common.text import Text
from kiosk.ui.i18n import LangSource

FrameArray = NDArray[np.uint8]

# While the challenge runs its step is the instruction — unless the person cannot be seen.
_BLOCKING = frozenset(
    {Guidance.NO_FACE, Guidance.ONE_PERSON, Guidance.TOO_DARK, Guidance.TOO_BRIGHT}
)
_BOX_OK = QColor("#2e7d32")
_BOX_ATTENTION = QColor("#f9a825")
_ARROW = QColor("#1a5fb4")


class Illustration(Enum):
    NONE = auto()
    ARROW_LEFT = auto()  # on the screen's left (the person's left, mirrored preview)
    ARROW_RIGHT = auto()
    COME_CLOSER = auto()


def mirror_box(box: Box, frame_width: int) -> QRectF:
    """The box in mirrored frame coordinates (x runs right to left)."""
    return QRectF(frame_width - box.right, box.top, box.width, box.height)


def frame_to_image(frame: FrameArray, *, mirrored: bool = True) -> QImage:
    """A BGR frame as an (owned, deep-copied) QImage, mirrored for display by default."""
    pixels = frame[:, ::-1] if mirrored else frame
    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_BGR888)
    return image.copy()  # the numpy buffer may go away; the QImage must not point into it


class _Surface(QWidget):
    """The picture, letterboxed, with the boxes and the challenge illustration on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.frame_width = 0
        self.frame_height = 0
        self.boxes: tuple[Box, ...] = ()
        self.box_ok = False
        self.illustration = Illustration.NONE
        self.placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    @override
    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    def picture_rect(self) -> QRectF:
        """Where the frame is drawn: the largest rectangle of its aspect that fits, centred."""
        if self.frame_width <= 0 or self.frame_height <= 0:
            return QRectF(self.rect())
        scale = min(self.width() / self.frame_width, self.height() / self.frame_height)
        width, height = self.frame_width * scale, self.frame_height * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def box_rect(self, box: Box) -> QRectF:
        """A face box (frame pixels, unmirrored) in widget coordinates on the mirrored picture."""
        picture = self.picture_rect()
        scale = picture.width() / self.frame_width if self.frame_width else 1.0
        mirrored = mirror_box(box, self.frame_width)
        return QRectF(
            picture.left() + mirrored.left() * scale,
            picture.top() + mirrored.top() * scale,
            mirrored.width() * scale,
            mirrored.height() * scale,
        )

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#1f2933"))
        if self.image is not None:
            painter.drawImage(self.picture_rect(), self.image)
            pen = QPen(_BOX_OK if self.box_ok else _BOX_ATTENTION)
            pen.setWidth(5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for box in self.boxes:
                painter.drawRoundedRect(self.box_rect(box), 12, 12)
        elif self.placeholder:
            painter.setPen(QColor("#ffffff"))
            painter.drawText(
                self.rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
        self._draw_illustration(painter)
        painter.end()

    def _draw_illustration(self, painter: QPainter) -> None:
        if self.illustration is Illustration.NONE:
            return
        picture = self.picture_rect()
        side = min(picture.width(), picture.height()) * 0.28
        # A white disc behind the sign keeps it readable on any picture.
        if self.illustration is Illustration.ARROW_LEFT:
            centre = QPointF(picture.left() + side * 0.75, picture.center().y())
        elif self.illustration is Illustration.ARROW_RIGHT:
            centre = QPointF(picture.right() - side * 0.75, picture.center().y())
        else:  # top right corner: the face itself stays visible
            centre = QPointF(picture.right() - side * 0.75, picture.top() + side * 0.75)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.drawEllipse(centre, side * 0.62, side * 0.62)
        painter.setBrush(_ARROW)
        if self.illustration is Illustration.COME_CLOSER:
            _draw_come_closer(painter, centre, side)
        else:
            direction = -1.0 if self.illustration is Illustration.ARROW_LEFT else 1.0
            _draw_arrow(painter, centre, side, direction)


def _draw_arrow(painter: QPainter, centre: QPointF, side: float, direction: float) -> None:
    """A block arrow pointing left (-1) or right (+1)."""
    half = side * 0.42
    shaft = side * 0.13
    head = side * 0.3
    x, y = centre.x(), centre.y()
    path = QPainterPath(QPointF(x + direction * half, y))
    path.lineTo(x + direction * (half - head), y - head)
    path.lineTo(x + direction * (half - head), y - shaft)
    path.lineTo(x - direction * half, y - shaft)
    path.lineTo(x - direction * half, y + shaft)
    path.lineTo(x + direction * (half - head), y + shaft)
    path.lineTo(x + direction * (half - head), y + head)
    path.closeSubpath()
    painter.drawPath(path)


def _draw_come_closer(painter: QPainter, centre: QPointF, side: float) -> None:
    """A small face with four arrows pointing outwards: "get bigger in the picture"."""
    face = side * 0.17
    pen = QPen(_ARROW)
    pen.setWidthF(side * 0.05)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, face, face * 1.2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_ARROW)
    reach = side * 0.45
    tip = side * 0.12
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        apex = QPointF(centre.x() + dx * reach, centre.y() + dy * reach)
        path = QPainterPath(apex)
        path.lineTo(apex.x() - dx * tip * 1.6, apex.y())
        path.lineTo(apex.x(), apex.y() - dy * tip * 1.6)
        path.closeSubpath()
        painter.drawPath(path)


class CameraView(QWidget):
    """Frames in (numpy BGR), analyses in (``FrameAnalysis``); texts follow the language."""

    def __init__(self, language: LangSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._analysis: FrameAnalysis | None = None
        self._placeholder: Text | None = None
        self.surface = _Surface(self)
        self.surface.setObjectName("cameraSurface")
        self.instruction = QLabel(self)
        self.instruction.setObjectName("cameraInstruction")
        self.instruction.setProperty("textRole", "guidance")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction.setWordWrap(True)
        self.progress = QLabel(self)
        self.progress.setObjectName("challengeProgress")
        self.progress.setProperty("textRole", "body")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setWordWrap(True)
        self.progress.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.surface, 1)
        column.addWidget(self.instruction)
        column.addWidget(self.progress)
        self.instruction.hide()

    # -- input -----------------------------------------------------------------------------

    def show_frame(self, frame: FrameArray) -> None:
        """Show one camera frame (GUI thread; cheap: one copy and a repaint)."""
        surface = self.surface
        surface.image = frame_to_image(frame)
        surface.frame_height, surface.frame_width = frame.shape[:2]
        surface.placeholder = ""
        surface.update()

    def show_analysis(self, analysis: FrameAnalysis | None) -> None:
        """The overlay for the latest analysed frame: boxes, instruction, challenge."""
        self._analysis = analysis
        self.surface.boxes = analysis.boxes if analysis is not None else ()
        self.surface.box_ok = analysis is not None and analysis.guidance is Guidance.GOOD
        self._render()

    def show_placeholder(self, text: Text | None) -> None:
        """No picture (camera lost, starting): a dark surface with a sentence."""
        self._placeholder = text
        self.surface.image = None
        self.surface.boxes = ()
        self._analysis = None
        self._render()

    def clear(self) -> None:
        self.surface.image = None
        self.surface.frame_width = self.surface.frame_height = 0
        self._placeholder = None
        self.show_analysis(None)

    # -- reading back (tests, walkthrough) ------------------------------------------------

    @property
    def analysis(self) -> FrameAnalysis | None:
        return self._analysis

    @property
    def illustration(self) -> Illustration:
        return self.surface.illustration

    def instruction_text(self) -> str:
        return self.instruction.text() if self.instruction.isVisibleTo(self) else ""

    def progress_text(self) -> str:
        return self.progress.text() if self.progress.isVisibleTo(self) else ""

    def box_rects(self) -> list[QRectF]:
        """The boxes as drawn, in surface coordinates."""
        return [self.surface.box_rect(b) for b in self.surface.boxes]

    # -- texts -----------------------------------------------------------------------------

    def guidance_text(self, guidance: Guidance) -> str:
        texts = {
            Guidance.NO_FACE: self.tr("Please face the camera"),
            Guidance.ONE_PERSON: self.tr("Only one person in view, please"),
            Guidance.TOO_DARK: self.tr("It is too dark"),
            Guidance.TOO_BRIGHT: self.tr("It is too bright"),
            Guidance.MOVE_CLOSER: self.tr("Please come a little closer"),
            Guidance.MOVE_BACK: self.tr("Please move back a little"),
            Guidance.CENTRE_FACE: self.tr("Please move your face to the centre"),
            Guidance.FACE_CAMERA: self.tr("Please look straight at the camera"),
            Guidance.HOLD_STILL: self.tr("Please hold still"),
            Guidance.GOOD: self.tr("Good, please hold it"),
        }
        return texts[guidance]

    def step_text(self, step: ChallengeStep) -> str:
        texts = {
            ChallengeStep.TURN_LEFT: self.tr("Please turn your head to the left"),
            ChallengeStep.TURN_RIGHT: self.tr("Please turn your head to the right"),
            ChallengeStep.COME_CLOSER: self.tr("Please come closer to the camera"),
        }
        return texts[step]

    def _render(self) -> None:
        analysis = self._analysis
        surface = self.surface
        surface.illustration = Illustration.NONE
        if analysis is None:
            self.instruction.setVisible(False)
            self.progress.setVisible(False)
            surface.placeholder = self._placeholder() if self._placeholder else ""
            surface.update()
            return
        liveness = analysis.liveness
        step = _current_step(liveness)
        if step is not None and analysis.guidance not in _BLOCKING:
            self.instruction.setText(self.step_text(step))
            surface.illustration = {
                ChallengeStep.TURN_LEFT: Illustration.ARROW_LEFT,
                ChallengeStep.TURN_RIGHT: Illustration.ARROW_RIGHT,
                ChallengeStep.COME_CLOSER: Illustration.COME_CLOSER,
            }[step]
        else:
            self.instruction.setText(self.guidance_text(analysis.guidance))
        self.instruction.setVisible(True)
        self._render_progress(liveness)
        surface.update()

    def _render_progress(self, liveness: LivenessProgress) -> None:
        total = len(liveness.steps)
        if liveness.state is LivenessState.NOT_STARTED or total == 0:
            self.progress.setVisible(False)
            return
        done = min(liveness.current_index, total)
        dots = " ".join("●" if index <= done else "○" for index in range(total))
        if liveness.state is LivenessState.PASSED:
            words = self.tr("All {total} actions done").format(total=total)
        else:
            words = self.tr("Action {current} of {total}").format(
                current=min(done + 1, total), total=total
            )
        if liveness.state is LivenessState.IN_PROGRESS and liveness.seconds_left is not None:
            words += "  ·  " + self.tr("{seconds} s left").format(
                seconds=max(0, round(liveness.seconds_left))
            )
        self.progress.setText(f"{dots}   {words}")
        self.progress.setVisible(True)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


def _current_step(liveness: LivenessProgress) -> ChallengeStep | None:
    if liveness.state is not LivenessState.IN_PROGRESS:
        return None
    if 0 <= liveness.current_index < len(liveness.steps):
        return liveness.steps[liveness.current_index]
    return None
