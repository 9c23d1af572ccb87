"""Ingest of hall collection records over HTTP (issue 4, service side), on each backend:
idempotent on the record UUID, atomic per record, rejected per record with a reason,
a registered person raised to real-name level 5 (R-RN-1, R-HA-1)."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from account_service.clock import ManualClock
from account_service.collection.models import HallCollection
from account_service.collection.service import face_reference_for, latest_collection_for
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person
from account_service.trail.models import AuditEvent
from tests.support.records import sample_jpeg
from tests.support.signed_client import SignedClient

PATH = "/v1/collection-records"
WANG_WU = "320106197603154413"  # demo person, real-name level 3
UNREGISTERED = "11010519491231002X"
JPEG = sample_jpeg()  # a real, decodable face photo (the service decodes and bounds it)


def record(**changes: Any) -> dict[str, Any]:
    personal: dict[str, Any] = {
        "name": "测试人",
        "document_number": UNREGISTERED,
        "birth_date": "1949-12-31",
        "sex": "female",
        "nationality": "CHN",
        "name_latin": "",
    }
    personal |= changes.pop("personal", {})
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "created_at": "2026-11-22T10:00:00+08:00",  # the manual clock's start
        "staff_no": "S0001",
        "document_type": "RESIDENT_ID",
        "personal": personal,
        "face_template": [0.01 * i for i in range(128)],
        "face_jpeg_b64": base64.b64encode(JPEG).decode("ascii"),
        "quality": [{"measure": "sharpness", "value": 0.8, "passed": True, "threshold": ">=0.5"}],
        "liveness_passed": True,
        "liveness_steps": ["blink", "turn_left"],
        "match_distance": 0.31,
        "attempts": 1,
        "exception_reason": None,
    }
    return base | changes


def post(client: SignedClient, *records: dict[str, Any], **kwargs: Any) -> httpx.Response:
    """Each record signed by its staff member on this terminal (R-HA-1), as the kiosk does."""
    return client.post(PATH, {"records": [client.prove(r) for r in records]}, **kwargs)


def statuses(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def stored_count(service: EmbeddedService, record_id: str | None = None) -> int:
    query = select(func.count()).select_from(HallCollection)
    if record_id is not None:
        query = query.where(HallCollection.id == uuid.UUID(record_id))
    with service.session_factory() as session:
        return int(session.scalar(query) or 0)


def level_of(service: EmbeddedService, number: str) -> int:
    with service.session_factory() as session:
        return session.scalars(
            select(Person.real_name_level).where(Person.document_number == number)
        ).one()


def test_R_HA_1_accepted_record_is_stored_and_raises_the_person_to_level_5(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    """R-RN-1: hall collection makes a registered person level 5 (王五 was level 3)."""
    assert level_of(account_service, WANG_WU) == 3
    sent = record(personal={"name": "王五", "document_number": WANG_WU, "birth_date": None})
    response = post(signed_client, sent)
    assert statuses(response) == ["accepted"]
    assert response.json()["results"][0] == {
        "id": sent["id"],
        "status": "accepted",
        "reason": None,
        "reason_en": None,
    }
    assert level_of(account_service, WANG_WU) == 5
    with account_service.session_factory() as session:
        row = session.get(HallCollection, uuid.UUID(sent["id"]))
        assert row is not None
        assert row.name == "王五"
        assert row.document_number == WANG_WU
        assert str(row.terminal_id) == signed_client.terminal_id
        assert row.face_jpeg == JPEG
        assert row.face_template is not None
        assert json.loads(row.face_template) == pytest.approx(sent["face_template"])
        assert row.collected_at.isoformat() == "2026-11-22T02:00:00+00:00"
        latest = latest_collection_for(session, "RESIDENT_ID", WANG_WU)  # R-ID-3
        assert latest is not None
        assert latest.id == row.id
        assert latest_collection_for(session, "RESIDENT_ID", UNREGISTERED) is None


def test_unregistered_person_is_stored_without_touching_persons(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record()
    assert statuses(post(signed_client, sent)) == ["accepted"]
    assert stored_count(account_service, sent["id"]) == 1


def test_duplicate_in_a_second_batch_changes_nothing(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record()
    assert statuses(post(signed_client, sent)) == ["accepted"]
    changed = sent | {"personal": sent["personal"] | {"name": "别的名字"}}
    assert statuses(post(signed_client, changed)) == ["duplicate"]
    with account_service.session_factory() as session:
        row = session.get(HallCollection, uuid.UUID(sent["id"]))
        assert row is not None
        assert row.name == "测试人"
    assert stored_count(account_service) == 1


def test_duplicate_from_another_terminal(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record()
    assert statuses(post(signed_client, sent)) == ["accepted"]
    with SignedClient(account_service.base_url, now=account_service.clock.now) as other:
        other.enroll(account_service.create_enroll_code("second"))
        assert statuses(post(other, sent)) == ["duplicate"]
    assert stored_count(account_service) == 1


def test_same_record_twice_in_one_batch(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record()
    assert statuses(post(signed_client, sent, sent)) == ["accepted", "duplicate"]
    assert stored_count(account_service) == 1


def test_one_bad_record_does_not_fail_the_batch(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    good = [record() for _ in range(3)]
    bad = record(document_type="SPACESHIP_LICENCE")
    response = post(signed_client, good[0], bad, good[1], good[2])
    assert statuses(response) == ["accepted", "rejected", "accepted", "accepted"]
    assert [r["id"] for r in response.json()["results"]] == [
        good[0]["id"],
        bad["id"],
        good[1]["id"],
        good[2]["id"],
    ]
    assert stored_count(account_service) == 3
    assert stored_count(account_service, bad["id"]) == 0


REJECTIONS: dict[str, tuple[dict[str, Any], str]] = {
    "unknown_document_type": ({"document_type": "NOPE"}, "Unknown document type"),
    "document_number_invalid": (
        {"personal": {"document_number": "110105194912310021"}},  # wrong check character
        "check",
    ),
    "number_for_the_wrong_type": (
        {"document_type": "CHINESE_PASSPORT"},
        "Chinese passport number",
    ),
    "name_empty": ({"personal": {"name": " ", "name_latin": ""}}, "name is empty"),
    "template_too_short": ({"face_template": [0.1] * 127}, "face template"),
    "template_not_numbers": ({"face_template": ["x"] * 128}, "face template"),
    "template_not_finite": ({"face_template": [float("nan")] * 128}, "face template"),
    "photo_not_jpeg": ({"face_jpeg_b64": base64.b64encode(b"GIF89a").decode()}, "JPEG"),
    "no_face_no_exception": (
        {"face_template": None, "face_jpeg_b64": None},
        "no face data",
    ),
    "liveness_failed_without_reason": (
        {"liveness_passed": False, "exception_reason": "  "},
        "liveness",
    ),
    "malformed_field": ({"attempts": "many"}, "attempts"),
}


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_each_rejection_has_a_reason_in_both_languages(
    account_service: EmbeddedService, signed_client: SignedClient, case: str
) -> None:
    changes, english = REJECTIONS[case]
    sent = record(**changes)  # record() copies: the table stays as written
    response = post(signed_client, sent)
    assert statuses(response) == ["rejected"]
    result = response.json()["results"][0]
    assert result["reason"]
    assert english in result["reason_en"]
    assert stored_count(account_service) == 0


def test_exception_reason_admits_a_record_without_face(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record(
        face_template=None,
        face_jpeg_b64=None,
        liveness_passed=False,
        exception_reason="三次采集未通过，工作人员核验证件",
    )
    assert statuses(post(signed_client, sent)) == ["accepted"]


def test_foreign_record_with_only_a_latin_name(signed_client: SignedClient) -> None:
    sent = record(
        document_type="FOREIGN_PASSPORT",
        personal={
            "name": "",
            "name_latin": "SMITH JOHN",
            "document_number": "X1234567",
            "nationality": "GBR",
            "birth_date": None,
            "sex": "male",
        },
    )
    assert statuses(post(signed_client, sent)) == ["accepted"]


@pytest.mark.parametrize(
    "body",
    [
        {"records": []},
        {"records": [{"id": "not-a-uuid"}]},
        {"records": [{"no_id": True}]},
        {"nothing": 1},
        {"records": [record() for _ in range(101)]},
    ],
    ids=["empty", "bad-id", "no-id", "no-records", "too-many"],
)
def test_malformed_envelope_is_422(
    account_service: EmbeddedService, signed_client: SignedClient, body: dict[str, Any]
) -> None:
    response = signed_client.post(PATH, body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert stored_count(account_service) == 0


def test_unsigned_request_is_401(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    response = post(signed_client, record(), signed=False)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TERMINAL_UNAUTHORIZED"
    assert stored_count(account_service) == 0


def test_replay_with_the_same_idempotency_key_returns_the_stored_answer(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    key = str(uuid.uuid4())
    sent = record()
    first = post(signed_client, sent, idempotency_key=key)
    again = post(signed_client, sent, idempotency_key=key)
    assert statuses(first) == ["accepted"]
    assert again.json() == first.json()  # not "duplicate": the stored answer itself
    assert stored_count(account_service) == 1
    other = post(signed_client, record(), idempotency_key=key)
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "IDEMPOTENCY_CONFLICT"


def test_concurrent_posts_of_the_same_record_store_exactly_one_row(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    sent = record(personal={"name": "王五", "document_number": WANG_WU})
    barrier = threading.Barrier(2)

    def send(_: int) -> httpx.Response:
        barrier.wait(timeout=10)
        return post(signed_client, sent)

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(send, range(2)))
    outcome = Counter(statuses(r)[0] for r in responses)
    assert outcome == {"accepted": 1, "duplicate": 1}
    assert stored_count(account_service) == 1
    assert level_of(account_service, WANG_WU) == 5


def test_audit_events_for_every_record_without_personal_data(
    account_service: EmbeddedService, signed_client: SignedClient
) -> None:
    good, bad = record(), record(document_type="NOPE")
    post(signed_client, good, bad, good)
    with account_service.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event.like("collection.%"))
            .order_by(AuditEvent.event)
        ).all()
    assert [(e.event, str(e.record_id)) for e in events] == [
        ("collection.accepted", good["id"]),
        ("collection.duplicate", good["id"]),
        ("collection.rejected", bad["id"]),
    ]
    assert all(str(e.terminal_id) == signed_client.terminal_id for e in events)
    for event in events:
        assert UNREGISTERED not in event.detail
        assert "测试人" not in event.detail
    assert json.loads(events[2].detail) == {"reason": "unknown_document_type"}


def test_the_service_orders_face_references_by_its_own_receipt(
    account_service: EmbeddedService, signed_client: SignedClient, manual_clock: ManualClock
) -> None:
    """The collected face template becomes the person's reference; a later record saved as
    an exception (no face) does not erase it; the newest the service *received* is the
    reference, whatever date the terminal wrote on it (issue 14: a record dated 2030 once
    won). The same person's face collected again, close to the first, replaces it."""
    first = record(face_template=[0.01 * i for i in range(128)])
    assert statuses(post(signed_client, first)) == ["accepted"]
    manual_clock.advance(seconds=60)
    no_face = record(
        created_at=manual_clock.now().isoformat(),
        face_template=None,
        face_jpeg_b64=None,
        liveness_passed=None,
        exception_reason="摄像头故障",
    )
    # Dated earlier than the first by the terminal, received later by the service.
    again = record(face_template=[0.01 * i + 0.001 for i in range(128)])
    assert statuses(post(signed_client, no_face, again)) == ["accepted"] * 2
    with account_service.session_factory() as session:
        reference = face_reference_for(session, "RESIDENT_ID", UNREGISTERED)
        assert reference == pytest.approx(again["face_template"])
        assert face_reference_for(session, "RESIDENT_ID", WANG_WU) is None
