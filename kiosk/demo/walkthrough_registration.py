"""The registration part of the walkthrough (用户注册, issue 6): every step and refusal.

Deterministic without the test photos: 高洁's reference photo is the astronaut the mock
camera shows, so her registration reaches the face step through the flow (document, phone
and SMS code); its screen is shot with the picture held still, then abandoned. 林嘉怡 has no
reference photo: R-RN-4's "go to the hall". The path to the done screen is
the foreign passport the staff walkthrough saved as a collection exception (SMITH JOHN,
X12345678): hall-collected, so no face step (R-ID-3), level 5. It therefore runs after
the staff part, on a fresh data directory (on a reused one, that person is registered
already and the walkthrough says so).
"""

from __future__ import annotations

from kiosk.demo.ui_driver import DriverError, tap, type_on_keypad, wait_for
from kiosk.demo.walk import Walk
from kiosk.domain.documents import DocumentType
from kiosk.ui.journeys.registration.journey import RegistrationJourney
from kiosk.ui.main_window import EndReason

NO_PHOTO_NUMBER = "440106198809230057"  # 林嘉怡: a demo resident without a reference photo
NO_PHOTO_NAME = "林嘉怡"
FACE_NUMBER = "110108198607040024"  # 高洁: the astronaut the mock camera shows
FACE_NAME = "高洁"
FACE_PHONE = "13900000067"
REGISTERED_NUMBER = "11010519491231002X"  # 张三, a demo person (R-ID-6)
REGISTERED_NAME = "张三"
UNCOLLECTED_PASSPORT = "C01X00T47"  # a foreign passport the hall never saw (R-ID-2)
UNCOLLECTED_NAME = "ANNA SCHMIDT"
# The staff walkthrough's second collection (an exception record): hall-collected.
COLLECTED_PASSPORT = "X12345678"
COLLECTED_NAME = "SMITH JOHN"
NEW_PHONE = "13900000066"
USERNAME = "johnsmith"
PASSWORD = "Hall.kiosk9"


class RegistrationWalkthroughError(DriverError):
    """A step did not reach the screen it should have (the message says which)."""


def run_registration_walkthrough(walk: Walk) -> None:
    journey = walk.window.registration
    if journey is None:
        return
    part = _Walk(walk, journey)
    part.refusals()
    part.face_preview()
    part.hall_collected_to_done()


class _Walk(Walk):
    def __init__(self, walk: Walk, journey: RegistrationJourney) -> None:
        super().__init__(walk.window, walk.shoot, outbox=walk.outbox, still=walk.still)
        self.journey = journey

    def open(self) -> None:
        self.window.end_session(EndReason.HOME)
        self.settled("home")
        self.window.session.touch()
        self.journey.start()
        self.at(self.journey.document, "the document types")

    def document(self, doc_type: DocumentType, number: str, name: str) -> None:
        screen = self.journey.document
        screen.choose_type(doc_type)
        if doc_type is DocumentType.RESIDENT_ID:
            type_on_keypad(screen.keypad, number)
        else:
            screen.number.set_text(number)  # letters from the virtual keyboard
        screen.name.set_text(name)

    def submit_document(self) -> None:
        self.journey.document.submit()
        self.settled("the identity check")

    def verify_phone(self, phone: str, shot: str | None = None) -> None:
        """The number and the code the demo outbox received, typed on the keypad."""
        sms = self.journey.sms
        type_on_keypad(sms.keypad, phone)
        tap(sms.request_button)
        self.settled("the registration code")
        type_on_keypad(sms.keypad, self.code(phone))
        if shot is not None:
            self.shoot(shot)
        sms.submit()
        self.settled("the code check")

    # -- the step-1 screens and the refusals that end at the kiosk ----------------------

    def refusals(self) -> None:
        journey = self.journey
        self.open()
        self.shoot("48-register-document-type")
        self.document(DocumentType.RESIDENT_ID, NO_PHOTO_NUMBER, NO_PHOTO_NAME)
        self.shoot("49-register-document")
        self.submit_document()
        self.at(journey.refusal, f"the hall refusal ({journey.document.banner.text()})")
        self.shoot("50-register-face-at-hall")  # R-RN-4: no reference photo

        self.open()
        self.document(DocumentType.FOREIGN_PASSPORT, UNCOLLECTED_PASSPORT, UNCOLLECTED_NAME)
        self.submit_document()
        self.at(journey.refusal, f"the hall-first refusal ({journey.document.banner.text()})")
        self.shoot("51-register-hall-first")  # R-ID-2

        self.open()
        self.document(DocumentType.RESIDENT_ID, REGISTERED_NUMBER, REGISTERED_NAME)
        self.submit_document()
        self.at(journey.refusal, f"the registered refusal ({journey.document.banner.text()})")
        self.shoot("52-register-already-registered")  # R-ID-6

    def face_preview(self) -> None:
        """The face step's screen, reached through the flow, held still and abandoned."""
        journey = self.journey
        face_check = journey.face_check
        if face_check is None:
            raise RegistrationWalkthroughError("the demo kiosk has no face check")
        self.open()
        self.document(DocumentType.RESIDENT_ID, FACE_NUMBER, FACE_NAME)
        self.submit_document()
        self.at(journey.sms, f"the phone step ({journey.document.banner.text()})")
        self.verify_phone(FACE_PHONE)
        face = face_check.screen
        self.at(face, f"the face step ({journey.sms.banner.text()})")
        wait_for(lambda: face.camera.analysis is not None, "the face check preview")
        with self.held(face_check.analyzer):
            self.shoot("53-register-face-check")

    # -- a hall-collected person: phone, password, done -----------------------------------

    def hall_collected_to_done(self) -> None:
        journey = self.journey
        self.open()
        self.document(DocumentType.FOREIGN_PASSPORT, COLLECTED_PASSPORT, COLLECTED_NAME)
        self.submit_document()
        if self.window.current_screen() is journey.refusal:
            raise RegistrationWalkthroughError(
                f"{COLLECTED_NAME} cannot register ({journey.refusal.banner.text()}): the "
                "walkthrough needs the staff part's collection and a fresh data directory"
            )
        sms = journey.sms
        self.at(sms, f"the phone step ({journey.document.banner.text()})")
        self.verify_phone(NEW_PHONE, shot="54-register-phone")
        password = journey.password
        self.at(password, f"the password step ({sms.banner.text()})")
        password.username.set_text(USERNAME)
        password.new_password.set_text(PASSWORD)
        password.confirm.set_text(PASSWORD)
        self.shoot("55-register-password")
        password.submit()
        self.at(journey.done, f"the done screen ({password.banner.text()})")
        self.shoot("56-register-done")
        # Logging out ends the session the registration made, on the service too.
        self.window.end_session(EndReason.LOGOUT)
        self.settled("the logout")
