"""The collaborators every request needs, built once per app by ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from anyio import CapacityLimiter
from argon2 import PasswordHasher
from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.idempotency.service import AnswerVault
from account_service.settings import AccountServiceSettings
from account_service.sms.gateway import SmsGateway


@dataclass(frozen=True, slots=True)
class ServiceContext:
    settings: AccountServiceSettings
    clock: Clock
    session_factory: sessionmaker[Session]
    hasher: PasswordHasher
    sms_gateway: SmsGateway
    answers: AnswerVault  # stored POST answers, sealed (idempotency.service)
    read_sessions: sessionmaker[Session]  # reads that take no write lock (db)
    # Password hashing's own pool: at most this many hashes at once, off the route threads,
    # so cheap routes stay fast while logins saturate the CPU.
    hashing: CapacityLimiter
    in_flight: CapacityLimiter  # signed requests handled at once (terminals.gate)


def get_context(request: Request) -> ServiceContext:
    return cast(ServiceContext, request.app.state.service_context)
