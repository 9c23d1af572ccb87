"""Live feedback for the collection form: document number per type, Chinese or Latin names.

The document number check is the domain's (R-ID-2 / R-ID-5); the name checks are the
terminal's first line (the flow and the service check again).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication

from kiosk.domain.documents import DocumentType, validate_document_number
from kiosk.ui.widgets.format_field import Feedback, FeedbackState

_HAN = re.compile(r"[\u3400-\u9fff\u00b7]+")  # 汉字 and the middle dot of 阿卜杜·热合曼
_LATIN = re.compile(r"[A-Za-z][A-Za-z .'\-]*")


def document_feedback(doc_type: DocumentType, raw: str, today: date | None = None) -> Feedback:
    result = validate_document_number(doc_type, raw, today=today)
    return Feedback.from_result(
        result,
        lambda _lang: QCoreApplication.translate(
            "CollectionValidators", "The document number format is correct."
        ),
    )


def chinese_name_feedback(raw: str) -> Feedback:
    text = raw.strip()
    if not _HAN.fullmatch(text):
        return Feedback(
            FeedbackState.ERROR,
            lambda _lang: QCoreApplication.translate(
                "CollectionValidators",
                "Enter the name in Chinese characters as on the document (type Pinyin, then "
                "choose the characters).",
            ),
            "R-ID-2",
        )
    if len(text) < 2:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda _lang: QCoreApplication.translate(
                "CollectionValidators", "A name has at least 2 characters."
            ),
        )
    return Feedback(
        FeedbackState.OK,
        lambda _lang: QCoreApplication.translate("CollectionValidators", "Name entered."),
    )


def latin_name_feedback(raw: str) -> Feedback:
    text = raw.strip()
    if not _LATIN.fullmatch(text):
        return Feedback(
            FeedbackState.ERROR,
            lambda _lang: QCoreApplication.translate(
                "CollectionValidators",
                "Enter the name in Latin letters as printed in the document (letters, spaces, "
                "hyphens and apostrophes).",
            ),
            "R-ID-2",
        )
    if len(text) < 2:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda _lang: QCoreApplication.translate(
                "CollectionValidators", "A name has at least 2 letters."
            ),
        )
    return Feedback(
        FeedbackState.OK,
        lambda _lang: QCoreApplication.translate("CollectionValidators", "Name entered."),
    )
