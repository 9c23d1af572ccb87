"""Agent certificate login routes (thin: parse, run the service idempotently, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from account_service.agents import service
from account_service.agents.schemas import (
    AgentLoggedInResponse,
    AgentSessionResponse,
    ChallengeRequest,
    ChallengeResponse,
    ChooseClientResponse,
    ClientRequest,
    SignatureAccepted,
    SignatureRequest,
)
from account_service.auth.routing import CurrentBearer, answer_idempotently
from account_service.auth.schemas import SmsResponse, VerifyRequest
from account_service.context import ServiceContext, get_context
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer
from account_service.terminals.dependencies import Signed

router = APIRouter(prefix="/v1/agents", tags=["agents"])
Context = Annotated[ServiceContext, Depends(get_context)]


@router.post("/login/challenge", response_model=ChallengeResponse)
def challenge(body: ChallengeRequest, post: Idempotent, context: Context) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.start_challenge(
                session=s,
                context=context,
                terminal_id=post.signed.terminal_id,
                certificate_b64=body.certificate,
            )
        ),
    )


@router.post("/login/challenge/{challenge_id}/signature", response_model=SignatureAccepted)
def signature(
    challenge_id: str, body: SignatureRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.answer_challenge(
                session=s,
                context=context,
                terminal_id=post.signed.terminal_id,
                challenge_id=challenge_id,
                signature_b64=body.signature,
            )
        ),
    )


@router.post("/login/{attempt_id}/sms", response_model=SmsResponse)
def sms(attempt_id: str, post: Idempotent, context: Context) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.send_sms(
                session=s,
                context=context,
                attempt_id=attempt_id,
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.post("/login/{attempt_id}/verify", response_model=ChooseClientResponse)
def verify(
    attempt_id: str, body: VerifyRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.verify_sms(
                session=s,
                context=context,
                attempt_id=attempt_id,
                code=body.code,
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.post("/login/{attempt_id}/client", response_model=AgentLoggedInResponse)
def client(
    attempt_id: str, body: ClientRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.choose_client(
                session=s,
                context=context,
                attempt_id=attempt_id,
                client_uscc=body.client_uscc,
                terminal_id=post.signed.terminal_id,
            )
        ),
    )


@router.get("/session", response_model=AgentSessionResponse)
def agent_session(
    _signed: Signed,
    context: Context,
    bearer: CurrentBearer,
) -> AgentSessionResponse:
    with context.session_factory.begin() as s:
        return service.current_agent_session(session=s, context=context, token=bearer)
