"""Who an answer is about: a person (masked), an organization, a notice for the person."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime

from kiosk.protocol.base import AnswerModel


class PersonSummary(AnswerModel):
    person_id: str
    name_masked: str
    id_number_masked: str
    real_name_level: int
    username: str | None = None
    phone_masked: str | None = None


class Organization(AnswerModel):
    """An agency or an enterprise, by its 统一社会信用代码."""

    uscc: str
    name: str


class NoticeKind(StrEnum):
    PHONE_MOVED = "phone_moved"  # R-PH-2: someone else verified the number, now theirs
    USERNAME_RELEASED = "username_released"  # R-LG-1: a document number equal to it registered
    HALL_FACE_HELD = "hall_face_held"  # R-HA-1: a different face collected, under review
    HALL_FACE_APPROVED = "hall_face_approved"  # a second staff member approved it
    HALL_FACE_REJECTED = "hall_face_rejected"  # ... or refused it


class Notice(AnswerModel):
    """Something that happened to the account while the person was away."""

    notice_id: str
    kind: NoticeKind
    phone_masked: str | None
    at: AwareDatetime
    username: str | None = None  # the released username (username_released)
