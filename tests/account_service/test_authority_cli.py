"""``account-service authority add|list`` with a real photo (issue 6, R-ID-1, R-RN-4): the
template is computed on the service with dlib and matches the same person's other photo."""

from __future__ import annotations

import io
import math
from pathlib import Path

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import RegistryAuthority
from account_service.cli import main
from account_service.db import make_engine, make_session_factory
from kiosk.domain.documents import DocumentType
from tests.support.photos import photo_paths

NUMBER = "110108198005120035"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_R_ID_1_authority_add_with_a_real_photo_stores_its_template(
    sqlite_database_url: str, tmp_path: Path
) -> None:
    photos = photo_paths()
    base = ("--database-url", sqlite_database_url)
    code, out, err = _run(
        "authority", "add", *base, "--name", "欧阳明", "--document-type", "RESIDENT_ID",
        "--number", NUMBER, "--photo", str(photos["obama"]),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip() == "added resident 110***********0035 with a face template"
    # The same number again updates; without --photo the face is kept.
    code, out, _ = _run(
        "authority", "add", *base, "--name", "欧阳明", "--document-type", "RESIDENT_ID",
        "--number", NUMBER,
    )  # fmt: skip
    assert code == 0
    assert "updated" in out
    assert "with a face template" in out

    code, listed, _ = _run("authority", "list", *base)
    assert code == 0
    assert listed.splitlines() == ["RESIDENT_ID\t110***********0035\t欧**\tface"]

    engine = make_engine(sqlite_database_url)
    try:
        with make_session_factory(engine)() as session:
            resident = RegistryAuthority(session).lookup(DocumentType.RESIDENT_ID, NUMBER)
    finally:
        engine.dispose()
    assert resident is not None
    assert resident.face_template is not None
    assert len(resident.face_template) == 128
    # Checked against templates the same encoder makes of the other photos.
    encoder = PhotoEncoder.load()
    assert math.dist(resident.face_template, encoder.encode_file(photos["obama2"])) <= 0.5
    assert math.dist(resident.face_template, encoder.encode_file(photos["biden"])) > 0.5


def test_R_ID_5_authority_add_refuses_bad_numbers_and_unusable_photos(
    sqlite_database_url: str, tmp_path: Path
) -> None:
    base = ("--database-url", sqlite_database_url)
    code, _, err = _run(
        "authority", "add", *base, "--name", "欧阳明", "--document-type", "RESIDENT_ID",
        "--number", "110108198005120036",
    )  # fmt: skip
    assert code == 1
    assert "校验" in err or "check" in err
    not_a_photo = tmp_path / "not-a-photo.jpg"
    not_a_photo.write_bytes(b"plain text")
    code, _, err = _run(
        "authority", "add", *base, "--name", "欧阳明", "--document-type", "RESIDENT_ID",
        "--number", NUMBER, "--photo", str(not_a_photo),
    )  # fmt: skip
    assert code == 1
    assert "The photo cannot be read" in err
    code, listed, _ = _run("authority", "list", *base)
    assert (code, listed) == (0, "")
