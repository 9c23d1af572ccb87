"""GET /v1/dev/sms-outbox: the development gateway's messages, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import select

from account_service.context import ServiceContext, get_context
from account_service.sms.models import OutboxMessage
from account_service.terminals.dependencies import Signed

router = APIRouter(prefix="/v1/dev", tags=["development"])


class OutboxItem(BaseModel):
    phone: str
    code: str
    purpose: str
    sent_at: str


class OutboxResponse(BaseModel):
    messages: list[OutboxItem]


@router.get("/sms-outbox", response_model=OutboxResponse)
def sms_outbox(
    _signed: Signed,
    context: Annotated[ServiceContext, Depends(get_context)],
    phone: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> OutboxResponse:
    with context.session_factory.begin() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if phone:
            query = query.where(OutboxMessage.phone == phone)
        rows = session.scalars(query).all()
        return OutboxResponse(
            messages=[
                OutboxItem(
                    phone=r.phone, code=r.code, purpose=r.purpose, sent_at=r.sent_at.isoformat()
                )
                for r in rows
            ]
        )
