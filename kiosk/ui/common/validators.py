"""Live feedback for fields while the person types, composed from the shared domain checks.

Partial input is not an error: it gets a neutral progress note ("已输入 9 位"); only input
that can no longer become valid (a failing check character, a forbidden character) is an
error, with the domain's reason.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.domain.id_numbers import validate_resident_id
from kiosk.domain.identifiers import classify_identifier, normalize_identifier
from kiosk.domain.passwords import check_password
from kiosk.domain.phones import check_phone
from kiosk.ui.common.widgets.format_field import Feedback, FeedbackState

PHONE_LENGTH = 11
RESIDENT_ID_LENGTH = 18
SMS_CODE_LENGTH = 6


def identifier_feedback(raw: str) -> Feedback:
    """R-LG-1: an ID number, a phone number or a username (letters come from the keyboard)."""
    text = normalize_identifier(raw)
    count = len(text)
    digits_only = text.isdigit()
    id_shaped = count == RESIDENT_ID_LENGTH and text[:17].isdigit() and text[17] in "0123456789X"
    if id_shaped:
        return Feedback.from_result(
            validate_resident_id(text),
            lambda: QCoreApplication.translate(
                "Validators", "ID number format is correct (18 characters)."
            ),
        )
    if digits_only and count == PHONE_LENGTH and text.startswith("1"):
        return Feedback.from_result(
            check_phone(text),
            lambda: QCoreApplication.translate(
                "Validators", "Phone number format is correct (11 digits)."
            ),
        )
    if digits_only and count < RESIDENT_ID_LENGTH:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate(
                "Validators", "{count} entered: a phone number has 11 digits, an ID number 18."
            ).format(count=count),
        )
    if digits_only:
        return Feedback(
            FeedbackState.ERROR,
            lambda: QCoreApplication.translate(
                "Validators", "Too long: {count} entered, an ID number has 18 characters."
            ).format(count=count),
            "R-ID-5",
        )
    if classify_identifier(text) is not None:
        return Feedback(
            FeedbackState.OK,
            lambda: QCoreApplication.translate(
                "Validators", "Username or document number format is correct."
            ),
        )
    return Feedback(
        FeedbackState.NEUTRAL,
        lambda: QCoreApplication.translate(
            "Validators",
            "A username has 6-20 letters or digits and starts with a letter; "
            "other document numbers 5-30 characters.",
        ),
    )


def phone_feedback(raw: str) -> Feedback:
    """R-PH-1: a mainland mobile number; fewer than 11 digits is progress, not an error."""
    count = len(raw)
    if raw.isdigit() and count < PHONE_LENGTH:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate(
                "Validators", "{count} of 11 digits entered."
            ).format(count=count),
        )
    return Feedback.from_result(
        check_phone(raw),
        lambda: QCoreApplication.translate(
            "Validators", "Phone number format is correct (11 digits)."
        ),
    )


def sms_code_feedback(text: str) -> Feedback:
    count = len(text)
    if count < SMS_CODE_LENGTH:
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate("Validators", "{count} of 6 digits entered.").format(
                count=count
            ),
        )
    return Feedback(
        FeedbackState.OK,
        lambda: QCoreApplication.translate("Validators", "6 digits entered."),
    )


def new_password_feedback(text: str) -> Feedback:
    """R-PW-2, with the domain's reason naming every problem."""
    return Feedback.from_result(
        check_password(text),
        lambda: QCoreApplication.translate("Validators", "This password meets the rules."),
    )


def confirm_feedback(first: str, second: str) -> Feedback:
    """R-PW-5: the confirmation must repeat the new password exactly."""
    if not second:
        return Feedback.none()
    if first.startswith(second) and len(second) < len(first):
        return Feedback(
            FeedbackState.NEUTRAL,
            lambda: QCoreApplication.translate("Validators", "Keep typing…"),
        )
    if first == second:
        return Feedback(
            FeedbackState.OK,
            lambda: QCoreApplication.translate("Validators", "Both entries match."),
        )
    return Feedback(
        FeedbackState.ERROR,
        lambda: QCoreApplication.translate("Validators", "The two entries do not match yet."),
        "R-PW-5",
    )
