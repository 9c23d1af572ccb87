"""The QR code of QR login / QR verification (R-QR-1/R-QR-2), painted square and crisp.

The modules come from ``kiosk.services.qr_image.qr_matrix``; each is drawn as a whole
number of pixels (no smoothing), so a phone scans it off the screen. Dark on white whatever
the theme: a scanner needs the contrast. ``clear()`` wipes it (R-SE-1, expiry).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from kiosk.services.qr_image import Matrix, qr_matrix

MIN_SIDE_PX = 240  # scannable from arm's length on a hall terminal's screen


class QrCodeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: Matrix = ()
        self.setObjectName("qrCode")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @override
    def sizeHint(self) -> QSize:
        return QSize(MIN_SIDE_PX + 80, MIN_SIDE_PX + 80)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_SIDE_PX, MIN_SIDE_PX)

    @property
    def has_code(self) -> bool:
        return bool(self._matrix)

    def show_payload(self, payload: str) -> None:
        self._matrix = qr_matrix(payload)
        self.update()

    def clear(self) -> None:
        self._matrix = ()
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        count = len(self._matrix)
        module = max(1, min(self.width(), self.height()) // count)
        side = module * count
        left = (self.width() - side) // 2
        top = (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, QColor(Qt.GlobalColor.white))
        black = QColor(Qt.GlobalColor.black)
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(left + x * module, top + y * module, module, module, black)
        painter.end()
