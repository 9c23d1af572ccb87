"""In-hall real-name information collection (实名信息采集, R-HA-1) as a Qt-free state machine.

Staff choose the document type (all 12, R-ID-2), enter the document data (validated with
kiosk.domain: R-ID-5 for resident IDs), capture the face (quality gates + liveness; a
failed capture is a retry), review and accept; after ``max_attempts`` failed captures the
flow goes to an exception step where staff note the reason, saved with the record. Saving
goes to the terminal's local store only, so the journey works with the service unreachable.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum, StrEnum, auto
from typing import Protocol

from pydantic import BaseModel, Field

from kiosk.domain.documents import (
    DocumentType,
    normalize_document_number,
    validate_document_number,
)
from kiosk.domain.id_numbers import birth_date as id_birth_date
from kiosk.domain.lang import Lang
from kiosk.domain.lockout import shanghai_day
from kiosk.domain.names import (
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)
from kiosk.flows.machine import Outcome, StepMachine, StepResult, advance
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.face.types import CaptureResult
from kiosk.services.staff_keys import RecordSigner
from kiosk.services.store.records import (
    CollectionInput,
    PersonalFields,
    ScoreEntry,
    Sex,
)

_log = logging.getLogger(__name__)


class CollectionSettings(BaseModel):
    """To be nested into ``KioskSettings`` by the lead (``KIOSK_COLLECTION__...``)."""

    max_attempts: int = Field(
        default=3, ge=1, le=10, description="Failed face captures before the exception path."
    )
    exception_reason_max_chars: int = Field(default=500, ge=20)


class CollectionStep(Enum):
    DOCUMENT_TYPE = auto()
    DOCUMENT_DATA = auto()
    FACE_CAPTURE = auto()
    REVIEW = auto()  # staff see the photo, scores and match distance: retake or accept
    EXCEPTION = auto()  # attempts used up (or staff gave up): note the reason
    SAVED = auto()


class CollectionEvent(Enum):
    TYPE_CHOSEN = auto()
    DATA_ACCEPTED = auto()
    CAPTURE_PASSED = auto()
    ATTEMPTS_EXHAUSTED = auto()
    RETAKE = auto()
    ACCEPTED = auto()
    GIVE_UP = auto()
    EXCEPTION_SAVED = auto()
    BACK = auto()
    START_NEW = auto()


TRANSITIONS: dict[tuple[CollectionStep, CollectionEvent], CollectionStep] = {
    (CollectionStep.DOCUMENT_TYPE, CollectionEvent.TYPE_CHOSEN): CollectionStep.DOCUMENT_DATA,
    (CollectionStep.DOCUMENT_DATA, CollectionEvent.DATA_ACCEPTED): CollectionStep.FACE_CAPTURE,
    (CollectionStep.DOCUMENT_DATA, CollectionEvent.BACK): CollectionStep.DOCUMENT_TYPE,
    (CollectionStep.FACE_CAPTURE, CollectionEvent.CAPTURE_PASSED): CollectionStep.REVIEW,
    (CollectionStep.FACE_CAPTURE, CollectionEvent.ATTEMPTS_EXHAUSTED): CollectionStep.EXCEPTION,
    (CollectionStep.FACE_CAPTURE, CollectionEvent.GIVE_UP): CollectionStep.EXCEPTION,
    (CollectionStep.FACE_CAPTURE, CollectionEvent.BACK): CollectionStep.DOCUMENT_DATA,
    (CollectionStep.REVIEW, CollectionEvent.RETAKE): CollectionStep.FACE_CAPTURE,
    (CollectionStep.REVIEW, CollectionEvent.ACCEPTED): CollectionStep.SAVED,
    (CollectionStep.REVIEW, CollectionEvent.GIVE_UP): CollectionStep.EXCEPTION,
    (CollectionStep.EXCEPTION, CollectionEvent.EXCEPTION_SAVED): CollectionStep.SAVED,
    (CollectionStep.SAVED, CollectionEvent.START_NEW): CollectionStep.DOCUMENT_TYPE,
}

NUMBERED_STEPS: tuple[CollectionStep, ...] = (
    CollectionStep.DOCUMENT_TYPE,
    CollectionStep.DOCUMENT_DATA,
    CollectionStep.FACE_CAPTURE,
    CollectionStep.REVIEW,
    CollectionStep.SAVED,
)


def next_step(step: CollectionStep, event: CollectionEvent) -> CollectionStep:
    return advance(TRANSITIONS, step, event)


class DocumentField(StrEnum):
    NAME = "name"
    NAME_LATIN = "name_latin"
    DOCUMENT_NUMBER = "document_number"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    NATIONALITY = "nationality"


@dataclass(frozen=True, slots=True)
class FieldError:
    """What is wrong with one field of the form: shown like a validator's reason."""

    field: DocumentField
    rule: str | None
    reason_zh: str
    reason_en: str

    def reason(self, lang: Lang) -> str:
        return self.reason_zh if lang is Lang.ZH else self.reason_en


class CaptureProblem(StrEnum):
    """Why a capture attempt did not pass (a retry, or the exception path at the end)."""

    LIVENESS_FAILED = "liveness_failed"
    QUALITY_FAILED = "quality_failed"
    NO_CAPTURE = "no_capture"  # the pipeline gave up: camera lost, timeout, no face


Result = StepResult[CollectionStep]


@dataclass(frozen=True, slots=True)
class DocumentData:
    """What staff type from the document. ``name`` is the Chinese name (characters, ·
    allowed); ``name_latin`` the name in Latin letters (foreign documents; optional else)."""

    name: str = field(default="", repr=False)
    document_number: str = field(default="", repr=False)
    birth_date: date | None = field(default=None, repr=False)
    sex: Sex | None = None
    nationality: str = ""  # ISO 3166-1 alpha-3, required for foreign documents
    name_latin: str = field(default="", repr=False)


class CollectionSink(Protocol):
    """The part of the local store the flow needs (``CollectionStore`` implements it)."""

    def save(self, record: CollectionInput) -> uuid.UUID: ...

    def count_waiting(self) -> int: ...


# Documents held by foreigners: a Latin name and a nationality are required.
FOREIGN_TYPES: frozenset[DocumentType] = frozenset(
    {
        DocumentType.FOREIGN_PASSPORT,
        DocumentType.FOREIGN_WORK_PERMIT_A,
        DocumentType.FOREIGN_WORK_PERMIT_B,
        DocumentType.FOREIGN_WORK_PERMIT_C,
        DocumentType.FOREIGN_PERMANENT_RESIDENT_ID,
    }
)
# Numbers with the GB 11643 structure: the birth date is inside the number.
GB11643_TYPES: frozenset[DocumentType] = frozenset(
    {
        DocumentType.RESIDENT_ID,
        DocumentType.HK_MACAO_RESIDENCE_PERMIT,
        DocumentType.TAIWAN_RESIDENCE_PERMIT,
    }
)
EARLIEST_BIRTH = date(1900, 1, 1)
_NATIONALITY = re.compile(r"[A-Z]{3}")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def validate_document_data(
    document_type: DocumentType, data: DocumentData, *, today: date
) -> tuple[FieldError, ...]:
    """Every field's problem at once, so staff fix them in one go."""
    errors: list[FieldError] = []
    foreign = document_type in FOREIGN_TYPES
    name = normalize_chinese_name(data.name)
    latin = normalize_latin_name(data.name_latin)

    if name:
        if not is_chinese_name(name):
            errors.append(
                FieldError(
                    DocumentField.NAME,
                    "R-HA-1",
                    "中文姓名只能包含汉字（少数民族姓名可用“·”分隔），请按证件填写。",
                    "The Chinese name may contain only Chinese characters (with '·' between "
                    "parts of a minority name). Enter it as on the document.",
                )
            )
    elif not foreign and not (document_type is DocumentType.OTHER_PERSONAL and latin):
        errors.append(
            FieldError(DocumentField.NAME, None, "请填写姓名。", "Please enter the name.")
        )

    if latin:
        if not is_latin_name(latin):
            errors.append(
                FieldError(
                    DocumentField.NAME_LATIN,
                    "R-HA-1",
                    "外文姓名只能包含拉丁字母、空格、连字符“-”和撇号“'”，请按证件填写。",
                    "The Latin name may contain only letters A-Z, spaces, '-' and \"'\". "
                    "Enter it as on the document.",
                )
            )
    elif foreign:
        errors.append(
            FieldError(
                DocumentField.NAME_LATIN,
                None,
                "请按证件填写外文姓名（拉丁字母）。",
                "Please enter the name in Latin letters as on the document.",
            )
        )

    number = normalize_document_number(data.document_number)
    checked = validate_document_number(document_type, number, today=today)
    if not checked.ok:
        errors.append(
            FieldError(
                DocumentField.DOCUMENT_NUMBER, checked.rule, checked.reason_zh, checked.reason_en
            )
        )

    if data.birth_date is None:
        errors.append(
            FieldError(
                DocumentField.BIRTH_DATE, None, "请选择出生日期。", "Please choose the birth date."
            )
        )
    elif not EARLIEST_BIRTH <= data.birth_date <= today:
        errors.append(
            FieldError(
                DocumentField.BIRTH_DATE,
                None,
                "出生日期不能晚于今天，也不能早于 1900 年，请按证件选择。",
                "The birth date cannot be after today or before 1900. Choose it as on the "
                "document.",
            )
        )
    elif document_type in GB11643_TYPES and checked.ok:
        in_number = id_birth_date(number)
        if in_number != data.birth_date:
            errors.append(
                FieldError(
                    DocumentField.BIRTH_DATE,
                    "R-ID-5",
                    f"出生日期与证件号码中的出生日期（{in_number.isoformat()}）不一致，请核对。",
                    f"The birth date does not match the one in the document number "
                    f"({in_number.isoformat()}). Please check both.",
                )
            )

    if data.sex is not None and document_type in GB11643_TYPES and checked.ok:
        # GB 11643: the 17th character is odd for men, even for women.
        in_number_sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
        if data.sex is not in_number_sex:
            errors.append(
                FieldError(
                    DocumentField.SEX,
                    "R-ID-5",
                    "性别与证件号码（第 17 位）不一致，请核对。",
                    "The sex does not match the document number (17th character). Please check.",
                )
            )

    nationality = data.nationality.strip().upper()
    if foreign and not _NATIONALITY.fullmatch(nationality):
        errors.append(
            FieldError(
                DocumentField.NATIONALITY,
                None,
                "请选择国籍（三位字母国家代码，如 USA、DEU）。",
                "Please choose the nationality (3-letter country code, e.g. USA, DEU).",
            )
        )
    elif nationality and not _NATIONALITY.fullmatch(nationality):
        errors.append(
            FieldError(
                DocumentField.NATIONALITY,
                None,
                "国籍应为三位字母国家代码（如 CHN）。",
                "The nationality must be a 3-letter country code (e.g. CHN).",
            )
        )
    return tuple(errors)


def capture_problems(capture: CaptureResult) -> tuple[CaptureProblem, ...]:
    problems: list[CaptureProblem] = []
    if not capture.liveness_passed:
        problems.append(CaptureProblem.LIVENESS_FAILED)
    if not capture.quality.scores or not capture.quality.passed:
        problems.append(CaptureProblem.QUALITY_FAILED)
    if not capture.image_jpeg or not capture.encoding:
        problems.append(CaptureProblem.NO_CAPTURE)
    return tuple(problems)


@dataclass(slots=True)
class CollectionState:
    """One person's collection; ``wipe`` forgets all of it."""

    record_id: uuid.UUID = field(default_factory=uuid.uuid4)
    document_type: DocumentType | None = None
    data: DocumentData | None = field(default=None, repr=False)
    attempts: int = 0  # failed and passed captures alike
    capture: CaptureResult | None = field(default=None, repr=False)  # the one under review
    last_capture: CaptureResult | None = field(default=None, repr=False)  # any, for exceptions
    last_problems: tuple[CaptureProblem, ...] = ()  # why the last attempt did not pass
    field_errors: tuple[FieldError, ...] = ()  # of the last refused document data
    saved_id: uuid.UUID | None = None


class CollectionFlow(StepMachine[CollectionStep, CollectionEvent]):
    """One method per staff action; each returns a ``Result``. A refused document or a
    capture attempt that did not pass leaves the why in ``state`` (``field_errors``,
    ``last_problems``): the catalog has one code for the first and none for the second.
    ``accept`` and ``submit_exception`` write to the local store (blocking, quick): call
    them on a worker thread like every flow action."""

    def __init__(
        self,
        store: CollectionSink,
        *,
        staff_no: str,
        signer: RecordSigner | None = None,
        clock: Callable[[], datetime] = _utc_now,
        settings: CollectionSettings | None = None,
    ) -> None:
        """``signer``: the staff member's record key (R-HA-1); without one, records are
        saved unsigned and the service will refuse them (the journey refuses first)."""
        self._store = store
        self._clock = clock
        self._signer = signer
        self.staff_no = staff_no
        self.settings = settings or CollectionSettings()
        super().__init__(TRANSITIONS, CollectionStep.DOCUMENT_TYPE)
        self.state = CollectionState()

    def can_sign(self) -> bool:
        """Whether what is collected now will carry a proof the service accepts."""
        return self._signer is not None and self._signer.usable(self._clock())

    # -- read by screens ---------------------------------------------------------------

    @property
    def attempts_left(self) -> int:
        return max(0, self.settings.max_attempts - self.state.attempts)

    def waiting_count(self) -> int:
        """Records kept on this terminal for the sync ("N waiting")."""
        return self._store.count_waiting()

    # -- actions -----------------------------------------------------------------------

    def choose_document_type(self, document_type: DocumentType) -> Result:
        self._require(CollectionStep.DOCUMENT_TYPE)
        if self.state.document_type is not document_type:
            self.state.data = None  # a different type: the typed data no longer applies
        self.state.document_type = document_type
        return self._go(CollectionEvent.TYPE_CHOSEN)

    def submit_document_data(self, data: DocumentData) -> Result:
        self._require(CollectionStep.DOCUMENT_DATA)
        assert self.state.document_type is not None
        today = shanghai_day(self._clock())
        errors = validate_document_data(self.state.document_type, data, today=today)
        self.state.field_errors = errors
        if errors:
            first = errors[0]
            return self._fail(
                UserError(
                    ErrorCode.VALIDATION_ERROR,
                    {"reason": first.reason_zh, "reason_en": first.reason_en},
                )
            )
        self.state.data = DocumentData(
            name=normalize_chinese_name(data.name),
            document_number=normalize_document_number(data.document_number),
            birth_date=data.birth_date,
            sex=data.sex,
            nationality=data.nationality.strip().upper(),
            name_latin=normalize_latin_name(data.name_latin),
        )
        return self._go(CollectionEvent.DATA_ACCEPTED)

    def submit_capture(self, capture: CaptureResult) -> Result:
        """One capture attempt from the face pipeline: it must pass liveness and quality."""
        self._require(CollectionStep.FACE_CAPTURE)
        self.state.attempts += 1
        self.state.last_capture = capture
        problems = capture_problems(capture)
        if not problems:
            self.state.capture = capture
            self.state.last_problems = ()
            return self._go(CollectionEvent.CAPTURE_PASSED)
        return self._failed_attempt(problems)

    def capture_failed(self, problem: CaptureProblem = CaptureProblem.NO_CAPTURE) -> Result:
        """The pipeline ended an attempt without a capture (timeout, camera lost)."""
        self._require(CollectionStep.FACE_CAPTURE)
        self.state.attempts += 1
        return self._failed_attempt((problem,))

    def retake(self) -> Result:
        self._require(CollectionStep.REVIEW)
        if self.attempts_left == 0:
            return self._fail(
                UserError(
                    ErrorCode.COLLECTION_ATTEMPTS_EXHAUSTED, {"attempts": self.state.attempts}
                )
            )
        self.state.capture = None
        return self._go(CollectionEvent.RETAKE)

    def accept(self) -> Result:
        """Staff accept the photo: the record is committed to the local store."""
        self._require(CollectionStep.REVIEW)
        capture = self.state.capture
        assert capture is not None
        return self._save(capture, reason=None, event=CollectionEvent.ACCEPTED)

    def give_up(self) -> Result:
        """Staff end capturing early (e.g. no camera): go and note the reason."""
        return self._go(CollectionEvent.GIVE_UP)

    def submit_exception(self, reason_text: str) -> Result:
        """Save the record with the staff's reason, with the last capture if there was one."""
        self._require(CollectionStep.EXCEPTION)
        reason = " ".join(reason_text.split())
        if not reason:
            return self._fail(
                UserError(
                    ErrorCode.FIELD_REQUIRED,
                    {"field_zh": "异常原因", "field_en": "reason for the exception"},
                )
            )
        limit = self.settings.exception_reason_max_chars
        if len(reason) > limit:
            return self._fail(
                UserError(
                    ErrorCode.VALIDATION_ERROR,
                    {
                        "reason": f"异常原因最多 {limit} 个字。",
                        "reason_en": f"The reason may have at most {limit} characters.",
                    },
                )
            )
        return self._save(
            self.state.last_capture, reason=reason, event=CollectionEvent.EXCEPTION_SAVED
        )

    def back(self) -> Result:
        return self._go(CollectionEvent.BACK)

    def start_new(self) -> Result:
        self._require(CollectionStep.SAVED)
        self.state = CollectionState()
        return self._go(CollectionEvent.START_NEW)

    def wipe(self) -> None:
        """Forget the person's data (idle timeout, staff logout, home)."""
        self.state = CollectionState()
        self._restart()

    # -- helpers -----------------------------------------------------------------------

    def _failed_attempt(self, problems: tuple[CaptureProblem, ...]) -> Result:
        """Not passed, without a catalog error: the why is ``state.last_problems``; after
        the last attempt the step is the exception path."""
        self.state.last_problems = problems
        if self.attempts_left == 0:
            self._go(CollectionEvent.ATTEMPTS_EXHAUSTED)
        return StepResult(Outcome.FAILED, self.step)

    def _save(
        self, capture: CaptureResult | None, *, reason: str | None, event: CollectionEvent
    ) -> Result:
        data, doc_type = self.state.data, self.state.document_type
        assert data is not None
        assert doc_type is not None
        record = CollectionInput(
            id=self.state.record_id,
            created_at=self._clock(),
            staff_no=self.staff_no,
            document_type=doc_type,
            personal=PersonalFields(
                name=data.name,
                name_latin=data.name_latin,
                document_number=data.document_number,
                birth_date=data.birth_date,
                sex=data.sex,
                nationality=data.nationality,
            ),
            face_jpeg=capture.image_jpeg if capture and capture.image_jpeg else None,
            face_template=capture.encoding if capture and capture.encoding else None,
            quality=tuple(
                ScoreEntry(s.measure.value, s.value, s.passed, s.threshold)
                for s in (capture.quality.scores if capture else ())
            ),
            liveness_passed=capture.liveness_passed if capture else None,
            liveness_steps=tuple(s.value for s in capture.liveness_steps) if capture else (),
            match_distance=capture.match_distance if capture else None,
            match_threshold=capture.match_threshold if capture else None,
            attempts=self.state.attempts,
            exception_reason=reason,
        )
        if self._signer is not None:
            record = self._signer.sign(record)
        try:
            saved = self._store.save(record)
        except Exception:  # a disk or database fault must not crash the kiosk
            _log.exception("saving collection record %s failed", record.id)
            return self._fail(UserError(ErrorCode.INTERNAL_ERROR))
        self.state.saved_id = saved
        return self._go(event)
