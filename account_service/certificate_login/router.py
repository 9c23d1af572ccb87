"""Enterprise certificate login routes (thin: parse, run the service idempotently, answer).
The second factor then goes through ``/v1/auth/login/{attempt_id}/...``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from account_service.api import Context, Run
from account_service.certificate_login import service
from kiosk.protocol.auth import PasswordAccepted
from kiosk.protocol.enterprise_certificates import (
    CertificateChallenge,
    CertificateChallengeRequest,
    EnterpriseCertificateAccepted,
    EnterpriseCertificateIdentifier,
    SignatureRequest,
)

router = APIRouter(prefix="/v1/enterprise-certificates", tags=["enterprise certificates"])


@router.post("/login/challenge", response_model=CertificateChallenge)
def challenge(body: CertificateChallengeRequest, run: Run, context: Context) -> JSONResponse:
    return run(
        lambda s: service.start_challenge(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            certificate_b64=body.certificate,
        ),
    )


@router.post(
    "/login/challenge/{challenge_id}/signature", response_model=EnterpriseCertificateAccepted
)
def signature(
    challenge_id: str, body: SignatureRequest, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: service.answer_challenge(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            challenge_id=challenge_id,
            signature_b64=body.signature,
        ),
    )


@router.post("/login/{login_id}/identifier", response_model=PasswordAccepted)
def identifier(
    login_id: str, body: EnterpriseCertificateIdentifier, run: Run, context: Context
) -> JSONResponse:
    return run(
        lambda s: service.submit_identifier(
            session=s,
            context=context,
            terminal_id=run.terminal_id,
            login_id=login_id,
            identifier=body.identifier,
        ),
    )
