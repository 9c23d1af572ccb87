"""Who may act on a relation, and what follows: the person of a live session (企业授权管理),
a manager acting for the enterprise in a managing role (人员权限管理, R-RE-4), hall staff
(R-HA-2). Each runs in the caller's transaction; a relation that ends ends the sessions
acting in it. Answers are the list as it is afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from account_service.api import Bearer
from account_service.auth import acting
from account_service.auth.sessions import end_acting_sessions, live_session
from account_service.context import ServiceContext
from account_service.enterprises import management
from account_service.enterprises.models import Enterprise, EnterpriseRelation, RelationStatus
from account_service.enterprises.relations import (
    enterprise_code,
    find_enterprise,
    person_relations,
    relations_of,
)
from account_service.staff.service import staff_for_token
from kiosk.protocol.enterprise import Entry, Relations, Role
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.relations import AddPersonRequest, People

# --- the person's side ------------------------------------------------------------------


def _ended(session: Session, context: ServiceContext, row: EnterpriseRelation) -> None:
    person = management.person_of(session, row)
    if person is not None:
        end_acting_sessions(
            session,
            person_id=person.id,
            enterprise_id=row.enterprise_id,
            role=row.role,
            now=context.clock.now(),
        )


def confirm(
    session: Session,
    context: ServiceContext,
    who: acting.Actor,
    relation_id: str,
    template: Sequence[float] | None,
) -> Relations:
    row = management.relation_of(session, who.person, relation_id)
    acting.confirm_relation(session, context, who, row, template)
    return relations_of(session, who.person)


def refuse(
    session: Session, context: ServiceContext, who: acting.Actor, relation_id: str
) -> Relations:
    row = management.relation_of(session, who.person, relation_id)
    acting.refuse_relation(session, context, who, row)
    return relations_of(session, who.person)


def apply(
    session: Session, context: ServiceContext, who: acting.Actor, code: str, role: Role
) -> Relations:
    found = find_enterprise(session, enterprise_code(code))
    if found is None:
        raise UserError(ErrorCode.ENTERPRISE_NOT_FOUND)
    enterprise = management.lock_enterprise(session, found.id)
    management.apply(
        session,
        who.person,
        enterprise,
        role,
        terminal_id=who.row.terminal_id,
        now=context.clock.now(),
    )
    return relations_of(session, who.person)


def withdraw(
    session: Session, context: ServiceContext, who: acting.Actor, relation_id: str
) -> Relations:
    row = management.relation_of(session, who.person, relation_id)
    management.withdraw_application(
        session, who.person, row, terminal_id=who.row.terminal_id, now=context.clock.now()
    )
    return relations_of(session, who.person)


def leave(
    session: Session, context: ServiceContext, who: acting.Actor, relation_id: str
) -> Relations:
    row = management.relation_of(session, who.person, relation_id)
    management.leave(
        session, who.person, row, terminal_id=who.row.terminal_id, now=context.clock.now()
    )
    _ended(session, context, row)
    return relations_of(session, who.person)


# --- the enterprise's side (R-RE-4) -----------------------------------------------------


def manager(
    session: Session, context: ServiceContext, bearer: Bearer
) -> tuple[management.By, Enterprise]:
    """The session's person acting for its enterprise as its legal representative or
    finance head (still bound), with the enterprise locked; else PEOPLE_MANAGE_NOT_ALLOWED."""
    who = acting.actor(session, live_session(session, context, bearer))
    row = who.row
    role = Role(row.role) if row.role else None
    if (
        row.entry != Entry.ENTERPRISE.value
        or row.enterprise_id is None
        or role not in management.MANAGING_ROLES
    ):
        raise UserError(ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED)
    enterprise = management.lock_enterprise(session, row.enterprise_id)
    held = person_relations(
        session, who.person, enterprise_id=enterprise.id, states=(RelationStatus.BOUND,)
    )
    if not any(r.role == row.role for r in held):
        raise UserError(ErrorCode.PEOPLE_MANAGE_NOT_ALLOWED)
    return management.By(terminal_id=row.terminal_id, person=who.person, role=role), enterprise


def people(session: Session, context: ServiceContext, bearer: Bearer) -> People:
    _by, enterprise = manager(session, context, bearer)
    return management.members(session, enterprise)


def add(
    session: Session,
    context: ServiceContext,
    by: management.By,
    enterprise: Enterprise,
    body: AddPersonRequest,
) -> People:
    management.add(
        session,
        enterprise,
        by,
        document_type=body.document_type,
        document_number=body.document_number,
        name=body.name,
        role=body.role,
        now=context.clock.now(),
    )
    return management.members(session, enterprise)


def withdraw_addition(
    session: Session,
    context: ServiceContext,
    by: management.By,
    enterprise: Enterprise,
    relation_id: str,
) -> People:
    row = management.relation_in(session, enterprise, relation_id)
    management.withdraw_addition(session, enterprise, by, row, now=context.clock.now())
    return management.members(session, enterprise)


def end(
    session: Session,
    context: ServiceContext,
    by: management.By,
    enterprise: Enterprise,
    relation_id: str,
) -> People:
    row = management.relation_in(session, enterprise, relation_id)
    management.end(session, enterprise, by, row, now=context.clock.now())
    _ended(session, context, row)
    return management.members(session, enterprise)


def decide(
    session: Session,
    context: ServiceContext,
    by: management.By,
    enterprise: Enterprise,
    relation_id: str,
    *,
    approve: bool,
) -> People:
    row = management.relation_in(session, enterprise, relation_id)
    management.decide(session, enterprise, by, row, approve=approve, now=context.clock.now())
    return management.members(session, enterprise)


# --- the hall counter (R-HA-2) ----------------------------------------------------------


def at_hall(
    session: Session, context: ServiceContext, bearer: Bearer, code: str
) -> tuple[management.By, Enterprise]:
    """Hall staff logged in on this terminal, and the enterprise they look at (locked)."""
    member = staff_for_token(session, context, bearer)
    found = find_enterprise(session, enterprise_code(code))
    if found is None:
        raise UserError(ErrorCode.ENTERPRISE_NOT_FOUND)
    enterprise = management.lock_enterprise(session, found.id)
    return management.By(terminal_id=bearer.terminal_id, staff_no=member.staff_no), enterprise
