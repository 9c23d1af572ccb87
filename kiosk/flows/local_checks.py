"""The checks every journey makes on the terminal before it asks the service: a typo never
costs a round trip or a counted try. Each answers the catalog error a person reads."""

from __future__ import annotations

from kiosk.domain.documents import DocumentType, normalize_document_number, validate_document_number
from kiosk.domain.messages import ErrorCode
from kiosk.domain.phones import check_phone, normalize_phone
from kiosk.services.account_api import AccountError

_DOCUMENT_TYPE: dict[str, object] = {"field_zh": "证件类型", "field_en": "document type"}
_DOCUMENT_NUMBER: dict[str, object] = {"field_zh": "证件号码", "field_en": "document number"}


def checked_document(
    document_type: DocumentType | str, number: str
) -> tuple[DocumentType, str] | AccountError:
    """The type and the normalized number (R-ID-5), or what is wrong with them."""
    try:
        doc_type = DocumentType(document_type)
    except ValueError:
        return AccountError(ErrorCode.FIELD_REQUIRED, _DOCUMENT_TYPE)
    text = normalize_document_number(number)
    if not text:
        return AccountError(ErrorCode.FIELD_REQUIRED, _DOCUMENT_NUMBER)
    checked = validate_document_number(doc_type, text)
    if not checked.ok:
        reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
        return AccountError(ErrorCode.VALIDATION_ERROR, reason)
    return doc_type, text


def checked_phone(phone: str) -> str | AccountError:
    """The normalized mobile number, or PHONE_FORMAT with the reason."""
    checked = check_phone(phone)
    if not checked.ok:
        reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
        return AccountError(ErrorCode.PHONE_FORMAT, reason)
    return normalize_phone(phone)
