"""Login routes (thin: parse, call the service inside the idempotent runner, answer)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from account_service.account.schemas import FaceRequest
from account_service.auth import service
from account_service.auth.lookup import check_password_first
from account_service.auth.routing import CurrentBearer, answer_idempotently
from account_service.auth.schemas import (
    ChangeRequiredResponse,
    InitialChangeRequest,
    LoggedInResponse,
    LoginRequest,
    LoginResponse,
    SessionResponse,
    SmsRequest,
    SmsResponse,
    StatusResponse,
    VerifyRequest,
)
from account_service.context import ServiceContext, get_context
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer
from account_service.terminals.dependencies import Signed

router = APIRouter(prefix="/v1", tags=["auth"])
Context = Annotated[ServiceContext, Depends(get_context)]


@router.post("/auth/login", response_model=LoginResponse)
async def login(body: LoginRequest, post: Idempotent, context: Context) -> JSONResponse:
    """The password is hashed first, in the hashing pool and outside the write
    transaction; the rules then run in the idempotent transaction as for every POST."""
    now = context.clock.now()
    verdict = await anyio.to_thread.run_sync(
        lambda: check_password_first(context, body.identifier, body.password, now=now),
        limiter=context.hashing,
    )
    return await run_in_threadpool(
        answer_idempotently,
        context,
        post,
        lambda s: Answer.ok(
            service.start_login(
                session=s,
                context=context,
                identifier=body.identifier,
                password=body.password,
                terminal_id=post.signed.terminal_id,
                verdict=verdict,
            )
        ),
    )


@router.post("/auth/login/{attempt_id}/sms", response_model=SmsResponse)
def login_sms(
    attempt_id: str, post: Idempotent, context: Context, _body: SmsRequest | None = None
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.send_login_sms(
                session=s,
                context=context,
                attempt_id=attempt_id,
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.post(
    "/auth/login/{attempt_id}/verify",
    response_model=LoggedInResponse | ChangeRequiredResponse,
)
def login_verify(
    attempt_id: str, body: VerifyRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.verify_login_sms(
                session=s,
                context=context,
                attempt_id=attempt_id,
                code=body.code,
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.post(
    "/auth/login/{attempt_id}/face",
    response_model=LoggedInResponse | ChangeRequiredResponse,
)
def login_face(
    attempt_id: str, body: FaceRequest, post: Idempotent, context: Context
) -> JSONResponse:
    """Second factor by the kiosk camera: the template of the chosen frame, never a picture."""
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.verify_login_face(
                session=s,
                context=context,
                attempt_id=attempt_id,
                template=list(body.template),
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.post("/auth/password/initial-change", response_model=StatusResponse)
def initial_change(body: InitialChangeRequest, post: Idempotent, context: Context) -> JSONResponse:
    def op(s: Session) -> Answer:
        service.change_initial_password(
            session=s,
            context=context,
            change_token=body.change_token,
            new_password=body.new_password,
        )
        return Answer.ok(StatusResponse(status="password_changed"))

    return answer_idempotently(context, post, op)


@router.get("/session", response_model=SessionResponse)
def current_session(
    _signed: Signed,
    context: Context,
    bearer: CurrentBearer,
) -> SessionResponse:
    with context.session_factory.begin() as s:
        return service.current_session(session=s, context=context, token=bearer)


@router.post("/auth/logout", response_model=StatusResponse)
def logout(
    post: Idempotent,
    context: Context,
    bearer: CurrentBearer,
) -> JSONResponse:
    def op(s: Session) -> Answer:
        service.logout(session=s, context=context, token=bearer)
        return Answer.ok(StatusResponse(status="logged_out"))

    return answer_idempotently(context, post, op)
