"""Who an answer is about: a person (masked), an organization, a notice for the person."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime

from kiosk.protocol.base import AnswerModel
from kiosk.protocol.enterprise import RoleValue


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
    # 人企关联 (R-RE-5, R-RE-7, R-HA-2): told to the person concerned ...
    RELATION_ADDED = "relation_added"  # an enterprise (or the hall) added them: confirm
    RELATION_ENDED = "relation_ended"  # the enterprise or the hall ended their relation
    RELATION_WITHDRAWN = "relation_withdrawn"  # the enterprise withdrew its addition
    APPLICATION_APPROVED = "application_approved"
    APPLICATION_DECLINED = "application_declined"
    # ... and to the enterprise's legal representative and finance head (R-RE-4)
    APPLICATION_RECEIVED = "application_received"  # a person applied (申请企业授权)
    REQUEST_WITHDRAWN = "request_withdrawn"  # ... and withdrew the application
    RELATION_CONFIRMED = "relation_confirmed"  # an added person confirmed
    RELATION_REFUSED = "relation_refused"  # ... or refused
    RELATION_LEFT = "relation_left"  # a handler removed the enterprise (已授权企业 → 删除)


class Notice(AnswerModel):
    """Something that happened to the account while the person was away."""

    notice_id: str
    kind: NoticeKind
    phone_masked: str | None
    at: AwareDatetime
    username: str | None = None  # the released username (username_released)
    # Relation notices: the enterprise, the role, the other person (masked) or the hall.
    enterprise: str | None = None
    role: RoleValue | None = None
    subject: str | None = None  # "张*"; None when the hall acted (``by_hall``)
    by_hall: bool = False
