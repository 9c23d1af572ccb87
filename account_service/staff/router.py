"""Staff routes (thin): ``POST /v1/staff/login`` and a colleague's lock, signed and idempotent
like every POST. A person's lock is looked at in ``auth.router``, held faces are reviewed
in ``collection.router`` (both for a staff member logged in on the terminal)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from account_service.api import Context, CurrentSession, Run
from account_service.staff import service
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.staff import (
    LockView,
    StaffLoggedIn,
    StaffLoginRequest,
    StaffUnlockRequest,
)

router = APIRouter(prefix="/v1", tags=["staff"])


@router.post("/staff/login", response_model=StaffLoggedIn)
def staff_login(body: StaffLoginRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.staff_login(
            session=s,
            context=context,
            staff_no=body.staff_no,
            password=body.password,
            terminal_id=run.terminal_id,
            record_key=body.record_key,
        )
    )


@router.post("/staff/staff-locks/show", response_model=LockView)
def show_staff_lock(
    body: StaffUnlockRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    def op(s: Session) -> BaseModel:
        service.staff_for_token(s, context, bearer)
        found = service.find_staff(session=s, staff_no=body.staff_no)
        if found is None:
            raise UserError(ErrorCode.STAFF_UNKNOWN)
        return service.staff_lock_view(found, context.clock.now())

    return run(op)


@router.post("/staff/staff-locks/clear", response_model=LockView)
def clear_staff_lock(
    body: StaffUnlockRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """A colleague's lock lifted by a staff member logged in here (audited)."""

    def op(s: Session) -> BaseModel:
        member = service.staff_for_token(s, context, bearer)
        return service.unlock_staff(
            session=s,
            clock=context.clock,
            staff_no=body.staff_no,
            by_staff_no=member.staff_no,
            terminal_id=run.terminal_id,
        )

    return run(op)
