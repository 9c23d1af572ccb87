"""Agent certificate login end to end (R-AG-2, R-AG-1, issue 5 acceptance 3):
AgentLoginFlow → TaxUKeyClient → InProcessTransport → the emulated Tax UKey, and
AgentLoginFlow → HttpAccountClient → the real account service over HTTP (uvicorn on
loopback) with the demo data, on SQLite and PostgreSQL.

The demo agent card is the one the demo uses (``demo_agent_card``): its certificate carries
the serial and the key the service's demo data has on record. SMS codes come from the
development outbox. The service's manual clock drives the flow's clock too.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

import pytest

from account_service.clock import ManualClock
from account_service.demo import DEMO_AGENCY, DEMO_CLIENT_ENTERPRISE, DEMO_ENTERPRISE
from kiosk.demo.agent_card import DEMO_AGENT_CERT_PIN, demo_agent_card
from kiosk.demo.demo_keys import DEMO_AGENT_CERTIFICATES, demo_agent_key
from kiosk.devices.cards.certificates import CertificateHolder, parse_certificate
from kiosk.devices.cards.emulator import EmulatedTaxUKey, InProcessTransport, build_card
from kiosk.devices.cards.emulator.factory import issue_identity
from kiosk.devices.cards.taxukey import TaxKeyError, TaxKeyProblem, TaxUKeyClient
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.domain import cert_pin
from kiosk.domain.sm2 import generate_private_value
from kiosk.flows.agent_login import AgentLoginFlow, AgentLoginState, AgentLoginStep, Result
from kiosk.flows.machine import InvalidTransitionError, Outcome
from kiosk.protocol.agents import (
    AgentChallenge,
    AgentClientChoice,
    AgentLoggedIn,
    AgentSessionInfo,
    AgentSignatureAccepted,
)
from kiosk.protocol.auth import SmsSent
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode, Lang, render
from kiosk.protocol.people import Organization
from kiosk.services.http_client import HttpAccountClient

WANG, CHEN = DEMO_AGENT_CERTIFICATES
WANG_PHONE = "13800000003"
READER = "Emulated reader 0"


def latest_code(api: HttpAccountClient) -> str:
    return api.sms_outbox(phone=WANG_PHONE, limit=1)[0].code


def error_of(result: Result) -> UserError:
    assert result.error is not None, f"expected an error, got {result!r}"
    return result.error


def step_of(flow: AgentLoginFlow) -> AgentLoginStep:
    """The flow's step, read fresh (no narrowing across actions)."""
    return flow.step


def pin(value: bytes = DEMO_AGENT_CERT_PIN) -> bytearray:
    return bytearray(value)


class Kiosk:
    """One reader slot with a card in it, and the flow over it."""

    def __init__(self, api: HttpAccountClient, card: EmulatedTaxUKey, clock: ManualClock) -> None:
        self.slot = InProcessTransport(card, READER)
        self.medium = TaxUKeyClient(self.slot)
        self.flow = AgentLoginFlow(api, self.medium, clock=lambda: clock.now().timestamp())


@pytest.fixture
def now(manual_clock: ManualClock) -> datetime:
    return manual_clock.now()


@pytest.fixture
def wang(kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime) -> Kiosk:
    card, _issued = demo_agent_card(now)
    return Kiosk(kiosk_api, card, manual_clock)


def to_sms(kiosk: Kiosk) -> None:
    assert kiosk.flow.medium_inserted().ok
    assert kiosk.flow.submit_password(pin()).ok
    assert step_of(kiosk.flow) is AgentLoginStep.SMS


def to_choose_client(kiosk: Kiosk, api: HttpAccountClient) -> None:
    to_sms(kiosk)
    assert kiosk.flow.request_sms().ok
    assert kiosk.flow.submit_code(latest_code(api)).ok
    assert step_of(kiosk.flow) is AgentLoginStep.CHOOSE_CLIENT


def session_gone(api: HttpAccountClient, token: str) -> bool:
    try:
        api.current_agent_session(token)
    except UserError as error:
        return error.code is ErrorCode.SESSION_INVALID
    return False


# -- the journey -------------------------------------------------------------------------


def test_R_AG_2_demo_agent_card_logs_in_for_a_client_then_removal_logs_out(
    wang: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    flow = wang.flow
    inserted = flow.medium_inserted()
    assert inserted.ok
    assert step_of(flow) is AgentLoginStep.CERT_PASSWORD
    assert flow.state.tries_left == 3  # shown before entry
    assert not flow.state.pin_warning
    assert flow.state.certificate is not None
    assert flow.state.certificate.holder_name == "王五"
    assert flow.state.certificate.serial_hex == format(WANG.serial, "X")

    password = pin()
    signed = flow.submit_password(password)
    assert signed.ok
    assert password == bytearray(len(password))  # zeroed by the flow
    assert signed.step is AgentLoginStep.SMS
    attempt = flow.state.attempt
    assert attempt is not None
    assert attempt.agency == Organization(uscc=DEMO_AGENCY.uscc, name=DEMO_AGENCY.name)
    assert attempt.agent_name_masked == "王*"
    assert attempt.sms_phone_masked == "138****0003"

    assert flow.request_sms().ok
    assert flow.resend_seconds_left() == 60
    assert flow.submit_code(latest_code(kiosk_api)).ok
    assert step_of(flow) is AgentLoginStep.CHOOSE_CLIENT
    assert set(flow.state.clients) == {
        Organization(uscc=DEMO_ENTERPRISE.uscc, name="北京示例科技有限公司"),
        Organization(uscc=DEMO_CLIENT_ENTERPRISE.uscc, name=DEMO_CLIENT_ENTERPRISE.name),
    }

    assert flow.choose_client(DEMO_ENTERPRISE.uscc).ok
    assert step_of(flow) is AgentLoginStep.DONE
    session = flow.session
    assert session is not None
    assert session.client == Organization(uscc=DEMO_ENTERPRISE.uscc, name="北京示例科技有限公司")
    assert session.agency.uscc == DEMO_AGENCY.uscc
    assert session.person.name_masked == "王*"
    on_service = kiosk_api.current_agent_session(session.session_token)
    assert on_service.client.name == "北京示例科技有限公司"
    assert on_service.person.person_id == session.person.person_id

    # Pulling the medium in the session: logged out on the service at once, nothing kept.
    wang.slot.remove()
    removed = flow.medium_removed()
    assert removed.ok
    assert step_of(flow) is AgentLoginStep.REMOVED
    assert flow.state == AgentLoginState()
    assert session_gone(kiosk_api, session.session_token)


def test_explicit_logout_ends_the_agent_session(wang: Kiosk, kiosk_api: HttpAccountClient) -> None:
    to_choose_client(wang, kiosk_api)
    assert wang.flow.choose_client(DEMO_CLIENT_ENTERPRISE.uscc).ok
    session = wang.flow.session
    assert session is not None
    assert session.client.uscc == DEMO_CLIENT_ENTERPRISE.uscc
    assert wang.flow.logout().ok
    assert step_of(wang.flow) is AgentLoginStep.INSERT_MEDIUM
    assert wang.flow.session is None
    assert session_gone(kiosk_api, session.session_token)


# -- the certificate password ------------------------------------------------------------------


def test_R_AC_3_wrong_certificate_password_shows_tries_left_then_blocks(wang: Kiosk) -> None:
    flow = wang.flow
    flow.medium_inserted()
    for left in (2, 1):
        result = flow.submit_password(pin(b"Wrong1234"))
        assert result.outcome is Outcome.FAILED
        assert step_of(flow) is AgentLoginStep.CERT_PASSWORD
        error = error_of(result)
        assert isinstance(error.__cause__, TaxKeyError)  # the medium's refusal
        assert error.code is TaxKeyProblem.WRONG_PIN.code
        assert f"剩余尝试次数{left}" in error.text(Lang.ZH)
        assert f"Tries left: {left}" in error.text(Lang.EN)
        assert flow.state.tries_left == left
        assert flow.state.pin_warning  # warned at 2 and at 1
    blocked = flow.submit_password(pin(b"Wrong1234"))
    assert blocked.outcome is Outcome.FAILED
    assert step_of(flow) is AgentLoginStep.BLOCKED
    assert "请联系大厅工作人员" in error_of(blocked).text(Lang.ZH)
    assert flow.state.tries_left == 0
    # Nothing else is possible on a blocked medium but pulling it.
    with pytest.raises(InvalidTransitionError):
        flow.submit_password(pin())


def test_a_right_password_after_a_wrong_one_still_logs_in(wang: Kiosk) -> None:
    wang.flow.medium_inserted()
    assert error_of(wang.flow.submit_password(pin(b"Wrong1234"))).rule == "R-AC-3"
    assert wang.flow.submit_password(pin()).ok
    assert step_of(wang.flow) is AgentLoginStep.SMS


def test_a_blocked_medium_is_refused_on_insertion(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = demo_agent_card(now)
    kiosk = Kiosk(kiosk_api, card, manual_clock)
    for _ in range(3):
        with pytest.raises(TaxKeyError):
            kiosk.medium.verify(pin(b"Wrong1234"))
    result = kiosk.flow.medium_inserted()
    assert result.outcome is Outcome.FAILED
    assert step_of(kiosk.flow) is AgentLoginStep.BLOCKED
    error = error_of(result)
    assert error.code is TaxKeyProblem.PIN_BLOCKED.code
    assert "hall staff" in error.text(Lang.EN)


def test_R_AC_3_the_factory_password_must_be_changed_first(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = demo_agent_card(now, user_pin=cert_pin.DEFAULT_CERT_PIN)
    kiosk = Kiosk(kiosk_api, card, manual_clock)
    result = kiosk.flow.medium_inserted()
    assert result.ok
    assert step_of(kiosk.flow) is AgentLoginStep.CHANGE_REQUIRED
    with pytest.raises(InvalidTransitionError):
        kiosk.flow.submit_password(pin(cert_pin.DEFAULT_CERT_PIN))


def test_an_empty_password_is_asked_for_without_touching_the_medium(wang: Kiosk) -> None:
    wang.flow.medium_inserted()
    error = error_of(wang.flow.submit_password(bytearray()))
    assert error.code is ErrorCode.FIELD_REQUIRED
    assert "证书口令" in error.text(Lang.ZH)
    assert wang.medium.pin_status().tries_left == 3


# -- what the service refuses ------------------------------------------------------------------


def assert_refused(kiosk: Kiosk, code: ErrorCode) -> UserError:
    assert kiosk.flow.medium_inserted().ok
    result = kiosk.flow.submit_password(pin())
    assert result.outcome is Outcome.FAILED
    assert step_of(kiosk.flow) is AgentLoginStep.REFUSED
    error = error_of(result)
    assert error.code is code
    assert error.text(Lang.ZH) == render(code, Lang.ZH, error.details)  # the catalog text
    assert kiosk.flow.state.attempt is None
    return error


def test_R_AG_2_a_certificate_the_service_does_not_know_is_refused(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = build_card(CertificateHolder("王五"), now=now, user_pin=DEMO_AGENT_CERT_PIN)
    error = assert_refused(Kiosk(kiosk_api, card, manual_clock), ErrorCode.AGENT_CERT_UNKNOWN)
    assert "该数字证书未登记为涉税专业服务人员的证书" in error.text(Lang.ZH)
    assert "not registered" in error.text(Lang.EN)


def test_a_medium_without_a_readable_certificate_is_refused_before_any_password(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    issued = issue_identity(CertificateHolder("王五"), now=now)
    broken = replace(issued.identity, signing_certificate=b"\x30\x03\x02\x01\x01")
    kiosk = Kiosk(kiosk_api, EmulatedTaxUKey(broken, user_pin=DEMO_AGENT_CERT_PIN), manual_clock)
    result = kiosk.flow.medium_inserted()
    assert result.outcome is Outcome.FAILED
    assert result.step is AgentLoginStep.INSERT_MEDIUM
    assert error_of(result).code is ErrorCode.AGENT_CERT_UNKNOWN
    assert kiosk.flow.state == AgentLoginState()


def test_R_AG_2_the_recorded_serial_with_another_key_is_not_the_recorded_certificate(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    issued = issue_identity(CertificateHolder("王五"), now=now, certificate_serial=WANG.serial)
    assert parse_certificate(issued.signing.der).serial_hex == format(WANG.serial, "X")
    card = EmulatedTaxUKey(issued.identity, user_pin=DEMO_AGENT_CERT_PIN)
    assert_refused(Kiosk(kiosk_api, card, manual_clock), ErrorCode.AGENT_CERT_UNKNOWN)


def test_R_AG_2_a_signature_by_another_key_is_refused(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    """The recorded certificate on the medium, but the token holds a different key."""
    issued = issue_identity(
        CertificateHolder("王五"),
        now=now,
        signing_private_value=demo_agent_key(WANG.serial),
        certificate_serial=WANG.serial,
    )
    other_key = replace(issued.identity, signing_private_value=generate_private_value())
    card = EmulatedTaxUKey(other_key, user_pin=DEMO_AGENT_CERT_PIN)
    error = assert_refused(Kiosk(kiosk_api, card, manual_clock), ErrorCode.AGENT_SIGNATURE_INVALID)
    assert "证书签名验证失败" in error.text(Lang.ZH)
    assert error.rule == "R-AG-2"


def test_R_AG_1_a_revoked_agent_is_refused(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = demo_agent_card(now, agent=CHEN)
    error = assert_refused(Kiosk(kiosk_api, card, manual_clock), ErrorCode.AGENT_REVOKED)
    assert "已被所在机构注销或停用" in error.text(Lang.ZH)
    assert error.rule == "R-AG-1"


# -- SMS and client choice -----------------------------------------------------------------------


def test_sms_wrong_code_resend_wait_and_the_services_messages(
    wang: Kiosk, kiosk_api: HttpAccountClient, manual_clock: ManualClock
) -> None:
    flow = wang.flow
    to_sms(wang)
    not_sent = error_of(flow.submit_code("123456"))
    assert not_sent.code is ErrorCode.SMS_NOT_SENT
    assert flow.request_sms().ok
    too_soon = error_of(flow.request_sms())
    assert too_soon.code is ErrorCode.SMS_RESEND_TOO_SOON
    assert 0 < flow.resend_seconds_left() <= 60
    right = latest_code(kiosk_api)
    wrong = "000000" if right != "000000" else "111111"
    refused = flow.submit_code(wrong)
    assert refused.outcome is Outcome.FAILED
    assert step_of(flow) is AgentLoginStep.SMS
    wrong_code = error_of(refused)
    assert wrong_code.code is ErrorCode.SMS_CODE_WRONG
    # The service's message, as the catalog says it with the service's details.
    assert wrong_code.text(Lang.ZH) == render(wrong_code.code, Lang.ZH, wrong_code.details)
    assert error_of(flow.submit_code("12ab")).code is ErrorCode.SMS_CODE_FORMAT
    manual_clock.advance(seconds=60)
    assert flow.resend_seconds_left() == 0
    assert flow.request_sms().ok
    assert flow.submit_code(latest_code(kiosk_api)).step is AgentLoginStep.CHOOSE_CLIENT


def test_R_AG_1_a_client_outside_the_agreements_is_refused_and_the_choice_stays_open(
    wang: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    to_choose_client(wang, kiosk_api)
    refused = wang.flow.choose_client("91110000000000000X")
    assert refused.outcome is Outcome.FAILED
    assert step_of(wang.flow) is AgentLoginStep.CHOOSE_CLIENT
    assert error_of(refused).code is ErrorCode.AGENT_CLIENT_NOT_IN_AGREEMENTS
    assert wang.flow.choose_client(DEMO_ENTERPRISE.uscc).ok


def test_back_from_sms_signs_again_and_voids_the_old_attempt(
    wang: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    to_sms(wang)
    assert wang.flow.request_sms().ok
    old_code = latest_code(kiosk_api)
    old_attempt = wang.flow.state.attempt
    assert old_attempt is not None
    assert wang.flow.back().ok
    assert step_of(wang.flow) is AgentLoginStep.CERT_PASSWORD
    assert wang.flow.submit_password(pin()).ok
    not_sent = error_of(wang.flow.submit_code(old_code))
    assert not_sent.code is ErrorCode.SMS_NOT_SENT  # the new attempt has no code yet
    with pytest.raises(UserError) as void:  # R-2F-3: the old attempt is void
        kiosk_api.verify_agent_login_sms(old_attempt.attempt_id, old_code)
    assert void.value.code is ErrorCode.SMS_CODE_VOID
    assert wang.flow.request_sms().ok  # at once: R-2F-3
    assert wang.flow.submit_code(latest_code(kiosk_api)).ok


# -- pulling the medium ------------------------------------------------------------------------


class Passthrough:
    """The real client, call for call; the subclasses add what the person does meanwhile."""

    def __init__(self, api: HttpAccountClient) -> None:
        self.api = api

    def start_agent_login(self, certificate_der: bytes) -> AgentChallenge:
        return self.api.start_agent_login(certificate_der)

    def answer_agent_challenge(
        self, challenge_id: str, signature_der: bytes
    ) -> AgentSignatureAccepted:
        return self.api.answer_agent_challenge(challenge_id, signature_der)

    def send_agent_login_sms(self, attempt_id: str) -> SmsSent:
        return self.api.send_agent_login_sms(attempt_id)

    def verify_agent_login_sms(self, attempt_id: str, code: str) -> AgentClientChoice:
        return self.api.verify_agent_login_sms(attempt_id, code)

    def choose_agent_client(self, attempt_id: str, client_uscc: str) -> AgentLoggedIn:
        return self.api.choose_agent_client(attempt_id, client_uscc)

    def current_agent_session(self, session_token: str) -> AgentSessionInfo:
        return self.api.current_agent_session(session_token)

    def logout(self, session_token: str) -> None:
        self.api.logout(session_token)


class PullBeforeSign(Passthrough):
    """The person pulls the medium as the service's nonce arrives."""

    def __init__(self, api: HttpAccountClient, slot: InProcessTransport) -> None:
        super().__init__(api)
        self.slot = slot
        self.challenges: list[AgentChallenge] = []

    def start_agent_login(self, certificate_der: bytes) -> AgentChallenge:
        challenge = super().start_agent_login(certificate_der)
        self.challenges.append(challenge)
        self.slot.remove()
        return challenge


def test_pulling_the_medium_before_the_signature_wipes_everything(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = demo_agent_card(now)
    kiosk = Kiosk(kiosk_api, card, manual_clock)
    api = PullBeforeSign(kiosk_api, kiosk.slot)
    flow = AgentLoginFlow(api, kiosk.medium, clock=lambda: manual_clock.now().timestamp())
    assert flow.medium_inserted().ok
    password = pin()
    result = flow.submit_password(password)
    assert result.outcome is Outcome.FAILED
    assert result.step is AgentLoginStep.REMOVED
    assert step_of(flow) is AgentLoginStep.REMOVED
    error = error_of(result)
    assert isinstance(error.__cause__, CardError)
    assert error.code is CardFailure.REMOVED.code
    assert "证书介质已被拔出" in error.text(Lang.ZH)
    assert flow.state == AgentLoginState()
    assert password == bytearray(len(password))
    # The nonce was never signed nor answered: the service still has it unused (a used
    # one would answer AGENT_CHALLENGE_USED), and a signature by no token fails it.
    assert len(api.challenges) == 1
    with pytest.raises(UserError) as unanswered:
        kiosk_api.answer_agent_challenge(api.challenges[0].challenge_id, b"0" * 70)
    assert unanswered.value.code is ErrorCode.AGENT_SIGNATURE_INVALID
    with pytest.raises(InvalidTransitionError):
        flow.submit_password(pin())
    # Inserting again starts over, and the password must be entered again.
    kiosk.slot.insert()
    again = flow.medium_inserted()
    assert again.ok
    assert again.step is AgentLoginStep.CERT_PASSWORD
    assert not kiosk.medium.pin_status().verified


def test_pulling_the_medium_at_the_sms_step_forgets_the_attempt(
    wang: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    to_sms(wang)
    assert wang.flow.request_sms().ok
    wang.slot.remove()
    assert wang.flow.medium_removed().ok
    assert step_of(wang.flow) is AgentLoginStep.REMOVED
    assert wang.flow.state == AgentLoginState()
    assert wang.flow.resend_seconds_left() == 0


class PullWhileChoosing(Passthrough):
    """The monitor reports the pull (another thread) while the service makes the session."""

    def __init__(self, api: HttpAccountClient) -> None:
        super().__init__(api)
        self.flow: AgentLoginFlow | None = None
        self.made: list[AgentLoggedIn] = []

    def choose_agent_client(self, attempt_id: str, client_uscc: str) -> AgentLoggedIn:
        assert self.flow is not None
        pulled = threading.Thread(target=self.flow.medium_removed)
        pulled.start()
        pulled.join()
        logged_in = super().choose_agent_client(attempt_id, client_uscc)
        self.made.append(logged_in)
        return logged_in


def test_a_session_made_while_the_medium_was_pulled_is_logged_out(
    kiosk_api: HttpAccountClient, manual_clock: ManualClock, now: datetime
) -> None:
    card, _ = demo_agent_card(now)
    kiosk = Kiosk(kiosk_api, card, manual_clock)
    api = PullWhileChoosing(kiosk_api)
    flow = AgentLoginFlow(api, kiosk.medium, clock=lambda: manual_clock.now().timestamp())
    api.flow = flow
    kiosk.flow = flow
    to_choose_client(kiosk, kiosk_api)
    result = flow.choose_client(DEMO_ENTERPRISE.uscc)
    assert result.step is AgentLoginStep.REMOVED
    assert step_of(flow) is AgentLoginStep.REMOVED
    assert flow.session is None
    assert flow.state == AgentLoginState()
    assert len(api.made) == 1
    assert session_gone(kiosk_api, api.made[0].session_token)


def test_wipe_forgets_everything_and_logs_the_session_out(
    wang: Kiosk, kiosk_api: HttpAccountClient
) -> None:
    to_choose_client(wang, kiosk_api)
    wang.flow.choose_client(DEMO_ENTERPRISE.uscc)
    session = wang.flow.session
    assert session is not None
    wang.flow.wipe()
    assert step_of(wang.flow) is AgentLoginStep.INSERT_MEDIUM
    assert wang.flow.state == AgentLoginState()
    assert session_gone(kiosk_api, session.session_token)


def test_no_medium_in_the_slot_is_said_plainly(wang: Kiosk) -> None:
    wang.slot.remove()
    result = wang.flow.medium_inserted()
    assert result.outcome is Outcome.FAILED
    assert step_of(wang.flow) is AgentLoginStep.REMOVED  # the transport saw the pull
    assert "证书介质已被拔出" in error_of(result).text(Lang.ZH)
