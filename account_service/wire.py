"""The base of every request model: one check of every text field on the way in
(``kiosk.domain.text``), answered 422 with the field named, before any rule or database
sees the value. Response models stay plain ``BaseModel``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

from kiosk.domain.text import first_unprintable


class RequestModel(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _printable(cls, data: Any) -> Any:
        where = first_unprintable(data)
        if where is not None:
            # The field's name only: the value may be personal data, or a log forgery.
            raise ValueError(f"{where}: contains a control or invalid character")
        return data
