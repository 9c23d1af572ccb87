"""R-ID-5 on the code an enterprise logs in by (R-EN-1): its unified social credit code, or
for an older 个体工商户 its 15-20 character taxpayer id (纳税人识别号)."""

from __future__ import annotations

import re

from kiosk.domain.id_numbers import validate_resident_id
from kiosk.domain.uscc import LENGTH as USCC_LENGTH
from kiosk.domain.uscc import normalize_uscc, validate_uscc

TAXPAYER_ID = re.compile(r"[0-9A-Z]{15,20}")
ID_NUMBER_LENGTH = 18


def normalize_enterprise_code(code: str) -> str:
    return normalize_uscc(code)


def is_taxpayer_id(code: str) -> bool:
    """15-20 digits or capital letters; an 18-character one is a USCC or a resident ID
    number, a 20-character one an ID number and two more characters."""
    text = normalize_enterprise_code(code)
    if not TAXPAYER_ID.fullmatch(text):
        return False
    if len(text) == USCC_LENGTH:
        return validate_uscc(text).ok or validate_resident_id(text).ok
    if len(text) == ID_NUMBER_LENGTH + 2:
        return validate_resident_id(text[:ID_NUMBER_LENGTH]).ok
    return True
