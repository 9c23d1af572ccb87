"""人企关联 changed from either side (R-RE-4..7, R-HA-2, seeds' "双向确认"): what each action
does to a relation, and who is told.

Every change runs behind the enterprise's row lock (``lock_enterprise``): two terminals
acting on one enterprise's people run one after the other, so confirm vs withdraw, confirm
vs delete, two confirms and add vs apply each end in exactly one state; the unique
constraint on (enterprise, person, role) is the last guard. One row per relation: a new
request reuses the row of a withdrawn, declined or ended one, so a withdrawn application
stays visible until the person asks again (seed 004 三(三)4).

Each change is one audit and history event of the person concerned (when registered) and a
notice for the other party at their next login: the person, or the enterprise's legal
representative and finance head. Each function runs in the caller's transaction and raises
``UserError``; the callers check who may act (the session's role, the staff token).
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.enterprises.models import (
    Enterprise,
    EnterpriseRelation,
    RelationOrigin,
    RelationStatus,
)
from account_service.enterprises.relations import NOT_REFUSABLE, info
from account_service.enterprises.scopes import ROLE_NAMES
from account_service.persons.models import Person
from account_service.trail import events
from account_service.trail.models import AuditEvent
from account_service.trail.notices import notify
from kiosk.domain.documents import normalize_document_number
from kiosk.domain.masking import mask_id_number, mask_name
from kiosk.protocol.enterprise import RelationState, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import NoticeKind
from kiosk.protocol.relations import ONLINE_ROLES, Member, People

# The roles that manage the enterprise's people (R-RE-4).
MANAGING_ROLES = frozenset({Role.LEGAL_REPRESENTATIVE, Role.FINANCE_HEAD})
# What the enterprise's side lists: the relations standing or asked for.
_LISTED = (RelationStatus.BOUND, RelationStatus.PENDING, RelationStatus.APPLIED)
_ROLE_ORDER = tuple(Role)
_STATE_ORDER = (RelationStatus.APPLIED, RelationStatus.PENDING, RelationStatus.BOUND)


@dataclass(frozen=True, slots=True)
class By:
    """Who acts on the enterprise's side: a manager logged in for it, or hall staff."""

    terminal_id: uuid.UUID | None
    person: Person | None = None  # the legal representative or finance head
    role: Role | None = None  # ... in this role
    staff_no: str | None = None  # hall staff (R-HA-2)

    @property
    def at_hall(self) -> bool:
        return self.staff_no is not None

    def detail(self) -> dict[str, str]:
        if self.staff_no is not None:
            return {
                "by_zh": f"办税服务厅 工号 {self.staff_no}",
                "by_en": f"tax hall, staff {self.staff_no}",
                "staff_no": self.staff_no,
            }
        assert self.person is not None
        assert self.role is not None
        zh, en = ROLE_NAMES[self.role]
        name = mask_name(self.person.name)
        return {"by_zh": f"{zh} {name}", "by_en": f"{en} {name}"}


def lock_enterprise(session: Session, enterprise_id: uuid.UUID) -> Enterprise:
    """The enterprise, row-locked (PostgreSQL FOR NO KEY UPDATE; SQLite holds one
    writer). NO KEY: a login through 企业业务 meanwhile still records its session, which
    names the enterprise (a foreign-key check, which FOR UPDATE would make wait while the
    lock's holder may be waiting for that person's row)."""
    enterprise = session.get(
        Enterprise,
        enterprise_id,
        with_for_update={"key_share": True},
        populate_existing=True,
    )
    if enterprise is None:  # pragma: no cover - callers found it in this transaction
        raise LookupError("enterprise vanished")
    return enterprise


def _relation(
    session: Session, enterprise: Enterprise, document_type: str, number: str, role: Role
) -> EnterpriseRelation | None:
    return session.scalars(
        select(EnterpriseRelation)
        .where(
            EnterpriseRelation.enterprise_id == enterprise.id,
            EnterpriseRelation.document_type == document_type,
            EnterpriseRelation.document_number == number,
            EnterpriseRelation.role == role.value,
        )
        .with_for_update()
    ).one_or_none()


_MAX_ID = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL


def _row_id(relation_id: str) -> int:
    """The id as the list answered it (digits: the wire checked); a number larger than
    any row can have is no row."""
    value = int(relation_id)
    if value > _MAX_ID:
        raise UserError(ErrorCode.RELATION_CHANGED)
    return value


def relation_in(session: Session, enterprise: Enterprise, relation_id: str) -> EnterpriseRelation:
    """One of the enterprise's relations by id, or RELATION_CHANGED (gone, or another's)."""
    row = session.get(
        EnterpriseRelation, _row_id(relation_id), with_for_update=True, populate_existing=True
    )
    if row is None or row.enterprise_id != enterprise.id:
        raise UserError(ErrorCode.RELATION_CHANGED)
    return row


def relation_of(session: Session, person: Person, relation_id: str) -> EnterpriseRelation:
    """One of the person's relations by id, behind its enterprise's lock."""
    row = session.get(EnterpriseRelation, _row_id(relation_id))
    if row is None or not _is_theirs(row, person):
        raise UserError(ErrorCode.RELATION_CHANGED)
    return relation_in(session, lock_enterprise(session, row.enterprise_id), relation_id)


def _is_theirs(row: EnterpriseRelation, person: Person) -> bool:
    return (
        row.document_type == person.document_type and row.document_number == person.document_number
    )


def _same_name(typed: str, registered: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return norm(typed) == norm(registered)


def registered_person(
    session: Session, document_type: str, document_number: str, name: str
) -> Person:
    """The registered person with this document and name, else "该办税人员尚未注册": a
    name that does not match answers the same, so a number alone tells nothing."""
    number = normalize_document_number(document_number)
    person = session.scalars(
        select(Person).where(
            Person.document_number == number,
            Person.document_type == document_type,
            Person.deregistered_at.is_(None),
        )
    ).one_or_none()
    if person is None or not _same_name(name, person.name):
        raise UserError(ErrorCode.RELATION_PERSON_NOT_REGISTERED)
    return person


def person_of(session: Session, row: EnterpriseRelation) -> Person | None:
    """The registered (not deregistered) person a relation names, if any."""
    return session.scalars(
        select(Person).where(
            Person.document_number == row.document_number,
            Person.document_type == row.document_type,
            Person.deregistered_at.is_(None),
        )
    ).one_or_none()


def managers(session: Session, enterprise: Enterprise) -> list[Person]:
    """The registered legal representatives and finance heads bound to the enterprise."""
    rows = session.scalars(
        select(EnterpriseRelation).where(
            EnterpriseRelation.enterprise_id == enterprise.id,
            EnterpriseRelation.status == RelationStatus.BOUND.value,
            EnterpriseRelation.role.in_([r.value for r in MANAGING_ROLES]),
        )
    )
    found: dict[uuid.UUID, Person] = {}
    for row in rows:
        person = person_of(session, row)
        if person is not None:
            found[person.id] = person
    return list(found.values())


# --- what is said, and to whom ------------------------------------------------------------


def _detail(enterprise: Enterprise, role: Role) -> dict[str, str]:
    zh, en = ROLE_NAMES[role]
    return {
        "enterprise": enterprise.name,
        "enterprise_code": enterprise.code,
        "role": role.value,
        "role_zh": zh,
        "role_en": en,
    }


def _tell_person(
    session: Session,
    row: EnterpriseRelation,
    enterprise: Enterprise,
    by: By,
    *,
    notice: NoticeKind,
    event: events.EventKind,
    now: datetime,
) -> None:
    """The person concerned: a notice at their next login and their history event; a
    person not registered yet has only the audit event."""
    role = Role(row.role)
    detail = {**_detail(enterprise, role), **by.detail()}
    person = person_of(session, row)
    if person is None:
        detail["document_number"] = mask_id_number(row.document_number)
        session.add(
            AuditEvent.of(
                event.value,
                at=now,
                terminal_id=by.terminal_id,
                record_id=enterprise.id,
                detail=detail,
            )
        )
        return
    if by.person is not None and by.person.id == person.id:
        # A manager's own handler role, deleted by themself: nothing to tell them.
        events.record(
            session,
            person_id=person.id,
            kind=event,
            terminal_id=by.terminal_id,
            at=now,
            detail=detail,
        )
        return
    notify(
        session,
        person_id=person.id,
        kind=notice,
        event=event,
        at=now,
        terminal_id=by.terminal_id,
        detail=detail,
        enterprise=enterprise.name,
        role=role.value,
        subject=None if by.at_hall else mask_name(by.person.name if by.person else ""),
    )


def _tell_managers(
    session: Session,
    row: EnterpriseRelation,
    enterprise: Enterprise,
    person: Person,
    *,
    notice: NoticeKind,
    event: events.EventKind,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """The person's own history event, and a notice for each of the enterprise's managers
    (the other party of a change the person made)."""
    role = Role(row.role)
    detail = _detail(enterprise, role)
    events.record(
        session, person_id=person.id, kind=event, terminal_id=terminal_id, at=now, detail=detail
    )
    subject = mask_name(person.name)
    for manager in managers(session, enterprise):
        if manager.id == person.id:
            continue
        notify(
            session,
            person_id=manager.id,
            kind=notice,
            event=events.EventKind.RELATION_MEMBER,
            at=now,
            terminal_id=terminal_id,
            detail={**detail, "subject": subject, **_what(notice, role)},
            enterprise=enterprise.name,
            role=role.value,
            subject=subject,
        )


_WHAT: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.APPLICATION_RECEIVED: (
        "申请成为{zh}，请在人员权限管理中审核",
        "applied to be {en}; decide under Manage people",
    ),
    NoticeKind.REQUEST_WITHDRAWN: ("撤回了成为{zh}的申请", "withdrew the application to be {en}"),
    NoticeKind.RELATION_CONFIRMED: ("确认了{zh}授权", "confirmed the {en} authorization"),
    NoticeKind.RELATION_REFUSED: ("拒绝了{zh}授权", "refused the {en} authorization"),
    NoticeKind.RELATION_LEFT: ("删除了与本企业的{zh}关联", "ended their {en} relation"),
}


def _what(notice: NoticeKind, role: Role) -> dict[str, str]:
    """The manager's history line: what the person did, in both languages."""
    zh, en = ROLE_NAMES[role]
    what_zh, what_en = _WHAT[notice]
    return {"what_zh": what_zh.format(zh=zh), "what_en": what_en.format(en=en)}


def _set(row: EnterpriseRelation, status: RelationStatus, now: datetime) -> None:
    row.status = status.value
    row.updated_at = now
    if status is RelationStatus.BOUND:
        row.bound_at = now


# --- the enterprise's side (人员权限管理) and the hall counter (R-HA-2) -------------------


def add(
    session: Session,
    enterprise: Enterprise,
    by: By,
    *,
    document_type: str,
    document_number: str,
    name: str,
    role: Role,
    now: datetime,
) -> None:
    """添加办税人员 (R-RE-5): a pending authorization the person confirms. An application
    of the person for this role is thereby approved: both have said yes."""
    if role not in ONLINE_ROLES:
        raise UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE)
    person = registered_person(session, document_type, document_number, name)
    row = _relation(session, enterprise, person.document_type, person.document_number, role)
    if row is not None and row.status == RelationStatus.BOUND.value:
        raise UserError(ErrorCode.RELATION_ALREADY_HELD)
    if row is not None and row.status == RelationStatus.PENDING.value:
        raise UserError(ErrorCode.RELATION_ALREADY_REQUESTED)
    if row is not None and row.status == RelationStatus.APPLIED.value:
        decide(session, enterprise, by, row, approve=True, now=now)
        return
    origin = RelationOrigin.HALL if by.at_hall else RelationOrigin.ACCOUNT_CENTER
    if row is None:
        row = EnterpriseRelation(
            enterprise_id=enterprise.id,
            document_type=person.document_type,
            document_number=person.document_number,
            role=role.value,
            created_at=now,
        )
        session.add(row)
    row.origin = origin.value
    row.requested_at = now
    row.requested_by_person_id = by.person.id if by.person else None
    row.staff_no = by.staff_no
    row.bound_at = None
    _set(row, RelationStatus.PENDING, now)
    session.flush()
    _tell_person(
        session,
        row,
        enterprise,
        by,
        notice=NoticeKind.RELATION_ADDED,
        event=events.EventKind.RELATION_ADDED,
        now=now,
    )


def withdraw_addition(
    session: Session, enterprise: Enterprise, by: By, row: EnterpriseRelation, *, now: datetime
) -> None:
    """撤回 a pending addition (R-RE-7): only one made in the account center; one made at
    the hall (or recorded from outside) answers "该纳税人不可以撤回，请到大厅办理"."""
    if row.status != RelationStatus.PENDING.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    if row.origin != RelationOrigin.ACCOUNT_CENTER.value:
        raise UserError(ErrorCode.RELATION_HALL_NOT_WITHDRAWABLE)
    _set(row, RelationStatus.WITHDRAWN, now)
    _tell_person(
        session,
        row,
        enterprise,
        by,
        notice=NoticeKind.RELATION_WITHDRAWN,
        event=events.EventKind.RELATION_WITHDRAWN,
        now=now,
    )


def end(
    session: Session, enterprise: Enterprise, by: By, row: EnterpriseRelation, *, now: datetime
) -> None:
    """删除 (R-RE-7): a manager deletes a bound handler or invoicer, hall-added ones too;
    the hall ends any relation, bound or waiting (R-HA-2)."""
    live = _LISTED if by.at_hall else (RelationStatus.BOUND,)
    if row.status not in {s.value for s in live}:
        raise UserError(ErrorCode.RELATION_CHANGED)
    if not by.at_hall and Role(row.role) not in ONLINE_ROLES:
        raise UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE)
    _set(row, RelationStatus.ENDED, now)
    _tell_person(
        session,
        row,
        enterprise,
        by,
        notice=NoticeKind.RELATION_ENDED,
        event=events.EventKind.RELATION_ENDED,
        now=now,
    )


def decide(
    session: Session,
    enterprise: Enterprise,
    by: By,
    row: EnterpriseRelation,
    *,
    approve: bool,
    now: datetime,
) -> None:
    """An application (申请企业授权) approved or declined by a manager."""
    if row.status != RelationStatus.APPLIED.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    _set(row, RelationStatus.BOUND if approve else RelationStatus.DECLINED, now)
    _tell_person(
        session,
        row,
        enterprise,
        by,
        notice=NoticeKind.APPLICATION_APPROVED if approve else NoticeKind.APPLICATION_DECLINED,
        event=(
            events.EventKind.APPLICATION_APPROVED
            if approve
            else events.EventKind.APPLICATION_DECLINED
        ),
        now=now,
    )


def members(session: Session, enterprise: Enterprise) -> People:
    """人员权限管理's list: applications first, then pending additions, then bound."""
    rows = session.scalars(
        select(EnterpriseRelation)
        .where(
            EnterpriseRelation.enterprise_id == enterprise.id,
            EnterpriseRelation.status.in_([s.value for s in _LISTED]),
        )
        .order_by(EnterpriseRelation.id)
    ).all()
    out = []
    for row in rows:
        person = person_of(session, row)
        out.append(
            Member(
                relation_id=str(row.id),
                name_masked=mask_name(person.name) if person else "",
                document_masked=mask_id_number(row.document_number),
                registered=person is not None,
                role=Role(row.role),
                state=RelationState(row.status),
                origin=RelationOrigin(row.origin),
                requested_at=row.requested_at,
                since=row.bound_at,
            )
        )
    out.sort(
        key=lambda m: (
            _STATE_ORDER.index(RelationStatus(m.state)),
            _ROLE_ORDER.index(Role(m.role)),
            int(m.relation_id),
        )
    )
    return People(enterprise=info(enterprise), members=tuple(out))


# --- the person's side (企业授权管理) ---------------------------------------------------


def apply(
    session: Session,
    person: Person,
    enterprise: Enterprise,
    role: Role,
    *,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """申请企业授权 (R-RE-5 choice: both directions): the enterprise approves or declines."""
    if role not in ONLINE_ROLES:
        raise UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE)
    row = _relation(session, enterprise, person.document_type, person.document_number, role)
    if row is not None and row.status == RelationStatus.BOUND.value:
        raise UserError(ErrorCode.RELATION_ALREADY_HELD)
    if row is not None and row.status in (
        RelationStatus.PENDING.value,
        RelationStatus.APPLIED.value,
    ):
        raise UserError(ErrorCode.RELATION_ALREADY_REQUESTED)
    if row is None:
        row = EnterpriseRelation(
            enterprise_id=enterprise.id,
            document_type=person.document_type,
            document_number=person.document_number,
            role=role.value,
            created_at=now,
        )
        session.add(row)
    row.origin = RelationOrigin.ACCOUNT_CENTER.value
    row.requested_at = now
    row.requested_by_person_id = person.id
    row.staff_no = None
    row.bound_at = None
    _set(row, RelationStatus.APPLIED, now)
    session.flush()
    _tell_managers(
        session,
        row,
        enterprise,
        person,
        notice=NoticeKind.APPLICATION_RECEIVED,
        event=events.EventKind.RELATION_APPLIED,
        terminal_id=terminal_id,
        now=now,
    )


def withdraw_application(
    session: Session,
    person: Person,
    row: EnterpriseRelation,
    *,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """撤回 a mistaken application; the record stays in the list (seed 004 三(三)4)."""
    if row.status != RelationStatus.APPLIED.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    _set(row, RelationStatus.WITHDRAWN, now)
    _tell_managers(
        session,
        row,
        _enterprise(session, row),
        person,
        notice=NoticeKind.REQUEST_WITHDRAWN,
        event=events.EventKind.APPLICATION_WITHDRAWN,
        terminal_id=terminal_id,
        now=now,
    )


def leave(
    session: Session,
    person: Person,
    row: EnterpriseRelation,
    *,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """已授权企业 → 删除: a handler or invoicer leaves the enterprise (R-RE-7)."""
    if row.status != RelationStatus.BOUND.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    if Role(row.role) not in ONLINE_ROLES:
        raise UserError(ErrorCode.RELATION_ROLE_NOT_ONLINE)
    _set(row, RelationStatus.ENDED, now)
    _tell_managers(
        session,
        row,
        _enterprise(session, row),
        person,
        notice=NoticeKind.RELATION_LEFT,
        event=events.EventKind.RELATION_LEFT,
        terminal_id=terminal_id,
        now=now,
    )


def confirm(
    session: Session,
    person: Person,
    row: EnterpriseRelation,
    *,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> bool:
    """A pending authorization confirmed (the caller checked the face, R-RE-5). False when
    it was bound already (a second terminal, a repeated tap): one relation, one event."""
    if row.status == RelationStatus.BOUND.value:
        return False
    if row.status != RelationStatus.PENDING.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    _set(row, RelationStatus.BOUND, now)
    _tell_managers(
        session,
        row,
        _enterprise(session, row),
        person,
        notice=NoticeKind.RELATION_CONFIRMED,
        event=events.EventKind.RELATION_CONFIRMED,
        terminal_id=terminal_id,
        now=now,
    )
    return True


def refuse(
    session: Session,
    person: Person,
    row: EnterpriseRelation,
    *,
    terminal_id: uuid.UUID | None,
    now: datetime,
) -> None:
    """A pending authorization refused; never the finance head's (R-RE-3 choice)."""
    if Role(row.role) in NOT_REFUSABLE:
        raise UserError(ErrorCode.FINANCE_HEAD_CANNOT_REFUSE)
    if row.status != RelationStatus.PENDING.value:
        raise UserError(ErrorCode.RELATION_CHANGED)
    _set(row, RelationStatus.ENDED, now)
    _tell_managers(
        session,
        row,
        _enterprise(session, row),
        person,
        notice=NoticeKind.RELATION_REFUSED,
        event=events.EventKind.RELATION_REFUSED,
        terminal_id=terminal_id,
        now=now,
    )


def _enterprise(session: Session, row: EnterpriseRelation) -> Enterprise:
    enterprise = session.get(Enterprise, row.enterprise_id)
    assert enterprise is not None
    return enterprise
