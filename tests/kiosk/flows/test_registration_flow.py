"""用户注册 end to end: RegistrationFlow → HttpAccountClient → the real account service over
HTTP → SQLite and PostgreSQL (R-ID-1..6, R-RN-1, R-RN-4, R-PH-2, R-PW-2, R-UN-1).

The resident's reference face is given through the real authority code, computed from the
real test photos (obama vs obama2 match, biden does not; tests/support/photos.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from account_service.authority.demo import DEMO_RESIDENTS
from account_service.authority.encoding import PhotoEncoder
from account_service.authority.service import add_resident
from account_service.clock import ManualClock
from account_service.demo import DEMO_PERSONS
from account_service.embedded import EmbeddedService
from account_service.persons.models import Person, Phone
from kiosk.domain.documents import DocumentType
from kiosk.flows.registration import Refusal, RegistrationFlow, RegistrationStep
from kiosk.protocol.collection import RecordStatus
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient
from tests.support.photos import photo_paths
from tests.support.records import signed_by_staff

OUYANG = DEMO_RESIDENTS[0]  # 欧阳明 110108198005120035, photo obama
LIN = DEMO_RESIDENTS[2]  # no reference photo
ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
ZHANG_PHONE = "13800000001"
NEW_PHONE = "13900000011"
PASSWORD = "Tax.kiosk7"

Templates = dict[str, list[float]]


@pytest.fixture(scope="module")
def templates() -> Templates:
    encoder = PhotoEncoder.load()
    return {name: encoder.encode_file(path) for name, path in photo_paths().items()}


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> RegistrationFlow:
    return RegistrationFlow(kiosk_api, clock=lambda: manual_clock.now().timestamp())


def give_face(service: EmbeddedService, template: list[float] | None) -> None:
    """The authority's reference photo of 欧阳明, as ``authority add --photo`` stores it."""
    with service.session_factory.begin() as session:
        add_resident(
            session,
            name=OUYANG.name,
            document_type=OUYANG.document_type,
            document_number=OUYANG.document_number,
            face_template=template,
            now=datetime.now().astimezone(),
        )


def collect_in_hall(
    api: HttpAccountClient, clock: ManualClock, number: str, name_latin: str
) -> None:
    """A hall collection record of a foreign passport (R-HA-1), saved as an exception."""
    record: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "created_at": clock.now().isoformat(),
        "staff_no": "S0001",
        "document_type": DocumentType.FOREIGN_PASSPORT.value,
        "personal": {
            "name": "",
            "document_number": number,
            "birth_date": "1985-06-15",
            "sex": "female",
            "nationality": "DEU",
            "name_latin": name_latin,
        },
        "face_template": None,
        "face_jpeg_b64": None,
        "quality": [],
        "liveness_passed": False,
        "liveness_steps": [],
        "match_distance": None,
        "match_threshold": None,
        "attempts": 0,
        "exception_reason": "摄像头故障",
    }
    (ack,) = api.submit_collection_records([signed_by_staff(api, record)])
    assert ack.status is RecordStatus.ACCEPTED, ack.reason_en


def latest_code(api: HttpAccountClient, phone: str) -> str:
    return api.sms_outbox(phone=phone, limit=1)[0].code


def error_of(result: object) -> UserError:
    error = getattr(result, "error", None)
    assert isinstance(error, UserError), f"expected an error, got {result!r}"
    return error


def step_of(flow: RegistrationFlow) -> RegistrationStep:
    return flow.step  # read through a call: mypy must not keep an earlier narrowing


def verify_phone(flow: RegistrationFlow, api: HttpAccountClient, phone: str) -> None:
    assert flow.request_sms(phone).ok
    assert flow.submit_code(latest_code(api, phone)).ok


def test_R_ID_1_matching_face_registers_at_level_4_logged_in_and_close_logs_out(
    flow: RegistrationFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    templates: Templates,
) -> None:
    give_face(account_service, templates["obama"])
    # Typed as on the kiosk keyboard: lower-case x is fine, spaces in the name too.
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, " 欧阳 明").ok
    assert step_of(flow) is RegistrationStep.PHONE
    assert flow.state.face_required and flow.state.level_on_success == 4
    assert flow.request_sms(NEW_PHONE).ok
    assert flow.resend_seconds_left() == 60
    assert flow.submit_code(latest_code(kiosk_api, NEW_PHONE)).ok
    assert step_of(flow) is RegistrationStep.FACE
    assert flow.state.phone_masked == "139****0011"
    assert flow.submit_face(templates["obama2"]).ok
    assert step_of(flow) is RegistrationStep.PASSWORD
    assert flow.submit_password(PASSWORD, PASSWORD, "ouyang2026").ok
    assert step_of(flow) is RegistrationStep.DONE
    logged_in = flow.state.logged_in
    assert logged_in is not None
    person = logged_in.person
    assert (person.real_name_level, person.name_masked) == (4, "欧**")
    assert (person.phone_masked, person.username) == ("139****0011", "ouyang2026")
    assert flow.state.document_number == ""  # only the session outlives the registration
    assert kiosk_api.current_person(logged_in.session_token).person_id == person.person_id
    # The kiosk session ends (logout, idle, home): the service session ends with it.
    flow.close()
    assert flow.state.logged_in is None and step_of(flow) is RegistrationStep.DOCUMENT
    with pytest.raises(UserError) as ended:
        kiosk_api.current_person(logged_in.session_token)
    assert ended.value.code is ErrorCode.SESSION_INVALID
    # The new account logs in like any other.
    assert kiosk_api.start_login("ouyang2026", PASSWORD).sms_phone_masked == "139****0011"


def test_R_ID_5_R_PW_2_R_UN_1_local_checks_come_before_the_service(
    flow: RegistrationFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    templates: Templates,
) -> None:
    bad = error_of(flow.submit_document(DocumentType.RESIDENT_ID, "110108198005120036", "欧阳明"))
    assert bad.code is ErrorCode.VALIDATION_ERROR and "校验" in bad.text(Lang.ZH)
    assert error_of(flow.submit_document("", "x", "y")).code is ErrorCode.FIELD_REQUIRED
    no_name = error_of(flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, ""))
    assert no_name.code is ErrorCode.FIELD_REQUIRED and "姓名" in no_name.text(Lang.ZH)
    digits = error_of(
        flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳7")
    )
    assert digits.code is ErrorCode.VALIDATION_ERROR
    assert step_of(flow) is RegistrationStep.DOCUMENT
    # R-ID-1: a wrong name reaches the service and is refused there; retyping may fix it.
    give_face(account_service, templates["obama"])
    wrong = error_of(flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳"))
    assert wrong.code is ErrorCode.IDENTITY_NOT_VERIFIED and wrong.rule == "R-ID-1"

    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    assert error_of(flow.request_sms("1390000001")).code is ErrorCode.PHONE_FORMAT
    assert error_of(flow.submit_code("123456")).code is ErrorCode.SMS_NOT_SENT
    verify_phone(flow, kiosk_api, NEW_PHONE)
    assert flow.submit_face(templates["obama3"]).ok
    assert error_of(flow.submit_password("short1", "short1")).code is ErrorCode.PASSWORD_RULE
    mismatch = error_of(flow.submit_password(PASSWORD, PASSWORD + "x"))
    assert mismatch.code is ErrorCode.PASSWORD_MISMATCH
    birthday = error_of(flow.submit_password("Ou.19800512", "Ou.19800512"))
    assert birthday.code is ErrorCode.PASSWORD_TOO_GUESSABLE
    assert "date of birth" in birthday.text(Lang.EN)
    phone = error_of(flow.submit_password("x.13900000011", "x.13900000011"))
    assert phone.code is ErrorCode.PASSWORD_TOO_GUESSABLE
    bad_name = error_of(flow.submit_password(PASSWORD, PASSWORD, "1abc"))
    assert bad_name.code is ErrorCode.USERNAME_RULE
    taken = error_of(flow.submit_password(PASSWORD, PASSWORD, "zhangsan01"))
    assert taken.code is ErrorCode.USERNAME_TAKEN  # only the service knows this one
    assert step_of(flow) is RegistrationStep.PASSWORD
    assert flow.submit_password(PASSWORD, PASSWORD, "  ").ok  # blank: no username
    assert flow.state.logged_in is not None and flow.state.logged_in.person.username is None


def test_R_RN_4_another_persons_face_is_refused_with_tries_left_then_sent_to_the_hall(
    flow: RegistrationFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    templates: Templates,
) -> None:
    give_face(account_service, templates["obama"])
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    verify_phone(flow, kiosk_api, NEW_PHONE)
    remaining = [error_of(flow.submit_face(templates["biden"])) for _ in range(4)]
    assert [e.code for e in remaining] == [ErrorCode.FACE_MISMATCH] * 4
    assert [e.details["remaining"] for e in remaining] == [4, 3, 2, 1]
    assert "还可尝试 1 次" in remaining[-1].text(Lang.ZH)
    assert error_of(flow.submit_face(templates["biden"])).code is ErrorCode.FACE_CHECK_AT_HALL
    assert step_of(flow) is RegistrationStep.REFUSED
    assert flow.state.refusal_kind is Refusal.HALL
    # Nothing was registered, and starting again today goes to the hall too.
    assert flow.back().ok
    again = error_of(
        flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明")
    )
    assert again.code is ErrorCode.FACE_CHECK_AT_HALL
    with pytest.raises(UserError) as unknown:
        kiosk_api.start_login(OUYANG.document_number, PASSWORD)
    assert unknown.value.code is ErrorCode.USER_NOT_REGISTERED


def test_R_RN_4_resident_without_reference_photo_is_sent_to_the_hall(
    flow: RegistrationFlow,
) -> None:
    refused = error_of(flow.submit_document(LIN.document_type, LIN.document_number, LIN.name))
    assert refused.code is ErrorCode.FACE_CHECK_AT_HALL and refused.rule == "R-RN-4"


def test_R_ID_2_hall_first_document_without_collection_goes_to_staff(
    flow: RegistrationFlow,
) -> None:
    refused = error_of(flow.submit_document(DocumentType.FOREIGN_PASSPORT, "C01X00T47", "Anna"))
    assert refused.code is ErrorCode.FOREIGN_DOC_NO_HALL and refused.rule == "R-ID-2"
    assert "办税大厅" in refused.text(Lang.ZH)
    assert step_of(flow) is RegistrationStep.REFUSED
    assert flow.state.refusal_kind is Refusal.HALL
    # Not a dead end: another document starts afresh.
    assert flow.back().ok and step_of(flow) is RegistrationStep.DOCUMENT
    assert flow.state.document_number == "" and flow.state.refusal is None


def test_R_ID_3_hall_collected_person_skips_the_face_and_gets_level_5(
    flow: RegistrationFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    collect_in_hall(kiosk_api, manual_clock, "C01X00T47", "ANNA SCHMIDT")
    assert flow.submit_document(DocumentType.FOREIGN_PASSPORT, "c01x00t47", "anna  schmidt").ok
    assert not flow.state.face_required and flow.state.level_on_success == 5
    verify_phone(flow, kiosk_api, "13900000022")
    assert step_of(flow) is RegistrationStep.PASSWORD  # no face step
    assert flow.submit_password("Anna.tax2026", "Anna.tax2026").ok
    assert flow.state.logged_in is not None
    assert flow.state.logged_in.person.real_name_level == 5


def test_R_ID_6_registered_person_is_told_to_log_in(flow: RegistrationFlow) -> None:
    refused = error_of(flow.submit_document(ZHANG.document_type, ZHANG.document_number, "张三"))
    assert refused.code is ErrorCode.USER_ALREADY_REGISTERED and refused.rule == "R-ID-6"
    assert "忘记密码" in refused.text(Lang.ZH)


def test_R_PH_2_registering_with_anothers_number_moves_it(
    flow: RegistrationFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    templates: Templates,
) -> None:
    give_face(account_service, templates["obama"])
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    verify_phone(flow, kiosk_api, ZHANG_PHONE)
    assert flow.submit_face(templates["obama2"]).ok
    assert flow.submit_password(PASSWORD, PASSWORD).ok
    assert flow.state.logged_in is not None
    assert flow.state.logged_in.person.phone_masked == "138****0001"
    # The number identifies the registrant now; 张三 no longer has it (R-PH-3's message).
    assert kiosk_api.start_login(ZHANG_PHONE, PASSWORD).sms_phone_masked == "138****0001"
    with pytest.raises(UserError) as lost:
        kiosk_api.start_login(ZHANG_PHONE, ZHANG.password)
    assert lost.value.code is ErrorCode.PHONE_NOT_FOUND
    with account_service.session_factory() as session:
        owners = session.scalars(
            select(Person.document_number).join(Phone).where(Phone.number == ZHANG_PHONE)
        ).all()
    assert owners == [OUYANG.document_number]  # cleared from 张三 at that moment


def test_back_keeps_the_document_and_abandons_the_registration(
    flow: RegistrationFlow,
    kiosk_api: HttpAccountClient,
    account_service: EmbeddedService,
    templates: Templates,
) -> None:
    give_face(account_service, templates["obama"])
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    first = flow.state.registration_id
    verify_phone(flow, kiosk_api, NEW_PHONE)
    assert flow.back().ok
    assert step_of(flow) is RegistrationStep.DOCUMENT
    assert (flow.state.document_number, flow.state.name) == (OUYANG.document_number, "欧阳明")
    assert flow.state.registration_id is None and flow.state.phone == ""
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    assert flow.state.registration_id != first
    flow.wipe()
    assert flow.state.document_number == "" and step_of(flow) is RegistrationStep.DOCUMENT


def test_R_RN_4_a_terminal_without_the_face_check_says_so_before_any_code(
    kiosk_api: HttpAccountClient, account_service: EmbeddedService, templates: Templates
) -> None:
    """The face check is needed but this terminal cannot do it: a step of its own, before
    an SMS code is sent for nothing; back leads to the document, kept."""
    give_face(account_service, templates["obama"])
    flow = RegistrationFlow(kiosk_api, face_here=False)
    assert flow.submit_document(DocumentType.RESIDENT_ID, OUYANG.document_number, "欧阳明").ok
    assert step_of(flow) is RegistrationStep.FACE_UNAVAILABLE
    assert flow.back().ok and step_of(flow) is RegistrationStep.DOCUMENT
    assert flow.state.document_number == OUYANG.document_number
