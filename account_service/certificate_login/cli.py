"""``account-service enterprise certificate add|list|revoke``: the enterprises' tax digital
certificates on record (企业业务 by certificate, R-EN-1). The arguments are declared with
the other ``enterprise`` commands (``account_service.enterprises.cli``); this package
handles them, since it imports the enterprises package and not the other way round."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import IntegrityError

from account_service.agents.certificates import CertificateFormatError, parse_certificate
from account_service.certificate_login.service import (
    find_certificate,
    list_certificates,
    register_certificate,
    revoke_certificate,
)
from account_service.clock import Clock
from account_service.db import make_engine, make_session_factory
from account_service.enterprises.relations import find_enterprise
from account_service.migrate import upgrade
from account_service.settings import AccountServiceSettings
from kiosk.domain.enterprise_codes import normalize_enterprise_code
from kiosk.domain.masking import mask_text


def run(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    *,
    out: TextIO,
    err: TextIO,
    clock: Clock,
) -> int:
    """Exit 1 for an unknown enterprise or certificate, an unusable file, or a serial
    already on record, with the reason in zh and en."""
    certificate = None
    if args.certificate_command == "add":
        path: Path = args.certificate
        try:
            certificate = parse_certificate(path.read_bytes())
        except (OSError, CertificateFormatError) as exc:
            print(f"证书无法读取 / certificate unusable: {exc}", file=err)
            return 1
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine).begin() as session:
            if args.certificate_command == "list":
                for item in list_certificates(session=session):
                    state = "revoked" if item.revoked else "active"
                    print(
                        f"{item.serial}\t{item.enterprise_code}\t{item.enterprise_name}\t"
                        f"until {item.not_after.date()}\t{state}",
                        file=out,
                    )
                return 0
            if certificate is None:
                found = find_certificate(session=session, serial=args.serial)
                if found is None:
                    print(f"没有该证书 / no such certificate: {mask_text(args.serial)}", file=err)
                    return 1
                revoke_certificate(session=session, clock=clock, certificate=found)
                print(f"revoked certificate {found.serial}", file=out)
                return 0
            code = normalize_enterprise_code(args.enterprise)
            enterprise = find_enterprise(session, code)
            if enterprise is None:
                print(
                    f"没有该企业（或已注销）/ no such active enterprise: {mask_text(code)}",
                    file=err,
                )
                return 1
            row = register_certificate(
                session=session, clock=clock, enterprise=enterprise, certificate=certificate
            )
            print(
                f"registered certificate {row.serial} for {enterprise.code} "
                f"(valid {row.not_before.date()} to {row.not_after.date()})",
                file=out,
            )
            return 0
    except IntegrityError:
        print("证书序列号已登记 / certificate serial already on record", file=err)
        return 1
    finally:
        engine.dispose()
