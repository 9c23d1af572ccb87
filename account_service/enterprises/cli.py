"""``account-service enterprise import FILE``: the enterprise registry from a data-exchange
file (R-ID-7, docs/enterprise-registry.md)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from account_service.clock import Clock
from account_service.db import make_engine, make_session_factory
from account_service.enterprises.registry_import import RegistryImportReport, import_registry_file
from account_service.migrate import upgrade
from account_service.settings import AccountServiceSettings
from kiosk.domain.lang import Lang
from kiosk.domain.masking import mask_text

WithDb = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], with_db: WithDb
) -> None:
    enterprise = commands.add_parser(
        "enterprise", help="the enterprise registry: enterprises and their people (R-ID-7)"
    )
    sub = enterprise.add_subparsers(dest="enterprise_command", required=True)
    imported = with_db(
        sub.add_parser(
            "import",
            help="import a data-exchange file (JSON Lines, docs/enterprise-registry.md); "
            "idempotent, one transaction per file",
        )
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    # The handler lives in account_service.certificate_login.cli (it imports this package).
    certificate = sub.add_parser(
        "certificate",
        help="enterprises' tax digital certificates on record (企业业务 by certificate, R-EN-1)",
    )
    certificate_sub = certificate.add_subparsers(dest="certificate_command", required=True)
    added = with_db(
        certificate_sub.add_parser(
            "add",
            help="record an enterprise's SM2 certificate (DER or PEM): its logins are checked "
            "against this public key",
        )
    )
    added.add_argument(
        "--enterprise", required=True, metavar="CODE", help="USCC or taxpayer id (R-ID-5)"
    )
    added.add_argument("--certificate", required=True, type=Path, metavar="FILE")
    with_db(certificate_sub.add_parser("list", help="list the certificates on record"))
    revoked = with_db(
        certificate_sub.add_parser("revoke", help="revoke a certificate: no more logins by it")
    )
    revoked.add_argument("serial", help="the certificate serial (hex)")


def print_report(name: str, report: RegistryImportReport, out: TextIO) -> None:
    print(
        f"{name}: added {report.added}, updated {report.updated}, "
        f"unchanged {report.unchanged}, refused {len(report.refused)}",
        file=out,
    )
    for row in report.refused:
        print(f"line {row.line}: {row.reason(Lang.ZH)} / {row.reason(Lang.EN)}", file=out)


def run(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    *,
    out: TextIO,
    err: TextIO,
    clock: Clock,
) -> int:
    """Exit 1 when any row was refused (the others are imported) or the file could not
    be imported at all (nothing imported)."""
    path: Path = args.file
    name = mask_text(path.name)
    if not path.is_file():
        print(f"{name}: 无法读取文件 / cannot read the file", file=err)
        return 1
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        report = import_registry_file(
            path, session_factory=make_session_factory(engine), clock=clock
        )
    except Exception as exc:
        # No traceback: it would carry the rows' personal data.
        logging.getLogger(__name__).error(
            "enterprise registry %s not imported: %s", name, type(exc).__name__
        )
        print(
            f"{name}: 未能导入，未导入任何记录 / could not be imported, nothing imported "
            f"({type(exc).__name__})",
            file=err,
        )
        return 1
    finally:
        engine.dispose()
    print_report(name, report, out)
    return 1 if report.refused else 0
