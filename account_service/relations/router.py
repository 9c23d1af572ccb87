"""人企关联 routes (thin: parse, run the service, answer). The person's 企业授权管理 under
``/v1/session/relations``, the enterprise's 人员权限管理 under ``/v1/enterprise/people``,
the hall counter under ``/v1/staff/enterprises``; each answers the list afterwards."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from account_service.api import Bearer, Context, CurrentSession, Run, Signed
from account_service.auth import acting
from account_service.auth.sessions import live_session
from account_service.context import ServiceContext
from account_service.enterprises import management
from account_service.enterprises.models import Enterprise
from account_service.relations import service
from kiosk.protocol.enterprise import Relations
from kiosk.protocol.relations import (
    AddPersonRequest,
    ApplyRequest,
    People,
    RelationConfirmRequest,
    RelationRequest,
    StaffAddRequest,
    StaffEndRequest,
    StaffEnterpriseRequest,
)

router = APIRouter(tags=["relations"])

PersonOp = Callable[[Session, acting.Actor], BaseModel]
ManagerOp = Callable[[Session, management.By, Enterprise], BaseModel]


def _person(
    context: ServiceContext, bearer: Bearer, op: PersonOp
) -> Callable[[Session], BaseModel]:
    return lambda s: op(s, acting.actor(s, live_session(s, context, bearer)))


def _manager(
    context: ServiceContext, bearer: Bearer, op: ManagerOp
) -> Callable[[Session], BaseModel]:
    def run(s: Session) -> BaseModel:
        by, enterprise = service.manager(s, context, bearer)
        return op(s, by, enterprise)

    return run


def _hall(
    context: ServiceContext, bearer: Bearer, code: str, op: ManagerOp
) -> Callable[[Session], BaseModel]:
    def run(s: Session) -> BaseModel:
        by, enterprise = service.at_hall(s, context, bearer, code)
        return op(s, by, enterprise)

    return run


# --- 企业授权管理 (the person) -------------------------------------------------------------


@router.post("/v1/session/relations/confirm", response_model=Relations)
def confirm(
    body: RelationConfirmRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """待确认授权 → 确认 (R-RE-3, R-RE-5, R-RE-6): by face unless the login was by face."""
    template = list(body.template) if body.template is not None else None
    return run(
        _person(
            context,
            bearer,
            lambda s, who: service.confirm(s, context, who, body.relation_id, template),
        )
    )


@router.post("/v1/session/relations/refuse", response_model=Relations)
def refuse(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """待确认授权 → 拒绝; never the finance head's (R-RE-3)."""
    return run(
        _person(context, bearer, lambda s, who: service.refuse(s, context, who, body.relation_id))
    )


@router.post("/v1/session/relations/apply", response_model=Relations)
def apply(body: ApplyRequest, run: Run, context: Context, bearer: CurrentSession) -> JSONResponse:
    """申请企业授权: a handler or invoicer role, which the enterprise approves (R-RE-5)."""
    return run(
        _person(
            context,
            bearer,
            lambda s, who: service.apply(s, context, who, body.enterprise_code, body.role),
        )
    )


@router.post("/v1/session/relations/withdraw", response_model=Relations)
def withdraw(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """撤回 an application; the record stays visible (seed 004 三(三)4)."""
    return run(
        _person(context, bearer, lambda s, who: service.withdraw(s, context, who, body.relation_id))
    )


@router.post("/v1/session/relations/remove", response_model=Relations)
def leave(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """已授权企业 → 删除: the handler leaves the enterprise (R-RE-7)."""
    return run(
        _person(context, bearer, lambda s, who: service.leave(s, context, who, body.relation_id))
    )


# --- 人员权限管理 (the legal representative or the finance head, R-RE-4) -----------------


@router.get("/v1/enterprise/people", response_model=People)
def people(_signed: Signed, context: Context, bearer: CurrentSession) -> People:
    with context.session_factory.begin() as s:
        return service.people(s, context, bearer)


@router.post("/v1/enterprise/people/add", response_model=People)
def add(body: AddPersonRequest, run: Run, context: Context, bearer: CurrentSession) -> JSONResponse:
    """添加办税人员: a pending authorization the person confirms (R-RE-5)."""
    return run(_manager(context, bearer, lambda s, by, e: service.add(s, context, by, e, body)))


@router.post("/v1/enterprise/people/withdraw", response_model=People)
def withdraw_addition(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """撤回 a pending addition made here; one made at the hall cannot be (R-RE-7)."""
    return run(
        _manager(
            context,
            bearer,
            lambda s, by, e: service.withdraw_addition(s, context, by, e, body.relation_id),
        )
    )


@router.post("/v1/enterprise/people/remove", response_model=People)
def remove(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """现有办税人员 → 删除, hall-added ones included (R-RE-7)."""
    return run(
        _manager(context, bearer, lambda s, by, e: service.end(s, context, by, e, body.relation_id))
    )


@router.post("/v1/enterprise/people/approve", response_model=People)
def approve(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    return run(
        _manager(
            context,
            bearer,
            lambda s, by, e: service.decide(s, context, by, e, body.relation_id, approve=True),
        )
    )


@router.post("/v1/enterprise/people/decline", response_model=People)
def decline(
    body: RelationRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    return run(
        _manager(
            context,
            bearer,
            lambda s, by, e: service.decide(s, context, by, e, body.relation_id, approve=False),
        )
    )


# --- the hall counter (R-HA-2) --------------------------------------------------------------


@router.post("/v1/staff/enterprises/show", response_model=People)
def hall_show(
    body: StaffEnterpriseRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """An enterprise's people and roles, for a staff member logged in on this terminal."""
    return run(
        _hall(
            context,
            bearer,
            body.enterprise_code,
            lambda s, _by, e: management.members(s, e),
        )
    )


@router.post("/v1/staff/enterprises/add", response_model=People)
def hall_add(
    body: StaffAddRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """A handler added at the hall: the person confirms; the account center cannot
    withdraw it (R-HA-2, R-RE-7). Audited with the staff number."""
    return run(
        _hall(
            context,
            bearer,
            body.enterprise_code,
            lambda s, by, e: service.add(s, context, by, e, body),
        )
    )


@router.post("/v1/staff/enterprises/end", response_model=People)
def hall_end(
    body: StaffEndRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """Any relation of the enterprise ended at the hall (R-HA-2), audited."""
    return run(
        _hall(
            context,
            bearer,
            body.enterprise_code,
            lambda s, by, e: service.end(s, context, by, e, body.relation_id),
        )
    )
