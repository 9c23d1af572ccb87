"""Acting for an enterprise (R-EN-1, R-RE-1..9, R-SW-1, R-AG-3): who a session acts for, in
which role and with what scope; the pending authorizations confirmed at login; identity
switching and 同步数据. ``/v1/session/...``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, Field

from kiosk.protocol.base import AnswerModel, FaceTemplate, RequestModel


class Role(StrEnum):
    """R-RE-1: the five roles ("5员")."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    FINANCE_HEAD = "finance_head"
    TAX_HANDLER = "tax_handler"
    INVOICER = "invoicer"
    TAX_AGENT = "tax_agent"


class Entry(StrEnum):
    """The entry a session was opened through; it decides where it may switch (R-SW-1)."""

    NATURAL_PERSON = "natural_person"  # 自然人业务: personal business only
    ENTERPRISE = "enterprise"  # 企业业务: the enterprise's roles, related ones, personal


class EnterpriseKind(StrEnum):
    ENTERPRISE = "enterprise"
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    OTHER = "other"


class RelationState(StrEnum):
    """Where a relation stands (R-RE-5, R-RE-7): an enterprise's addition waits for the
    person (``pending``), a person's application for the enterprise (``applied``)."""

    PENDING = "pending"
    APPLIED = "applied"  # 申请企业授权: the enterprise approves or declines
    BOUND = "bound"
    WITHDRAWN = "withdrawn"  # 撤回: the record stays visible (seed 004 三(三)4)
    DECLINED = "declined"  # the enterprise declined the application
    ENDED = "ended"  # deleted, refused, or ended at the hall


class RelationOrigin(StrEnum):
    """Where a relation came from; decides later what may be withdrawn (R-RE-7)."""

    REGISTRATION_DATA = "registration_data"  # market regulation etc.: the legal rep (R-RE-2)
    TAX_REGISTRATION = "tax_registration"  # the finance head (R-RE-3)
    CORE_SYSTEM = "core_system"  # 金三: handlers registered there (R-RE-6)
    ACCOUNT_CENTER = "account_center"  # added online by the enterprise or the person (R-RE-5)
    HALL = "hall"  # added at the hall counter (R-HA-2)


# A value a newer service may add stays a plain string, so the answer is not refused;
# a known one is the Enum member (tried first).
RoleValue = Annotated[Role | str, Field(union_mode="left_to_right")]
KindValue = Annotated[EnterpriseKind | str, Field(union_mode="left_to_right")]
StateValue = Annotated[RelationState | str, Field(union_mode="left_to_right")]
OriginValue = Annotated[RelationOrigin | str, Field(union_mode="left_to_right")]


class EnterpriseInfo(AnswerModel):
    """An enterprise by its code (统一社会信用代码, else 纳税人识别号)."""

    code: str
    name: str
    kind: KindValue = EnterpriseKind.ENTERPRISE


class ScopeItem(AnswerModel):
    """One thing a role may do for the enterprise (R-RE-9: configuration, shown as is)."""

    zh: str
    en: str


class PendingRole(AnswerModel):
    """A pending authorization the person confirms (R-RE-3, R-RE-5, R-RE-6)."""

    role: RoleValue
    # R-RE-3 choice: the finance head confirms and cannot refuse.
    refusable: bool


class Acting(AnswerModel):
    """Who the session acts for. Personal business: no enterprise. Enterprise business:
    the enterprise, and the role once chosen (``role`` is None while the person still
    picks among ``roles`` or confirms ``pending``)."""

    entry: Entry
    enterprise: EnterpriseInfo | None = None
    role: RoleValue | None = None
    roles: tuple[RoleValue, ...] = ()  # the person's bound roles in this enterprise
    pending: tuple[PendingRole, ...] = ()  # to confirm here before acting
    scope: tuple[ScopeItem, ...] = ()  # what ``role`` may do (R-RE-9)
    # R-RE-5: a pending authorization is confirmed by face unless the login was by face.
    confirm_needs_face: bool = True
    # R-AG-3: entered with a client's code as its agent, so other clients are out of reach.
    as_agent: bool = False


class RoleRequest(RequestModel):
    role: Role


class ConfirmRequest(RequestModel):
    """Confirm (or refuse) one pending role; the face template when ``confirm_needs_face``."""

    role: Role
    template: FaceTemplate | None = None


class SwitchRequest(RequestModel):
    """To another role here or another related enterprise (``enterprise_code``), or to
    personal business (both None)."""

    enterprise_code: str | None = Field(default=None, min_length=1, max_length=20)
    role: Role | None = None


class EnterpriseRoles(AnswerModel):
    enterprise: EnterpriseInfo
    roles: tuple[RoleValue, ...]


class Identities(AnswerModel):
    """身份切换 (R-SW-1): where this session may go without logging in again."""

    acting: Acting
    roles_here: tuple[RoleValue, ...]  # other roles in the current enterprise
    enterprises: tuple[EnterpriseRoles, ...]  # other related enterprises
    personal: bool  # 个人办税 is offered


class RelationView(AnswerModel):
    """One of the person's relations as 企业授权管理 shows it."""

    enterprise: EnterpriseInfo
    role: RoleValue
    state: StateValue
    refusable: bool = True
    relation_id: str = ""  # what the person's actions name
    origin: OriginValue | None = None
    requested_at: AwareDatetime | None = None  # when the request (or the record) was made
    requested_by: str | None = None  # the manager who added them, masked ("张*")
    since: AwareDatetime | None = None  # bound since


class Relations(AnswerModel):
    """企业授权管理: 待确认授权, 申请企业授权 (withdrawn ones stay visible) and 已授权企业,
    read fresh from the registry (同步数据, R-RE-8)."""

    relations: tuple[RelationView, ...]
