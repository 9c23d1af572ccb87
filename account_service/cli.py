"""The ``account-service`` command: serve, migrate, demo-data, terminal management,
import-bundle (offline bundles carried from a hall whose network is down), tax agents
(certificates on record for the agent certificate login, R-AG-2), the enterprise registry
(``enterprise import``, R-ID-7)."""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TextIO

import uvicorn
from sqlalchemy.exc import IntegrityError

from account_service.agents.certificates import CertificateFormatError, parse_certificate
from account_service.agents.service import (
    find_agent,
    list_agents,
    register_certificate,
    revoke_agent,
)
from account_service.app import create_app
from account_service.auth.lock_admin import clear_lock, show_lock
from account_service.authority import cli as authority_cli
from account_service.bundle_keys import BundleKeyError, load_key
from account_service.bundles.format import BundleRefusedError
from account_service.bundles.service import ImportReport, import_bundle_file
from account_service.certificate_login import cli as certificate_cli
from account_service.clock import Clock, SystemClock
from account_service.collection import review
from account_service.db import make_engine, make_session_factory
from account_service.demo import load_demo_data
from account_service.enterprises import cli as enterprise_cli
from account_service.migrate import upgrade
from account_service.security import make_password_hasher
from account_service.settings import AccountServiceSettings, UnsafeSettingsError
from account_service.staff.service import create_staff, find_staff, unlock_staff
from account_service.terminals.service import create_enroll_code, list_terminals, revoke
from kiosk.domain.masking import mask_id_number, mask_name, mask_text
from kiosk.protocol.collection import RecordStatus
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import Lang, message_for


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="account-service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def with_db(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--database-url",
            default=None,
            help="SQLAlchemy URL (default: ACCOUNT_SERVICE_DATABASE_URL or SQLite in the data dir)",
        )
        return sub

    serve = with_db(commands.add_parser("serve", help="apply migrations, then serve HTTP"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--demo-data", action="store_true", help="load the demo people first")
    serve.add_argument(
        "--tls-cert", type=Path, metavar="PEM", help="serve HTTPS with this certificate (chain)"
    )
    serve.add_argument("--tls-key", type=Path, metavar="PEM", help="the certificate's private key")
    with_db(commands.add_parser("migrate", help="upgrade the database to the newest schema"))
    with_db(commands.add_parser("demo-data", help="add the demo people (idempotent)"))

    terminal = commands.add_parser("terminal", help="manage enrolled terminals")
    terminal_commands = terminal.add_subparsers(dest="terminal_command", required=True)
    code = with_db(terminal_commands.add_parser("enroll-code", help="print a one-time code"))
    code.add_argument("--name", default=None, help="name of the terminal it is for")
    with_db(terminal_commands.add_parser("list", help="list enrolled terminals"))
    revoke_cmd = with_db(terminal_commands.add_parser("revoke", help="revoke a terminal"))
    revoke_cmd.add_argument("terminal_id")

    staff = commands.add_parser("staff", help="manage hall staff accounts (R-HA-1)")
    lock = commands.add_parser("lock", help="hall staff: show or lift a person's lock (R-LK-1)")
    lock_commands = lock.add_subparsers(dest="lock_command", required=True)
    show_cmd = with_db(lock_commands.add_parser("show", help="lock state and today's failures"))
    show_cmd.add_argument("identifier", help="ID number, phone number or username")
    clear_cmd = with_db(lock_commands.add_parser("clear", help="lift the lock (audited)"))
    clear_cmd.add_argument("identifier", help="ID number, phone number or username")
    clear_cmd.add_argument("--staff", required=True, help="your staff number (for the audit)")

    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = with_db(staff_commands.add_parser("add", help="add a staff member"))
    add.add_argument("--staff-no", required=True, help="staff number, e.g. S0001")
    add.add_argument("--name", required=True)
    add.add_argument("--password", required=True)
    add.add_argument("--hall", default=None, help="the hall the staff member works in")
    unlock = with_db(
        staff_commands.add_parser("unlock", help="lift a staff member's lock (R-LK-1, audited)")
    )
    unlock.add_argument("staff_no", help="the locked staff member's number")
    unlock.add_argument("--by", required=True, help="your staff number (for the audit)")

    agent = commands.add_parser("agent", help="tax agents and their certificates (R-AG-1/2)")
    agent_commands = agent.add_subparsers(dest="agent_command", required=True)
    with_db(agent_commands.add_parser("list", help="list agents, certificates and clients"))
    register = with_db(
        agent_commands.add_parser(
            "register-certificate",
            help="record an agent's SM2 certificate (PEM or DER): logins are checked against it",
        )
    )
    register.add_argument("agent", help="agent id, or the agent person's ID number")
    register.add_argument("certificate", type=Path, metavar="FILE")
    revoke_agent_cmd = with_db(
        agent_commands.add_parser("revoke", help="revoke an agent: no more agent logins")
    )
    revoke_agent_cmd.add_argument("agent", help="agent id, or the agent person's ID number")

    collection = commands.add_parser(
        "collection", help="hall records held for a second staff member's review (R-HA-1)"
    )
    collection_commands = collection.add_subparsers(dest="collection_command", required=True)
    with_db(collection_commands.add_parser("held", help="list the records held for review"))
    review_cmd = with_db(
        collection_commands.add_parser("review", help="approve or refuse a held record")
    )
    review_cmd.add_argument("record_id")
    decision = review_cmd.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true")
    decision.add_argument("--reject", action="store_true")
    review_cmd.add_argument("--staff", required=True, help="your staff number (not the collector)")

    authority_cli.add_commands(commands, with_db)
    enterprise_cli.add_commands(commands, with_db)

    bundle = with_db(
        commands.add_parser(
            "import-bundle",
            help="import offline bundles (.tkb) exported by terminals (docs/protocol.md)",
        )
    )
    bundle.add_argument("files", nargs="+", type=Path, metavar="FILE")
    bundle.add_argument(
        "--bundle-key-file",
        type=Path,
        default=None,
        help="the service's bundle key (default: ACCOUNT_SERVICE_BUNDLE_KEY_FILE or "
        "bundle_key.pem in the data dir)",
    )
    return parser


def _settings(args: argparse.Namespace) -> AccountServiceSettings:
    if args.database_url:
        return AccountServiceSettings(database_url=args.database_url)
    return AccountServiceSettings()


DEMO_NEEDS_DEVELOPMENT = (
    "the demo people have published passwords: they are loaded only in the development "
    "profile (ACCOUNT_SERVICE_PROFILE=development)"
)


def _serve(settings: AccountServiceSettings, args: argparse.Namespace, err: TextIO) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.demo_data and not settings.development:
        print(f"account-service serve --demo-data: {DEMO_NEEDS_DEVELOPMENT}", file=err)
        return 2
    try:
        app = create_app(settings)  # its first log line names the profile
    except UnsafeSettingsError as refused:
        print(f"account-service serve: {refused}", file=err)
        return 2
    if (args.tls_cert is None) != (args.tls_key is None):
        print("account-service serve: --tls-cert and --tls-key go together", file=err)
        return 2
    upgrade(settings.database_url)
    if args.demo_data:
        _demo(settings)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        access_log=False,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
    )
    return 0


def _demo(settings: AccountServiceSettings) -> int:
    engine = make_engine(settings.database_url)
    try:
        added = load_demo_data(make_session_factory(engine), hasher=make_password_hasher(settings))
    finally:
        engine.dispose()
    return added


def _terminal(settings: AccountServiceSettings, args: argparse.Namespace, out: TextIO) -> int:
    engine = make_engine(settings.database_url)
    clock = SystemClock()
    try:
        factory = make_session_factory(engine)
        with factory.begin() as session:
            if args.terminal_command == "enroll-code":
                ttl = timedelta(seconds=settings.enroll_code_ttl_s)
                print(
                    create_enroll_code(session=session, clock=clock, name=args.name, ttl=ttl),
                    file=out,
                )
                return 0
            if args.terminal_command == "list":
                for info in list_terminals(session=session):
                    state = (
                        f"revoked {info.revoked_at.isoformat()}" if info.revoked_at else "active"
                    )
                    print(
                        f"{info.terminal_id}\t{info.name}\t{info.enrolled_at.isoformat()}\t{state}",
                        file=out,
                    )
                return 0
            try:
                terminal_id = uuid.UUID(args.terminal_id)
            except ValueError:
                print(f"not a terminal id: {args.terminal_id}", file=sys.stderr)
                return 2
            if not revoke(session=session, clock=clock, terminal_id=terminal_id):
                print(f"no such terminal: {terminal_id}", file=sys.stderr)
                return 1
            print(f"revoked {terminal_id}", file=out)
            return 0
    finally:
        engine.dispose()


def _lock(
    settings: AccountServiceSettings, args: argparse.Namespace, out: TextIO, clock: Clock
) -> int:
    """Exit 1 when nobody has that identifier (said plainly)."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine).begin() as session:
            if args.lock_command == "clear":
                view = clear_lock(
                    session=session,
                    clock=clock,
                    identifier=args.identifier,
                    staff_no=args.staff.strip().upper(),
                )
            else:
                view = show_lock(session=session, clock=clock, identifier=args.identifier)
            if view is None:
                print("no registered person has that ID number, phone number or username", file=out)
                return 1
            print(("lock lifted: " if args.lock_command == "clear" else "") + view.line(), file=out)
            return 0
    finally:
        engine.dispose()


def _staff(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    clock: Clock,
) -> int:
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        factory = make_session_factory(engine)
        with factory.begin() as session:
            if args.staff_command == "unlock":
                try:
                    view = unlock_staff(
                        session=session,
                        clock=clock,
                        staff_no=args.staff_no,
                        by_staff_no=args.by.strip().upper(),
                        terminal_id=None,
                    )
                except UserError as refused:
                    print(f"{refused.text(Lang.EN)}", file=err)
                    return 1
                print(f"staff {view.staff_no} ({view.name_masked}): not locked", file=out)
                return 0
            if find_staff(session=session, staff_no=args.staff_no) is not None:
                print(f"staff number already exists: {args.staff_no}", file=sys.stderr)
                return 1
            member = create_staff(
                session=session,
                hasher=make_password_hasher(settings),
                clock=SystemClock(),
                staff_no=args.staff_no,
                name=args.name,
                password=args.password,
                hall=args.hall,
            )
            print(f"added staff {member.staff_no}", file=out)
            return 0
    finally:
        engine.dispose()


def _collection(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    clock: Clock,
) -> int:
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine).begin() as session:
            if args.collection_command == "held":
                for held in review.held_records(session):
                    print(
                        f"{held.record_id}\t{held.name_masked}\t{held.id_number_masked}\t"
                        f"collected by {held.collected_by}\t{held.received_at}",
                        file=out,
                    )
                return 0
            try:
                done = review.review(
                    session,
                    record_id=args.record_id,
                    approve=bool(args.approve),
                    reviewer_staff_no=args.staff.strip().upper(),
                    terminal_id=None,
                    now=clock.now(),
                )
            except UserError as refused:
                print(refused.text(Lang.EN), file=err)
                return 1
            print(f"{done.record_id}: {'approved' if args.approve else 'refused'}", file=out)
            return 0
    finally:
        engine.dispose()


def _agent(
    settings: AccountServiceSettings, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """Exit 1 for an unknown agent or an unusable certificate file, with the reason."""
    certificate = None
    if args.agent_command == "register-certificate":
        try:
            certificate = parse_certificate(args.certificate.read_bytes())
        except (OSError, CertificateFormatError) as exc:
            print(f"证书无法读取 certificate unusable: {exc}", file=err)
            return 1
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    clock = SystemClock()
    try:
        with make_session_factory(engine).begin() as session:
            if args.agent_command == "list":
                for item in list_agents(session=session):
                    print(
                        f"{item.agent_id}\t{mask_name(item.person_name)}\t"
                        f"{mask_id_number(item.document_number)}\t{item.agency_uscc}\t"
                        f"{item.status.value}\tcerts={','.join(item.certificate_serials) or '-'}"
                        f"\tclients={','.join(item.client_usccs) or '-'}",
                        file=out,
                    )
                return 0
            found = find_agent(session=session, agent_ref=args.agent)
            if found is None:
                print(f"no such agent: {mask_text(args.agent)}", file=err)
                return 1
            if certificate is not None:
                row = register_certificate(
                    session=session, clock=clock, agent=found, certificate=certificate
                )
                print(
                    f"registered certificate {row.serial} for agent {found.id} "
                    f"(valid {row.not_before.date()} to {row.not_after.date()})",
                    file=out,
                )
                return 0
            revoke_agent(session=session, clock=clock, agent=found)
            print(f"revoked agent {found.id}", file=out)
            return 0
    except IntegrityError:
        print("certificate serial already on record", file=err)
        return 1
    finally:
        engine.dispose()


def _print_report(name: str, report: ImportReport, out: TextIO) -> None:
    print(
        f"{name}: 已导入 imported (terminal {report.terminal_id}, bundle {report.bundle_id}): "
        f"accepted {report.accepted}, duplicate {report.duplicate}, "
        f"rejected {report.rejected}",
        file=out,
    )
    for result in report.results:
        if result.status is RecordStatus.REJECTED:
            print(f"  rejected {result.id}: {result.reason} / {result.reason_en}", file=out)


def _import_bundles(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    clock: Clock,
) -> int:
    """Each file on its own: one refused file does not stop the others. Exit 1 when any
    file was refused (nothing of that file was imported); rejected records do not change
    the exit status (they are the record's fault, and sending them again changes nothing)."""
    key_path: Path = args.bundle_key_file or settings.bundle_key_path
    try:
        service_key = load_key(key_path)
    except BundleKeyError as exc:
        print(f"没有可用的数据包密钥 no usable bundle key: {exc}", file=err)
        return 1
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    refused = 0
    try:
        factory = make_session_factory(engine)
        for path in args.files:
            try:
                report = import_bundle_file(
                    path,
                    session_factory=factory,
                    clock=clock,
                    service_key=service_key,
                    face_threshold=settings.face_match_threshold,
                )
            except BundleRefusedError as exc:
                refused += 1
                why = message_for(exc.refusal.code)
                print(
                    f"{path.name}: 拒绝导入，未导入任何记录：{why.render(Lang.ZH)} / "
                    f"refused, nothing imported: {why.render(Lang.EN)}",
                    file=err,
                )
                continue
            except Exception as exc:
                # No traceback: it would carry the records' personal data.
                refused += 1
                logging.getLogger(__name__).error(
                    "bundle %s not imported: %s", path.name, type(exc).__name__
                )
                print(
                    f"{path.name}: 未能导入，未导入任何记录 / could not be imported, nothing "
                    f"imported ({type(exc).__name__}); the next file is imported as usual",
                    file=err,
                )
                continue
            _print_report(path.name, report, out)
    finally:
        engine.dispose()
    return 1 if refused else 0


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """``out``/``err``/``clock`` are for tests."""
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    err = err or sys.stderr
    settings = _settings(args)
    if args.command == "import-bundle":
        return _import_bundles(settings, args, out, err, clock or SystemClock())
    if args.command == "serve":
        return _serve(settings, args, err)
    if args.command == "migrate":
        upgrade(settings.database_url)
        print("database is at the newest schema", file=out)
        return 0
    if args.command == "demo-data":
        if not settings.development:
            print(f"account-service demo-data: {DEMO_NEEDS_DEVELOPMENT}", file=err)
            return 2
        upgrade(settings.database_url)
        print(f"demo data: {_demo(settings)} added", file=out)
        return 0
    if args.command == "lock":
        return _lock(settings, args, out, clock or SystemClock())
    if args.command == "staff":
        return _staff(settings, args, out, err, clock or SystemClock())
    if args.command == "agent":
        return _agent(settings, args, out, err)
    if args.command == "collection":
        return _collection(settings, args, out, err, clock or SystemClock())
    if args.command == "authority":
        return authority_cli.run(settings, args, out=out, err=err, clock=clock or SystemClock())
    if args.command == "enterprise" and args.enterprise_command == "certificate":
        return certificate_cli.run(settings, args, out=out, err=err, clock=clock or SystemClock())
    if args.command == "enterprise":
        return enterprise_cli.run(settings, args, out=out, err=err, clock=clock or SystemClock())
    return _terminal(settings, args, out)


if __name__ == "__main__":
    raise SystemExit(main())
