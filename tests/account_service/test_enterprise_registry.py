"""The enterprise registry (issue 17): the model, its migration and the data-exchange
import (R-ID-7, R-ID-5, R-RE-1, R-RE-2, R-RE-3, R-RE-6), on each backend."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from account_service.cli import main
from account_service.clock import ManualClock
from account_service.db import make_engine, make_session_factory
from account_service.enterprises import registry_import
from account_service.enterprises.models import (
    Enterprise,
    EnterpriseKind,
    EnterpriseRelation,
    EnterpriseStatus,
    RelationOrigin,
    RelationRole,
    RelationStatus,
)
from account_service.enterprises.registry_import import (
    RegistryImportReport,
    import_registry,
    import_registry_file,
)
from account_service.migrate import upgrade
from account_service.persons.models import Person
from account_service.qr.service import _related_enterprise
from account_service.trail.models import AuditEvent
from kiosk.domain.lang import Lang
from kiosk.protocol.messages import ErrorCode

SAMPLE = Path(__file__).parents[2] / "resources" / "sample-data" / "enterprise-exchange.jsonl"
YUNFAN = "91330106MA2H7K3P1N"  # 杭州云帆: legal rep 林, finance head and handler 许
HEMU = "91320505MA1Y8R6T4L"  # 苏州禾木: legal rep 吴, finance head 林, handler 何
ZHOUJI = "330106L23415674"  # 个体工商户, a taxpayer id only
LIN = "330102198103120410"
XU = "320508199001052878"
HE = "11010819780930111X"


@pytest.fixture
def registry(database_url: str) -> Iterator[sessionmaker[Session]]:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _lines(*rows: dict[str, Any] | str) -> list[bytes]:
    return [
        (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)).encode()
        for row in rows
    ]


def _import(factory: sessionmaker[Session], *rows: dict[str, Any] | str) -> RegistryImportReport:
    return import_registry(_lines(*rows), session_factory=factory, clock=ManualClock())


def _sample(factory: sessionmaker[Session]) -> RegistryImportReport:
    return import_registry_file(SAMPLE, session_factory=factory, clock=ManualClock())


def _enterprise(**fields: Any) -> dict[str, Any]:
    row = {
        "kind": "enterprise",
        "taxpayer_id": YUNFAN,
        "uscc": YUNFAN,
        "name": "杭州云帆信息技术有限公司",
        "enterprise_kind": "enterprise",
        "tax_authority": "国家税务总局杭州市西湖区税务局",
        "status": "active",
    }
    row.update(fields)
    return row


def _relation(**fields: Any) -> dict[str, Any]:
    row = {
        "kind": "relation",
        "taxpayer_id": YUNFAN,
        "role": "tax_handler",
        "document_type": "RESIDENT_ID",
        "document_number": HE,
        "name": "何晓东",
        "source": "core_system",
    }
    row.update(fields)
    return row


def _relation_status(
    factory: sessionmaker[Session], taxpayer_id: str, number: str, role: RelationRole
) -> tuple[str, str]:
    with factory() as session:
        row = session.execute(
            select(EnterpriseRelation.status, EnterpriseRelation.origin)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(
                Enterprise.taxpayer_id == taxpayer_id,
                EnterpriseRelation.document_number == number,
                EnterpriseRelation.role == role.value,
            )
        ).one()
        return row.status, row.origin


def _snapshot(factory: sessionmaker[Session]) -> tuple[list[tuple[Any, ...]], ...]:
    with factory() as session:
        enterprises = [
            tuple(row) for row in session.execute(select(Enterprise.__table__).order_by("id"))
        ]
        relations = [
            tuple(row)
            for row in session.execute(select(EnterpriseRelation.__table__).order_by("id"))
        ]
        events = [
            (row.event, row.record_id, row.detail)
            for row in session.scalars(
                select(AuditEvent).where(AuditEvent.event != registry_import.IMPORTED_EVENT)
            )
        ]
    return enterprises, relations, sorted(events, key=repr)


def test_R_ID_7_the_sample_imports_and_a_second_import_changes_nothing(
    registry: sessionmaker[Session],
) -> None:
    first = _sample(registry)
    assert (first.added, first.updated, first.unchanged, first.refused) == (13, 0, 0, [])
    before = _snapshot(registry)
    # Every applied change wrote one audit event.
    assert len(before[2]) == 13
    second = _sample(registry)
    assert (second.added, second.updated, second.unchanged, second.refused) == (0, 0, 13, [])
    assert _snapshot(registry) == before
    with registry() as session:
        zhouji = session.scalars(select(Enterprise).where(Enterprise.taxpayer_id == ZHOUJI)).one()
        assert zhouji.uscc is None
        assert zhouji.code == ZHOUJI
        assert zhouji.kind == EnterpriseKind.INDIVIDUAL_BUSINESS.value
        assert zhouji.status == EnterpriseStatus.ACTIVE.value
        imports = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.event == registry_import.IMPORTED_EVENT)
        ).all()
        assert len(imports) == 2


def test_R_RE_2_the_legal_representative_is_bound_at_once(
    registry: sessionmaker[Session],
) -> None:
    _sample(registry)
    assert _relation_status(registry, YUNFAN, LIN, RelationRole.LEGAL_REPRESENTATIVE) == (
        RelationStatus.BOUND.value,
        RelationOrigin.REGISTRATION_DATA.value,
    )


def test_R_RE_3_the_finance_head_is_recorded_pending(registry: sessionmaker[Session]) -> None:
    _sample(registry)
    assert _relation_status(registry, YUNFAN, XU, RelationRole.FINANCE_HEAD) == (
        RelationStatus.PENDING.value,
        RelationOrigin.TAX_REGISTRATION.value,
    )


def test_R_RE_6_a_core_system_handler_is_pending(registry: sessionmaker[Session]) -> None:
    _sample(registry)
    assert _relation_status(registry, HEMU, HE, RelationRole.TAX_HANDLER) == (
        RelationStatus.PENDING.value,
        RelationOrigin.CORE_SYSTEM.value,
    )


def test_R_RE_1_one_person_holds_several_roles_in_several_enterprises(
    registry: sessionmaker[Session],
) -> None:
    _sample(registry)
    with registry() as session:
        lin = session.execute(
            select(Enterprise.taxpayer_id, EnterpriseRelation.role)
            .join(Enterprise, Enterprise.id == EnterpriseRelation.enterprise_id)
            .where(EnterpriseRelation.document_number == LIN)
        ).all()
        xu = session.scalars(
            select(EnterpriseRelation.role).where(EnterpriseRelation.document_number == XU)
        ).all()
    assert sorted(map(tuple, lin)) == [
        (ZHOUJI, "tax_handler"),
        (HEMU, "finance_head"),
        (YUNFAN, "legal_representative"),
    ]
    assert sorted(xu) == ["finance_head", "tax_handler"]


def test_R_RE_3_a_confirmed_finance_head_stays_bound_and_a_source_records_only_its_roles(
    registry: sessionmaker[Session],
) -> None:
    first = _import(
        registry,
        _enterprise(),
        _relation(role="finance_head", document_number=XU, source="tax_registration"),
        _relation(role="legal_representative", source="core_system"),
    )
    assert [(row.line, row.code) for row in first.refused] == [
        (3, ErrorCode.REGISTRY_ROW_SOURCE_ROLE)
    ]
    with registry.begin() as session:  # the finance head confirms (later work of issue 17)
        relation = session.scalars(
            select(EnterpriseRelation).where(EnterpriseRelation.document_number == XU)
        ).one()
        relation.status = RelationStatus.BOUND.value
    again = _import(
        registry, _relation(role="finance_head", document_number=XU, source="tax_registration")
    )
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert _relation_status(registry, YUNFAN, XU, RelationRole.FINANCE_HEAD)[0] == "bound"


def test_R_ID_7_a_deregistered_enterprise_ends_its_relations_and_a_change_updates_it(
    registry: sessionmaker[Session],
) -> None:
    _sample(registry)
    report = _import(
        registry,
        _enterprise(name="杭州云帆数字科技有限公司", tax_authority="国家税务总局杭州市税务局"),
        _enterprise(taxpayer_id=HEMU, uscc=HEMU, name="苏州禾木餐饮管理有限公司",
                    tax_authority="国家税务总局苏州高新技术产业开发区税务局",
                    status="deregistered"),
        _relation(taxpayer_id=HEMU),
        _relation(document_number=XU, role="tax_handler", status="ended"),
    )  # fmt: skip
    assert (report.added, report.updated, report.unchanged) == (0, 3, 0)
    assert [(row.line, row.code) for row in report.refused] == [
        (3, ErrorCode.REGISTRY_ROW_ENTERPRISE_DEREGISTERED)
    ]
    with registry() as session:
        yunfan = session.scalars(select(Enterprise).where(Enterprise.taxpayer_id == YUNFAN)).one()
        assert yunfan.name == "杭州云帆数字科技有限公司"
        assert yunfan.tax_authority == "国家税务总局杭州市税务局"
        hemu = session.scalars(select(Enterprise).where(Enterprise.taxpayer_id == HEMU)).one()
        assert hemu.status == EnterpriseStatus.DEREGISTERED.value
        statuses = session.scalars(
            select(EnterpriseRelation.status).where(EnterpriseRelation.enterprise_id == hemu.id)
        ).all()
        assert statuses and set(statuses) == {RelationStatus.ENDED.value}
        events = session.scalars(
            select(AuditEvent.event).where(AuditEvent.record_id == hemu.id)
        ).all()
        assert events.count("registry.enterprise_deregistered") == 1
    assert _relation_status(registry, YUNFAN, XU, RelationRole.TAX_HANDLER)[0] == "ended"
    assert _relation_status(registry, YUNFAN, XU, RelationRole.FINANCE_HEAD)[0] == "pending"


def test_R_ID_5_bad_rows_are_reported_by_line_and_the_rest_imports(
    registry: sessionmaker[Session],
) -> None:
    bad_uscc = YUNFAN[:-1] + "A"
    bad_id = HE[:-1] + "3"
    report = _import(
        registry,
        _enterprise(),  # 1
        "{not json",  # 2
        _enterprise(kind="branch"),  # 3
        _enterprise(taxpayer_id=bad_uscc, uscc=bad_uscc),  # 4
        _enterprise(taxpayer_id=HEMU, uscc=YUNFAN),  # 5
        _relation(document_number=bad_id),  # 6
        _relation(taxpayer_id=HEMU),  # 7: unknown enterprise
        _relation(role="legal_representative", source="tax_registration"),  # 8
        _relation(source="hall"),  # 9: not a source of the data exchange
        "",  # blank lines are skipped
        _relation(),  # 11
        _enterprise(taxpayer_id="12345", uscc=None),  # 12
        "[1, 2]",  # 13
    )
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    assert [(row.line, row.code) for row in report.refused] == [
        (2, ErrorCode.REGISTRY_ROW_NOT_JSON),
        (3, ErrorCode.REGISTRY_ROW_KIND_UNKNOWN),
        (4, ErrorCode.REGISTRY_ROW_USCC_INVALID),
        (5, ErrorCode.REGISTRY_ROW_TAXPAYER_ID_NOT_USCC),
        (6, ErrorCode.REGISTRY_ROW_DOCUMENT_INVALID),
        (7, ErrorCode.REGISTRY_ROW_ENTERPRISE_UNKNOWN),
        (8, ErrorCode.REGISTRY_ROW_SOURCE_ROLE),
        (9, ErrorCode.REGISTRY_ROW_FIELD_INVALID),
        (12, ErrorCode.REGISTRY_ROW_TAXPAYER_ID_INVALID),
        (13, ErrorCode.REGISTRY_ROW_NOT_JSON),
    ]
    reasons = {row.line: (row.reason(Lang.ZH), row.reason(Lang.EN)) for row in report.refused}
    assert reasons[3] == (
        "记录类型“branch”未知，应为 enterprise 或 relation",
        "Unknown record kind 'branch'; it must be enterprise or relation",
    )
    assert "校验码" in reasons[4][0]
    assert "check character" in reasons[4][1]
    assert reasons[6][1].startswith("The document number is not valid: ")
    assert reasons[9][1] == "The field 'source' is missing or has a value that is not allowed"
    assert _relation_status(registry, YUNFAN, HE, RelationRole.TAX_HANDLER)[0] == "pending"


def test_R_ID_7_a_database_failure_imports_nothing(
    registry: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = registry_import.apply_relation

    def failing(*args: Any, **kwargs: Any) -> registry_import.Outcome:
        if kwargs["line"] == 3:
            raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))
        return real(*args, **kwargs)

    monkeypatch.setattr(registry_import, "apply_relation", failing)
    with pytest.raises(sa.exc.OperationalError):
        _import(registry, _enterprise(), _relation(), _relation(document_number=XU))
    with registry() as session:
        assert session.scalar(select(sa.func.count()).select_from(Enterprise)) == 0
        assert session.scalar(select(sa.func.count()).select_from(EnterpriseRelation)) == 0
        assert session.scalar(select(sa.func.count()).select_from(AuditEvent)) == 0


@pytest.mark.postgres
def test_R_ID_7_two_imports_at_once_run_one_after_the_other(postgres_database_url: str) -> None:
    upgrade(postgres_database_url)
    engine = make_engine(postgres_database_url)
    try:
        factory = make_session_factory(engine)
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = list(pool.map(lambda _: _sample(factory), range(2)))
    finally:
        engine.dispose()
    assert sorted((r.added, r.unchanged, len(r.refused)) for r in reports) == [
        (0, 13, 0),
        (13, 0, 0),
    ]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, clock=ManualClock())
    return code, out.getvalue(), err.getvalue()


def test_R_ID_7_the_cli_imports_the_sample_and_reports_refused_lines(
    database_url: str, tmp_path: Path
) -> None:
    base = ("--database-url", database_url)
    assert _run("enterprise", "import", str(SAMPLE), *base) == (
        0,
        "enterprise-exchange.jsonl: added 13, updated 0, unchanged 0, refused 0\n",
        "",
    )
    assert _run("enterprise", "import", str(SAMPLE), *base)[1] == (
        "enterprise-exchange.jsonl: added 0, updated 0, unchanged 13, refused 0\n"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b"\n".join(
            _lines(
                _relation(taxpayer_id=HEMU, document_number=HE[:-1] + "3"),
                _relation(taxpayer_id="330106196208150313", document_number=HE),
                _relation(taxpayer_id=HEMU, document_number=XU),
            )
        )
    )
    code, out, err = _run("enterprise", "import", str(bad), *base)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "bad.jsonl: added 1, updated 0, unchanged 0, refused 2"
    assert lines[1].startswith("line 1: 证件号码不正确：")
    assert " / The document number is not valid: " in lines[1]
    # An individual business's taxpayer id may be an ID number: masked when printed.
    assert lines[2].startswith("line 2: 纳税人 330***********0313 没有登记信息")
    assert HE not in out
    assert "330106196208150313" not in out
    code, _, err = _run("enterprise", "import", str(tmp_path / "missing.jsonl"), *base)
    assert (code, err) == (1, "missing.jsonl: 无法读取文件 / cannot read the file\n")


def _now_for(url: str) -> datetime:
    now = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    return now.replace(tzinfo=None) if url.startswith("sqlite") else now


def test_R_RE_2_the_migration_keeps_old_style_relations_and_qr_enterprise_mode_finds_them(
    database_url: str,
) -> None:
    """A database at 0011 with the demo's old relations (by account) upgrades: the
    enterprise's taxpayer id is its USCC, the relation names its person by document."""
    upgrade(database_url, "0011")
    engine = make_engine(database_url)
    person_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    try:
        persons = sa.table(
            "persons",
            *(sa.column(name, sa.String()) for name in ("name", "document_type", "password_hash")),
            sa.column("id", sa.Uuid()),
            sa.column("document_number", sa.String()),
            sa.column("initial_password", sa.Boolean()),
            sa.column("real_name_level", sa.Integer()),
            sa.column("created_at", sa.DateTime(timezone=True)),
        )
        enterprises = sa.table(
            "enterprises",
            sa.column("id", sa.Uuid()),
            sa.column("name", sa.String()),
            sa.column("uscc", sa.String()),
        )
        relations = sa.table(
            "enterprise_relations",
            sa.column("enterprise_id", sa.Uuid()),
            sa.column("person_id", sa.Uuid()),
            sa.column("role", sa.String()),
            sa.column("status", sa.String()),
        )
        with engine.begin() as connection:
            connection.execute(
                persons.insert().values(
                    id=person_id, name="张三", document_type="RESIDENT_ID",
                    document_number="11010519491231002X", password_hash="x",
                    initial_password=False, real_name_level=4,
                    created_at=_now_for(database_url),
                )
            )  # fmt: skip
            connection.execute(
                enterprises.insert().values(
                    id=enterprise_id, name="北京示例科技有限公司", uscc="91110108MA01C3LX6H"
                )
            )
            connection.execute(
                relations.insert().values(
                    enterprise_id=enterprise_id, person_id=person_id,
                    role="legal_representative", status="bound",
                )
            )  # fmt: skip
        upgrade(database_url)
        factory = make_session_factory(engine)
        with factory() as session:
            enterprise = session.get_one(Enterprise, enterprise_id)
            assert (enterprise.taxpayer_id, enterprise.uscc) == (
                "91110108MA01C3LX6H",
                "91110108MA01C3LX6H",
            )
            assert (enterprise.kind, enterprise.status) == ("enterprise", "active")
            assert enterprise.created_at.tzinfo is not None
            relation = session.scalars(select(EnterpriseRelation)).one()
            assert (relation.document_type, relation.document_number) == (
                "RESIDENT_ID",
                "11010519491231002X",
            )
            assert (relation.origin, relation.status) == ("registration_data", "bound")
            person = session.get_one(Person, person_id)
            assert _related_enterprise(session, person, "91110108MA01C3LX6H").id == enterprise_id
        # The registry import then knows the enterprise by its taxpayer id.
        report = import_registry(
            _lines(
                _enterprise(
                    taxpayer_id="91110108MA01C3LX6H",
                    uscc="91110108MA01C3LX6H",
                    name="北京示例科技有限公司",
                    tax_authority=None,
                ),
                _relation(
                    taxpayer_id="91110108MA01C3LX6H",
                    role="legal_representative",
                    document_number="11010519491231002X",
                    source="registration_data",
                ),
            ),
            session_factory=factory,
            clock=ManualClock(),
        )
        assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
    finally:
        engine.dispose()
