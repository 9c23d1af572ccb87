"""A small drawn icon so that colour never carries meaning alone (ui.md)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override


class IconKind(StrEnum):
    ERROR = "error"  # "!" in a disc
    SUCCESS = "success"  # a tick in a disc
    INFO = "info"  # "i" in a disc


class StatusIcon(QWidget):
    """A filled disc in the widget's text colour (from the theme) with a white mark."""

    def __init__(self, kind: IconKind = IconKind.INFO, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = kind
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @override
    def sizeHint(self) -> QSize:
        side = max(40, self.fontMetrics().height() + 8)
        return QSize(side, side)

    @override
    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    @property
    def kind(self) -> IconKind:
        return self._kind

    def set_kind(self, kind: IconKind) -> None:
        self._kind = kind
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        box = QRectF(1, 1, side - 2, side - 2)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(self.foregroundRole()))
        painter.drawEllipse(box)
        mark = QPen(Qt.GlobalColor.white)
        mark.setWidthF(side / 9)
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        if self._kind is IconKind.SUCCESS:
            tick = QPainterPath(QPointF(side * 0.28, side * 0.52))
            tick.lineTo(side * 0.44, side * 0.68)
            tick.lineTo(side * 0.72, side * 0.34)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        else:
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(round(side * 0.62))
            painter.setFont(font)
            glyph = "!" if self._kind is IconKind.ERROR else "i"
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)
        painter.end()
