from __future__ import annotations

from pydantic import BaseModel


class PersonSummary(BaseModel):
    person_id: str
    name_masked: str
    id_number_masked: str
    real_name_level: int
    username: str | None
    phone_masked: str | None
