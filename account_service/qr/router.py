"""QR routes (thin). ``router``: the terminal's side, always mounted. ``simulator_router``:
the tax app's side, mounted only with the development gateway (testers' simulator; in
production the apps' own backends would complete challenges with their own credential)."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from account_service.auth.routing import answer_idempotently
from account_service.context import ServiceContext, get_context
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer
from account_service.qr import service
from account_service.qr.schemas import (
    ChallengeRequest,
    ChallengeResponse,
    ChallengeStatusResponse,
    QrStatus,
    ScanRequest,
    ScanResponse,
)
from account_service.terminals.dependencies import Signed

router = APIRouter(prefix="/v1", tags=["qr"])
simulator_router = APIRouter(prefix="/v1", tags=["development"])
Context = Annotated[ServiceContext, Depends(get_context)]

MAX_WAIT_S = 20
# How often a waiting poll looks at the database: the service keeps no state in memory,
# so the scan may land on any replica and only the row tells.
POLL_INTERVAL_S = 0.2


@router.post("/qr/challenges", response_model=ChallengeResponse)
def start_challenge(body: ChallengeRequest, post: Idempotent, context: Context) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.start_challenge(
                session=s,
                context=context,
                terminal_id=post.signed.terminal_id,
                purpose=body.purpose,
                attempt_id=body.attempt_id,
            )
        ),
    )


@router.get("/qr/challenges/{challenge_id}", response_model=ChallengeStatusResponse)
async def challenge_status(
    challenge_id: str,
    signed: Signed,
    context: Context,
    wait_s: Annotated[int, Query(ge=0, le=MAX_WAIT_S)] = 0,
) -> ChallengeStatusResponse:
    """Long poll: answers as soon as the challenge is scanned or expired, else after
    ``wait_s`` seconds with ``pending``. Waiting holds no worker thread."""

    def look() -> ChallengeStatusResponse:
        with context.session_factory.begin() as s:
            return service.challenge_status(
                session=s,
                context=context,
                terminal_id=signed.terminal_id,
                challenge_id=challenge_id,
            )

    deadline = time.monotonic() + wait_s
    while True:
        answer = await run_in_threadpool(look)
        left = deadline - time.monotonic()
        if answer.status is not QrStatus.PENDING or left <= 0:
            return answer
        await asyncio.sleep(min(POLL_INTERVAL_S, left))


@simulator_router.post("/qr/scan", response_model=ScanResponse)
def scan(body: ScanRequest, post: Idempotent, context: Context) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.scan(
                session=s,
                context=context,
                payload=body.payload,
                app=body.app,
                person_document_number=body.person_document_number,
                enterprise_uscc=body.enterprise_uscc,
            )
        ),
    )
