"""A certificate medium's refusal as the error every journey shows: a catalog ``UserError``.

The card layer raises ``TaxKeyError`` (the medium, or the terminal's own PIN check, said no)
and ``CardError`` (no card could be talked to); both name their catalog code. The details
keep what hall staff need to tell failures apart — the status word or the transport's
detail, never a PIN or personal data — and the tries left that the PIN texts show.
"""

from __future__ import annotations

from typing import Any

from kiosk.devices.cards.taxukey import TaxKeyError
from kiosk.devices.cards.transport import CardError
from kiosk.protocol.errors import UserError


def medium_error(error: TaxKeyError | CardError) -> UserError:
    details: dict[str, Any] = {}
    if isinstance(error, TaxKeyError):
        details["detail"] = error.details
        if error.tries_left is not None:
            details["tries"] = error.tries_left
        refusal = UserError(error.code, details)
    else:
        if error.detail:
            details["detail"] = error.detail
        refusal = UserError(error.failure.code, details)
    refusal.__cause__ = error  # the card layer's exception, for logs and tests
    return refusal
