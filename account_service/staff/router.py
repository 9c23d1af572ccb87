"""Staff routes (thin): ``POST /v1/staff/login``, signed and idempotent like every POST."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from account_service.context import ServiceContext, get_context
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer, run_idempotent
from account_service.staff import service
from account_service.staff.schemas import StaffLoginRequest, StaffLoginResponse

router = APIRouter(prefix="/v1", tags=["staff"])
Context = Annotated[ServiceContext, Depends(get_context)]


@router.post("/staff/login", response_model=StaffLoginResponse)
def staff_login(body: StaffLoginRequest, post: Idempotent, context: Context) -> JSONResponse:
    answer = run_idempotent(
        session_factory=context.session_factory,
        clock=context.clock,
        terminal_id=post.signed.terminal_id,
        key=post.key,
        hash_=post.request_hash,
        retention=context.settings.idempotency_ttl_delta,
        operation=lambda s: Answer.ok(
            service.staff_login(
                session=s, context=context, staff_no=body.staff_no, password=body.password
            )
        ),
    )
    return JSONResponse(answer.body, status_code=answer.status_code)
