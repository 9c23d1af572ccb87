"""QR routes (thin). ``router``: the terminal's side, always mounted. ``simulator_router``:
the tax app's side, mounted only with the development gateway (testers' simulator; in
production the apps' own backends would complete challenges with their own credential)."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from account_service.api import Context, Run, Signed
from account_service.qr import service
from kiosk.protocol.qr import (
    QrChallenge,
    QrChallengeRequest,
    QrResult,
    QrScanned,
    QrStatus,
    ScanRequest,
)

router = APIRouter(prefix="/v1", tags=["qr"])
simulator_router = APIRouter(prefix="/v1", tags=["development"])

MAX_WAIT_S = 20
# How often a waiting poll looks at the database: the service keeps no state in memory,
# so the scan may land on any replica and only the row tells.
POLL_INTERVAL_S = 0.2


@router.post("/qr/challenges", response_model=QrChallenge)
def start_challenge(body: QrChallengeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.start_challenge(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            purpose=body.purpose,
            attempt_id=body.attempt_id,
        ),
    )


@router.get("/qr/challenges/{challenge_id}", response_model=QrResult)
async def challenge_status(
    challenge_id: str,
    signed: Signed,
    context: Context,
    wait_s: Annotated[int, Query(ge=0, le=MAX_WAIT_S)] = 0,
) -> QrResult:
    """Long poll: answers as soon as the challenge is scanned or expired, else after
    ``wait_s`` seconds with ``pending``. Waiting holds no worker thread."""

    def look() -> QrResult:
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


@simulator_router.post("/qr/scan", response_model=QrScanned)
def scan(body: ScanRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.scan(
            session=s,
            context=context,
            payload=body.payload,
            app=body.app,
            person_document_number=body.person_document_number,
            enterprise_uscc=body.enterprise_uscc,
        ),
    )
