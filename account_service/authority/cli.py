"""``account-service authority add|list``: the seeded identity registry for testers."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from account_service.authority.encoding import (
    ModelsUnavailableError,
    PhotoEncoder,
    PhotoEncodingError,
)
from account_service.authority.service import add_resident, list_residents
from account_service.clock import Clock
from account_service.db import make_engine, make_session_factory
from account_service.migrate import upgrade
from account_service.settings import AccountServiceSettings
from kiosk.domain.documents import DocumentType, validate_document_number
from kiosk.domain.lockout import shanghai_day
from kiosk.domain.masking import mask_id_number, mask_name
from kiosk.protocol.messages import Lang, message_for

WithDb = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], with_db: WithDb
) -> None:
    authority = commands.add_parser(
        "authority", help="the identity registry registration checks against (R-ID-1)"
    )
    sub = authority.add_subparsers(dest="authority_command", required=True)
    add = with_db(sub.add_parser("add", help="add or update a resident (face from --photo)"))
    add.add_argument("--name", required=True)
    add.add_argument(
        "--document-type",
        required=True,
        choices=[t.value for t in DocumentType],
        help="e.g. RESIDENT_ID",
    )
    add.add_argument("--number", required=True, help="the document number")
    add.add_argument(
        "--photo", type=Path, default=None, help="reference photo with one face (JPEG/PNG)"
    )
    with_db(sub.add_parser("list", help="list residents (masked)"))


def run(
    settings: AccountServiceSettings,
    args: argparse.Namespace,
    *,
    out: TextIO,
    err: TextIO,
    clock: Clock,
    encoder: Callable[[], PhotoEncoder] = PhotoEncoder.load,
) -> int:
    """Exit 1 for a refused number or an unusable photo, with the reason in zh and en."""
    template: list[float] | None = None
    if args.authority_command == "add":
        kind = DocumentType(args.document_type)
        checked = validate_document_number(kind, args.number, today=shanghai_day(clock.now()))
        if not checked.ok:
            print(f"{checked.reason_zh} {checked.reason_en}", file=err)
            return 1
        if args.photo is not None:
            try:
                template = encoder().encode_file(args.photo)
            except PhotoEncodingError as exc:
                why = message_for(exc.problem.code)
                print(
                    f"照片不可用 photo unusable: {why.render(Lang.ZH)} / {why.render(Lang.EN)}",
                    file=err,
                )
                return 1
            except ModelsUnavailableError as exc:
                print(f"人脸模型不可用 face models unavailable: {exc}", file=err)
                return 1
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine).begin() as session:
            if args.authority_command == "list":
                for row in list_residents(session):
                    face = "face" if row.face_template is not None else "no face"
                    print(
                        f"{row.document_type}\t{mask_id_number(row.document_number)}\t"
                        f"{mask_name(row.name)}\t{face}",
                        file=out,
                    )
                return 0
            row, created = add_resident(
                session,
                name=args.name,
                document_type=DocumentType(args.document_type),
                document_number=args.number,
                face_template=template,
                now=clock.now(),
                keep_template=template is None,
            )
            verb = "added" if created else "updated"
            face = "with a face template" if row.face_template is not None else "without a face"
            print(f"{verb} resident {mask_id_number(row.document_number)} {face}", file=out)
            return 0
    finally:
        engine.dispose()
