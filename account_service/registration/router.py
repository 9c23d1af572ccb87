"""Registration routes (thin: parse, call the service inside the idempotent runner,
answer). Every call is signed; every POST carries an Idempotency-Key."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from account_service.api import Context, Run
from account_service.registration import service
from kiosk.protocol.account import PhoneRequest
from kiosk.protocol.auth import CodeRequest, FaceRequest, LoggedIn, SmsSent
from kiosk.protocol.registration import (
    RegistrationCompleteRequest,
    RegistrationFaceChecked,
    RegistrationPhoneVerified,
    RegistrationStarted,
    RegistrationStartRequest,
)

router = APIRouter(prefix="/v1/registration", tags=["registration"])


@router.post("", response_model=RegistrationStarted)
def start(body: RegistrationStartRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.start(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            document_type=body.document_type,
            document_number=body.document_number,
            name=body.name,
        ),
    )


@router.post("/{registration_id}/sms", response_model=SmsSent)
def sms(registration_id: str, body: PhoneRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.send_sms(
            session=s,
            context=context,
            registration_id=registration_id,
            terminal_id=run.terminal_id,
            phone=body.phone,
        ),
    )


@router.post("/{registration_id}/verify", response_model=RegistrationPhoneVerified)
def verify(registration_id: str, body: CodeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.verify_sms(
            session=s,
            context=context,
            registration_id=registration_id,
            terminal_id=run.terminal_id,
            code=body.code,
        ),
    )


@router.post("/{registration_id}/face", response_model=RegistrationFaceChecked)
def face(registration_id: str, body: FaceRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.check_face(
            session=s,
            context=context,
            registration_id=registration_id,
            terminal_id=run.terminal_id,
            template=body.template,
        ),
    )


@router.post("/{registration_id}/complete", response_model=LoggedIn)
def complete(
    registration_id: str, body: RegistrationCompleteRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: service.complete(
            session=s,
            context=context,
            registration_id=registration_id,
            terminal_id=run.terminal_id,
            password=body.password,
            username=body.username,
        ),
    )
