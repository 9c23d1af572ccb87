"""Face as a factor over real HTTP on SQLite and PostgreSQL (issue 6; R-2F-1, R-RN-2/3,
R-LK-1, R-PW-3): the login's second factor by the kiosk camera, 个人实名等级 3 → 4, and
five face failures in a day locking the account. Templates come from the real test photos
(obama vs obama2 match, biden does not; tests/support/photos.py, never committed)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS, DemoPerson
from account_service.embedded import EmbeddedService
from account_service.trail.events import EventKind
from kiosk.protocol.messages import ErrorCode, message_for
from tests.support.photos import photo_paths
from tests.support.signed_client import SignedClient

ZHANG = DEMO_PERSONS[0]  # level 4
LI = DEMO_PERSONS[1]  # initial password (R-PW-3)
WANG = DEMO_PERSONS[2]  # level 3 (legacy, no face check yet)

Templates = dict[str, list[float]]


@pytest.fixture(scope="module")
def templates() -> Templates:
    encoder = PhotoEncoder.load()
    return {name: encoder.encode_file(path) for name, path in photo_paths().items()}


def _error(response: httpx.Response, code: ErrorCode) -> dict[str, Any]:
    assert response.status_code == message_for(code).http_status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code.value, error
    return error


def _give_face(service: EmbeddedService, person: DemoPerson, template: list[float]) -> None:
    """The identity authority's reference photo for a registered person (the public-security
    picture R-RN-4 names), as ``account-service authority add --photo`` stores it."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=person.name,
            document_type=person.document_type,
            document_number=person.document_number,
            face_template=template,
            now=datetime.now().astimezone(),
        )


def _password(client: SignedClient, person: DemoPerson) -> dict[str, Any]:
    started = client.login(person.document_number, person.password)
    assert started.status_code == 200, started.text
    body: dict[str, Any] = started.json()
    return body


def _face(client: SignedClient, attempt_id: str, template: list[float]) -> httpx.Response:
    return client.post(f"/v1/auth/login/{attempt_id}/face", {"template": template})


def _logged_in(client: SignedClient, person: DemoPerson, template: list[float]) -> str:
    attempt = _password(client, person)
    answer = _face(client, attempt["attempt_id"], template)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "logged_in"
    token: str = answer.json()["session_token"]
    return token


def _level_face(client: SignedClient, token: str, template: list[float]) -> httpx.Response:
    return client.post("/v1/account/level/face", {"template": template}, bearer=token)


def _history(client: SignedClient, token: str) -> list[str]:
    listed = client.get("/v1/account/history", bearer=token)
    assert listed.status_code == 200, listed.text
    return [event["kind"] for event in listed.json()["events"]]


def test_R_2F_1_face_is_offered_only_with_a_reference_to_compare_with(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    assert _password(signed_client, ZHANG)["second_factors"] == ["sms", "qr"]
    _give_face(account_service, ZHANG, templates["obama"])
    assert _password(signed_client, ZHANG)["second_factors"] == ["sms", "face", "qr"]


def test_R_2F_1_face_second_factor_logs_in_and_R_RN_3_raises_level_3_to_4(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, WANG, templates["obama"])
    attempt = _password(signed_client, WANG)
    assert "face" in attempt["second_factors"]
    answer = _face(signed_client, attempt["attempt_id"], templates["obama2"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "logged_in"
    assert body["person"]["real_name_level"] == 4  # a face login is a face check (R-RN-3)
    token = body["session_token"]
    assert signed_client.get("/v1/session", bearer=token).status_code == 200
    kinds = _history(signed_client, token)
    assert EventKind.LEVEL_RAISED.value in kinds
    assert EventKind.LOGIN.value in kinds
    # The attempt is spent: the same template cannot open a second session.
    _error(
        _face(signed_client, attempt["attempt_id"], templates["obama2"]),
        ErrorCode.ATTEMPT_NOT_FOUND,
    )


def test_R_RN_4_another_face_is_refused_with_tries_left(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, ZHANG, templates["obama"])
    attempt = _password(signed_client, ZHANG)
    error = _error(
        _face(signed_client, attempt["attempt_id"], templates["biden"]), ErrorCode.FACE_MISMATCH
    )
    assert error["rule"] == "R-RN-4"
    assert error["details"]["remaining"] == 4
    # The attempt stays open: the right face still logs in, and resets the face count.
    ok = _face(signed_client, attempt["attempt_id"], templates["obama3"])
    assert ok.status_code == 200, ok.text


def test_R_LK_1_five_face_failures_in_a_day_lock_the_account(
    signed_client: SignedClient,
    account_service: EmbeddedService,
    templates: Templates,
    manual_clock: ManualClock,
) -> None:
    _give_face(account_service, ZHANG, templates["obama"])
    attempt = _password(signed_client, ZHANG)["attempt_id"]
    remaining = []
    for _ in range(4):
        wrong = _error(_face(signed_client, attempt, templates["biden"]), ErrorCode.FACE_MISMATCH)
        remaining.append(wrong["details"]["remaining"])
    assert remaining == [4, 3, 2, 1]
    locked = _error(_face(signed_client, attempt, templates["biden"]), ErrorCode.ACCOUNT_LOCKED)
    assert locked["rule"] == "R-LK-1"
    # The whole account is locked: the right face, the password, the SMS all refused.
    _error(_face(signed_client, attempt, templates["obama2"]), ErrorCode.ACCOUNT_LOCKED)
    _error(signed_client.login(ZHANG.document_number, ZHANG.password), ErrorCode.ACCOUNT_LOCKED)
    # Unlocked at 00:00 Asia/Shanghai (R-LK-1); the face count starts again.
    manual_clock.advance(timedelta(days=1))
    assert _logged_in(signed_client, ZHANG, templates["obama2"])


def test_R_LK_1_face_failures_count_apart_from_sms(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    """Four wrong codes and four wrong faces: neither method reaches five, no lock."""
    _give_face(account_service, ZHANG, templates["obama"])
    attempt = _password(signed_client, ZHANG)["attempt_id"]
    assert signed_client.send_sms(attempt).status_code == 200
    real = signed_client.outbox_code(ZHANG.phone or "")
    wrong_code = "000000" if real != "000000" else "111111"
    for _ in range(4):
        _error(signed_client.verify(attempt, wrong_code), ErrorCode.SMS_CODE_WRONG)
        _error(_face(signed_client, attempt, templates["biden"]), ErrorCode.FACE_MISMATCH)
    assert _face(signed_client, attempt, templates["obama2"]).status_code == 200


def test_R_PW_3_initial_password_by_face_still_ends_in_a_password_change(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, LI, templates["obama"])
    attempt = _password(signed_client, LI)
    assert attempt["initial_password"] is True
    answer = _face(signed_client, attempt["attempt_id"], templates["obama2"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "password_change_required"
    assert "session_token" not in answer.json()


def test_R_RN_4_no_reference_answers_face_unavailable(signed_client: SignedClient) -> None:
    attempt = _password(signed_client, ZHANG)
    error = _error(
        _face(signed_client, attempt["attempt_id"], [0.0] * 128), ErrorCode.FACE_UNAVAILABLE
    )
    assert error["message_en"].startswith("No reference photo")


def test_R_RN_3_level_3_raises_to_4_from_the_account_center(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, WANG, templates["obama"])
    attempt = _password(signed_client, WANG)["attempt_id"]
    assert signed_client.send_sms(attempt).status_code == 200
    verified = signed_client.verify(attempt, signed_client.outbox_code(WANG.phone or ""))
    token = verified.json()["session_token"]
    assert verified.json()["person"]["real_name_level"] == 3  # an SMS login raises nothing

    wrong = _error(_level_face(signed_client, token, templates["biden"]), ErrorCode.FACE_MISMATCH)
    assert wrong["details"]["remaining"] == 4
    raised = _level_face(signed_client, token, templates["obama2"])
    assert raised.status_code == 200, raised.text
    assert raised.json()["real_name_level"] == 4
    assert raised.json()["person"]["real_name_level"] == 4
    assert EventKind.LEVEL_RAISED.value in _history(signed_client, token)
    # Nothing more to raise: the view as it is, no second history row, no face counted.
    again = _level_face(signed_client, token, templates["biden"])
    assert again.status_code == 200, again.text
    assert again.json()["real_name_level"] == 4
    assert _history(signed_client, token).count(EventKind.LEVEL_RAISED.value) == 1


def test_R_LK_1_fifth_face_failure_at_the_level_check_locks_and_ends_the_session(
    signed_client: SignedClient, account_service: EmbeddedService, templates: Templates
) -> None:
    _give_face(account_service, WANG, templates["obama"])
    attempt = _password(signed_client, WANG)["attempt_id"]
    assert signed_client.send_sms(attempt).status_code == 200
    token = signed_client.verify(attempt, signed_client.outbox_code(WANG.phone or "")).json()[
        "session_token"
    ]
    for _ in range(4):
        _error(_level_face(signed_client, token, templates["biden"]), ErrorCode.FACE_MISMATCH)
    _error(_level_face(signed_client, token, templates["biden"]), ErrorCode.ACCOUNT_LOCKED)
    _error(signed_client.get("/v1/session", bearer=token), ErrorCode.SESSION_INVALID)
    _error(signed_client.login(WANG.document_number, WANG.password), ErrorCode.ACCOUNT_LOCKED)


def test_level_check_needs_a_live_session(
    signed_client: SignedClient, templates: Templates
) -> None:
    _error(
        _level_face(signed_client, "not-a-token", templates["obama2"]), ErrorCode.SESSION_INVALID
    )
