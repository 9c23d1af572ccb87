"""用户注册 of a natural person (R-ID-1..6, R-RN-1, R-RN-4, R-PH-2, R-PW-2, R-UN-1) as a
Qt-free state machine.

The steps follow R-ID-1: the identity check (document type, number and name), the phone by
SMS code, the face check (skipped for a hall-collected person, R-ID-3), then the password
and an optional username. The last step answers like a login: the person is logged in at
level 4, or 5 after hall collection (R-RN-1). Every local check (R-ID-5 number, name, phone
format, R-PW-2 rule and guessability, R-UN-1) runs before the service is asked, with the
same domain rules the service applies, so a typo never costs a round trip or a counted try.
The screens call one blocking method per gesture on a worker thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.documents import DocumentType
from kiosk.domain.names import (
    is_chinese_name,
    is_latin_name,
    normalize_chinese_name,
    normalize_latin_name,
)
from kiosk.domain.usernames import check_username
from kiosk.flows.local_checks import checked_document, checked_phone, new_password_error
from kiosk.flows.machine import StepMachine, StepResult, advance
from kiosk.flows.sms_code import SmsCode
from kiosk.protocol.auth import LoggedIn
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import RegistrationApi

_log = logging.getLogger(__name__)


# Face refusals after which another try cannot help now.
FINAL_FACE_ERRORS = frozenset({ErrorCode.FACE_CHECK_AT_HALL, ErrorCode.VERIFICATION_EXPIRED})


def face_retry_possible(error: UserError) -> bool:
    """Whether the face screen offers Try again after ``error`` (R-RN-4)."""
    return error.code not in FINAL_FACE_ERRORS


class RegistrationStep(Enum):
    DOCUMENT = auto()  # document type, number and name: the identity check (R-ID-1)
    PHONE = auto()  # the mobile number, proved by an SMS code (R-PH-2)
    FACE = auto()  # the live face check against the authority's photo (R-RN-4)
    PASSWORD = auto()  # the password twice and an optional username (R-PW-2, R-UN-1)
    DONE = auto()  # registered and logged in
    # The ends that say where to go instead (``state.refusal``): never a dead end.
    REFUSED = auto()  # R-ID-2 / R-RN-4: the hall; R-ID-6: log in or 忘记密码
    # The face check is needed but this terminal has no camera or face models: said
    # before a code is sent for nothing (R-RN-4's other ways: the hall, another terminal).
    FACE_UNAVAILABLE = auto()


class Refusal(Enum):
    """Where a registration the kiosk cannot finish goes on."""

    HALL = auto()  # R-ID-2 hall-first type not collected, or R-RN-4: the staff collect
    REGISTERED = auto()  # R-ID-6: log in, or 忘记密码


# Identity-check and face answers that retyping cannot change.
REFUSALS: dict[ErrorCode, Refusal] = {
    ErrorCode.FOREIGN_DOC_NO_HALL: Refusal.HALL,  # R-ID-2
    ErrorCode.FACE_CHECK_AT_HALL: Refusal.HALL,  # R-RN-4: no reference, or tries spent
    ErrorCode.USER_ALREADY_REGISTERED: Refusal.REGISTERED,  # R-ID-6
}


class RegistrationEvent(Enum):
    IDENTITY_ACCEPTED = auto()
    FACE_NOT_HERE = auto()  # accepted, but the face check this person needs is not here
    REFUSED = auto()
    PHONE_VERIFIED = auto()  # the face check comes next
    PHONE_VERIFIED_NO_FACE = auto()  # hall-collected (R-ID-3): straight to the password
    FACE_VERIFIED = auto()
    REGISTERED = auto()
    BACK = auto()


TRANSITIONS: dict[tuple[RegistrationStep, RegistrationEvent], RegistrationStep] = {
    (RegistrationStep.DOCUMENT, RegistrationEvent.IDENTITY_ACCEPTED): RegistrationStep.PHONE,
    (RegistrationStep.DOCUMENT, RegistrationEvent.FACE_NOT_HERE): (
        RegistrationStep.FACE_UNAVAILABLE
    ),
    (RegistrationStep.DOCUMENT, RegistrationEvent.REFUSED): RegistrationStep.REFUSED,
    (RegistrationStep.FACE, RegistrationEvent.REFUSED): RegistrationStep.REFUSED,
    (RegistrationStep.PHONE, RegistrationEvent.PHONE_VERIFIED): RegistrationStep.FACE,
    (RegistrationStep.PHONE, RegistrationEvent.PHONE_VERIFIED_NO_FACE): RegistrationStep.PASSWORD,
    (RegistrationStep.FACE, RegistrationEvent.FACE_VERIFIED): RegistrationStep.PASSWORD,
    (RegistrationStep.PASSWORD, RegistrationEvent.REGISTERED): RegistrationStep.DONE,
    # The service's registration is tied to the identity checked at step 1: going back
    # from any later step starts a new one (the document and name typed are kept).
    (RegistrationStep.PHONE, RegistrationEvent.BACK): RegistrationStep.DOCUMENT,
    (RegistrationStep.FACE, RegistrationEvent.BACK): RegistrationStep.DOCUMENT,
    (RegistrationStep.PASSWORD, RegistrationEvent.BACK): RegistrationStep.DOCUMENT,
    (RegistrationStep.REFUSED, RegistrationEvent.BACK): RegistrationStep.DOCUMENT,
    (RegistrationStep.FACE_UNAVAILABLE, RegistrationEvent.BACK): RegistrationStep.DOCUMENT,
}


def next_step(step: RegistrationStep, event: RegistrationEvent) -> RegistrationStep:
    return advance(TRANSITIONS, step, event)


def numbered_steps(face_required: bool) -> tuple[RegistrationStep, ...]:
    """The steps a person sees counted in the top bar ("第 2 步，共 4 步"): a hall-collected
    person has no face step, so their count is 3."""
    steps = [RegistrationStep.DOCUMENT, RegistrationStep.PHONE]
    if face_required:
        steps.append(RegistrationStep.FACE)
    steps.append(RegistrationStep.PASSWORD)
    return tuple(steps)


Result = StepResult[RegistrationStep]


@dataclass(slots=True)
class RegistrationState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    document_type: DocumentType | None = None
    document_number: str = field(default="", repr=False)
    name: str = field(default="", repr=False)
    registration_id: str | None = None
    sms: SmsCode = field(default_factory=SmsCode)
    face_required: bool = True
    level_on_success: int | None = None
    phone: str = field(default="", repr=False)  # the number the last code went to
    phone_masked: str | None = None  # the verified number
    # After completion: the login session the service made (the journey logs it out when
    # the kiosk session ends, R-SE-1) and what the done screen shows.
    logged_in: LoggedIn | None = field(default=None, repr=False)
    refusal: UserError | None = None  # at REFUSED: what the service said

    @property
    def refusal_kind(self) -> Refusal | None:
        return REFUSALS.get(self.refusal.code) if self.refusal is not None else None


class RegistrationFlow(StepMachine[RegistrationStep, RegistrationEvent]):
    def __init__(
        self,
        api: RegistrationApi,
        *,
        clock: Callable[[], float] = time.monotonic,
        face_here: bool = True,
    ) -> None:
        """``face_here``: this terminal has the camera and the face models."""
        self._api = api
        self._clock = clock
        self._face_here = face_here
        super().__init__(TRANSITIONS, RegistrationStep.DOCUMENT)
        self.state = RegistrationState()

    # -- actions, one per user gesture ------------------------------------------------

    def submit_document(self, document_type: DocumentType | str, number: str, name: str) -> Result:
        """Step 1: R-ID-5 and the name locally, then the service's identity check (R-ID-1),
        which also answers R-ID-2 (hall-first type), R-ID-6 (registered) and R-RN-4."""
        self._require(RegistrationStep.DOCUMENT)
        document = checked_document(document_type, number)
        if isinstance(document, UserError):
            return self._fail(document)
        doc_type, text = document
        if not name.strip():
            return self._fail(UserError(ErrorCode.FIELD_REQUIRED, _FIELD["name"]))
        person_name = _normalized_name(name)
        if person_name is None:
            return self._fail(UserError(ErrorCode.VALIDATION_ERROR, _NAME_REASON))
        try:
            started = self._api.start_registration(doc_type.value, text, person_name)
        except UserError as error:
            return self._refuse(error)
        self.state = RegistrationState(
            document_type=doc_type,
            document_number=text,
            name=person_name,
            registration_id=started.registration_id,
            face_required=started.face_required,
            level_on_success=started.level_on_success,
        )
        if started.face_required and not self._face_here:
            return self._go(RegistrationEvent.FACE_NOT_HERE)
        return self._go(RegistrationEvent.IDENTITY_ACCEPTED)

    def request_sms(self, phone: str) -> Result:
        """A code to the number typed (possession, R-PH-2); R-PH-1's format first."""
        self._require(RegistrationStep.PHONE)
        registration_id = self._registration_id()
        number = checked_phone(phone)
        if isinstance(number, UserError):
            return self._fail(number)
        error = self.state.sms.send(
            lambda: self._api.send_registration_sms(registration_id, number), self._clock()
        )
        if error is not None:
            return self._fail(error)
        self.state.phone = number
        return self._stay()

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(RegistrationStep.PHONE)
        registration_id = self._registration_id()
        if self.state.sms.sent is None:
            return self._fail(UserError(ErrorCode.SMS_NOT_SENT))
        verified = self.state.sms.verify(
            typed, lambda code: self._api.verify_registration_sms(registration_id, code)
        )
        if isinstance(verified, UserError):
            return self._fail(verified)
        self.state.phone_masked = verified.phone_masked
        if self.state.face_required:
            return self._go(RegistrationEvent.PHONE_VERIFIED)
        return self._go(RegistrationEvent.PHONE_VERIFIED_NO_FACE)

    def submit_face(self, template: Sequence[float]) -> Result:
        """The face template from the camera; the service decides the match against the
        authority's reference photo, never the terminal (R-RN-4)."""
        self._require(RegistrationStep.FACE)
        registration_id = self._registration_id()
        try:
            self._api.check_registration_face(registration_id, tuple(template))
        except UserError as error:
            return self._refuse(error)
        return self._go(RegistrationEvent.FACE_VERIFIED)

    def submit_password(self, password: str, confirm: str, username: str = "") -> Result:
        """The last step: R-PW-2 (rule, then guessable from the person's own facts), the
        optional R-UN-1 username, then the service creates the account and logs in."""
        self._require(RegistrationStep.PASSWORD)
        registration_id = self._registration_id()
        refused = new_password_error(
            password,
            confirm,
            document_number=self.state.document_number,
            phones=[self.state.phone],
        )
        if refused is not None:
            return self._fail(refused)
        wanted = username.strip()
        if wanted:
            named = check_username(wanted)
            if not named.ok:
                reason = {"reason": named.reason_zh, "reason_en": named.reason_en}
                return self._fail(UserError(ErrorCode.USERNAME_RULE, reason))
        try:
            logged_in = self._api.complete_registration(registration_id, password, wanted or None)
        except UserError as error:
            return self._fail(error)
        # Only the session and its summary outlive the registration (the done screen).
        self.state = RegistrationState(
            level_on_success=self.state.level_on_success, logged_in=logged_in
        )
        return self._go(RegistrationEvent.REGISTERED)

    def back(self) -> Result:
        """To step 1, keeping what was typed there; the registration is abandoned."""
        if self.step is RegistrationStep.REFUSED:
            # Another document: nothing of the refused one is kept.
            self.state = RegistrationState()
            return self._go(RegistrationEvent.BACK)
        result = self._go(RegistrationEvent.BACK)
        self.state = RegistrationState(
            document_type=self.state.document_type,
            document_number=self.state.document_number,
            name=self.state.name,
        )
        return result

    def close(self) -> None:
        """The kiosk session ended (logout, idle, home): end on the service the session
        the registration made, then forget everything. Best effort: the terminal forgets
        either way, and a dead session is what we wanted."""
        logged_in = self.state.logged_in
        self.wipe()
        if logged_in is None:
            return
        try:
            self._api.logout(logged_in.session_token)
        except UserError as error:
            if error.code is not ErrorCode.SESSION_INVALID:
                _log.warning("logout after registration failed: %s", error.code.value)

    def wipe(self) -> None:
        """Forget everything of this journey (idle timeout, home)."""
        self.state = RegistrationState()
        self._restart()

    def _refuse(self, error: UserError) -> Result:
        """A refusal retyping can fix stays on its step; one it cannot ends at REFUSED."""
        if error.code not in REFUSALS:
            return self._fail(error)
        self.state = RegistrationState(
            document_type=self.state.document_type,
            document_number=self.state.document_number,
            name=self.state.name,
            refusal=error,
        )
        moved = self._go(RegistrationEvent.REFUSED)
        return StepResult(moved.outcome, moved.step, error)  # the person reads it there

    def _registration_id(self) -> str:
        registration_id = self.state.registration_id
        assert registration_id is not None, "no registration started"
        return registration_id


def _normalized_name(name: str) -> str | None:
    """The name as the service compares it: Chinese characters (minority parts joined by
    ·) or Latin letters as printed in a passport; None for anything else."""
    chinese = normalize_chinese_name(name)
    if is_chinese_name(chinese):
        return chinese
    latin = normalize_latin_name(name)
    if is_latin_name(latin):
        return latin
    return None


_FIELD: dict[str, dict[str, object]] = {
    "name": {"field_zh": "姓名", "field_en": "name"},
}
_NAME_REASON: dict[str, object] = {
    "reason": "姓名请按证件填写：汉字（少数民族姓名可用“·”分隔），或证件上印的拉丁字母。",
    "reason_en": "Enter the name as on the document: Chinese characters (parts of a minority "
    "name joined by ·), or the Latin letters printed in it.",
}
