"""企业业务 by the enterprise's tax digital certificate end to end (R-EN-1, seed 002 11):
EnterpriseCertificateLoginFlow → TaxUKeyClient → InProcessTransport → the emulated Tax
UKey of the demo enterprise, and → HttpAccountClient → the real account service over HTTP
with the demo data, on SQLite and PostgreSQL; then the person login's own second factor
(SMS to the R-2F-2 phone) opens the session acting for the enterprise.

The demo enterprise card is the one the demo uses (``demo_enterprise_card``): its
certificate carries the serial and key the service's demo record has.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS, load_demo_enterprise_certificates
from account_service.embedded import EmbeddedService
from kiosk.demo.enterprise_card import DEMO_ENTERPRISE_CERT_PIN, demo_enterprise_card
from kiosk.devices.cards.emulator import EmulatedTaxUKey, InProcessTransport
from kiosk.devices.cards.taxukey import TaxUKeyClient
from kiosk.domain import cert_pin
from kiosk.domain.sm2 import generate_private_value
from kiosk.flows.enterprise_certificate_login import (
    CertificateLoginState,
    CertificateLoginStep,
    EnterpriseCertificateLoginFlow,
    Result,
)
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang
from kiosk.services.http_client import HttpAccountClient

ZHANG, LI = DEMO_PERSONS[0], DEMO_PERSONS[1]
ZHANG_PHONE = "13800000001"
READER = "Emulated reader 0"


class Kiosk:
    """One reader slot with a card in it, and the flow over it."""

    def __init__(self, api: HttpAccountClient, card: EmulatedTaxUKey) -> None:
        self.slot = InProcessTransport(card, READER)
        self.flow = EnterpriseCertificateLoginFlow(api, TaxUKeyClient(self.slot))


@pytest.fixture
def now(account_service: EmbeddedService, manual_clock: ManualClock) -> datetime:
    load_demo_enterprise_certificates(account_service.session_factory, clock=manual_clock)
    return manual_clock.now()


@pytest.fixture
def corp(kiosk_api: HttpAccountClient, now: datetime) -> Kiosk:
    card, _issued = demo_enterprise_card(now)
    return Kiosk(kiosk_api, card)


def error_of(result: Result) -> UserError:
    assert result.error is not None, f"expected an error, got {result!r}"
    return result.error


def step_of(flow: EnterpriseCertificateLoginFlow) -> CertificateLoginStep:
    return flow.step


def to_identifier(kiosk: Kiosk) -> None:
    assert kiosk.flow.medium_inserted().ok
    assert kiosk.flow.submit_password(bytearray(DEMO_ENTERPRISE_CERT_PIN)).ok
    assert step_of(kiosk.flow) is CertificateLoginStep.IDENTIFIER


def test_R_EN_1_the_demo_enterprise_medium_then_the_persons_identifier_then_sms(
    corp: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    flow = corp.flow
    assert flow.medium_inserted().ok
    assert step_of(flow) is CertificateLoginStep.CERT_PASSWORD
    assert flow.state.tries_left == 3
    assert flow.state.certificate is not None
    assert flow.state.certificate.holder_name == "北京示例科技有限公司"

    password = bytearray(DEMO_ENTERPRISE_CERT_PIN)
    assert flow.submit_password(password).ok
    assert password == bytearray(len(password))  # zeroed by the flow
    assert step_of(flow) is CertificateLoginStep.IDENTIFIER
    assert flow.state.enterprise is not None
    assert flow.state.enterprise.code == DEMO_ENTERPRISE.uscc
    assert flow.state.enterprise.name == "北京示例科技有限公司"

    handed = flow.submit_identifier(ZHANG.document_number)
    assert handed.ok, handed.error
    assert step_of(flow) is CertificateLoginStep.HANDED_OVER
    accepted = flow.accepted
    assert accepted is not None
    assert accepted.sms_phone_masked == "138****0001"  # R-2F-2: the default phone
    assert not accepted.initial_password

    # What the enterprise login's second factor then does with it (kiosk.flows.login).
    kiosk_api.send_login_sms(accepted.attempt_id)
    code = kiosk_api.sms_outbox(phone=ZHANG_PHONE, limit=1)[0].code
    logged_in = kiosk_api.verify_login_sms(accepted.attempt_id, code)
    assert not hasattr(logged_in, "change_token")
    acting = getattr(logged_in, "acting", None)
    assert acting is not None
    assert acting.enterprise is not None
    assert acting.enterprise.code == DEMO_ENTERPRISE.uscc


def test_R_RE_8_a_person_without_a_relation_hears_so_and_the_right_person_goes_on(
    corp: Kiosk,
) -> None:
    to_identifier(corp)
    refused = corp.flow.submit_identifier(LI.document_number)
    assert not refused.ok
    assert error_of(refused).code is ErrorCode.ENTERPRISE_NO_RELATION
    assert "未查询到您与该企业的关联关系信息" in error_of(refused).text(Lang.ZH)
    assert step_of(corp.flow) is CertificateLoginStep.IDENTIFIER
    # A malformed identifier is said before the service sees it.
    typo = corp.flow.submit_identifier("11010519491231003X")
    assert error_of(typo).code is ErrorCode.ID_NUMBER_INVALID
    assert corp.flow.submit_identifier(ZHANG.document_number).ok


def test_R_EN_1_spent_identifier_tries_mean_signing_again(corp: Kiosk) -> None:
    to_identifier(corp)
    for _ in range(5):
        corp.flow.submit_identifier(LI.document_number)
    again = corp.flow.submit_identifier(ZHANG.document_number)
    assert error_of(again).code is ErrorCode.AGENT_CHALLENGE_EXPIRED
    assert step_of(corp.flow) is CertificateLoginStep.CERT_PASSWORD
    assert corp.flow.submit_password(bytearray(DEMO_ENTERPRISE_CERT_PIN)).ok
    assert corp.flow.submit_identifier(ZHANG.document_number).ok


def test_R_AC_3_a_wrong_certificate_password_is_the_mediums_no(corp: Kiosk) -> None:
    assert corp.flow.medium_inserted().ok
    wrong = corp.flow.submit_password(bytearray(b"Wrong2026"))
    assert not wrong.ok
    assert step_of(corp.flow) is CertificateLoginStep.CERT_PASSWORD
    assert corp.flow.state.tries_left == 2


def test_R_AC_3_the_factory_password_must_be_changed_first(
    kiosk_api: HttpAccountClient, now: datetime
) -> None:
    card, _ = demo_enterprise_card(now, user_pin=cert_pin.DEFAULT_CERT_PIN)
    kiosk = Kiosk(kiosk_api, card)
    kiosk.flow.medium_inserted()
    assert step_of(kiosk.flow) is CertificateLoginStep.CHANGE_REQUIRED


def test_R_EN_1_a_medium_with_another_key_is_refused_for_good(
    kiosk_api: HttpAccountClient, now: datetime
) -> None:
    card, _ = demo_enterprise_card(now, signing_private_value=generate_private_value())
    kiosk = Kiosk(kiosk_api, card)
    assert kiosk.flow.medium_inserted().ok
    refused = kiosk.flow.submit_password(bytearray(DEMO_ENTERPRISE_CERT_PIN))
    assert error_of(refused).code is ErrorCode.ENTERPRISE_CERT_UNKNOWN
    assert error_of(refused).rule == "R-EN-1"
    assert step_of(kiosk.flow) is CertificateLoginStep.REFUSED


def test_pulling_the_medium_forgets_everything(corp: Kiosk) -> None:
    to_identifier(corp)
    corp.slot.remove()
    assert corp.flow.medium_removed().ok
    assert step_of(corp.flow) is CertificateLoginStep.REMOVED
    assert corp.flow.state == CertificateLoginState()
    corp.slot.insert()
    assert corp.flow.medium_inserted().ok
    assert step_of(corp.flow) is CertificateLoginStep.CERT_PASSWORD


def test_back_from_the_identifier_signs_again(corp: Kiosk) -> None:
    to_identifier(corp)
    assert corp.flow.back().ok
    assert corp.flow.state.enterprise is None
    assert corp.flow.submit_password(bytearray(DEMO_ENTERPRISE_CERT_PIN)).ok
    assert corp.flow.submit_identifier(ZHANG.document_number).ok
