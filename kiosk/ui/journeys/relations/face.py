"""The face check that confirms a pending authorization in 企业授权管理 (R-RE-5): the shared
live check and its screen (``FaceCheckScreen``), titled for this journey and naming what it
confirms."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.protocol.enterprise import RelationView
from kiosk.ui.common.screens.face_check import FaceCheckScreen
from kiosk.ui.i18n import LanguageController
from kiosk.ui.journeys.relations.texts import relation_line


class RelationFaceScreen(FaceCheckScreen):
    def __init__(self, language: LanguageController, parent: QWidget | None = None) -> None:
        self._relation: RelationView | None = None  # read by the texts in the base constructor
        super().__init__(language, parent)

    def title_text(self) -> str:
        return self.tr("Enterprise authorizations")

    def help_text(self) -> str:
        return self.tr(
            "Stand in front of the camera, alone, and follow the instruction under the "
            "picture. Your face confirms the authorization; only a code of your face is sent, "
            "never the picture. Tap Back to return to the list without confirming."
        )

    def intro_text(self) -> str:
        relation = self._relation
        if relation is None:
            return ""
        return self.tr(
            "To confirm {relation}, look at the camera and follow the instruction under the "
            "picture. The check runs by itself."
        ).format(relation=relation_line(relation))

    def confirming(self, relation: RelationView | None) -> None:
        self._relation = relation
        self.retranslate()
