"""The polite notice for an entry a later release builds (not an error, not a dead button)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.ui.common.widgets.big_button import ButtonRole
from kiosk.ui.common.widgets.overlay import Overlay, OverlayAction


class ComingSoon(Overlay):
    def __init__(self, host: QWidget) -> None:
        super().__init__(
            host,
            title=lambda: self.tr("Coming soon"),
            body=lambda: self.tr(
                "This service will open soon at this terminal. Please ask the hall staff "
                "for help with it today."
            ),
            actions=(
                OverlayAction("close", lambda: self.tr("OK"), lambda: None, ButtonRole.PRIMARY),
            ),
        )
        self.setObjectName("comingSoon")
