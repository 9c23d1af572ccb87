"""The painted QR code (R-QR-1/R-QR-2) scans back to the payload, as a phone would read
it off the screen (OpenCV's QR detector on a grab of the widget)."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.ui.common.widgets.qr_code_view import MIN_SIDE_PX, QrCodeView

PAYLOAD = "taxkiosk-qr:v1:Zq0-9xYw_AbCdEfGhIjKlM"


def _grab_gray(view: QrCodeView) -> np.ndarray:
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, :width].copy()


def test_R_QR_1_painted_code_scans_to_the_payload(qtbot: QtBot) -> None:
    view = QrCodeView()
    qtbot.addWidget(view)
    view.resize(MIN_SIDE_PX + 60, MIN_SIDE_PX)
    view.show_payload(PAYLOAD)
    assert view.has_code
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(_grab_gray(view))
    assert text == PAYLOAD


def test_R_SE_1_clear_leaves_nothing_to_scan(qtbot: QtBot) -> None:
    view = QrCodeView()
    qtbot.addWidget(view)
    view.resize(MIN_SIDE_PX, MIN_SIDE_PX)
    view.show_payload(PAYLOAD)
    view.clear()
    assert not view.has_code
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(_grab_gray(view))
    assert text == ""
