"""R-UN-1 usernames beside R-LG-1 document numbers: a login identifier names one person.

A username-shaped string may also be a foreign document number (passports and work
permits are letters and digits). The decision: **a document number always wins.**
- Setting a username (registration, the account center) is refused when it equals, in any
  case, another person's username or a document number the service knows: a registered
  person's, or one collected at the hall and waiting for its holder to register.
- When a document number is registered that equals someone's username (in any case; the
  username came first), that username is released: its owner is told at the next login
  and may set a new one at once (not counted as the year's change).
- Login looks a username-shaped identifier up as a document number first
  (``persons.service.find_person``), so even a race between the two ends with the
  document holder.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.collection.models import HallCollection
from account_service.persons.models import Person


def username_unavailable(session: Session, name: str, *, owner_number: str) -> bool:
    """Whether ``name`` is another person's username, or reads as a document number that
    is not the owner's own (``owner_number``, upper-case)."""
    number = name.upper()
    taken = session.scalars(
        select(Person.id).where(
            Person.document_number != owner_number,
            (Person.username == name) | (Person.document_number == number),
        )
    ).first()
    if taken is not None:
        return True
    if number == owner_number:
        return False
    collected = session.scalars(
        select(HallCollection.id).where(HallCollection.document_number == number).limit(1)
    ).first()
    return collected is not None
