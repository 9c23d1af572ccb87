"""A person's relations with enterprises, as the registry holds them (R-RE-1, R-RE-8): the
enterprise entry's check (R-EN-1), the roles held and pending, where an identity switch may
go (R-AG-3), and 同步数据. Relations name the person by document (R-RE-2)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.enterprises.models import (
    Enterprise,
    EnterpriseRelation,
    EnterpriseStatus,
    RelationOrigin,
    RelationStatus,
)
from account_service.persons.models import Person
from kiosk.domain.enterprise_codes import is_taxpayer_id, normalize_enterprise_code
from kiosk.domain.masking import mask_name
from kiosk.protocol.enterprise import (
    EnterpriseInfo,
    Relations,
    RelationState,
    RelationView,
    Role,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode

# R-RE-3 choice: the finance head confirms and cannot refuse.
NOT_REFUSABLE = frozenset({Role.FINANCE_HEAD})
_ROLE_ORDER = tuple(Role)


def enterprise_code(text: str) -> str:
    """The code as typed, normalized, or ENTERPRISE_CODE_INVALID (R-ID-5)."""
    code = normalize_enterprise_code(text)
    if not is_taxpayer_id(code):
        raise UserError(ErrorCode.ENTERPRISE_CODE_INVALID)
    return code


def find_enterprise(session: Session, code: str) -> Enterprise | None:
    """An active enterprise by its USCC or taxpayer id."""
    return session.scalars(
        select(Enterprise).where(
            (Enterprise.uscc == code) | (Enterprise.taxpayer_id == code),
            Enterprise.status == EnterpriseStatus.ACTIVE.value,
        )
    ).first()


def person_relations(
    session: Session,
    person: Person,
    *,
    enterprise_id: uuid.UUID | None = None,
    states: Iterable[RelationStatus] = (RelationStatus.BOUND, RelationStatus.PENDING),
    for_update: bool = False,
) -> list[EnterpriseRelation]:
    """The person's relations (by document: R-RE-2) with active enterprises."""
    query = (
        select(EnterpriseRelation)
        .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
        .where(
            EnterpriseRelation.document_type == person.document_type,
            EnterpriseRelation.document_number == person.document_number,
            EnterpriseRelation.status.in_([s.value for s in states]),
            Enterprise.status == EnterpriseStatus.ACTIVE.value,
        )
        .order_by(EnterpriseRelation.id)
    )
    if enterprise_id is not None:
        query = query.where(EnterpriseRelation.enterprise_id == enterprise_id)
    if for_update:
        query = query.with_for_update(of=EnterpriseRelation)
    return list(session.scalars(query))


def roles_in(relations: Iterable[EnterpriseRelation], state: RelationStatus) -> tuple[Role, ...]:
    held = {Role(r.role) for r in relations if r.status == state.value}
    return tuple(r for r in _ROLE_ORDER if r in held)


def entry_enterprise(session: Session, person: Person, code: str) -> Enterprise:
    """The enterprise the person may enter: one they hold a bound or pending role in
    (pending ones are confirmed right after the login, R-RE-3), else ENTERPRISE_NO_RELATION
    (R-RE-8; an unknown or deregistered enterprise answers the same)."""
    enterprise = find_enterprise(session, code)
    if enterprise is None or not person_relations(session, person, enterprise_id=enterprise.id):
        raise UserError(ErrorCode.ENTERPRISE_NO_RELATION)
    return enterprise


def holds_bound_role(session: Session, person: Person, enterprise: Enterprise) -> bool:
    return bool(
        person_relations(
            session, person, enterprise_id=enterprise.id, states=(RelationStatus.BOUND,)
        )
    )


def info(enterprise: Enterprise) -> EnterpriseInfo:
    return EnterpriseInfo(code=enterprise.code, name=enterprise.name, kind=enterprise.kind)


def switchable(relations: Iterable[EnterpriseRelation]) -> dict[uuid.UUID, tuple[Role, ...]]:
    """Enterprises by their bound roles, leaving out those where the person is only a tax
    agent: an agent's other clients are not reached from the enterprise entry (R-AG-3)."""
    by_enterprise: dict[uuid.UUID, list[EnterpriseRelation]] = {}
    for relation in relations:
        by_enterprise.setdefault(relation.enterprise_id, []).append(relation)
    return {
        enterprise_id: roles
        for enterprise_id, rows in by_enterprise.items()
        if (roles := roles_in(rows, RelationStatus.BOUND)) and set(roles) != {Role.TAX_AGENT}
    }


# What 企业授权管理 lists: the relations standing or asked for, and the person's own
# applications withdrawn or declined (they stay visible, seed 004 三(三)4).
_SHOWN = (
    RelationStatus.PENDING,
    RelationStatus.APPLIED,
    RelationStatus.BOUND,
    RelationStatus.WITHDRAWN,
    RelationStatus.DECLINED,
)


def relations_of(session: Session, person: Person) -> Relations:
    """企业授权管理, read fresh from the registry (同步数据, R-RE-8): relations name the
    person by document, so what the registry imported since shows at once."""
    views = []
    for relation in person_relations(session, person, states=_SHOWN):
        if (
            relation.status == RelationStatus.WITHDRAWN.value
            and relation.requested_by_person_id != person.id
        ):
            continue  # an addition the enterprise withdrew: told by a notice, not listed
        enterprise = session.get(Enterprise, relation.enterprise_id)
        assert enterprise is not None
        role = Role(relation.role)
        requester = (
            session.get(Person, relation.requested_by_person_id)
            if relation.requested_by_person_id and relation.requested_by_person_id != person.id
            else None
        )
        views.append(
            RelationView(
                enterprise=info(enterprise),
                role=role,
                state=RelationState(relation.status),
                refusable=role not in NOT_REFUSABLE,
                relation_id=str(relation.id),
                origin=RelationOrigin(relation.origin),
                requested_at=relation.requested_at or relation.created_at,
                requested_by=mask_name(requester.name) if requester else None,
                since=relation.bound_at,
            )
        )
    views.sort(key=lambda v: (v.enterprise.code, _ROLE_ORDER.index(Role(v.role))))
    return Relations(relations=tuple(views))
