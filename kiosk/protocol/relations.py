"""人企关联 managed from both sides (R-RE-4..7, R-HA-2): the person's 企业授权管理
(``/v1/session/relations/...``), the enterprise's 人员权限管理 (``/v1/enterprise/people...``)
and the hall counter (``/v1/staff/enterprises/...``). Every action answers the list as it
is afterwards, so a terminal never shows a state older than its last tap."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from kiosk.protocol.base import AnswerModel, FaceTemplate, RequestModel
from kiosk.protocol.enterprise import (
    EnterpriseInfo,
    OriginValue,
    Role,
    RoleValue,
    StateValue,
)

# The roles a person is added to, applies for, or removed from online (R-RE-4); the legal
# representative and the finance head follow the registration data, agents their agreement.
ONLINE_ROLES: tuple[Role, ...] = (Role.TAX_HANDLER, Role.INVOICER)

RelationId = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9]+$")]
EnterpriseCode = Annotated[str, Field(min_length=1, max_length=20)]


class RelationRequest(RequestModel):
    """One relation, by the id the list answered."""

    relation_id: RelationId


class RelationConfirmRequest(RequestModel):
    """待确认授权 → 确认: the face template unless the session began with a face login."""

    relation_id: RelationId
    template: FaceTemplate | None = None


class ApplyRequest(RequestModel):
    """申请企业授权: the enterprise by its code and the role asked for."""

    enterprise_code: EnterpriseCode
    role: Role


class AddPersonRequest(RequestModel):
    """添加办税人员: the person by document type, number and name, and the role."""

    document_type: str = Field(min_length=1, max_length=40)
    document_number: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=100)
    role: Role


class StaffEnterpriseRequest(RequestModel):
    enterprise_code: EnterpriseCode


class StaffAddRequest(AddPersonRequest):
    enterprise_code: EnterpriseCode


class StaffEndRequest(RequestModel):
    enterprise_code: EnterpriseCode
    relation_id: RelationId


class Member(AnswerModel):
    """One of an enterprise's relations as its managers (or the hall) see it."""

    relation_id: str
    name_masked: str  # "张*"; "" while the person has not registered
    document_masked: str  # "110***********123X"
    registered: bool
    role: RoleValue
    state: StateValue
    origin: OriginValue
    requested_at: AwareDatetime | None = None
    since: AwareDatetime | None = None  # bound since


class People(AnswerModel):
    """人员权限管理: the enterprise's 现有办税人员, pending additions and applications."""

    enterprise: EnterpriseInfo
    members: tuple[Member, ...]
