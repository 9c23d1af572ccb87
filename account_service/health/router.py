"""GET /v1/health (unsigned): the service and its database answer."""

from __future__ import annotations

import logging

import anyio
import anyio.to_thread
from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from account_service.api import Context
from account_service.context import ServiceContext
from account_service.settings import VERSION
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.terminals import Health

router = APIRouter(prefix="/v1", tags=["health"])
logger = logging.getLogger(__name__)


# Its own thread: the health check never waits for the route threads that logins and
# writes hold under load (a load balancer would take a busy replica for a dead one).
_PROBE = anyio.CapacityLimiter(1)


def _database_answers(context: ServiceContext) -> None:
    with context.read_sessions() as session:  # a read: never behind the writer
        session.execute(text("SELECT 1"))


@router.get("/health", response_model=Health)
async def health(context: Context) -> Health:
    try:
        await anyio.to_thread.run_sync(_database_answers, context, limiter=_PROBE)
    except SQLAlchemyError as exc:
        logger.warning("health: database unavailable (%s)", type(exc).__name__)
        raise UserError(ErrorCode.SERVICE_UNREACHABLE) from None
    return Health(version=VERSION)
