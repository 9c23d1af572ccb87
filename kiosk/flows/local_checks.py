"""The checks every journey makes on the terminal before it asks the service: a typo never
costs a round trip or a counted try. Each answers the catalog error a person reads."""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.domain.documents import DocumentType, normalize_document_number, validate_document_number
from kiosk.domain.enterprise_codes import is_taxpayer_id, normalize_enterprise_code
from kiosk.domain.identifiers import identifier_problem, normalize_identifier
from kiosk.domain.password_policy import refuse_new_password
from kiosk.domain.phones import check_phone, normalize_phone
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, identifier_code, password_code

_DOCUMENT_TYPE: dict[str, object] = {"field_zh": "证件类型", "field_en": "document type"}
_DOCUMENT_NUMBER: dict[str, object] = {"field_zh": "证件号码", "field_en": "document number"}
_ENTERPRISE_CODE: dict[str, object] = {
    "field_zh": "企业的统一社会信用代码或纳税人识别号",
    "field_en": "enterprise's unified social credit code or taxpayer id",
}


def checked_document(
    document_type: DocumentType | str, number: str
) -> tuple[DocumentType, str] | UserError:
    """The type and the normalized number (R-ID-5), or what is wrong with them."""
    try:
        doc_type = DocumentType(document_type)
    except ValueError:
        return UserError(ErrorCode.FIELD_REQUIRED, _DOCUMENT_TYPE)
    text = normalize_document_number(number)
    if not text:
        return UserError(ErrorCode.FIELD_REQUIRED, _DOCUMENT_NUMBER)
    checked = validate_document_number(doc_type, text)
    if not checked.ok:
        reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
        return UserError(ErrorCode.VALIDATION_ERROR, reason)
    return doc_type, text


def checked_phone(phone: str) -> str | UserError:
    """The normalized mobile number, or PHONE_FORMAT with the reason."""
    checked = check_phone(phone)
    if not checked.ok:
        reason = {"reason": checked.reason_zh, "reason_en": checked.reason_en}
        return UserError(ErrorCode.PHONE_FORMAT, reason)
    return normalize_phone(phone)


def checked_enterprise_code(raw: str) -> str | UserError:
    """The normalized code an enterprise logs in by (R-EN-1, R-ID-5): its USCC or taxpayer
    id, with the service's own test, so a typo costs neither a round trip nor a counted
    password try."""
    text = normalize_enterprise_code(raw)
    if not text:
        return UserError(ErrorCode.FIELD_REQUIRED, _ENTERPRISE_CODE)
    if not is_taxpayer_id(text):
        return UserError(ErrorCode.ENTERPRISE_CODE_INVALID)
    return text


def checked_identifier(raw: str, field: dict[str, object]) -> str | UserError:
    """The normalized login identifier (R-LG-1), or FIELD_REQUIRED naming ``field``, or
    what is wrong with it (R-ID-5 says which part of an ID number)."""
    text = normalize_identifier(raw)
    if not text:
        return UserError(ErrorCode.FIELD_REQUIRED, field)
    problem = identifier_problem(text)
    if problem is not None:
        reason = {"reason": problem.reason_zh, "reason_en": problem.reason_en}
        return UserError(identifier_code(problem), reason)
    return text


def new_password_error(
    password: str, confirm: str, *, document_number: str = "", phones: Iterable[str | None] = ()
) -> UserError | None:
    """The one new-password policy (R-PW-2/3, not guessable from what this terminal knows of
    the person), then the confirmation; None when the service may be asked."""
    refusal = refuse_new_password(password, document_number=document_number, phones=phones)
    if refusal is not None:
        reason = {"reason": refusal.reason_zh, "reason_en": refusal.reason_en}
        return UserError(password_code(refusal.fault), reason)
    if password != confirm:
        return UserError(ErrorCode.PASSWORD_MISMATCH)
    return None
