"""The outcome of checking one typed value against a rule: ok, or which part is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.lang import Lang


class FieldFault(StrEnum):
    """A validator's finding: which part of a value is wrong, so callers and tests need not
    parse the text."""

    EMPTY = "empty"
    LENGTH = "length"
    CHARACTERS = "characters"
    REGION = "region"
    BIRTH_DATE = "birth_date"
    CHECK_CHARACTER = "check_character"
    PREFIX = "prefix"
    REGISTRY_AUTHORITY = "registry_authority"
    ENTITY_TYPE = "entity_type"
    CHARACTER_KINDS = "character_kinds"
    FIRST_CHARACTER = "first_character"
    WRONG_DOCUMENT_TYPE = "wrong_document_type"
    FORMAT = "format"


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """``reason_zh``/``reason_en`` say what is wrong and what to do; empty when ``ok``."""

    ok: bool
    reason_zh: str
    reason_en: str
    rule: str
    fault: FieldFault | None = None

    @classmethod
    def valid(cls, rule: str) -> ValidationResult:
        return cls(ok=True, reason_zh="", reason_en="", rule=rule)

    @classmethod
    def invalid(cls, rule: str, fault: FieldFault, zh: str, en: str) -> ValidationResult:
        return cls(ok=False, reason_zh=zh, reason_en=en, rule=rule, fault=fault)

    def reason(self, lang: Lang) -> str:
        return self.reason_zh if lang is Lang.ZH else self.reason_en
