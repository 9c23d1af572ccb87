"""个人实名等级 3 → 4 (R-RN-3): the face check from the account center, and the same check
asked of a level-3 person who starts key business (R-RN-2)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.i18n import LanguageController


class LevelFaceScreen(FaceCheckScreen):
    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        self._for_business = False  # read by the texts during the base constructor
        super().__init__(language, parent)

    def title_text(self) -> str:
        return self.tr("Real-name level")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face is compared with your reference photo; only a code of your "
            "face is sent, never the picture. When it passes, your real-name level becomes 4."
        )

    def intro_text(self) -> str:
        if self._for_business:
            return self.tr(
                "Your real-name level is 3. Tax business needs level 4: a face check raises "
                "it now. Look at the camera and follow the instruction under the picture."
            )
        return self.tr(
            "A face check raises your real-name level from 3 to 4. Look at the camera and "
            "follow the instruction under the picture."
        )

    def set_for_business(self, for_business: bool) -> None:
        """Why the check is asked: from the account center, or before key business."""
        self._for_business = for_business
        self.retranslate()
