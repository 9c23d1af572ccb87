"""The two bases of the wire: a request checks every text field on the way in
(``kiosk.domain.text``), answered 422 with the field named, before any rule or database
sees the value; an answer is a plain model whose unknown fields a terminal ignores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class AnswerModel(BaseModel):
    """An answer of the service: a value, like the terminal's own (hashable, never
    changed once built)."""

    model_config = ConfigDict(frozen=True)


class EmptyRequest(RequestModel):
    """A POST whose path says everything (an SMS send, a confirmation)."""


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
TEMPLATE_LENGTH = 128
# The template of the chosen camera frame, never a picture.
FaceTemplate = Annotated[
    list[FiniteFloat], Field(min_length=TEMPLATE_LENGTH, max_length=TEMPLATE_LENGTH)
]
