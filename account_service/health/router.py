"""GET /v1/health (unsigned): the service and its database answer."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from account_service.context import ServiceContext, get_context
from account_service.errors import AppError
from account_service.settings import VERSION
from kiosk.domain.messages import ErrorCode

router = APIRouter(prefix="/v1", tags=["health"])
logger = logging.getLogger(__name__)


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"
    version: str = VERSION


# Its own thread: the health check never waits for the route threads that logins and
# writes hold under load (a load balancer would take a busy replica for a dead one).
_PROBE = anyio.CapacityLimiter(1)


def _database_answers(context: ServiceContext) -> None:
    with context.read_sessions() as session:  # a read: never behind the writer
        session.execute(text("SELECT 1"))


@router.get("/health", response_model=HealthResponse)
async def health(context: Annotated[ServiceContext, Depends(get_context)]) -> HealthResponse:
    try:
        await anyio.to_thread.run_sync(_database_answers, context, limiter=_PROBE)
    except SQLAlchemyError as exc:
        logger.warning("health: database unavailable (%s)", type(exc).__name__)
        raise AppError(ErrorCode.SERVICE_UNREACHABLE) from None
    return HealthResponse()
