"""Live feedback for the collection form: document number per type, Chinese or Latin names.

The checks are the domain's (R-ID-2 / R-ID-5 numbers, R-HA-1 names): the same rules the
flow decides with, so what shows ✓ here is what the flow accepts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from kiosk.domain.documents import DocumentType, validate_document_number
from kiosk.domain.names import (
    MIN_NAME_CHARS,
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)
from kiosk.ui.common.widgets.format_field import Feedback, FeedbackState


def document_feedback(doc_type: DocumentType, raw: str, today: date | None = None) -> Feedback:
    result = validate_document_number(doc_type, raw, today=today)
    return Feedback.from_result(
        result,
        lambda: QCoreApplication.translate(
            "CollectionValidators", "The document number format is correct."
        ),
    )


def chinese_name_feedback(raw: str) -> Feedback:
    text = normalize_chinese_name(raw)
    if not is_chinese_name(text):
        return Feedback(
            FeedbackState.ERROR,
            lambda: QCoreApplication.translate(
                "CollectionValidators",
                "Enter the name in Chinese characters as on the document (type Pinyin, then "
                "choose the characters).",
            ),
            "R-ID-2",
        )
    if len(text) < MIN_NAME_CHARS:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate(
                "CollectionValidators", "A name has at least 2 characters."
            ),
        )
    return Feedback(
        FeedbackState.OK,
        lambda: QCoreApplication.translate("CollectionValidators", "Name entered."),
    )


def latin_name_feedback(raw: str) -> Feedback:
    text = normalize_latin_name(raw)
    if not is_latin_name(text):
        return Feedback(
            FeedbackState.ERROR,
            lambda: QCoreApplication.translate(
                "CollectionValidators",
                "Enter the name in Latin letters as printed in the document (letters, spaces, "
                "hyphens and apostrophes).",
            ),
            "R-ID-2",
        )
    if len(text) < MIN_NAME_CHARS:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate(
                "CollectionValidators", "A name has at least 2 letters."
            ),
        )
    return Feedback(
        FeedbackState.OK,
        lambda: QCoreApplication.translate("CollectionValidators", "Name entered."),
    )
