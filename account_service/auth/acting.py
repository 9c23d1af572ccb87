"""Acting for an enterprise once logged in: the role choice, pending authorizations
confirmed at login (R-RE-3, R-RE-5, R-RE-6), identity switching (R-SW-1, R-AG-3).

A session acts for someone (``AuthSession.entry``, ``enterprise_id``, ``role``). Opened
through 自然人业务 it stays personal. Opened through 企业业务 it acts for the enterprise
in one of the person's bound roles there; it may move to another role there, to another
enterprise the person is bound to in a role other than tax agent (an agent's other clients
are reached only through the agent entry, R-AG-3), or to personal business, never back.

Like the login, each function runs in the caller's transaction and raises ``UserError``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from account_service.auth.faces import check_face
from account_service.auth.models import AuthSession
from account_service.context import ServiceContext
from account_service.enterprises import management
from account_service.enterprises.models import Enterprise, EnterpriseRelation, RelationStatus
from account_service.enterprises.relations import (
    NOT_REFUSABLE,
    enterprise_code,
    find_enterprise,
    info,
    person_relations,
    roles_in,
    switchable,
)
from account_service.enterprises.scopes import ROLE_NAMES, scope_for
from account_service.persons.models import Person
from account_service.trail import events
from kiosk.domain.lockout import AuthMethod
from kiosk.protocol.enterprise import (
    Acting,
    EnterpriseRoles,
    Entry,
    Identities,
    PendingRole,
    Role,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode


@dataclass(frozen=True, slots=True)
class Actor:
    """A live session and its person (behind the person's row lock)."""

    row: AuthSession
    person: Person


def actor(session: Session, row: AuthSession) -> Actor:
    """The session's person behind its row lock, taken FOR NO KEY UPDATE on PostgreSQL:
    it excludes every other lock of the person (``lock_person``) as FOR UPDATE does, but
    not the key-share lock of a foreign-key check. A person acting here may wait for an
    enterprise's lock (``management.lock_enterprise``) while its holder writes a notice or
    a history row naming that person; under FOR UPDATE the two waited for each other (a
    deadlock: confirm vs withdraw, found by tests/account_service/test_relation_races.py)."""
    person = session.get(
        Person, row.person_id, with_for_update={"key_share": True}, populate_existing=True
    )
    if person is None:  # pragma: no cover - the session's person is never deleted
        raise LookupError("person vanished")
    return Actor(row=row, person=person)


def enter(
    session: Session,
    row: AuthSession,
    person: Person,
    enterprise: Enterprise,
    *,
    second_factor: str,
) -> None:
    """Make a new session act for ``enterprise`` (R-EN-1): in its only bound role, or in
    none yet while the person picks among several or confirms a pending one."""
    relations = person_relations(session, person, enterprise_id=enterprise.id)
    bound = roles_in(relations, RelationStatus.BOUND)
    pending = roles_in(relations, RelationStatus.PENDING)
    row.entry = Entry.ENTERPRISE.value
    row.enterprise_id = enterprise.id
    row.second_factor = second_factor
    row.as_agent = bool(bound) and set(bound) == {Role.TAX_AGENT}
    row.role = bound[0].value if len(bound) == 1 and not pending else None


def acting(session: Session, context: ServiceContext, row: AuthSession, person: Person) -> Acting:
    """What the session acts for now, as the terminal shows it."""
    if row.entry != Entry.ENTERPRISE.value or row.enterprise_id is None:
        return Acting(entry=Entry.NATURAL_PERSON, confirm_needs_face=_needs_face(row))
    enterprise = session.get(Enterprise, row.enterprise_id)
    assert enterprise is not None
    relations = person_relations(session, person, enterprise_id=enterprise.id)
    role = Role(row.role) if row.role else None
    return Acting(
        entry=Entry.ENTERPRISE,
        enterprise=info(enterprise),
        role=role,
        roles=roles_in(relations, RelationStatus.BOUND),
        pending=tuple(
            PendingRole(role=r, refusable=r not in NOT_REFUSABLE)
            for r in roles_in(relations, RelationStatus.PENDING)
        ),
        scope=scope_for(role, context.settings.role_scopes) if role else (),
        confirm_needs_face=_needs_face(row),
        as_agent=row.as_agent,
    )


def _needs_face(row: AuthSession) -> bool:
    return row.second_factor != AuthMethod.FACE.value


def _bound_enterprise(session: Session, row: AuthSession) -> uuid.UUID:
    if row.entry != Entry.ENTERPRISE.value or row.enterprise_id is None:
        raise UserError(ErrorCode.SWITCH_PERSONAL_TO_ENTERPRISE)  # R-SW-1
    return row.enterprise_id


def _audit_switch(
    session: Session,
    context: ServiceContext,
    who: Actor,
    enterprise: Enterprise | None,
    role: Role | None,
) -> None:
    zh, en = ROLE_NAMES[role] if role else ("个人办税", "personal business")
    events.record(
        session,
        person_id=who.person.id,
        kind=events.EventKind.IDENTITY_SWITCHED,
        terminal_id=who.row.terminal_id,
        at=context.clock.now(),
        detail={
            "enterprise": enterprise.name if enterprise else "",
            "enterprise_code": enterprise.code if enterprise else "",
            "role": role.value if role else "",
            "role_zh": zh,
            "role_en": en,
        },
    )


def choose_role(session: Session, context: ServiceContext, who: Actor, role: Role) -> Acting:
    """Act in ``role`` in the current enterprise: the choice after login, or a switch within
    it (R-SW-1; audited when it changes a role already held)."""
    enterprise_id = _bound_enterprise(session, who.row)
    relations = person_relations(session, who.person, enterprise_id=enterprise_id)
    if role not in roles_in(relations, RelationStatus.BOUND):
        raise UserError(ErrorCode.ROLE_NOT_HELD)
    previous = who.row.role
    who.row.role = role.value
    if previous is not None and previous != role.value:
        _audit_switch(session, context, who, session.get(Enterprise, enterprise_id), role)
    return acting(session, context, who.row, who.person)


def _pending_row(session: Session, who: Actor, role: Role) -> EnterpriseRelation:
    """The pending (or since bound) relation of ``role`` in the current enterprise, behind
    the enterprise's lock (``management``), else PENDING_NOT_FOUND."""
    enterprise_id = _bound_enterprise(session, who.row)
    for relation in person_relations(
        session,
        who.person,
        enterprise_id=enterprise_id,
        states=(RelationStatus.PENDING, RelationStatus.BOUND),
    ):
        if relation.role == role.value:
            return management.relation_of(session, who.person, str(relation.id))
    raise UserError(ErrorCode.PENDING_NOT_FOUND)


def confirm_relation(
    session: Session,
    context: ServiceContext,
    who: Actor,
    relation: EnterpriseRelation,
    template: Sequence[float] | None,
) -> None:
    """Confirm a pending authorization (R-RE-3, R-RE-5, R-RE-6), on the login page or in
    企业授权管理: by face unless the login was by face. Confirming one already bound
    changes nothing (a second terminal, a repeated tap): one relation, one event."""
    if relation.status == RelationStatus.PENDING.value and _needs_face(who.row):
        if template is None:
            raise UserError(ErrorCode.CONFIRM_FACE_REQUIRED)
        check_face(
            session=session,
            context=context,
            person=who.person,
            template=template,
            now=context.clock.now(),
            terminal_id=who.row.terminal_id,
        )
    management.confirm(
        session,
        who.person,
        relation,
        terminal_id=who.row.terminal_id,
        now=context.clock.now(),
    )
    if who.row.enterprise_id == relation.enterprise_id:
        settle(session, who)


def refuse_relation(
    session: Session, context: ServiceContext, who: Actor, relation: EnterpriseRelation
) -> None:
    """Refuse a pending authorization (R-RE-5, R-RE-6); never the finance head's (R-RE-3)."""
    management.refuse(
        session, who.person, relation, terminal_id=who.row.terminal_id, now=context.clock.now()
    )
    if who.row.enterprise_id == relation.enterprise_id:
        settle(session, who)


def confirm_pending(
    session: Session,
    context: ServiceContext,
    who: Actor,
    role: Role,
    template: Sequence[float] | None,
) -> Acting:
    """Confirm a pending role of the enterprise this session entered (its login page)."""
    confirm_relation(session, context, who, _pending_row(session, who, role), template)
    return acting(session, context, who.row, who.person)


def refuse_pending(session: Session, context: ServiceContext, who: Actor, role: Role) -> Acting:
    if role in NOT_REFUSABLE:
        raise UserError(ErrorCode.FINANCE_HEAD_CANNOT_REFUSE)
    relation = _pending_row(session, who, role)
    if relation.status != RelationStatus.PENDING.value:
        raise UserError(ErrorCode.PENDING_NOT_FOUND)
    refuse_relation(session, context, who, relation)
    return acting(session, context, who.row, who.person)


def settle(session: Session, who: Actor) -> None:
    """After a confirmation or a refusal, as at the login (``enter``): a session acting in
    no role yet takes the only one when exactly one is bound and nothing is left pending;
    it acts as an agent when its bound roles here are the tax agent's alone (R-AG-3)."""
    assert who.row.enterprise_id is not None
    relations = person_relations(session, who.person, enterprise_id=who.row.enterprise_id)
    bound = roles_in(relations, RelationStatus.BOUND)
    pending = roles_in(relations, RelationStatus.PENDING)
    if who.row.role is None and len(bound) == 1 and not pending:
        who.row.role = bound[0].value
    who.row.as_agent = bool(bound) and set(bound) == {Role.TAX_AGENT}


def identities(session: Session, context: ServiceContext, who: Actor) -> Identities:
    """身份切换 (R-SW-1): the other roles here, the other related enterprises, 个人办税."""
    now_acting = acting(session, context, who.row, who.person)
    if now_acting.entry is Entry.NATURAL_PERSON:
        return Identities(acting=now_acting, roles_here=(), enterprises=(), personal=False)
    here = who.row.enterprise_id
    roles_here = tuple(r for r in now_acting.roles if r != now_acting.role)
    others = switchable(person_relations(session, who.person, states=(RelationStatus.BOUND,)))
    enterprises = []
    for enterprise_id, roles in others.items():
        if enterprise_id == here:
            continue
        enterprise = session.get(Enterprise, enterprise_id)
        assert enterprise is not None
        enterprises.append(EnterpriseRoles(enterprise=info(enterprise), roles=roles))
    enterprises.sort(key=lambda e: e.enterprise.code)
    return Identities(
        acting=now_acting, roles_here=roles_here, enterprises=tuple(enterprises), personal=True
    )


def switch(
    session: Session,
    context: ServiceContext,
    who: Actor,
    code: str | None,
    role: Role | None,
) -> Acting:
    """Switch without logging in again (R-SW-1), audited; the session's expiry and the
    terminal's idle timeout go on as they were (R-SE-1)."""
    here = _bound_enterprise(session, who.row)
    if code is None:
        if role is not None:
            return choose_role(session, context, who, role)
        who.row.entry = Entry.NATURAL_PERSON.value
        who.row.enterprise_id = None
        who.row.role = None
        who.row.as_agent = False
        _audit_switch(session, context, who, None, None)
        return acting(session, context, who.row, who.person)
    target = find_enterprise(session, enterprise_code(code))
    if target is not None and target.id == here:
        if role is None:
            raise UserError(ErrorCode.ROLE_NOT_HELD)
        return choose_role(session, context, who, role)
    bound = person_relations(session, who.person, states=(RelationStatus.BOUND,))
    if target is None or not any(r.enterprise_id == target.id for r in bound):
        raise UserError(ErrorCode.ENTERPRISE_NO_RELATION)
    roles = switchable(bound).get(target.id)
    if roles is None:
        raise UserError(ErrorCode.SWITCH_TO_OTHER_CLIENT)  # R-AG-3
    chosen = role if role is not None else roles[0]
    if chosen not in roles:
        raise UserError(ErrorCode.ROLE_NOT_HELD)
    who.row.enterprise_id = target.id
    who.row.role = chosen.value
    who.row.as_agent = False
    _audit_switch(session, context, who, target, chosen)
    return acting(session, context, who.row, who.person)
