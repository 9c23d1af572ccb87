"""Account self-service routes (thin: parse, call the service inside the idempotent
runner, answer). Logged-in routes read ``Authorization: Bearer <session_token>``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from account_service.account import recovery, service
from account_service.api import Context, CurrentSession, Run, Signed
from kiosk.protocol.account import (
    AccountView,
    Cleared,
    ConfirmationDone,
    ConfirmationRequest,
    ConfirmationStarted,
    HistoryList,
    NewPasswordRequest,
    PasswordChanged,
    PasswordChangeRequest,
    PhoneBound,
    PhoneRequest,
    ResetDone,
    ResetStarted,
    ResetStartRequest,
    ResetVerified,
    RetrieveStarted,
    RetrieveStartRequest,
    UsernameRequest,
)
from kiosk.protocol.auth import CodeRequest, FaceRequest, SmsSent
from kiosk.protocol.base import EmptyRequest

router = APIRouter(prefix="/v1/account", tags=["account"])


# Forgot password (R-PW-4) -------------------------------------------------------------


@router.post("/password-reset", response_model=ResetStarted)
def reset_start(body: ResetStartRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: recovery.start_reset(
            session=s,
            context=context,
            document_type=body.document_type,
            document_number=body.document_number,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/password-reset/{verification_id}/sms", response_model=SmsSent)
def reset_sms(
    verification_id: str, run: Run, context: Context, _body: EmptyRequest | None = None
) -> JSONResponse:
    return run(
        lambda s: recovery.send_reset_sms(
            session=s,
            context=context,
            verification_id=verification_id,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/password-reset/{verification_id}/verify", response_model=ResetVerified)
def reset_verify(
    verification_id: str, body: CodeRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: recovery.verify_reset_sms(
            session=s,
            context=context,
            verification_id=verification_id,
            code=body.code,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/password-reset/{verification_id}/face", response_model=ResetVerified)
def reset_face(verification_id: str, body: FaceRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: recovery.verify_reset_face(
            session=s,
            context=context,
            verification_id=verification_id,
            template=body.template,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/password-reset/{verification_id}/password", response_model=ResetDone)
def reset_password(
    verification_id: str, body: NewPasswordRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: recovery.finish_reset(
            session=s,
            context=context,
            verification_id=verification_id,
            reset_token=body.reset_token,
            new_password=body.new_password,
            terminal_id=run.terminal_id,
        ),
    )


# Retrieve phone number (R-PH-5) -------------------------------------------------------


@router.post("/phone-retrieve", response_model=RetrieveStarted)
def retrieve_start(body: RetrieveStartRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: recovery.start_retrieve(
            session=s,
            context=context,
            identifier=body.identifier,
            password=body.password,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/phone-retrieve/{verification_id}/sms", response_model=SmsSent)
def retrieve_sms(
    verification_id: str, body: PhoneRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: recovery.send_retrieve_sms(
            session=s,
            context=context,
            verification_id=verification_id,
            phone=body.phone,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/phone-retrieve/{verification_id}/verify", response_model=PhoneBound)
def retrieve_verify(
    verification_id: str, body: CodeRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: recovery.verify_retrieve_sms(
            session=s,
            context=context,
            verification_id=verification_id,
            code=body.code,
            terminal_id=run.terminal_id,
        ),
    )


# Account center (logged in) -----------------------------------------------------------


@router.get("", response_model=AccountView)
def account(_signed: Signed, context: Context, bearer: CurrentSession) -> AccountView:
    with context.session_factory.begin() as s:
        return service.get_account(session=s, context=context, token=bearer)


@router.post("/confirmations", response_model=ConfirmationStarted)
def confirmation_start(
    body: ConfirmationRequest,
    run: Run,
    context: Context,
    bearer: CurrentSession,
) -> JSONResponse:
    return run(
        lambda s: service.start_confirmation(
            session=s,
            context=context,
            token=bearer,
            action=body.action,
            phone=body.phone,
            phone_id=body.phone_id,
        ),
    )


@router.post("/confirmations/{verification_id}/sms", response_model=SmsSent)
def confirmation_sms(
    verification_id: str,
    run: Run,
    context: Context,
    bearer: CurrentSession,
    _body: EmptyRequest | None = None,
) -> JSONResponse:
    return run(
        lambda s: service.resend_confirmation(
            session=s,
            context=context,
            token=bearer,
            verification_id=verification_id,
        ),
    )


@router.post("/confirmations/{verification_id}/verify", response_model=ConfirmationDone)
def confirmation_verify(
    verification_id: str,
    body: CodeRequest,
    run: Run,
    context: Context,
    bearer: CurrentSession,
) -> JSONResponse:
    return run(
        lambda s: service.verify_confirmation(
            session=s,
            context=context,
            token=bearer,
            verification_id=verification_id,
            code=body.code,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/username", response_model=AccountView)
def username(
    body: UsernameRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    return run(
        lambda s: service.set_username(
            session=s,
            context=context,
            token=bearer,
            username=body.username,
            terminal_id=run.terminal_id,
        ),
    )


@router.post("/password", response_model=PasswordChanged)
def password(
    body: PasswordChangeRequest,
    run: Run,
    context: Context,
    bearer: CurrentSession,
) -> JSONResponse:
    def op(s: Session) -> BaseModel:
        service.change_password(
            session=s,
            context=context,
            token=bearer,
            old_password=body.old_password,
            new_password=body.new_password,
            terminal_id=run.terminal_id,
        )
        return PasswordChanged()

    return run(op)


@router.post("/level/face", response_model=AccountView)
def level_face(
    body: FaceRequest, run: Run, context: Context, bearer: CurrentSession
) -> JSONResponse:
    """R-RN-3: a level-3 person raises to 4 with a live face check (the template only)."""
    return run(
        lambda s: service.raise_level_by_face(
            session=s,
            context=context,
            token=bearer,
            template=list(body.template),
            terminal_id=run.terminal_id,
        ),
    )


@router.get("/history", response_model=HistoryList)
def history(_signed: Signed, context: Context, bearer: CurrentSession) -> HistoryList:
    with context.session_factory.begin() as s:
        return service.history(session=s, context=context, token=bearer)


@router.post("/history/{event_id}/clear", response_model=Cleared)
def history_clear(
    event_id: str,
    run: Run,
    context: Context,
    bearer: CurrentSession,
    _body: EmptyRequest | None = None,
) -> JSONResponse:
    def op(s: Session) -> BaseModel:
        service.clear_history(session=s, context=context, token=bearer, event_id=event_id)
        return Cleared()

    return run(op)
