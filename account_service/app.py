"""``create_app``: the composition root of the account service."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import CapacityLimiter
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from account_service.account.router import router as account_router
from account_service.agents.router import router as agents_router
from account_service.auth.acting_router import router as enterprise_router
from account_service.auth.router import router as auth_router
from account_service.auth.router import staff_locks_router
from account_service.bundles.router import router as bundles_router
from account_service.certificate_login.router import router as certificate_login_router
from account_service.clock import Clock, SystemClock
from account_service.collection.router import router as collection_router
from account_service.collection.router import staff_reviews_router
from account_service.context import ServiceContext
from account_service.db import make_engine, make_read_session_factory, make_session_factory
from account_service.dev.router import router as sms_router
from account_service.errors import install_error_handlers
from account_service.headers import SecurityHeaders
from account_service.health.router import router as health_router
from account_service.idempotency.service import AnswerVault
from account_service.qr.router import router as qr_router
from account_service.qr.router import simulator_router as qr_simulator_router
from account_service.registration.router import router as registration_router
from account_service.relations.router import router as relations_router
from account_service.security import make_password_hasher
from account_service.settings import VERSION, AccountServiceSettings, SmsGatewayKind
from account_service.sms.gateway import HttpGateway, NullGateway, OutboxGateway, SmsGateway
from account_service.staff.router import router as staff_router
from account_service.terminals.gate import TerminalGate
from account_service.terminals.router import router as terminals_router
from kiosk.domain.masking import mask_text
from kiosk.domain.text import escape_controls

access_logger = logging.getLogger("account_service.access")
logger = logging.getLogger("account_service")


class MaskedAccessLog:
    """Access log with phone and ID numbers masked (query strings may carry them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            target = scope["path"] + (f"?{query}" if query else "")
            access_logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                escape_controls(mask_text(target)),
                status,
                (time.perf_counter() - started) * 1000,
            )


def _gateway(
    settings: AccountServiceSettings, session_factory: sessionmaker[Session], clock: Clock
) -> SmsGateway:
    kind = settings.gateway
    if kind is SmsGatewayKind.HTTP:
        return HttpGateway(
            settings.sms_gateway_url,
            settings.sms_gateway_token.get_secret_value(),
            timeout_s=settings.sms_gateway_timeout_s,
        )
    if kind is SmsGatewayKind.OUTBOX:
        return OutboxGateway(session_factory, clock)
    return NullGateway()


def describe(settings: AccountServiceSettings) -> str:
    """The first thing the service says: which profile, and what that switches on."""
    gateway = settings.gateway.value if settings.gateway else "none"
    if settings.development:
        return (
            f"account service {VERSION}, DEVELOPMENT profile: development routes on (SMS "
            f"outbox, tax-app simulator); SMS gateway {gateway}; API docs "
            f"{'on' if settings.docs_served else 'off'}. Never expose this to the public."
        )
    return (
        f"account service {VERSION}, production profile: no development routes; SMS gateway "
        f"{gateway}; API docs {'on' if settings.docs_served else 'off'}"
    )


def create_app(
    settings: AccountServiceSettings | None = None,
    *,
    clock: Clock | None = None,
    session_factory: sessionmaker[Session] | None = None,
    sms_gateway: SmsGateway | None = None,
) -> FastAPI:
    """The FastAPI app. Without ``session_factory`` it builds an engine from the settings
    and disposes of it at shutdown; the schema must already be migrated."""
    settings = settings or AccountServiceSettings()
    settings.refuse_if_unsafe()
    logger.log(logging.WARNING if settings.development else logging.INFO, describe(settings))
    clock = clock or SystemClock()
    engine = None
    if session_factory is None:
        engine = make_engine(settings.database_url)
        session_factory = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if engine is not None:
            engine.dispose()

    docs = settings.docs_served
    app = FastAPI(
        title="Tax kiosk account service",
        version=VERSION,
        lifespan=lifespan,
        description="Central account service for the tax-hall self-service terminals "
        "(docs/protocol.md).",
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.service_context = ServiceContext(
        settings=settings,
        clock=clock,
        session_factory=session_factory,
        hasher=make_password_hasher(settings),
        sms_gateway=sms_gateway or _gateway(settings, session_factory, clock),
        answers=AnswerVault(settings.secret_key.get_secret_value().encode("utf-8")),
        read_sessions=make_read_session_factory(session_factory.kw["bind"]),
        hashing=CapacityLimiter(settings.hashing_threads or os.cpu_count() or 1),
        in_flight=CapacityLimiter(settings.max_in_flight),
    )
    app.add_middleware(TerminalGate)  # inside the catch-all: its faults answer 500 masked
    install_error_handlers(app)
    if settings.access_log:
        app.add_middleware(MaskedAccessLog)
    app.add_middleware(SecurityHeaders)
    app.include_router(health_router)
    app.include_router(terminals_router)
    app.include_router(auth_router)
    app.include_router(enterprise_router)
    app.include_router(relations_router)
    app.include_router(staff_router)
    app.include_router(staff_locks_router)
    app.include_router(staff_reviews_router)
    app.include_router(collection_router)
    app.include_router(bundles_router)
    app.include_router(agents_router)
    app.include_router(certificate_login_router)
    app.include_router(account_router)
    app.include_router(registration_router)
    app.include_router(qr_router)
    if settings.development:
        if settings.gateway is SmsGatewayKind.OUTBOX:
            app.include_router(sms_router)
        # The tax-app simulator (R-QR-1/2 for testers) plays the apps' backends, which have
        # no production credential here: development only, like the outbox.
        app.include_router(qr_simulator_router)
    return app
