"""Side by side on a wide screen, stacked on a narrow one (1080x1920 portrait, ui.md).

The direction follows the *window* width, which the main window hands to every screen on
each resize — hidden screens too, whose own resize events Qt defers until they are shown
(a stale direction would otherwise inflate the window's minimum size).
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget

WIDE_WINDOW_PX = 1200


class AdaptiveRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(48)
        self._stretches: list[int] = []
        self.box.addStretch(0)  # the tail: takes the spare height when stacked

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.box.insertWidget(len(self._stretches), widget, stretch)
        self._stretches.append(stretch)

    @property
    def wide(self) -> bool:
        return self.box.direction() is QBoxLayout.Direction.LeftToRight

    def adapt(self, window_width: int) -> None:
        wide = window_width >= WIDE_WINDOW_PX
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() is direction:
            return
        self.box.setDirection(direction)
        # Side by side the columns share the width; stacked, they sit together at the top.
        for index, stretch in enumerate(self._stretches):
            self.box.setStretch(index, stretch if wide else 0)
        self.box.setStretch(len(self._stretches), 0 if wide else 1)
        relayout_up(self)


def relayout_up(start: QWidget) -> None:
    """After rearranging a layout: refresh cached size hints from ``start`` up to the window.

    Qt caches each widget's size hints in its parent's layout item; without this the old
    arrangement's minimum size sticks to the window (and a 1280x800 window grows taller).
    """
    widget: QWidget | None = start
    while widget is not None:
        widget.updateGeometry()
        layout = widget.layout()
        if layout is not None:
            layout.invalidate()
        widget = widget.parentWidget()


def relayout_all(root: QWidget) -> None:
    """Refresh every cached size hint below ``root`` (texts changed while it was hidden)."""
    for widget in root.findChildren(QWidget):
        widget.updateGeometry()
        layout = widget.layout()
        if layout is not None:
            layout.invalidate()
    relayout_up(root)
