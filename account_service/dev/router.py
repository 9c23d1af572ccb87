"""GET /v1/dev/sms-outbox: the development gateway's messages, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from account_service.api import Context, Signed
from account_service.sms.models import OutboxMessage
from kiosk.protocol.terminals import Outbox, OutboxSms

router = APIRouter(prefix="/v1/dev", tags=["development"])


@router.get("/sms-outbox", response_model=Outbox)
def sms_outbox(
    _signed: Signed,
    context: Context,
    phone: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Outbox:
    with context.session_factory.begin() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if phone:
            query = query.where(OutboxMessage.phone == phone)
        rows = session.scalars(query).all()
        return Outbox(
            messages=[
                OutboxSms(phone=r.phone, code=r.code, purpose=r.purpose, sent_at=r.sent_at)
                for r in rows
            ]
        )
