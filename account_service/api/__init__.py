"""What every route shares, and no domain owns: the service context, the signed terminal,
the idempotent runner of a POST and the session a logged-in route works for. The domain
packages import this package; it imports no domain."""

from __future__ import annotations

from account_service.api.context import Context
from account_service.api.idempotent import Idempotent, IdempotentPost, IdempotentRunner, Run
from account_service.api.session import Bearer, CurrentSession
from account_service.api.signed import Signed, SignedRequest

__all__ = [
    "Bearer",
    "Context",
    "CurrentSession",
    "Idempotent",
    "IdempotentPost",
    "IdempotentRunner",
    "Run",
    "Signed",
    "SignedRequest",
]
