"""Acting for an enterprise once logged in (thin: parse, run the service, answer): the role
choice, pending authorizations confirmed at login, 身份切换 and 同步数据."""

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
from account_service.enterprises.relations import relations_of
from kiosk.protocol.base import EmptyRequest
from kiosk.protocol.enterprise import (
    Acting,
    ConfirmRequest,
    Identities,
    Relations,
    RoleRequest,
    SwitchRequest,
)

router = APIRouter(prefix="/v1/session", tags=["enterprise"])


def _as_actor(
    context: ServiceContext, bearer: Bearer, op: Callable[[Session, acting.Actor], BaseModel]
) -> Callable[[Session], BaseModel]:
    """The operation, run for the live session behind ``bearer`` and its person."""
    return lambda s: op(s, acting.actor(s, live_session(s, context, bearer)))


@router.post("/role", response_model=Acting)
def choose_role(
    body: RoleRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """The role to act in after an enterprise login with several (R-RE-1), or another role
    in the same enterprise (R-SW-1)."""
    return run(
        _as_actor(context, bearer, lambda s, who: acting.choose_role(s, context, who, body.role))
    )


@router.post("/pending/confirm", response_model=Acting)
def confirm_pending(
    body: ConfirmRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """Confirm a pending authorization on the enterprise login (R-RE-3, R-RE-5, R-RE-6)."""
    template = list(body.template) if body.template is not None else None
    return run(
        _as_actor(
            context,
            bearer,
            lambda s, who: acting.confirm_pending(s, context, who, body.role, template),
        )
    )


@router.post("/pending/refuse", response_model=Acting)
def refuse_pending(
    body: RoleRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    return run(
        _as_actor(context, bearer, lambda s, who: acting.refuse_pending(s, context, who, body.role))
    )


@router.get("/identities", response_model=Identities)
def identities(_signed: Signed, context: Context, bearer: CurrentSession) -> Identities:
    """身份切换 (R-SW-1): where this session may go without logging in again."""
    with context.session_factory.begin() as s:
        who = acting.actor(s, live_session(s, context, bearer))
        return acting.identities(s, context, who)


@router.post("/switch", response_model=Acting)
def switch(body: SwitchRequest, run: Run, context: Context, bearer: CurrentSession) -> JSONResponse:
    return run(
        _as_actor(
            context,
            bearer,
            lambda s, who: acting.switch(s, context, who, body.enterprise_code, body.role),
        )
    )


@router.post("/relations/sync", response_model=Relations)
def sync_relations(
    run: Run, context: Context, bearer: CurrentSession, _body: EmptyRequest | None = None
) -> JSONResponse:
    """同步数据 (R-RE-8): the person's relations as the registry holds them now."""
    return run(_as_actor(context, bearer, lambda s, who: relations_of(s, who.person)))
