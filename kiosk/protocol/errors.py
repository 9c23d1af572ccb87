"""The one error a person can meet, on both sides of the wire: a catalog code (its rule,
HTTP status, Chinese and English text: ``kiosk.protocol.messages``) and the values of its
message.

The service's rules raise it and answer it as the error body below; the kiosk rebuilds it
from that body, and raises it for what its own devices and checks refuse. Free-text values
travel in pairs: ``reason`` (Chinese) and ``reason_en`` (English).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kiosk.protocol.messages import ErrorCode, Lang, message_for


class UserError(Exception):
    def __init__(
        self,
        code: ErrorCode,
        details: dict[str, Any] | None = None,
        *,
        details_en: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.details: dict[str, Any] = dict(details or {})
        self.details.update({f"{key}_en": value for key, value in (details_en or {}).items()})
        super().__init__(f"{code.value} {self.rule or ''}".strip())

    @property
    def rule(self) -> str | None:
        return message_for(self.code).rule

    @property
    def status_code(self) -> int:
        return message_for(self.code).http_status

    def text(self, lang: Lang) -> str:
        return message_for(self.code).render(lang, self.details)

    @property
    def retry_after_s(self) -> int | None:
        value = self.details.get("retry_after_s")
        return int(value) if value is not None else None

    def answer(self) -> ErrorAnswer:
        return ErrorAnswer(
            error=ErrorBody(
                code=self.code,
                rule=self.rule,
                message_zh=self.text(Lang.ZH),
                message_en=self.text(Lang.EN),
                details=self.details,
            )
        )


class ErrorBody(BaseModel):
    """The service always sends every field; a terminal needs only ``code`` and
    ``details`` (it words the message from its own catalog)."""

    code: ErrorCode
    rule: str | None = None
    message_zh: str = ""
    message_en: str = ""
    details: dict[str, Any] = {}


class ErrorAnswer(BaseModel):
    """Every error answer of every route (docs/protocol.md "Errors")."""

    error: ErrorBody
