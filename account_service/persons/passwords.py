"""The one new-password check of every entry point (registration, change, reset, forced
change after the initial password): ``kiosk.domain.password_policy`` as the service's
error, with every fact the service knows of the person."""

from __future__ import annotations

from collections.abc import Iterable

from account_service.persons.models import Person
from kiosk.domain.password_policy import refuse_new_password
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import password_code


def new_password_error(
    password: str, *, document_number: str, phones: Iterable[str | None] = ()
) -> UserError | None:
    refusal = refuse_new_password(password, document_number=document_number, phones=phones)
    if refusal is None:
        return None
    return UserError(
        password_code(refusal.fault),
        {"reason": refusal.reason_zh},
        details_en={"reason": refusal.reason_en},
    )


def person_password_error(password: str, person: Person) -> UserError | None:
    """For a registered person: their document number and every bound phone."""
    return new_password_error(
        password,
        document_number=person.document_number,
        phones=[phone.number for phone in person.phones],
    )
