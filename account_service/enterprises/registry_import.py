"""The enterprise registry import (R-ID-7): a data-exchange file of enterprises and their
people, as the core tax system and market regulation send them (docs/enterprise-registry.md).

Enterprises come into being only here (no route creates one). Per relation record, its
source decides the state (R-RE-2, R-RE-3, R-RE-6): the legal representative from
registration data is bound at once; a finance head from tax registration and handlers
from the core system are pending until the person confirms. A deregistered enterprise ends
its relations.

A file is read line by line; a bad line is refused with its line number and reason and
the others import, all in one transaction (a database failure imports nothing). The
import is idempotent: a row that changes nothing is ``unchanged``, writes nothing and
leaves no audit event; every applied change writes one audit event.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from account_service.clock import Clock
from account_service.db import dialect_name
from account_service.enterprises.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseRelation,
    EnterpriseStatus,
    RelationOrigin,
    RelationRole,
    RelationStatus,
)
from account_service.trail.models import AuditEvent
from kiosk.domain.documents import DocumentType, normalize_document_number, validate_document_number
from kiosk.domain.enterprise_codes import is_taxpayer_id
from kiosk.domain.lang import Lang
from kiosk.domain.lockout import shanghai_day
from kiosk.domain.masking import mask_id_number, mask_text
from kiosk.domain.uscc import normalize_uscc, validate_uscc
from kiosk.protocol.messages import ErrorCode, message_for

logger = logging.getLogger(__name__)

IMPORTED_EVENT = "registry.imported"
# PostgreSQL: imports take this transaction-level advisory lock, so two at once run one
# after the other instead of one failing on the other's new rows (SQLite: one writer).
_IMPORT_LOCK = 0x7265_6769_7374  # "regist"
_E = TypeVar("_E", bound=StrEnum)


class RecordKind(StrEnum):
    ENTERPRISE = "enterprise"
    RELATION = "relation"


class RelationSource(StrEnum):
    """The sources a data-exchange file may name (account center and hall relations are
    made in the service, never imported)."""

    REGISTRATION_DATA = RelationOrigin.REGISTRATION_DATA.value
    TAX_REGISTRATION = RelationOrigin.TAX_REGISTRATION.value
    CORE_SYSTEM = RelationOrigin.CORE_SYSTEM.value


class RelationState(StrEnum):
    """A relation record says the relation exists (``active``) or has ended."""

    ACTIVE = "active"
    ENDED = "ended"


# Which source records which role, and the state a new relation takes (R-RE-2: bound at
# once; R-RE-3: the finance head confirms; R-RE-6: a core-system handler confirms).
SOURCE_ROLES: dict[RelationSource, dict[RelationRole, RelationStatus]] = {
    RelationSource.REGISTRATION_DATA: {RelationRole.LEGAL_REPRESENTATIVE: RelationStatus.BOUND},
    RelationSource.TAX_REGISTRATION: {
        RelationRole.FINANCE_HEAD: RelationStatus.PENDING,
        RelationRole.TAX_HANDLER: RelationStatus.PENDING,
        RelationRole.INVOICER: RelationStatus.PENDING,
    },
    RelationSource.CORE_SYSTEM: {
        RelationRole.TAX_HANDLER: RelationStatus.PENDING,
        RelationRole.INVOICER: RelationStatus.PENDING,
        RelationRole.TAX_AGENT: RelationStatus.PENDING,
    },
}


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class EventKind(StrEnum):
    ENTERPRISE_ADDED = "registry.enterprise_added"
    ENTERPRISE_UPDATED = "registry.enterprise_updated"
    ENTERPRISE_DEREGISTERED = "registry.enterprise_deregistered"
    RELATION_ADDED = "registry.relation_added"
    RELATION_UPDATED = "registry.relation_updated"
    RELATION_ENDED = "registry.relation_ended"


_CHECK_REASONS = frozenset({"reason", "reason_en"})


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A line that was not imported, and why (a catalog code and its details)."""

    line: int
    code: ErrorCode
    details: Mapping[str, str] = field(default_factory=dict)

    def reason(self, lang: Lang) -> str:
        """The reason in ``lang``; any ID number or phone in a value is masked (the domain
        checks' own reasons never quote the value)."""
        details = {
            key: value if key in _CHECK_REASONS else mask_text(value)
            for key, value in self.details.items()
        }
        return message_for(self.code).render(lang, details)


@dataclass(slots=True)
class RegistryImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.ADDED:
            self.added += 1
        elif outcome is Outcome.UPDATED:
            self.updated += 1
        else:
            self.unchanged += 1


class RowRefusedError(Exception):
    def __init__(self, code: ErrorCode, details: Mapping[str, str] | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.details: Mapping[str, str] = details or {}


# -- reading a row ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnterpriseRecord:
    taxpayer_id: str
    uscc: str | None
    name: str
    kind: EnterpriseKind
    tax_authority: str | None
    status: EnterpriseStatus


@dataclass(frozen=True, slots=True)
class RelationRecord:
    taxpayer_id: str
    role: RelationRole
    document_type: DocumentType
    document_number: str
    source: RelationSource
    state: RelationState


def _text(row: Mapping[str, Any], name: str, *, limit: int, required: bool = True) -> str | None:
    value = row.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_FIELD_INVALID, {"field": name})
    return value.strip()


def _required(row: Mapping[str, Any], name: str, *, limit: int) -> str:
    value = _text(row, name, limit=limit)
    if value is None:  # not reached: a required field is refused by _text
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_FIELD_INVALID, {"field": name})
    return value


def _choice(row: Mapping[str, Any], name: str, kind: type[_E], default: _E | None = None) -> _E:
    value = row.get(name)
    if value is None and default is not None:
        return default
    if not isinstance(value, str) or value not in {member.value for member in kind}:
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_FIELD_INVALID, {"field": name})
    return kind(value)


def _taxpayer_id(row: Mapping[str, Any]) -> str:
    """R-ID-5 on a taxpayer id: 15-20 digits or capital letters; an 18-character one is a
    USCC or a resident ID number (older 个体工商户), a 20-character one an ID number and two
    more characters."""
    text = normalize_uscc(_required(row, "taxpayer_id", limit=40))
    if not is_taxpayer_id(text):
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_TAXPAYER_ID_INVALID)
    return text


def read_enterprise(row: Mapping[str, Any]) -> EnterpriseRecord:
    raw_uscc = row.get("uscc")
    uscc: str | None = None
    if raw_uscc is None:
        taxpayer_id = _taxpayer_id(row)
    else:
        # With a USCC, the USCC's own check speaks first (R-ID-5), then the taxpayer id
        # must be that same code.
        if not isinstance(raw_uscc, str):
            raise RowRefusedError(ErrorCode.REGISTRY_ROW_FIELD_INVALID, {"field": "uscc"})
        checked = validate_uscc(raw_uscc)
        if not checked.ok:
            raise RowRefusedError(
                ErrorCode.REGISTRY_ROW_USCC_INVALID,
                {"reason": checked.reason_zh, "reason_en": checked.reason_en},
            )
        uscc = normalize_uscc(raw_uscc)
        taxpayer_id = normalize_uscc(_required(row, "taxpayer_id", limit=40))
        if taxpayer_id != uscc:
            raise RowRefusedError(ErrorCode.REGISTRY_ROW_TAXPAYER_ID_NOT_USCC)
    return EnterpriseRecord(
        taxpayer_id=taxpayer_id,
        uscc=uscc,
        name=_required(row, "name", limit=200),
        kind=_choice(row, "enterprise_kind", EnterpriseKind),
        tax_authority=_text(row, "tax_authority", limit=100, required=False),
        status=_choice(row, "status", EnterpriseStatus),
    )


def read_relation(row: Mapping[str, Any], *, now: datetime) -> RelationRecord:
    taxpayer_id = _taxpayer_id(row)
    role = _choice(row, "role", RelationRole)
    source = _choice(row, "source", RelationSource)
    if role not in SOURCE_ROLES[source]:
        raise RowRefusedError(
            ErrorCode.REGISTRY_ROW_SOURCE_ROLE, {"source": source.value, "role": role.value}
        )
    document_type = _choice(row, "document_type", DocumentType)
    number = normalize_document_number(_required(row, "document_number", limit=40))
    checked = validate_document_number(document_type, number, today=shanghai_day(now))
    if not checked.ok:
        raise RowRefusedError(
            ErrorCode.REGISTRY_ROW_DOCUMENT_INVALID,
            {"reason": checked.reason_zh, "reason_en": checked.reason_en},
        )
    return RelationRecord(
        taxpayer_id=taxpayer_id,
        role=role,
        document_type=document_type,
        document_number=number,
        source=source,
        state=_choice(row, "status", RelationState, RelationState.ACTIVE),
    )


# -- applying a row ---------------------------------------------------------------------


def _audit(
    session: Session,
    event: EventKind,
    *,
    now: datetime,
    enterprise: Enterprise,
    line: int,
    detail: Mapping[str, str],
) -> None:
    # The taxpayer id of a 个体工商户 may be its owner's ID number: masked like one.
    masked = {key: mask_text(value) for key, value in detail.items()}
    session.add(
        AuditEvent.of(
            event.value,
            at=now,
            terminal_id=None,
            record_id=enterprise.id,
            detail={"taxpayer_id": mask_text(enterprise.taxpayer_id), "line": line, **masked},
        )
    )


def _end_relations(session: Session, enterprise: Enterprise, *, now: datetime) -> int:
    ended = 0
    for relation in session.scalars(
        select(EnterpriseRelation).where(
            EnterpriseRelation.enterprise_id == enterprise.id,
            EnterpriseRelation.status != RelationStatus.ENDED.value,
        )
    ):
        relation.status = RelationStatus.ENDED.value
        relation.updated_at = now
        ended += 1
    return ended


def apply_enterprise(
    session: Session, record: EnterpriseRecord, *, now: datetime, line: int
) -> Outcome:
    if record.uscc is not None:
        holder = session.scalars(
            select(Enterprise.taxpayer_id).where(Enterprise.uscc == record.uscc)
        ).first()
        if holder is not None and holder != record.taxpayer_id:
            raise RowRefusedError(ErrorCode.REGISTRY_ROW_USCC_TAKEN)
    found = session.scalars(
        select(Enterprise).where(Enterprise.taxpayer_id == record.taxpayer_id)
    ).one_or_none()
    wanted = {
        "uscc": record.uscc,
        "name": record.name,
        "kind": record.kind.value,
        "tax_authority": record.tax_authority,
        "status": record.status.value,
    }
    if found is None:
        enterprise = Enterprise(
            id=uuid.uuid4(), taxpayer_id=record.taxpayer_id, created_at=now, updated_at=now
        )
        for name, value in wanted.items():
            setattr(enterprise, name, value)
        session.add(enterprise)
        session.flush()
        _audit(
            session,
            EventKind.ENTERPRISE_ADDED,
            now=now,
            enterprise=enterprise,
            line=line,
            detail={"kind": record.kind.value, "status": record.status.value},
        )
        return Outcome.ADDED
    changed = sorted(name for name, value in wanted.items() if getattr(found, name) != value)
    if not changed:
        return Outcome.UNCHANGED
    deregistering = (
        record.status is EnterpriseStatus.DEREGISTERED
        and found.status != EnterpriseStatus.DEREGISTERED.value
    )
    for name in changed:
        setattr(found, name, wanted[name])
    found.updated_at = now
    detail = {"changed": ",".join(changed)}
    if deregistering:
        # Deregistered: every relation ends (they cannot act for it any more).
        detail["relations_ended"] = str(_end_relations(session, found, now=now))
    _audit(
        session,
        EventKind.ENTERPRISE_DEREGISTERED if deregistering else EventKind.ENTERPRISE_UPDATED,
        now=now,
        enterprise=found,
        line=line,
        detail=detail,
    )
    return Outcome.UPDATED


def apply_relation(
    session: Session, record: RelationRecord, *, now: datetime, line: int
) -> Outcome:
    enterprise = session.scalars(
        select(Enterprise).where(Enterprise.taxpayer_id == record.taxpayer_id)
    ).one_or_none()
    if enterprise is None:
        raise RowRefusedError(
            ErrorCode.REGISTRY_ROW_ENTERPRISE_UNKNOWN, {"taxpayer_id": record.taxpayer_id}
        )
    if enterprise.status == EnterpriseStatus.DEREGISTERED.value:
        raise RowRefusedError(
            ErrorCode.REGISTRY_ROW_ENTERPRISE_DEREGISTERED, {"taxpayer_id": record.taxpayer_id}
        )
    found = session.scalars(
        select(EnterpriseRelation).where(
            EnterpriseRelation.enterprise_id == enterprise.id,
            EnterpriseRelation.document_type == record.document_type.value,
            EnterpriseRelation.document_number == record.document_number,
            EnterpriseRelation.role == record.role.value,
        )
    ).one_or_none()
    detail = {
        "role": record.role.value,
        "origin": record.source.value,
        "document_type": record.document_type.value,
        "document_number": mask_id_number(record.document_number),
    }
    if record.state is RelationState.ENDED:
        if found is None or found.status == RelationStatus.ENDED.value:
            return Outcome.UNCHANGED
        found.status = RelationStatus.ENDED.value
        found.updated_at = now
        _audit(
            session,
            EventKind.RELATION_ENDED,
            now=now,
            enterprise=enterprise,
            line=line,
            detail=detail,
        )
        return Outcome.UPDATED
    status = SOURCE_ROLES[record.source][record.role]
    if found is None:
        session.add(
            EnterpriseRelation(
                enterprise_id=enterprise.id,
                document_type=record.document_type.value,
                document_number=record.document_number,
                role=record.role.value,
                origin=record.source.value,
                status=status.value,
                created_at=now,
                updated_at=now,
                requested_at=now,
                bound_at=now if status is RelationStatus.BOUND else None,
            )
        )
        session.flush()
        _audit(
            session,
            EventKind.RELATION_ADDED,
            now=now,
            enterprise=enterprise,
            line=line,
            detail={**detail, "status": status.value},
        )
        return Outcome.ADDED
    # A bound relation stays bound (a confirmed finance head is not asked again); a pending
    # one is bound when registration data says so (R-RE-2); any other opens again as the
    # source says, with the source as its origin.
    if found.status in (RelationStatus.BOUND.value, status.value):
        return Outcome.UNCHANGED
    previous = found.status
    found.status = status.value
    if previous != RelationStatus.PENDING.value:
        # Ended, withdrawn, declined or applied for: the source's record stands now.
        found.origin = record.source.value
        found.requested_at = now
        found.requested_by_person_id = None
        found.staff_no = None
    if status is RelationStatus.BOUND:
        found.bound_at = now
    found.updated_at = now
    _audit(
        session,
        EventKind.RELATION_UPDATED,
        now=now,
        enterprise=enterprise,
        line=line,
        detail={**detail, "status": status.value, "previous": previous},
    )
    return Outcome.UPDATED


def _apply_line(session: Session, raw: bytes, *, now: datetime, line: int) -> Outcome:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_NOT_UTF8) from None
    try:
        row = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_NOT_JSON, {"column": str(exc.colno)}) from None
    if not isinstance(row, dict):
        raise RowRefusedError(ErrorCode.REGISTRY_ROW_NOT_JSON, {"column": "1"})
    kind = row.get("kind")
    if kind == RecordKind.ENTERPRISE.value:
        return apply_enterprise(session, read_enterprise(row), now=now, line=line)
    if kind == RecordKind.RELATION.value:
        return apply_relation(session, read_relation(row, now=now), now=now, line=line)
    shown = kind if isinstance(kind, str) else json.dumps(kind, ensure_ascii=False)
    raise RowRefusedError(ErrorCode.REGISTRY_ROW_KIND_UNKNOWN, {"kind": shown[:40]})


def import_registry(
    lines: Iterable[bytes],
    *,
    session_factory: sessionmaker[Session],
    clock: Clock,
    source_name: str = "-",
) -> RegistryImportReport:
    """Import the lines of one exchange file (bytes, without or with their line ends) in
    one transaction. Blank lines are skipped. A database failure raises and imports
    nothing; a refused row is in the report and its neighbours import."""
    report = RegistryImportReport()
    now = clock.now()
    with session_factory.begin() as session:
        if dialect_name(session) == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _IMPORT_LOCK})
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                # Each row in its own savepoint: a refused row leaves nothing half-written.
                with session.begin_nested():
                    outcome = _apply_line(session, raw.strip(), now=now, line=number)
            except RowRefusedError as refused:
                report.refused.append(RefusedRow(number, refused.code, refused.details))
                continue
            report.count(outcome)
        session.add(
            AuditEvent.of(
                IMPORTED_EVENT,
                at=now,
                terminal_id=None,
                record_id=None,
                detail={
                    "file": mask_text(source_name),
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "refused": len(report.refused),
                },
            )
        )
    logger.info(
        "enterprise registry %s imported: added %d, updated %d, unchanged %d, refused %d",
        mask_text(source_name),
        report.added,
        report.updated,
        report.unchanged,
        len(report.refused),
    )
    return report


def import_registry_file(
    path: Path, *, session_factory: sessionmaker[Session], clock: Clock
) -> RegistryImportReport:
    """``import_registry`` on a file (OSError when it cannot be read: nothing imported)."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark some exporters write
        data = data[3:]
    return import_registry(
        data.split(b"\n"), session_factory=session_factory, clock=clock, source_name=path.name
    )
