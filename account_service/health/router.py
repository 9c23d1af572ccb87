"""GET /v1/health (unsigned): the service and its database answer."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

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


@router.get("/health", response_model=HealthResponse)
def health(context: Annotated[ServiceContext, Depends(get_context)]) -> HealthResponse:
    try:
        with context.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        logger.warning("health: database unavailable (%s)", type(exc).__name__)
        raise AppError(ErrorCode.SERVICE_UNREACHABLE) from None
    return HealthResponse()
