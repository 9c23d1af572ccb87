"""QR login and QR verification end to end: QrLoginFlow → HttpAccountClient → the real
account service over HTTP → SQLite and PostgreSQL, with the tax-app simulator
(``HttpAccountClient.taxapp_scan``) scanning (R-QR-1, R-QR-2).

The flow's countdown runs on the service's manual clock, so expiry needs no sleeping.
"""

from __future__ import annotations

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS
from kiosk.flows.machine import InvalidTransitionError
from kiosk.flows.qr_login import QrLoginFlow, QrLoginStep
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.protocol.people import Organization
from kiosk.protocol.qr import LoginMode, QrPurpose, TaxApp
from kiosk.services.http_client import HttpAccountClient

ZHANG = next(p for p in DEMO_PERSONS if p.name == "张三")
LI = next(p for p in DEMO_PERSONS if p.initial_password)
WANG = next(p for p in DEMO_PERSONS if p.name == "王五")


@pytest.fixture
def flow(kiosk_api: HttpAccountClient, manual_clock: ManualClock) -> QrLoginFlow:
    return QrLoginFlow(kiosk_api, wait_s=0, clock=lambda: manual_clock.now().timestamp())


def _payload(flow: QrLoginFlow) -> str:
    assert flow.state.challenge is not None
    return flow.state.challenge.payload


def test_R_QR_1_personal_login_without_touching_the_kiosk(
    flow: QrLoginFlow, kiosk_api: HttpAccountClient
) -> None:
    assert flow.start().ok
    assert flow.seconds_left() == 120
    pending = flow.poll()
    assert pending.ok and pending.step is QrLoginStep.SHOW_QR

    kiosk_api.taxapp_scan(
        _payload(flow), app=TaxApp.ETAX, person_document_number=ZHANG.document_number
    )
    done = flow.poll()
    assert done.ok and done.step is QrLoginStep.DONE
    assert flow.state.logged_in is not None
    assert flow.state.logged_in.person.name_masked == "张*"
    assert flow.state.mode is LoginMode.PERSONAL
    assert flow.state.enterprise is None
    assert flow.state.challenge is None  # the payload is of no use any more: forgotten
    assert kiosk_api.current_person(flow.state.logged_in.session_token).name_masked == "张*"


def test_R_QR_1_enterprise_login_state_is_taken_over(
    flow: QrLoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow.start()
    scanned = kiosk_api.taxapp_scan(
        _payload(flow),
        app=TaxApp.ETAX,
        person_document_number=ZHANG.document_number,
        enterprise_uscc=DEMO_ENTERPRISE.uscc,
    )
    assert scanned.mode is LoginMode.ENTERPRISE
    assert flow.poll().step is QrLoginStep.DONE
    assert flow.state.mode is LoginMode.ENTERPRISE
    assert flow.state.enterprise == Organization(
        uscc=DEMO_ENTERPRISE.uscc, name=DEMO_ENTERPRISE.name
    )


def test_R_QR_1_iit_app_refuses_enterprise(flow: QrLoginFlow, kiosk_api: HttpAccountClient) -> None:
    flow.start()
    with pytest.raises(UserError) as refused:
        kiosk_api.taxapp_scan(
            _payload(flow),
            app=TaxApp.IIT,
            person_document_number=ZHANG.document_number,
            enterprise_uscc=DEMO_ENTERPRISE.uscc,
        )
    assert refused.value.code is ErrorCode.QR_APP_PERSONAL_ONLY
    assert flow.poll().step is QrLoginStep.SHOW_QR


def test_R_QR_1_expired_code_offers_a_new_one(
    flow: QrLoginFlow, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    flow.start()
    old = _payload(flow)
    manual_clock.advance(seconds=120)
    assert flow.seconds_left() == 0
    expired = flow.poll()
    assert expired.ok and expired.step is QrLoginStep.EXPIRED
    assert flow.state.challenge is None
    with pytest.raises(UserError) as late:
        kiosk_api.taxapp_scan(old, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    assert late.value.code is ErrorCode.QR_EXPIRED

    assert flow.refresh().step is QrLoginStep.SHOW_QR
    assert _payload(flow) != old
    kiosk_api.taxapp_scan(
        _payload(flow), app=TaxApp.IIT, person_document_number=ZHANG.document_number
    )
    assert flow.poll().step is QrLoginStep.DONE


def test_R_QR_1_reused_code_is_refused(flow: QrLoginFlow, kiosk_api: HttpAccountClient) -> None:
    flow.start()
    payload = _payload(flow)
    kiosk_api.taxapp_scan(payload, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    with pytest.raises(UserError) as again:
        kiosk_api.taxapp_scan(payload, app=TaxApp.ETAX, person_document_number=WANG.document_number)
    assert again.value.code is ErrorCode.QR_USED
    assert flow.poll().step is QrLoginStep.DONE
    assert flow.state.logged_in is not None
    assert flow.state.logged_in.person.name_masked == "张*"


def test_R_QR_1_locked_between_scan_and_poll_stays_with_the_error(
    flow: QrLoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow.start()
    kiosk_api.taxapp_scan(
        _payload(flow), app=TaxApp.ETAX, person_document_number=ZHANG.document_number
    )
    for _ in range(5):
        with pytest.raises(UserError):
            kiosk_api.start_login(ZHANG.document_number, "Wrong#pass1")
    failed = flow.poll()
    assert not failed.ok and failed.step is QrLoginStep.SHOW_QR
    assert failed.error is not None and failed.error.code is ErrorCode.ACCOUNT_LOCKED
    assert flow.state.logged_in is None


def test_R_QR_2_verification_finishes_the_password_login(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    accepted = kiosk_api.start_login(ZHANG.document_number, ZHANG.password)
    flow = QrLoginFlow(
        kiosk_api,
        purpose=QrPurpose.VERIFY,
        attempt_id=accepted.attempt_id,
        wait_s=0,
        clock=lambda: manual_clock.now().timestamp(),
    )
    assert flow.start().ok
    with pytest.raises(UserError) as other:
        kiosk_api.taxapp_scan(
            _payload(flow), app=TaxApp.ETAX, person_document_number=WANG.document_number
        )
    assert other.value.code is ErrorCode.QR_WRONG_PERSON
    kiosk_api.taxapp_scan(
        _payload(flow), app=TaxApp.ETAX, person_document_number=ZHANG.document_number
    )
    assert flow.poll().step is QrLoginStep.DONE
    assert flow.state.logged_in is not None


def test_R_QR_2_initial_password_person_must_change_it(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    accepted = kiosk_api.start_login(LI.document_number, LI.password)
    flow = QrLoginFlow(
        kiosk_api, purpose=QrPurpose.VERIFY, attempt_id=accepted.attempt_id, wait_s=0
    )
    flow.start()
    kiosk_api.taxapp_scan(_payload(flow), app=TaxApp.IIT, person_document_number=LI.document_number)
    assert flow.poll().step is QrLoginStep.DONE
    assert flow.state.logged_in is None
    assert flow.state.change_required is not None


def test_R_QR_2_verify_needs_an_attempt(kiosk_api: HttpAccountClient) -> None:
    with pytest.raises(ValueError, match="attempt_id"):
        QrLoginFlow(kiosk_api, purpose=QrPurpose.VERIFY)
    flow = QrLoginFlow(kiosk_api, purpose=QrPurpose.VERIFY, attempt_id="not-an-attempt")
    failed = flow.start()
    assert not failed.ok
    assert failed.error is not None and failed.error.code is ErrorCode.ATTEMPT_NOT_FOUND


def test_R_SE_1_wipe_forgets_the_code_and_the_session(
    flow: QrLoginFlow, kiosk_api: HttpAccountClient
) -> None:
    flow.start()
    kiosk_api.taxapp_scan(
        _payload(flow), app=TaxApp.ETAX, person_document_number=ZHANG.document_number
    )
    flow.poll()
    with pytest.raises(InvalidTransitionError):
        flow.poll()  # DONE: nothing more to wait for
    flow.wipe()
    assert flow.step is QrLoginStep.SHOW_QR
    assert flow.state.logged_in is None and flow.state.challenge is None
    assert flow.seconds_left() == 0


def test_R_QR_2_expired_or_reused_verification_codes_are_refused(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    """The second factor by QR, like the login code: an expired code is refused and a new
    one works for the same password attempt; a used code is refused (R-QR-2)."""
    accepted = kiosk_api.start_login(ZHANG.document_number, ZHANG.password)
    flow = QrLoginFlow(
        kiosk_api,
        purpose=QrPurpose.VERIFY,
        attempt_id=accepted.attempt_id,
        wait_s=0,
        clock=lambda: manual_clock.now().timestamp(),
    )
    flow.start()
    old = _payload(flow)
    manual_clock.advance(seconds=120)
    assert flow.poll().step is QrLoginStep.EXPIRED
    with pytest.raises(UserError) as late:
        kiosk_api.taxapp_scan(old, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    assert late.value.code is ErrorCode.QR_EXPIRED
    assert flow.refresh().step is QrLoginStep.SHOW_QR
    fresh = _payload(flow)
    kiosk_api.taxapp_scan(fresh, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    with pytest.raises(UserError) as reused:
        kiosk_api.taxapp_scan(fresh, app=TaxApp.ETAX, person_document_number=ZHANG.document_number)
    assert reused.value.code is ErrorCode.QR_USED
    assert flow.poll().step is QrLoginStep.DONE
    assert flow.state.logged_in is not None


def test_R_QR_2_aiming_the_flow_at_an_attempt_forgets_the_old_code(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    """One flow serves QR login and each attempt's verification (``aim``)."""
    flow = QrLoginFlow(kiosk_api, wait_s=0, clock=lambda: manual_clock.now().timestamp())
    flow.start()
    login_code = _payload(flow)
    accepted = kiosk_api.start_login(ZHANG.document_number, ZHANG.password)
    flow.aim(QrPurpose.VERIFY, accepted.attempt_id)
    assert flow.state.challenge is None and flow.step is QrLoginStep.SHOW_QR
    assert flow.start().ok
    assert flow.purpose is QrPurpose.VERIFY and _payload(flow) != login_code
    with pytest.raises(ValueError, match="attempt_id"):
        flow.aim(QrPurpose.LOGIN, accepted.attempt_id)
