"""Collection step 3: the live face capture — preview with guidance and the liveness
challenge, and for every fault a clear sentence and a Try again button.

The screen only shows; ``kiosk.ui.common.live_capture.LiveCapture`` feeds it frames (camera thread
→ signal) and analyses (worker thread → signal). Nothing here blocks the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.common.live_capture import CaptureFault
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.text import Text
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.camera_view import CameraView
from kiosk.ui.i18n import LanguageController


class CollectionCaptureScreen(FlowScreen):
    retry_requested = Signal()
    exception_requested = Signal()  # staff give up capturing: note the reason

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._attempt = (1, 1)
        self._fault: CaptureFault | None = None
        self.camera = CameraView(language, self.body)
        self.camera.setObjectName("cameraView")
        self.intro = QLabel(self.body)
        self.intro.setProperty("textRole", "body")
        self.intro.setWordWrap(True)
        self.attempt_label = QLabel(self.body)
        self.attempt_label.setObjectName("attempt")
        self.attempt_label.setProperty("textRole", "label")
        self.exception_button = BigButton(parent=self.body)
        self.exception_button.setObjectName("recordException")
        self.exception_button.clicked.connect(self.exception_requested)
        side = QWidget(self.body)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        for widget in (self.intro, self.attempt_label, self.banner, self.busy):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.exception_button)
        row = AdaptiveRow(self.body)
        row.add(self.camera, 3)
        row.add(side, 2)
        self.body_layout.addWidget(row, 1)
        self.retry_button = BigButton(role=ButtonRole.PRIMARY)
        self.retry_button.clicked.connect(self.retry_requested)
        self.set_main_action(self.retry_button)
        self.retry_button.hide()
        self.retranslate()

    def title_text(self) -> str:
        return self.tr("Real-name collection")

    def help_text(self) -> str:
        return self.tr(
            "Ask the person to stand in front of the camera, alone, and to follow the "
            "instruction under the picture: face the camera, then turn the head or come "
            "closer as the arrow shows. The photo is taken automatically."
        )

    def retranslate_screen(self) -> None:
        self.intro.setText(
            self.tr(
                "Ask the person to look at the camera and follow the instruction under the "
                "picture. The photo is taken automatically."
            )
        )
        current, total = self._attempt
        self.attempt_label.setText(
            self.tr("Attempt {current} of {total}").format(current=current, total=total)
        )
        self.exception_button.setText(self.tr("Cannot capture: record an exception"))
        self.retry_button.setText(self.tr("Try again"))

    # -- API ---------------------------------------------------------------------------------

    def set_attempt(self, current: int, total: int) -> None:
        self._attempt = (current, total)
        self.retranslate_screen()

    def show_loading_models(self) -> None:
        self.set_busy(True, lambda: self.tr("Loading face models…"))
        self.retry_button.hide()

    def models_loaded(self) -> None:
        self.set_busy(False)

    @property
    def fault(self) -> CaptureFault | None:
        return self._fault

    def show_fault(self, fault: CaptureFault, attempts_left: int | None = None) -> None:
        """A clear sentence (what happened, what to do) and Try again."""
        self._fault = fault
        text = self._fault_text(fault)
        left = attempts_left
        if left is not None:
            self.banner.show_error(
                lambda: text() + " " + self.tr("{count} attempt(s) left.").format(count=left)
            )
        else:
            self.banner.show_error(text)
        self.retry_button.show()
        if fault is CaptureFault.CAMERA_LOST:
            self.camera.show_placeholder(lambda: self.tr("No picture from the camera"))

    def clear_fault(self) -> None:
        self._fault = None
        self.banner.clear()
        self.retry_button.hide()

    def wipe(self) -> None:
        super().wipe()
        self.clear_fault()
        self.camera.clear()

    def _fault_text(self, fault: CaptureFault) -> Text:
        texts: dict[CaptureFault, Text] = {
            CaptureFault.CAMERA_LOST: lambda: self.tr(
                "The camera stopped sending pictures. Check that its cable is plugged in, then "
                "tap Try again."
            ),
            CaptureFault.TOO_DARK: lambda: self.tr(
                "It is too dark to see the face. Turn on the light or ask the person to face "
                "the light, then tap Try again."
            ),
            CaptureFault.TWO_FACES: lambda: self.tr(
                "More than one face is in the picture. Ask the others to step out of view, "
                "then tap Try again."
            ),
            CaptureFault.NO_FACE: lambda: self.tr(
                "No face is seen. Ask the person to stand in front of the camera, then tap "
                "Try again."
            ),
            CaptureFault.LIVENESS_FAILED: lambda: self.tr(
                "The actions were not completed in time. Show the person the arrow on the "
                "picture, then tap Try again."
            ),
            CaptureFault.QUALITY_FAILED: lambda: self.tr(
                "No photo was good enough. Check the light and that the face is centred, then "
                "tap Try again."
            ),
            CaptureFault.MODELS_FAILED: lambda: self.tr(
                "The face models could not be loaded. Record an exception, and report the "
                "terminal to the technical staff."
            ),
            CaptureFault.ANALYSIS_FAILED: lambda: self.tr(
                "The picture could not be analysed. Tap Try again; if it happens again, record "
                "an exception."
            ),
        }
        return texts[fault]
