"""Registration routes (thin: parse, call the service inside the idempotent runner,
answer). Every call is signed; every POST carries an Idempotency-Key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from account_service.account.schemas import CodeRequest, FaceRequest, PhoneRequest
from account_service.auth.routing import answer_idempotently
from account_service.auth.schemas import LoggedInResponse, SmsResponse
from account_service.context import ServiceContext, get_context
from account_service.idempotency.dependencies import Idempotent
from account_service.idempotency.service import Answer
from account_service.registration import service
from account_service.registration.schemas import (
    CompleteRequest,
    FaceChecked,
    PhoneVerified,
    RegistrationStarted,
    StartRequest,
)

router = APIRouter(prefix="/v1/registration", tags=["registration"])
Context = Annotated[ServiceContext, Depends(get_context)]


@router.post("", response_model=RegistrationStarted)
def start(body: StartRequest, post: Idempotent, context: Context) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.start(
                session=s,
                context=context,
                terminal_id=post.signed.terminal_id,
                document_type=body.document_type,
                document_number=body.document_number,
                name=body.name,
            )
        ),
    )


@router.post("/{registration_id}/sms", response_model=SmsResponse)
def sms(
    registration_id: str, body: PhoneRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.send_sms(
                session=s,
                context=context,
                registration_id=registration_id,
                terminal_id=post.signed.terminal_id,
                phone=body.phone,
            )
        ),
    )


@router.post("/{registration_id}/verify", response_model=PhoneVerified)
def verify(
    registration_id: str, body: CodeRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.verify_sms(
                session=s,
                context=context,
                registration_id=registration_id,
                terminal_id=post.signed.terminal_id,
                code=body.code,
            )
        ),
    )


@router.post("/{registration_id}/face", response_model=FaceChecked)
def face(
    registration_id: str, body: FaceRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.check_face(
                session=s,
                context=context,
                registration_id=registration_id,
                terminal_id=post.signed.terminal_id,
                template=body.template,
            )
        ),
    )


@router.post("/{registration_id}/complete", response_model=LoggedInResponse)
def complete(
    registration_id: str, body: CompleteRequest, post: Idempotent, context: Context
) -> JSONResponse:
    return answer_idempotently(
        context,
        post,
        lambda s: Answer.ok(
            service.complete(
                session=s,
                context=context,
                registration_id=registration_id,
                terminal_id=post.signed.terminal_id,
                password=body.password,
                username=body.username,
            )
        ),
    )
