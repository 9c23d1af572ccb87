"""Card monitor events, from the card owner thread to the GUI thread, by a queued signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.devices.cards.monitor import CardEvent


class CardBridge(QObject):
    card_event = Signal(object)  # CardEvent, on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest: CardEvent | None = None
        self.card_event.connect(self._remember)

    def on_event(self, event: CardEvent) -> None:
        """The monitor's listener (any thread)."""
        self.card_event.emit(event)

    def _remember(self, event: CardEvent) -> None:
        self.latest = event
