"""Collection step 4: staff review the chosen photo and its scores, then retake or accept.

Each quality measure is a row: measure, value, threshold, and 通过 ✓ / 未通过 ✗ in words
(colour never alone). The liveness result and, when a document photo was given, the match
distance against its threshold.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.protocol.messages import Lang
from kiosk.services.face.types import CaptureResult, ChallengeStep, QualityMeasure
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.i18n import LanguageController

PHOTO_HEIGHT = 300
ROW_PX = 44


class CollectionReviewScreen(FlowScreen):
    retake_requested = Signal()
    accepted = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._capture: CaptureResult | None = None
        self._retakes_left = 0
        self.photo = QLabel(self.body)
        self.photo.setObjectName("reviewPhoto")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.scores = QTableWidget(0, 4, self.body)
        self.scores.setObjectName("qualityScores")
        self.scores.verticalHeader().hide()
        self.scores.verticalHeader().setDefaultSectionSize(ROW_PX)
        header = self.scores.horizontalHeader()
        # Every cell readable in full: columns as wide as their text, the verdict takes the rest.
        for index in range(3):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.scores.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scores.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scores.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scores.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.scores.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.liveness = QLabel(self.body)
        self.liveness.setObjectName("livenessResult")
        self.liveness.setProperty("textRole", "body")
        self.liveness.setWordWrap(True)
        self.match = QLabel(self.body)
        self.match.setObjectName("matchResult")
        self.match.setProperty("textRole", "body")
        self.match.setWordWrap(True)
        side = QWidget(self.body)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        for widget in (self.scores, self.liveness, self.match, self.banner, self.busy):
            column.addWidget(widget)
        row = AdaptiveRow(self.body)
        row.add(self.photo, 0)
        row.add(side, 1)
        self.body_layout.addWidget(row, 1)
        self.retake_button = BigButton(parent=self.bottom_bar)
        self.retake_button.setObjectName("retake")
        self.retake_button.clicked.connect(self.retake_requested)
        self.accept_button = BigButton(role=ButtonRole.PRIMARY)
        self.accept_button.clicked.connect(self.accepted)
        self.set_main_action(self.accept_button)
        self._bottom.insertWidget(self._bottom.indexOf(self.accept_button), self.retake_button)
        self.back_button.hide()  # retake is the way back
        self.disable_while_busy(self.retake_button)
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Real-name collection")

    def help_text(self) -> str:
        return self.tr(
            "Check that the photo shows the person in front of you and that every measure "
            "passed. Tap Save to keep the record on this terminal, or Retake."
        )

    def show_capture(self, capture: CaptureResult, *, retakes_left: int) -> None:
        self._capture = capture
        self._retakes_left = retakes_left
        image = QPixmap()
        image.loadFromData(capture.image_jpeg, "JPG")
        if not image.isNull():
            image = image.scaledToHeight(PHOTO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
        self.photo.setPixmap(image)
        self.photo.setFixedSize(image.size() if not image.isNull() else self.photo.sizeHint())
        self.retake_button.setEnabled(retakes_left > 0)
        self.retranslate_screen()

    def retranslate_screen(self) -> None:
        self.scores.setHorizontalHeaderLabels(
            [self.tr("Measure"), self.tr("Value"), self.tr("Threshold"), self.tr("Result")]
        )
        self.retake_button.setText(
            self.tr("Retake ({count} left)").format(count=self._retakes_left)
        )
        self.accept_button.setText(self.tr("Save"))
        capture = self._capture
        if capture is None:
            self.scores.setRowCount(0)
            self.liveness.clear()
            self.match.clear()
            return
        scores = capture.quality.scores
        self.scores.setRowCount(len(scores))
        for index, score in enumerate(scores):
            verdict = self.tr("✓ Passed") if score.passed else self.tr("✗ Failed")
            values = (
                self.measure_name(score.measure),
                _number(score.value),
                threshold_text(score.threshold, self.language.current),
                verdict,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3:
                    item.setData(Qt.ItemDataRole.UserRole, score.passed)
                self.scores.setItem(index, column, item)
        self.scores.setFixedHeight(
            self.scores.horizontalHeader().sizeHint().height() + ROW_PX * len(scores) + 4
        )
        steps = ", ".join(self.step_name(step) for step in capture.liveness_steps)
        if capture.liveness_passed:
            self.liveness.setText(self.tr("Liveness: ✓ passed ({steps})").format(steps=steps))
        else:
            self.liveness.setText(self.tr("Liveness: ✗ not passed"))
        if capture.match_distance is None or capture.match_threshold is None:
            self.match.setText(self.tr("Document photo: none given, no comparison."))
        else:
            template = (
                self.tr("Document photo: ✓ same person (distance {distance} ≤ {threshold})")
                if capture.matches
                else self.tr(
                    "Document photo: ✗ may be a different person "
                    "(distance {distance} > {threshold})"
                )
            )
            self.match.setText(
                template.format(
                    distance=f"{capture.match_distance:.3f}",
                    threshold=f"{capture.match_threshold:.2f}",
                )
            )

    def measure_name(self, measure: QualityMeasure) -> str:
        names = {
            QualityMeasure.FACE_COUNT: self.tr("Faces in the picture"),
            QualityMeasure.INTER_EYE_DISTANCE: self.tr("Distance between the eyes (px)"),
            QualityMeasure.YAW: self.tr("Head turn (degrees)"),
            QualityMeasure.ROLL: self.tr("Head tilt (degrees)"),
            QualityMeasure.BRIGHTNESS: self.tr("Brightness"),
            QualityMeasure.EXPOSURE_CLIPPING: self.tr("Over/under-exposed share"),
            QualityMeasure.SHARPNESS: self.tr("Sharpness"),
            QualityMeasure.CENTRED: self.tr("Distance from the centre"),
            QualityMeasure.CROPPED: self.tr("Face fully in the picture"),
        }
        return names.get(measure, measure.value)

    def step_name(self, step: ChallengeStep) -> str:
        names = {
            ChallengeStep.TURN_LEFT: self.tr("turn left"),
            ChallengeStep.TURN_RIGHT: self.tr("turn right"),
            ChallengeStep.COME_CLOSER: self.tr("come closer"),
        }
        return names[step]

    def wipe(self) -> None:
        super().wipe()
        self._capture = None
        self.photo.clear()
        self.retranslate_screen()


def threshold_text(threshold: str, lang: Lang) -> str:
    """The pipeline's threshold ("within [90, 300]", ">= 30") in the screen's language."""
    text = threshold.replace(">=", "≥").replace("<=", "≤").replace("==", "=")
    match = re.fullmatch(r"within \[(.+), (.+)\]", text)
    if match is None:
        return text
    low, high = match.groups()
    return f"{low} ~ {high}" if lang is Lang.ZH else f"{low} to {high}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
