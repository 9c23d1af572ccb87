"""Forgot password (忘记密码, R-PW-4; R-LK-1's way out, R-PH-6) as a Qt-free state machine.

Three steps as in the seeds: the document (type + number), then proof by SMS code to the
default phone or by face, then the new password. It works while the account is locked, and
a successful reset lifts the lock. Same shape as ``kiosk.flows.login``: the screens render
``step`` and call one blocking method per user action on a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto

from kiosk.domain.documents import DocumentType
from kiosk.flows.local_checks import checked_document, new_password_error
from kiosk.flows.machine import StepMachine, StepResult, advance
from kiosk.flows.sms_code import SmsCode
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.account_api import AccountSelfServiceApi

# Face refusals after which another try cannot help now.
FINAL_FACE_ERRORS = frozenset(
    {ErrorCode.ACCOUNT_LOCKED, ErrorCode.FACE_NO_REFERENCE, ErrorCode.VERIFICATION_EXPIRED}
)


def face_retry_possible(error: UserError) -> bool:
    """Whether the face screen offers Try again after ``error`` (R-PW-4, R-LK-1)."""
    return error.code not in FINAL_FACE_ERRORS


class ForgotPasswordStep(Enum):
    IDENTITY = auto()  # document type + number (step 1)
    VERIFY = auto()  # SMS code to the default phone, or face (step 2)
    NEW_PASSWORD = auto()  # the new password twice (step 3)
    DONE = auto()  # "password reset; log in with the new one"


class ForgotPasswordEvent(Enum):
    IDENTITY_ACCEPTED = auto()
    VERIFIED = auto()
    PASSWORD_SET = auto()
    BACK = auto()


TRANSITIONS: dict[tuple[ForgotPasswordStep, ForgotPasswordEvent], ForgotPasswordStep] = {
    (ForgotPasswordStep.IDENTITY, ForgotPasswordEvent.IDENTITY_ACCEPTED): (
        ForgotPasswordStep.VERIFY
    ),
    (ForgotPasswordStep.VERIFY, ForgotPasswordEvent.VERIFIED): ForgotPasswordStep.NEW_PASSWORD,
    (ForgotPasswordStep.VERIFY, ForgotPasswordEvent.BACK): ForgotPasswordStep.IDENTITY,
    (ForgotPasswordStep.NEW_PASSWORD, ForgotPasswordEvent.PASSWORD_SET): ForgotPasswordStep.DONE,
    # The reset token is single use and tied to this verification: back means start over.
    (ForgotPasswordStep.NEW_PASSWORD, ForgotPasswordEvent.BACK): ForgotPasswordStep.IDENTITY,
}

# Steps a person sees numbered in the top bar ("第 2 步，共 3 步").
NUMBERED_STEPS: tuple[ForgotPasswordStep, ...] = (
    ForgotPasswordStep.IDENTITY,
    ForgotPasswordStep.VERIFY,
    ForgotPasswordStep.NEW_PASSWORD,
)

METHOD_SMS = "sms"
METHOD_FACE = "face"


def next_step(step: ForgotPasswordStep, event: ForgotPasswordEvent) -> ForgotPasswordStep:
    return advance(TRANSITIONS, step, event)


Result = StepResult[ForgotPasswordStep]


@dataclass(slots=True)
class ForgotPasswordState:
    """Everything the journey holds; ``wipe`` forgets all of it (R-SE-1)."""

    document_type: DocumentType | None = None
    document_number: str = field(default="", repr=False)
    verification_id: str | None = None
    sms: SmsCode = field(default_factory=SmsCode)
    phone_masked: str | None = None  # the default phone the code goes to; None = no phone
    methods: tuple[str, ...] = ()
    reset_token: str | None = field(default=None, repr=False)
    unlocked: bool = False  # the reset also lifted an R-LK-1 lock

    @property
    def can_use_sms(self) -> bool:
        return METHOD_SMS in self.methods

    @property
    def can_use_face(self) -> bool:
        return METHOD_FACE in self.methods


class ForgotPasswordFlow(StepMachine[ForgotPasswordStep, ForgotPasswordEvent]):
    def __init__(
        self, api: AccountSelfServiceApi, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._api = api
        self._clock = clock
        super().__init__(TRANSITIONS, ForgotPasswordStep.IDENTITY)
        self.state = ForgotPasswordState()

    # -- actions, one per user gesture ------------------------------------------------

    def submit_identity(self, document_type: DocumentType | str, number: str) -> Result:
        """Step 1. Submitting again starts a new verification (the old one is abandoned)."""
        self._require(ForgotPasswordStep.IDENTITY)
        document = checked_document(document_type, number)
        if isinstance(document, UserError):
            return self._fail(document)
        doc_type, text = document
        try:
            started = self._api.start_password_reset(doc_type.value, text)
        except UserError as error:
            return self._fail(error)
        self.state = ForgotPasswordState(
            document_type=doc_type,
            document_number=text,
            verification_id=started.verification_id,
            phone_masked=started.phone_masked,
            methods=started.methods,
        )
        return self._go(ForgotPasswordEvent.IDENTITY_ACCEPTED)

    def request_sms(self) -> Result:
        """A code to the default phone; the service refuses when there is none (R-PH-6)."""
        self._require(ForgotPasswordStep.VERIFY)
        assert self.state.verification_id is not None
        verification_id = self.state.verification_id
        error = self.state.sms.send(
            lambda: self._api.send_password_reset_sms(verification_id), self._clock()
        )
        return self._fail(error) if error is not None else self._stay()

    def resend_seconds_left(self) -> int:
        """The countdown shown on the resend button; 0 means it may be tapped."""
        return self.state.sms.seconds_left(self._clock())

    def submit_code(self, typed: str) -> Result:
        self._require(ForgotPasswordStep.VERIFY)
        verification_id = self.state.verification_id
        assert verification_id is not None
        verified = self.state.sms.verify(
            typed, lambda code: self._api.verify_password_reset_sms(verification_id, code)
        )
        if isinstance(verified, UserError):
            return self._fail(verified)
        self.state.reset_token = verified.reset_token
        return self._go(ForgotPasswordEvent.VERIFIED)

    def submit_face(self, template: Sequence[float]) -> Result:
        """The face template from the camera; the service decides the match, never the
        terminal (threshold and reference live there)."""
        self._require(ForgotPasswordStep.VERIFY)
        assert self.state.verification_id is not None
        try:
            verified = self._api.verify_password_reset_face(
                self.state.verification_id, tuple(template)
            )
        except UserError as error:
            return self._fail(error)
        self.state.reset_token = verified.reset_token
        return self._go(ForgotPasswordEvent.VERIFIED)

    def submit_new_password(self, new_password: str, confirm: str) -> Result:
        """Step 3: R-PW-2; it may equal the old password (R-PW-4)."""
        self._require(ForgotPasswordStep.NEW_PASSWORD)
        assert self.state.verification_id is not None
        assert self.state.reset_token is not None
        refused = new_password_error(
            new_password, confirm, document_number=self.state.document_number
        )
        if refused is not None:
            return self._fail(refused)
        try:
            unlocked = self._api.reset_password(
                self.state.verification_id, self.state.reset_token, new_password
            )
        except UserError as error:
            return self._fail(error)
        # Nothing of the journey is needed on the "done" screen but whether it unlocked.
        self.state = ForgotPasswordState(unlocked=unlocked)
        return self._go(ForgotPasswordEvent.PASSWORD_SET)

    def back(self) -> Result:
        """To step 1, keeping the document typed; the verification is abandoned."""
        result = self._go(ForgotPasswordEvent.BACK)
        self.state = ForgotPasswordState(
            document_type=self.state.document_type, document_number=self.state.document_number
        )
        return result

    def wipe(self) -> None:
        """Forget everything of this journey (idle timeout, home, done)."""
        self.state = ForgotPasswordState()
        self._restart()
