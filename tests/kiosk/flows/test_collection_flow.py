"""In-hall real-name collection (R-HA-1) headless, into the real encrypted local store;
no network is involved, so it works with the account service unreachable."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.domain.documents import DocumentType
from kiosk.flows.collection import (
    TRANSITIONS,
    CaptureProblem,
    CollectionFlow,
    CollectionSettings,
    CollectionStep,
    DocumentData,
    DocumentField,
)
from kiosk.flows.machine import InvalidTransitionError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.face.types import (
    CaptureResult,
    ChallengeStep,
    QualityMeasure,
    QualityReport,
    QualityScore,
)
from kiosk.services.store import CollectionInput, CollectionStore, Sex, StoreKey

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
RESIDENT = DocumentData(
    name="李华",
    document_number="11010519491231002x",
    birth_date=date(1949, 12, 31),
    sex=Sex.FEMALE,
)
PASSPORT = DocumentData(
    name_latin="Anna-Maria O'Neil",
    document_number="c01x00t47",
    birth_date=date(1990, 5, 17),
    sex=Sex.FEMALE,
    nationality="irl",
)


def _jpeg() -> bytes:
    image = np.full((480, 640, 3), 90, dtype=np.uint8)
    cv2.ellipse(image, (320, 240), (90, 120), 0, 0, 360, (150, 170, 200), -1)
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return encoded.tobytes()


def _capture(*, live: bool = True, sharp: bool = True) -> CaptureResult:
    return CaptureResult(
        image_jpeg=_jpeg(),
        encoding=tuple(float(i) / 200 for i in range(128)),
        quality=QualityReport(
            (
                QualityScore(QualityMeasure.INTER_EYE_DISTANCE, 102.0, True, ">= 90"),
                QualityScore(QualityMeasure.SHARPNESS, 250.0 if sharp else 12.0, sharp, ">= 80"),
            )
        ),
        liveness_passed=live,
        liveness_steps=(ChallengeStep.TURN_LEFT, ChallengeStep.COME_CLOSER),
        match_distance=0.38,
        match_threshold=0.5,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CollectionStore]:
    with CollectionStore(tmp_path / "store.sqlite3", StoreKey.load_or_create(tmp_path)) as s:
        yield s


def _flow(store: CollectionStore, **settings: int) -> CollectionFlow:
    return CollectionFlow(
        store, staff_no="S0001", clock=lambda: NOW, settings=CollectionSettings(**settings)
    )


def test_R_HA_1_resident_id_end_to_end(store: CollectionStore) -> None:
    flow = _flow(store)
    assert flow.waiting_count() == 0
    assert flow.choose_document_type(DocumentType.RESIDENT_ID).step is CollectionStep.DOCUMENT_DATA
    assert flow.submit_document_data(RESIDENT).step is CollectionStep.FACE_CAPTURE
    first = flow.submit_capture(_capture(live=False))
    assert not first.ok
    assert flow.state.last_problems == (CaptureProblem.LIVENESS_FAILED,)
    assert first.step is CollectionStep.FACE_CAPTURE
    assert flow.attempts_left == 2
    assert flow.submit_capture(_capture()).step is CollectionStep.REVIEW
    assert flow.retake().step is CollectionStep.FACE_CAPTURE
    assert flow.submit_capture(_capture()).step is CollectionStep.REVIEW
    saved = flow.accept()
    assert saved.ok
    assert saved.step is CollectionStep.SAVED
    saved_id = flow.state.saved_id
    assert saved_id is not None
    assert flow.waiting_count() == 1

    record = store.get(saved_id)
    assert record is not None
    assert record.staff_no == "S0001"
    assert record.personal.document_number == "11010519491231002X"  # normalized
    assert record.personal.name == "李华"
    assert record.face_jpeg == _jpeg()
    assert record.face_template is not None
    assert len(record.face_template) == 128
    assert record.liveness_passed is True
    assert record.liveness_steps == ("turn_left", "come_closer")
    assert record.match_distance == 0.38
    assert record.attempts == 3
    assert record.exception_reason is None

    assert flow.start_new().step is CollectionStep.DOCUMENT_TYPE
    assert flow.state.data is None
    assert flow.state.record_id != saved_id


def test_R_ID_2_foreign_passport_end_to_end(store: CollectionStore) -> None:
    flow = _flow(store)
    flow.choose_document_type(DocumentType.FOREIGN_PASSPORT)
    result = flow.submit_document_data(PASSPORT)
    assert result.ok, flow.state.field_errors
    flow.submit_capture(_capture())
    assert flow.accept().ok
    assert flow.state.saved_id is not None
    record = store.get(flow.state.saved_id)
    assert record is not None
    assert record.document_type is DocumentType.FOREIGN_PASSPORT
    assert record.personal.name_latin == "ANNA-MARIA O'NEIL"
    assert record.personal.name == ""
    assert record.personal.nationality == "IRL"
    assert record.personal.document_number == "C01X00T47"


def test_attempts_exhausted_go_to_the_exception_path_saved_with_the_reason(
    store: CollectionStore,
) -> None:
    flow = _flow(store, max_attempts=3)
    flow.choose_document_type(DocumentType.FOREIGN_WORK_PERMIT_B)
    assert flow.submit_document_data(PASSPORT).ok
    assert flow.submit_capture(_capture(sharp=False)).step is CollectionStep.FACE_CAPTURE
    assert flow.capture_failed(CaptureProblem.NO_CAPTURE).step is CollectionStep.FACE_CAPTURE
    last = flow.submit_capture(_capture(live=False, sharp=False))
    assert last.step is CollectionStep.EXCEPTION
    assert set(flow.state.last_problems) == {
        CaptureProblem.LIVENESS_FAILED,
        CaptureProblem.QUALITY_FAILED,
    }
    empty = flow.submit_exception("   ")
    assert empty.error is not None
    assert empty.error.code is ErrorCode.FIELD_REQUIRED
    saved = flow.submit_exception("光线条件差，三次活体检测均未通过，已人工核对证件")
    assert saved.step is CollectionStep.SAVED
    assert flow.state.saved_id is not None
    record = store.get(flow.state.saved_id)
    assert record is not None
    assert record.exception_reason == "光线条件差，三次活体检测均未通过，已人工核对证件"
    assert record.attempts == 3
    assert record.face_jpeg is not None  # the last capture is kept for the reviewer
    assert record.liveness_passed is False
    assert store.list_waiting()[0].is_exception


def test_exception_without_any_face(store: CollectionStore) -> None:
    flow = _flow(store)
    flow.choose_document_type(DocumentType.OTHER_PERSONAL)
    assert flow.submit_document_data(
        DocumentData(name="王芳", document_number="AB12345", birth_date=date(1980, 1, 2))
    ).ok
    assert flow.give_up().step is CollectionStep.EXCEPTION
    assert flow.submit_exception("摄像头故障").ok
    assert flow.state.saved_id is not None
    record = store.get(flow.state.saved_id)
    assert record is not None
    assert record.face_jpeg is None
    assert record.face_template is None
    assert record.attempts == 0


def test_no_retake_when_attempts_are_used_up(store: CollectionStore) -> None:
    flow = _flow(store, max_attempts=1)
    flow.choose_document_type(DocumentType.RESIDENT_ID)
    flow.submit_document_data(RESIDENT)
    flow.submit_capture(_capture())
    refused = flow.retake()
    assert not refused.ok
    assert refused.step is CollectionStep.REVIEW
    assert refused.error is not None
    assert refused.error.code is ErrorCode.COLLECTION_ATTEMPTS_EXHAUSTED
    assert "1" in refused.error.text(Lang.ZH)
    assert flow.accept().ok


def _errors(document_type: DocumentType, data: DocumentData) -> dict[DocumentField, str]:
    flow = CollectionFlow(_NullStore(), staff_no="S0001", clock=lambda: NOW)
    flow.choose_document_type(document_type)
    result = flow.submit_document_data(data)
    assert not result.ok
    assert result.step is CollectionStep.DOCUMENT_DATA
    assert result.error is not None
    assert result.error.code is ErrorCode.VALIDATION_ERROR
    for error in flow.state.field_errors:
        assert error.reason_zh
        assert error.reason_en
    return {e.field: e.reason_en for e in flow.state.field_errors}


class _NullStore:
    def save(self, record: CollectionInput) -> uuid.UUID:
        raise AssertionError("nothing is saved from invalid data")

    def count_waiting(self) -> int:
        return 0


def test_R_ID_5_check_digit_and_birth_date_errors_name_their_field() -> None:
    bad_check = _errors(
        DocumentType.RESIDENT_ID,
        DocumentData(
            name="李华", document_number="110105194912310021", birth_date=date(1949, 12, 31)
        ),
    )
    assert set(bad_check) == {DocumentField.DOCUMENT_NUMBER}
    other_birth = _errors(
        DocumentType.RESIDENT_ID,
        DocumentData(
            name="李华", document_number=RESIDENT.document_number, birth_date=date(1950, 1, 1)
        ),
    )
    assert set(other_birth) == {DocumentField.BIRTH_DATE}
    assert "1949-12-31" in other_birth[DocumentField.BIRTH_DATE]
    wrong_sex = _errors(
        DocumentType.RESIDENT_ID,
        DocumentData(
            name="李华",
            document_number=RESIDENT.document_number,
            birth_date=date(1949, 12, 31),
            sex=Sex.MALE,
        ),
    )
    assert set(wrong_sex) == {DocumentField.SEX}


def test_names_chinese_and_latin_are_checked_per_document() -> None:
    latin_as_chinese = _errors(DocumentType.RESIDENT_ID, replace(RESIDENT, name="Li Hua"))
    assert set(latin_as_chinese) == {DocumentField.NAME}
    missing = _errors(DocumentType.RESIDENT_ID, replace(RESIDENT, name=""))
    assert set(missing) == {DocumentField.NAME}
    chinese_as_latin = _errors(DocumentType.FOREIGN_PASSPORT, replace(PASSPORT, name_latin="安娜"))
    assert set(chinese_as_latin) == {DocumentField.NAME_LATIN}
    no_nationality = _errors(DocumentType.FOREIGN_PASSPORT, replace(PASSPORT, nationality=""))
    assert set(no_nationality) == {DocumentField.NATIONALITY}
    everything = _errors(DocumentType.FOREIGN_PASSPORT, DocumentData())
    assert set(everything) == {
        DocumentField.NAME_LATIN,
        DocumentField.DOCUMENT_NUMBER,
        DocumentField.BIRTH_DATE,
        DocumentField.NATIONALITY,
    }


def test_minority_name_with_middle_dot_and_future_birth_date() -> None:
    flow = CollectionFlow(_NullStore(), staff_no="S0001", clock=lambda: NOW)
    flow.choose_document_type(DocumentType.CHINESE_PASSPORT)
    future = flow.submit_document_data(
        DocumentData(
            name="阿依古丽•买买提", document_number="E12345678", birth_date=date(2027, 1, 1)
        )
    )
    assert not future.ok
    assert {e.field for e in flow.state.field_errors} == {DocumentField.BIRTH_DATE}
    ok = flow.submit_document_data(
        DocumentData(
            name="阿依古丽•买买提", document_number="E12345678", birth_date=date(1995, 3, 3)
        )
    )
    assert ok.ok
    assert flow.state.data is not None
    assert flow.state.data.name == "阿依古丽·买买提"


def test_every_document_type_can_be_chosen_and_transitions_are_data() -> None:
    for document_type in DocumentType:
        flow = CollectionFlow(_NullStore(), staff_no="S0001", clock=lambda: NOW)
        assert flow.choose_document_type(document_type).step is CollectionStep.DOCUMENT_DATA
        assert flow.back().step is CollectionStep.DOCUMENT_TYPE
    assert len(DocumentType) == 12
    reachable = {target for target in TRANSITIONS.values()}
    assert reachable == set(CollectionStep)
    flow = CollectionFlow(_NullStore(), staff_no="S0001", clock=lambda: NOW)
    with pytest.raises(InvalidTransitionError):
        flow.accept()


@pytest.mark.expected_log(r"^kiosk\.flows\.collection: saving collection record .* failed")
def test_a_store_fault_keeps_the_review_step(store: CollectionStore) -> None:
    class Broken(_NullStore):
        def save(self, record: CollectionInput) -> uuid.UUID:
            raise OSError("disk full")

    flow = CollectionFlow(Broken(), staff_no="S0001", clock=lambda: NOW)
    flow.choose_document_type(DocumentType.RESIDENT_ID)
    flow.submit_document_data(RESIDENT)
    flow.submit_capture(_capture())
    failed = flow.accept()
    assert failed.step is CollectionStep.REVIEW
    assert failed.error is not None
    assert failed.error.code is ErrorCode.INTERNAL_ERROR


def test_wipe_forgets_the_person(store: CollectionStore) -> None:
    flow = _flow(store)
    flow.choose_document_type(DocumentType.RESIDENT_ID)
    flow.submit_document_data(RESIDENT)
    flow.wipe()
    assert flow.step is CollectionStep.DOCUMENT_TYPE
    assert flow.state.data is None
    assert flow.state.attempts == 0
