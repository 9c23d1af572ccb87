"""One policy for every new personal password, wherever it is set: registration, the
account center's change (R-PW-5), 忘记密码 (R-PW-4) and the forced change after an
initial-password login (R-PW-3). Not the initial password, then R-PW-2's rule, then not
guessable: common passwords, patterns, and the person's own facts where they are known
(the terminal may know fewer of them than the service, which checks again)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from kiosk.domain.password_blocklist import check_guessable, facts_for
from kiosk.domain.passwords import check_password, is_initial_password


class PasswordFault(Enum):
    """Why a new personal password is refused (its words: the catalog's PASSWORD_*)."""

    SAME_AS_INITIAL = "same_as_initial"  # R-PW-3
    RULE = "rule"  # R-PW-2
    TOO_GUESSABLE = "too_guessable"


@dataclass(frozen=True, slots=True)
class PasswordRefusal:
    """The fault and its reason, as both sides of the wire send it."""

    fault: PasswordFault
    reason_zh: str = ""
    reason_en: str = ""


def refuse_new_password(
    password: str, *, document_number: str = "", phones: Iterable[str | None] = ()
) -> PasswordRefusal | None:
    """Why ``password`` cannot be a new personal password, or None when it can."""
    if document_number and is_initial_password(password, document_number):
        return PasswordRefusal(PasswordFault.SAME_AS_INITIAL)
    rule = check_password(password)
    if not rule.ok:
        return PasswordRefusal(PasswordFault.RULE, rule.reason_zh, rule.reason_en)
    guess = check_guessable(password, facts_for(document_number, *phones))
    if not guess.ok:
        # The catalog sentence continues after the reason: a capital letter in English.
        reason_en = guess.reason_en[:1].upper() + guess.reason_en[1:]
        return PasswordRefusal(PasswordFault.TOO_GUESSABLE, guess.reason_zh, reason_en)
    return None
