"""Login routes (thin: parse, call the service inside the idempotent runner, answer)."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from account_service.api import Context, CurrentSession, Run, Signed
from account_service.auth import service
from account_service.auth.lock_admin import LockState, clear_lock, show_lock
from account_service.auth.lookup import check_password_first
from account_service.context import ServiceContext
from account_service.staff import service as staff_service
from kiosk.protocol.auth import (
    CodeRequest,
    FaceRequest,
    InitialChangeRequest,
    LoggedIn,
    LoginRequest,
    PasswordAccepted,
    PasswordChangeRequired,
    SessionAnswer,
    SmsSent,
    StatusAnswer,
)
from kiosk.protocol.base import EmptyRequest
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import LockRequest, LockView

router = APIRouter(prefix="/v1", tags=["auth"])


@router.post("/auth/login", response_model=PasswordAccepted)
async def login(body: LoginRequest, run: Run, context: Context) -> JSONResponse:
    """The password is hashed first, in the hashing pool and outside the write
    transaction; the rules then run in the idempotent transaction as for every POST."""
    now = context.clock.now()
    verdict = await anyio.to_thread.run_sync(
        lambda: check_password_first(context, body.identifier, body.password, now=now),
        limiter=context.hashing,
    )
    return await run_in_threadpool(
        run,
        lambda s: service.start_login(
            session=s,
            context=context,
            identifier=body.identifier,
            password=body.password,
            terminal_id=run.terminal_id,
            verdict=verdict,
            enterprise_code=body.enterprise_code,
        ),
    )


@router.post("/auth/login/{attempt_id}/sms", response_model=SmsSent)
def login_sms(
    attempt_id: str, run: Run, context: Context, _body: EmptyRequest | None = None
) -> JSONResponse:
    return run(
        lambda s: service.send_login_sms(
            session=s,
            context=context,
            attempt_id=attempt_id,
            terminal_id=run.terminal_id,
        ),
    )


@router.post(
    "/auth/login/{attempt_id}/verify",
    response_model=LoggedIn | PasswordChangeRequired,
)
def login_verify(attempt_id: str, body: CodeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.verify_login_sms(
            session=s,
            context=context,
            attempt_id=attempt_id,
            code=body.code,
            terminal_id=run.terminal_id,
        ),
    )


@router.post(
    "/auth/login/{attempt_id}/face",
    response_model=LoggedIn | PasswordChangeRequired,
)
def login_face(attempt_id: str, body: FaceRequest, run: Run, context: Context) -> JSONResponse:
    """Second factor by the kiosk camera: the template of the chosen frame, never a picture."""
    return run(
        lambda s: service.verify_login_face(
            session=s,
            context=context,
            attempt_id=attempt_id,
            template=list(body.template),
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/auth/password/initial-change", response_model=StatusAnswer)
def initial_change(body: InitialChangeRequest, run: Run, context: Context) -> JSONResponse:
    def op(s: Session) -> BaseModel:
        service.change_initial_password(
            session=s,
            context=context,
            change_token=body.change_token,
            new_password=body.new_password,
        )
        return StatusAnswer(status="password_changed")

    return run(op)


@router.get("/session", response_model=SessionAnswer)
def current_session(
    _signed: Signed,
    context: Context,
    bearer: CurrentSession,
) -> SessionAnswer:
    with context.session_factory.begin() as s:
        return service.current_session(session=s, context=context, token=bearer)


@router.post("/auth/logout", response_model=StatusAnswer)
def logout(
    run: Run,
    context: Context,
    bearer: CurrentSession,
) -> JSONResponse:
    def op(s: Session) -> BaseModel:
        service.logout(session=s, context=context, token=bearer)
        return StatusAnswer(status="logged_out")

    return run(op)


# Hall staff look at and lift a person's lock (R-LK-1), in the staff part of the API.
staff_locks_router = APIRouter(prefix="/v1", tags=["staff"])


def _person_lock(view: LockState | None, context: ServiceContext) -> LockView:
    if view is None:
        raise UserError(ErrorCode.USER_NOT_REGISTERED)
    return staff_service.lock_view(
        name_masked=view.name_masked,
        id_number_masked=view.id_number_masked,
        failures_today=view.failures_today,
        locked=view.locked,
        locked_until=view.locked_until,
        now=context.clock.now(),
    )


@staff_locks_router.post("/staff/locks/show", response_model=LockView)
def show_person_lock(
    body: LockRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """A person's lock and today's failures, for hall staff logged in on this terminal."""

    def op(s: Session) -> BaseModel:
        staff_service.staff_for_token(s, context, bearer)
        view = show_lock(session=s, clock=context.clock, identifier=body.identifier)
        return _person_lock(view, context)

    return run(op)


@staff_locks_router.post("/staff/locks/clear", response_model=LockView)
def clear_person_lock(
    body: LockRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """Lift a person's lock (R-LK-1), audited with the staff member and the terminal."""

    def op(s: Session) -> BaseModel:
        member = staff_service.staff_for_token(s, context, bearer)
        view = clear_lock(
            session=s,
            clock=context.clock,
            identifier=body.identifier,
            staff_no=member.staff_no,
            terminal_id=run.terminal_id,
        )
        return _person_lock(view, context)

    return run(op)
