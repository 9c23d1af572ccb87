"""Registration over real HTTP on SQLite and PostgreSQL (issue 6; R-ID-1..6, R-RN-1/4,
R-PH-2/3, R-PW-2, R-UN-1), with face templates computed from the real test photos
(obama vs obama2 match, biden does not; tests/support/photos.py, never committed)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from account_service.authority.demo import DEMO_RESIDENTS
from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person, Phone
from account_service.trail.events import EventKind
from account_service.trail.models import AccountHistory
from kiosk.domain.documents import DocumentType
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.photos import photo_paths
from tests.support.signed_client import SignedClient

REG = "/v1/registration"
OUYANG = DEMO_RESIDENTS[0]  # 欧阳明, RESIDENT_ID 110108198005120035 (born 1980-05-12)
ZHANG = DEMO_PERSONS[0]
NEW_PHONE = "13900000011"
PASSWORD = "Tax.kiosk7"

Templates = dict[str, list[float]]


@pytest.fixture(scope="module")
def templates() -> Templates:
    """name -> template of each real test photo (dlib on the service side)."""
    encoder = PhotoEncoder.load()
    return {name: encoder.encode_file(path) for name, path in photo_paths().items()}


def _error(response: httpx.Response, code: str) -> dict[str, Any]:
    assert response.status_code == message_for(ErrorCode(code)).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code, error
    return error


def _give_face(service: EmbeddedService, resident: Any, template: list[float] | None) -> None:
    """The authority's reference photo, as ``authority add --photo`` would store it."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=resident.name,
            document_type=resident.document_type,
            document_number=resident.document_number,
            face_template=template,
            now=datetime.now().astimezone(),
        )


def _start(
    client: SignedClient, name: str, number: str, document_type: str = "RESIDENT_ID"
) -> httpx.Response:
    return client.post(
        REG, {"document_type": document_type, "document_number": number, "name": name}
    )


def _started(
    client: SignedClient, name: str = OUYANG.name, number: str = OUYANG.document_number
) -> dict[str, Any]:
    response = _start(client, name, number)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _verify_phone(client: SignedClient, rid: str, phone: str = NEW_PHONE) -> None:
    sent = client.post(f"{REG}/{rid}/sms", {"phone": phone})
    assert sent.status_code == 200, sent.text
    verified = client.post(f"{REG}/{rid}/verify", {"code": client.outbox_code(phone)})
    assert verified.status_code == 200, verified.text
    assert verified.json() == {
        "status": "phone_verified",
        "phone_masked": phone[:3] + "****" + phone[-4:],
    }


def _face(client: SignedClient, rid: str, template: list[float]) -> httpx.Response:
    return client.post(f"{REG}/{rid}/face", {"template": template})


def _complete(
    client: SignedClient, rid: str, password: str = PASSWORD, username: str | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"password": password}
    if username is not None:
        body["username"] = username
    return client.post(f"{REG}/{rid}/complete", body)


def _history_kinds(service: EmbeddedService, person_id: str) -> list[str]:
    with service.session_factory() as session:
        return list(
            session.scalars(
                select(AccountHistory.kind).where(AccountHistory.person_id == uuid.UUID(person_id))
            )
        )


def test_R_ID_1_resident_with_matching_face_gets_level_4_and_is_logged_in(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, OUYANG, templates["obama"])
    started = _started(signed_client)
    assert started["face_required"] is True
    assert started["level_on_success"] == 4
    assert started["expires_in_s"] == 1800
    rid = started["registration_id"]
    # Completing before the steps says which one is missing.
    _error(_complete(signed_client, rid), "REGISTRATION_INCOMPLETE")
    sent = signed_client.post(f"{REG}/{rid}/sms", {"phone": NEW_PHONE})
    assert sent.json() == {"phone_masked": "139****0011", "resend_after_s": 60, "expires_in_s": 300}
    code = signed_client.outbox_code(NEW_PHONE)
    wrong_code = "000000" if code != "000000" else "111111"  # surely wrong, never skipped
    wrong = signed_client.post(f"{REG}/{rid}/verify", {"code": wrong_code})
    assert _error(wrong, "SMS_CODE_WRONG")["details"]["remaining"] == 4
    assert signed_client.post(f"{REG}/{rid}/verify", {"code": code}).status_code == 200
    incomplete = _error(_complete(signed_client, rid), "REGISTRATION_INCOMPLETE")
    assert incomplete["details"]["reason_en"] == "the face check"

    face = _face(signed_client, rid, templates["obama2"])
    assert face.status_code == 200, face.text
    assert face.json() == {"status": "face_verified"}
    done = _complete(signed_client, rid, username="ouyang2026")
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "logged_in"
    assert body["person"]["real_name_level"] == 4
    assert body["person"]["phone_masked"] == "139****0011"
    assert body["person"]["username"] == "ouyang2026"
    assert body["person"]["name_masked"] == "欧**"
    session = signed_client.get("/v1/session", bearer=body["session_token"])
    assert session.status_code == 200, session.text
    # A registration is finished once: the id is spent.
    _error(_complete(signed_client, rid), "VERIFICATION_EXPIRED")
    # The new account logs in like any other (by username, password, SMS).
    again = signed_client.full_login("ouyang2026", PASSWORD, NEW_PHONE)
    assert again["person"]["real_name_level"] == 4
    kinds = _history_kinds(account_service, body["person"]["person_id"])
    assert {EventKind.PHONE_ADDED, EventKind.USERNAME_SET, EventKind.LOGIN} <= set(kinds)


def test_R_RN_4_another_persons_face_is_refused_and_five_failures_send_to_the_hall(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, OUYANG, templates["obama"])
    rid = _started(signed_client)["registration_id"]
    remaining = [
        _error(_face(signed_client, rid, templates["biden"]), "FACE_MISMATCH")["details"][
            "remaining"
        ]
        for _ in range(4)
    ]
    assert remaining == [4, 3, 2, 1]
    _error(_face(signed_client, rid, templates["biden"]), "FACE_CHECK_AT_HALL")
    # The registration is over, and starting again today does not give new tries.
    _error(_face(signed_client, rid, templates["obama2"]), "VERIFICATION_EXPIRED")
    _error(_start(signed_client, OUYANG.name, OUYANG.document_number), "FACE_CHECK_AT_HALL")


def test_R_RN_4_resident_without_reference_photo_is_sent_to_the_hall(
    signed_client: SignedClient,
) -> None:
    lin = DEMO_RESIDENTS[2]
    _error(_start(signed_client, lin.name, lin.document_number), "FACE_CHECK_AT_HALL")


def test_R_ID_1_unknown_document_or_wrong_name_is_not_verified(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, OUYANG, templates["obama"])
    _error(_start(signed_client, "欧阳明明", OUYANG.document_number), "IDENTITY_NOT_VERIFIED")
    # A valid number the authority does not know.
    _error(_start(signed_client, "欧阳明", "110101199003076536"), "IDENTITY_NOT_VERIFIED")
    # R-ID-5: a wrong check character is refused before anything is looked up.
    bad = _error(_start(signed_client, OUYANG.name, "110108198005120036"), "VALIDATION_ERROR")
    assert bad["details"]["reason"]
    # Full-width digits and spaces in the name are read as typed on the kiosk keyboard.
    assert _start(signed_client, " 欧阳 明 ", OUYANG.document_number).status_code == 200


def test_R_ID_2_hall_first_document_without_collection_goes_to_staff(
    signed_client: SignedClient,
) -> None:
    _error(
        _start(signed_client, "Anna Schmidt", "C01X00T47", "FOREIGN_PASSPORT"),
        "FOREIGN_DOC_NO_HALL",
    )


def test_R_ID_6_registered_person_is_told_to_log_in(signed_client: SignedClient) -> None:
    error = _error(
        _start(signed_client, ZHANG.name, ZHANG.document_number), "USER_ALREADY_REGISTERED"
    )
    assert "忘记密码" in error["message_zh"]


def _collect_in_hall(
    client: SignedClient, document_type: str, number: str, name_latin: str
) -> None:
    client.collect_in_hall(document_type, number, name_latin=name_latin, nationality="DEU")


def test_R_ID_3_hall_collected_person_skips_the_face_and_gets_level_5(
    signed_client: SignedClient,
) -> None:
    _collect_in_hall(signed_client, "FOREIGN_PASSPORT", "C01X00T47", "Anna Schmidt")
    # The hall record's name is the identity check: another name is refused.
    _error(
        _start(signed_client, "Anna Smith", "C01X00T47", "FOREIGN_PASSPORT"),
        "IDENTITY_NOT_VERIFIED",
    )
    response = _start(signed_client, "anna schmidt", "C01X00T47", "FOREIGN_PASSPORT")
    assert response.status_code == 200, response.text
    started = response.json()
    assert started["face_required"] is False
    assert started["level_on_success"] == 5
    rid = started["registration_id"]
    assert _face(signed_client, rid, [0.0] * 128).json() == {"status": "face_not_required"}
    _verify_phone(signed_client, rid, "13900000022")
    done = _complete(signed_client, rid, password="Anna.tax2026")
    assert done.status_code == 200, done.text
    assert done.json()["person"]["real_name_level"] == 5
    _error(
        _start(signed_client, "Anna Schmidt", "C01X00T47", "FOREIGN_PASSPORT"),
        "USER_ALREADY_REGISTERED",
    )


def test_R_PH_2_registering_with_anothers_number_moves_it_and_notifies_the_loser(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    zhang_phone, zhang_second = "13800000001", "13700000009"
    with account_service.session_factory.begin() as session:
        zhang = session.scalars(
            select(Person).where(Person.document_number == ZHANG.document_number)
        ).one()
        session.add(Phone(number=zhang_second, person_id=zhang.id, is_default=False))
    _give_face(account_service, OUYANG, templates["obama"])
    rid = _started(signed_client)["registration_id"]
    _verify_phone(signed_client, rid, zhang_phone)
    assert _face(signed_client, rid, templates["obama3"]).status_code == 200
    done = _complete(signed_client, rid)
    assert done.status_code == 200, done.text
    assert done.json()["person"]["phone_masked"] == "138****0001"

    # The number now identifies the registrant (R-LG-1), no longer the loser.
    by_phone = signed_client.login(zhang_phone, PASSWORD)
    assert by_phone.status_code == 200, by_phone.text
    assert by_phone.json()["sms_phone_masked"] == "138****0001"
    # The loser typing it with their own password is told R-PH-3's message, and their
    # habit does not count toward the new owner's lock (R-LK-1).
    lost = signed_client.login(zhang_phone, ZHANG.password)
    assert lost.json()["error"]["code"] == "PHONE_NOT_FOUND", lost.text
    assert lost.json()["error"]["rule"] == "R-PH-3"
    owner = signed_client.login(zhang_phone, "Not.theirs1")
    assert owner.json()["error"]["details"]["remaining"] == 4  # the first counted failure
    # The loser logs in by ID number and learns it once (R-PH-2 notice).
    logged_in = signed_client.full_login(ZHANG.document_number, ZHANG.password, zhang_second)
    assert [n["kind"] for n in logged_in["notices"]] == ["phone_moved"]
    assert logged_in["notices"][0]["phone_masked"] == "138****0001"
    assert logged_in["person"]["phone_masked"] == "137****0009"


def test_R_ID_6_deregistered_person_registers_again_and_is_restored(
    signed_client: SignedClient,
    account_service: EmbeddedService,
    templates: Templates,
    manual_clock: ManualClock,
) -> None:
    with account_service.session_factory.begin() as session:
        session.execute(
            update(Person)
            .where(Person.document_number == ZHANG.document_number)
            .values(deregistered_at=manual_clock.now())
        )
        add_resident(
            session,
            name=ZHANG.name,
            document_type=DocumentType.RESIDENT_ID,
            document_number=ZHANG.document_number,
            face_template=templates["obama"],
            now=manual_clock.now(),
        )
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "USER_NOT_REGISTERED")
    rid = _started(signed_client, ZHANG.name, ZHANG.document_number)["registration_id"]
    _verify_phone(signed_client, rid, "13800000001")  # their own number: no move
    assert _face(signed_client, rid, templates["obama2"]).status_code == 200
    done = _complete(signed_client, rid, password="Zhang.back26")
    assert done.status_code == 200, done.text
    person = done.json()["person"]
    assert person["username"] == ZHANG.username  # the restored account keeps its data
    assert person["real_name_level"] == 4
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), "WRONG_PASSWORD")
    signed_client.full_login(ZHANG.document_number, "Zhang.back26", "13800000001")
    assert EventKind.ACCOUNT_RESTORED in _history_kinds(account_service, person["person_id"])


def test_R_PW_2_guessable_passwords_are_refused_at_registration(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, OUYANG, templates["obama"])
    rid = _started(signed_client)["registration_id"]
    _verify_phone(signed_client, rid)
    assert _face(signed_client, rid, templates["obama2"]).status_code == 200
    _error(_complete(signed_client, rid, password="short1"), "PASSWORD_RULE")
    for guessable, reason_en in (
        ("P@ssw0rd1", "common"),
        ("Ou.19800512", "date of birth"),
        ("Ou.120035y", "document number"),
        ("x.13900000011", "phone number"),
    ):
        error = _error(_complete(signed_client, rid, password=guessable), "PASSWORD_TOO_GUESSABLE")
        assert reason_en in error["details"]["reason_en"], (guessable, error)
        assert guessable not in error["message_zh"] + error["message_en"]
    _error(_complete(signed_client, rid, username="1abc"), "USERNAME_RULE")
    _error(_complete(signed_client, rid, username=ZHANG.username), "USERNAME_TAKEN")
    # A retry after a cut connection (same Idempotency-Key) gets the same answer, once.
    key = str(uuid.uuid4())
    first = signed_client.post(f"{REG}/{rid}/complete", {"password": PASSWORD}, idempotency_key=key)
    assert first.status_code == 200, first.text
    retry = signed_client.post(f"{REG}/{rid}/complete", {"password": PASSWORD}, idempotency_key=key)
    assert retry.json() == first.json()


def test_registration_belongs_to_the_terminal_that_started_it(
    signed_client: SignedClient,
    account_service: EmbeddedService,
    manual_clock: ManualClock,
    templates: Templates,
) -> None:
    _give_face(account_service, OUYANG, templates["obama"])
    rid = _started(signed_client)["registration_id"]
    with SignedClient(account_service.base_url, now=manual_clock.now) as other:
        other.enroll(account_service.create_enroll_code("other"))
        _error(_face(other, rid, templates["obama2"]), "VERIFICATION_EXPIRED")
    manual_clock.advance(seconds=1801)
    _error(_face(signed_client, rid, templates["obama2"]), "VERIFICATION_EXPIRED")
