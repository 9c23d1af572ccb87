"""The identity authority behind an interface (R-ID-1, R-RN-4).

Production would put the public-security data source behind ``IdentityAuthority``; here
``RegistryAuthority`` reads the seeded ``authority_residents`` table. Registration asks it
whether a (document, name) pair is real and for the reference face to compare with.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from account_service.authority.models import AuthorityResident
from kiosk.domain.documents import DocumentType, normalize_document_number


@dataclass(frozen=True, slots=True)
class Resident:
    name: str
    # dlib 128-d template of the authority's reference photo; None when it has none.
    face_template: list[float] | None


class IdentityAuthority(Protocol):
    def lookup(self, document_type: DocumentType, number: str) -> Resident | None: ...


def _template(text: str | None) -> list[float] | None:
    return None if text is None else [float(v) for v in json.loads(text)]


class RegistryAuthority:
    """The seeded registry, read inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def lookup(self, document_type: DocumentType, number: str) -> Resident | None:
        row = _find(self._session, document_type, number)
        if row is None:
            return None
        return Resident(name=row.name, face_template=_template(row.face_template))


def _find(session: Session, document_type: DocumentType, number: str) -> AuthorityResident | None:
    return session.scalars(
        select(AuthorityResident).where(
            AuthorityResident.document_type == document_type.value,
            AuthorityResident.document_number == normalize_document_number(number),
        )
    ).one_or_none()


def normalize_name(name: str) -> str:
    """How names are compared: full-width folded, case and spaces ignored, the middle dot
    variants of transliterated names (·・•) read as one."""
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    for dot in ("・", "•", "‧", "．"):
        text = text.replace(dot, "·")
    return "".join(text.split())


def names_match(given: str, on_record: str) -> bool:
    return bool(normalize_name(given)) and normalize_name(given) == normalize_name(on_record)


def add_resident(
    session: Session,
    *,
    name: str,
    document_type: DocumentType,
    document_number: str,
    face_template: list[float] | None,
    now: datetime,
    keep_template: bool = False,
) -> tuple[AuthorityResident, bool]:
    """Add a resident, or update the one with that document (name; template unless
    ``keep_template`` and none is given). Returns (row, created)."""
    number = normalize_document_number(document_number)
    template = None if face_template is None else json.dumps(face_template)
    row = _find(session, document_type, number)
    if row is None:
        row = AuthorityResident(
            document_type=document_type.value,
            document_number=number,
            name=name.strip(),
            face_template=template,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        return row, True
    row.name = name.strip()
    if template is not None or not keep_template:
        row.face_template = template
    row.updated_at = now
    session.flush()
    return row, False


def list_residents(session: Session) -> list[AuthorityResident]:
    return list(
        session.scalars(
            select(AuthorityResident).order_by(
                AuthorityResident.document_type, AuthorityResident.document_number
            )
        )
    )
