"""The QR image the kiosk shows decodes back to the payload (R-QR-1), read by OpenCV's
QR detector as a phone's camera would."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.services.qr_image import QUIET_ZONE, qr_matrix, qr_png

PAYLOAD = "taxkiosk-qr:v1:3q2-7Yh_0aBcDeFgHiJkLw"


def test_R_QR_1_png_decodes_to_the_payload() -> None:
    png = qr_png(PAYLOAD, scale=6)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    side = len(qr_matrix(PAYLOAD)) * 6
    assert image.shape == (side, side)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
    assert text == PAYLOAD


def test_R_QR_1_matrix_is_square_with_a_quiet_zone() -> None:
    matrix = qr_matrix(PAYLOAD)
    assert all(len(row) == len(matrix) for row in matrix)
    assert not any(matrix[0]) and not any(row[0] for row in matrix)
    assert matrix[QUIET_ZONE][QUIET_ZONE]  # the finder pattern's dark corner
    assert len(matrix) < 40  # a short payload: a small, easily scanned version


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="scale"):
        qr_png(PAYLOAD, scale=0)
