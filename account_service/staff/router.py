"""Staff routes (thin): ``POST /v1/staff/login``, signed and idempotent like every POST."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from account_service.account.schemas import EmptyRequest
from account_service.auth.lock_admin import LockView, clear_lock, show_lock
from account_service.auth.routing import CurrentBearer, answer_idempotently
from account_service.collection import review
from account_service.collection.review import HeldRecord
from account_service.context import ServiceContext, get_context
from account_service.errors import AppError
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer, run_idempotent
from account_service.staff import service
from account_service.staff.schemas import (
    HeldList,
    LockOut,
    LockRequest,
    ReviewRequest,
    StaffLoginRequest,
    StaffLoginResponse,
    StaffUnlockRequest,
)
from kiosk.domain.messages import ErrorCode
from kiosk.domain.moments import unlock_details

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
        vault=context.answers,
        operation=lambda s: Answer.ok(
            service.staff_login(
                session=s,
                context=context,
                staff_no=body.staff_no,
                password=body.password,
                terminal_id=post.signed.terminal_id,
                record_key=body.record_key,
            )
        ),
    )
    return JSONResponse(answer.body, status_code=answer.status_code)


def _person_lock(view: LockView | None, context: ServiceContext) -> LockOut:
    if view is None:
        raise AppError(ErrorCode.USER_NOT_REGISTERED)
    out = LockOut(
        name_masked=view.name_masked,
        id_number_masked=view.id_number_masked,
        locked=view.locked,
        failures_today=view.failures_today,
    )
    if view.locked and view.locked_until is not None:
        details, details_en = unlock_details(view.locked_until, context.clock.now())
        out.unlock_at = str(details["unlock_at"])
        out.unlock_text = str(details["unlock_text"])
        out.unlock_text_en = str(details_en["unlock_text"])
    return out


@router.post("/staff/locks/show", response_model=LockOut)
def show_person_lock(
    body: LockRequest, post: Idempotent, context: Context, bearer: CurrentBearer
) -> JSONResponse:
    """A person's lock and today's failures, for hall staff logged in on this terminal."""

    def op(s: Session) -> Answer:
        service.staff_for_token(s, context, bearer)
        view = show_lock(session=s, clock=context.clock, identifier=body.identifier)
        return Answer.ok(_person_lock(view, context))

    return answer_idempotently(context, post, op)


@router.post("/staff/locks/clear", response_model=LockOut)
def clear_person_lock(
    body: LockRequest, post: Idempotent, context: Context, bearer: CurrentBearer
) -> JSONResponse:
    """Lift a person's lock (R-LK-1), audited with the staff member and the terminal."""

    def op(s: Session) -> Answer:
        member = service.staff_for_token(s, context, bearer)
        view = clear_lock(
            session=s,
            clock=context.clock,
            identifier=body.identifier,
            staff_no=member.staff_no,
            terminal_id=post.signed.terminal_id,
        )
        return Answer.ok(_person_lock(view, context))

    return answer_idempotently(context, post, op)


@router.post("/staff/staff-locks/show", response_model=LockOut)
def show_staff_lock(
    body: StaffUnlockRequest, post: Idempotent, context: Context, bearer: CurrentBearer
) -> JSONResponse:
    def op(s: Session) -> Answer:
        service.staff_for_token(s, context, bearer)
        found = service.find_staff(session=s, staff_no=body.staff_no)
        if found is None:
            raise AppError(ErrorCode.STAFF_UNKNOWN)
        return Answer.ok(service.staff_lock_view(found, context.clock.now()))

    return answer_idempotently(context, post, op)


@router.post("/staff/staff-locks/clear", response_model=LockOut)
def clear_staff_lock(
    body: StaffUnlockRequest, post: Idempotent, context: Context, bearer: CurrentBearer
) -> JSONResponse:
    """A colleague's lock lifted by a staff member logged in here (audited)."""

    def op(s: Session) -> Answer:
        member = service.staff_for_token(s, context, bearer)
        view = service.unlock_staff(
            session=s,
            clock=context.clock,
            staff_no=body.staff_no,
            by_staff_no=member.staff_no,
            terminal_id=post.signed.terminal_id,
        )
        return Answer.ok(view)

    return answer_idempotently(context, post, op)


@router.post("/staff/reviews/list", response_model=HeldList)
def list_held(
    post: Idempotent, context: Context, bearer: CurrentBearer, _body: EmptyRequest | None = None
) -> JSONResponse:
    """Hall records whose face differs from the person's reference (R-HA-1)."""

    def op(s: Session) -> Answer:
        service.staff_for_token(s, context, bearer)
        return Answer.ok(HeldList(records=review.held_records(s)))

    return answer_idempotently(context, post, op)


@router.post("/staff/reviews/{record_id}", response_model=HeldRecord)
def review_held(
    record_id: str,
    body: ReviewRequest,
    post: Idempotent,
    context: Context,
    bearer: CurrentBearer,
) -> JSONResponse:
    """A second staff member approves or refuses a held face (audited; the person told)."""

    def op(s: Session) -> Answer:
        member = service.staff_for_token(s, context, bearer)
        reviewed = review.review(
            s,
            record_id=record_id,
            approve=body.approve,
            reviewer_staff_no=member.staff_no,
            terminal_id=post.signed.terminal_id,
            now=context.clock.now(),
        )
        return Answer.ok(reviewed)

    return answer_idempotently(context, post, op)
