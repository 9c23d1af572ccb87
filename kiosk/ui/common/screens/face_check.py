"""The public side's live face check (R-RN-4): preview with one instruction at a time, the
liveness challenge, and for every fault or refusal a sentence addressed to the person.

Reusable: forgot password uses it now (R-PW-4); registration, the login second factor and
the level 3→4 raise subclass it for their own title and help. The screen only shows;
``kiosk.ui.common.face_check.FaceCheck`` drives the camera and the analysis (``LiveCapture``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.protocol.errors import UserError
from kiosk.ui.common.live_capture import CaptureFault
from kiosk.ui.common.screens.base import FlowScreen
from kiosk.ui.common.text import Text
from kiosk.ui.common.widgets.adaptive_row import AdaptiveRow
from kiosk.ui.common.widgets.big_button import BigButton, ButtonRole
from kiosk.ui.common.widgets.camera_view import CameraView
from kiosk.ui.i18n import LanguageController


class FaceCheckScreen(FlowScreen):
    retry_requested = Signal()

    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        super().__init__(language, parent)
        self._fault: CaptureFault | None = None
        self.camera = CameraView(language, self.body)
        self.camera.setObjectName("cameraView")
        self.intro = QLabel(self.body)
        self.intro.setProperty("textRole", "body")
        self.intro.setWordWrap(True)
        self.tips = QLabel(self.body)
        self.tips.setObjectName("faceTips")
        self.tips.setProperty("textRole", "notice")
        self.tips.setWordWrap(True)
        side = QWidget(self.body)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        for widget in (self.intro, self.tips, self.banner, self.busy):
            column.addWidget(widget)
        column.addStretch(1)
        row = AdaptiveRow(self.body)
        row.add(self.camera, 3)
        row.add(side, 2)
        self.body_layout.addWidget(row, 1)
        self.retry_button = BigButton(role=ButtonRole.PRIMARY)
        self.retry_button.setObjectName("faceRetry")
        self.retry_button.clicked.connect(self.retry_requested)
        self.set_main_action(self.retry_button)
        self.retry_button.hide()
        self.retranslate()

    # -- texts a use of the check may override -------------------------------------------------

    def title_text(self) -> str:
        return self.tr("Face check")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture: look at the camera, then turn your head or come closer as the arrow "
            "shows. The check runs by itself; only a code of your face is sent, never the "
            "picture."
        )

    def intro_text(self) -> str:
        return self.tr(
            "Look at the camera and follow the instruction under the picture. The check runs "
            "by itself."
        )

    def retranslate_screen(self) -> None:
        self.intro.setText(self.intro_text())
        self.tips.setText(
            self.tr(
                "For a good result: enough light on your face, no other face in the picture, "
                "and follow the prompts."
            )
        )
        self.retry_button.setText(self.tr("Try again"))

    # -- API ---------------------------------------------------------------------------------

    @property
    def fault(self) -> CaptureFault | None:
        return self._fault

    def show_loading_models(self) -> None:
        self.set_busy(True, lambda: self.tr("Preparing the face check…"))
        self.retry_button.hide()

    def models_loaded(self) -> None:
        self.set_busy(False)

    def show_fault(self, fault: CaptureFault) -> None:
        """What stopped the capture and what to do, and Try again (never for broken models:
        those need the staff)."""
        self._fault = fault
        self.banner.show_error(self._fault_text(fault))
        self.retry_button.setVisible(fault is not CaptureFault.MODELS_FAILED)
        if fault is CaptureFault.CAMERA_LOST:
            self.camera.show_placeholder(lambda: self.tr("No picture from the camera"))

    def show_refusal(self, error: UserError, *, can_retry: bool) -> None:
        """The service said no (FACE_MISMATCH with the tries left, a lock): the catalog
        text, and Try again while tries remain."""
        self._fault = None
        self.show_error(error)
        self.retry_button.setVisible(can_retry)

    def show_error(self, error: UserError) -> None:
        # Any error on this screen (the network, the service) leaves a way to try again.
        super().show_error(error)
        self.retry_button.show()

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
                "The camera stopped sending pictures. Tap Try again; if it happens again, ask "
                "the hall staff."
            ),
            CaptureFault.TOO_DARK: lambda: self.tr(
                "It is too dark to see your face. Face the light, then tap Try again."
            ),
            CaptureFault.TWO_FACES: lambda: self.tr(
                "More than one face is in the picture. Ask the others to step out of view, "
                "then tap Try again."
            ),
            CaptureFault.NO_FACE: lambda: self.tr(
                "No face is seen. Stand in front of the camera, then tap Try again."
            ),
            CaptureFault.LIVENESS_FAILED: lambda: self.tr(
                "The actions were not completed in time. Follow the arrow on the picture, then "
                "tap Try again."
            ),
            CaptureFault.QUALITY_FAILED: lambda: self.tr(
                "No picture was clear enough. Face the light and the camera, then tap Try again."
            ),
            CaptureFault.MODELS_FAILED: lambda: self.tr(
                "Face checks are not available on this terminal now. Use another way, or ask "
                "the hall staff."
            ),
            CaptureFault.ANALYSIS_FAILED: lambda: self.tr(
                "The picture could not be checked. Tap Try again; if it happens again, ask the "
                "hall staff."
            ),
        }
        return texts[fault]
