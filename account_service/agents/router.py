"""Agent certificate login routes (thin: parse, run the service idempotently, answer)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from account_service.agents import service
from account_service.api import Context, CurrentSession, Run, Signed
from kiosk.protocol.agents import (
    AgentChallenge,
    AgentChallengeRequest,
    AgentClientChoice,
    AgentLoggedIn,
    AgentSessionInfo,
    AgentSignatureAccepted,
    ClientRequest,
    SignatureRequest,
)
from kiosk.protocol.auth import CodeRequest, SmsSent

router = APIRouter(prefix="/v1/agents", tags=["agents"])


@router.post("/login/challenge", response_model=AgentChallenge)
def challenge(body: AgentChallengeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.start_challenge(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            certificate_b64=body.certificate,
        ),
    )


@router.post("/login/challenge/{challenge_id}/signature", response_model=AgentSignatureAccepted)
def signature(
    challenge_id: str, body: SignatureRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: service.answer_challenge(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            challenge_id=challenge_id,
            signature_b64=body.signature,
        ),
    )


@router.post("/login/{attempt_id}/sms", response_model=SmsSent)
def sms(attempt_id: str, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.send_sms(
            session=s,
            context=context,
            attempt_id=attempt_id,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/login/{attempt_id}/verify", response_model=AgentClientChoice)
def verify(attempt_id: str, body: CodeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.verify_sms(
            session=s,
            context=context,
            attempt_id=attempt_id,
            code=body.code,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/login/{attempt_id}/client", response_model=AgentLoggedIn)
def client(attempt_id: str, body: ClientRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.choose_client(
            session=s,
            context=context,
            attempt_id=attempt_id,
            client_uscc=body.client_uscc,
            terminal_id=run.terminal_id,
        ),
    )


@router.get("/session", response_model=AgentSessionInfo)
def agent_session(
    _signed: Signed,
    context: Context,
    bearer: CurrentSession,
) -> AgentSessionInfo:
    with context.session_factory.begin() as s:
        return service.current_agent_session(session=s, context=context, token=bearer)
