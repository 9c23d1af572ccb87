"""A spinner with a sentence ("请稍候，正在连接…") shown while a call runs (ui.md: waits > 1 s)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget
from typing_extensions import override


class _Spinner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.angle = 0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @override
    def sizeHint(self) -> QSize:
        return QSize(44, 44)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(self.foregroundRole()))
        pen.setWidth(5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        box = QRectF(4, 4, self.width() - 8, self.height() - 8)
        painter.drawArc(box, -self.angle * 16, 270 * 16)
        painter.end()


class BusyIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spinner = _Spinner(self)
        self.label = QLabel(self)
        self.label.setProperty("textRole", "body")
        self.label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self._spinner)
        row.addWidget(self.label, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self._spin)
        self._sentence: Callable[[], str] | None = None
        self.hide()

    def start(self, sentence: Callable[[], str] | None = None) -> None:
        """``sentence`` is evaluated on each language switch (it calls ``tr()``)."""
        self._sentence = sentence
        self._render()
        self._timer.start()
        self.show()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _spin(self) -> None:
        self._spinner.angle = (self._spinner.angle + 30) % 360
        self._spinner.update()

    def _render(self) -> None:
        self.label.setText(self._sentence() if self._sentence else self.tr("Please wait…"))

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
