"""The certificate journey (R-AC-3) over the real card stack minus PC/SC: the card monitor's
owner thread, the fake backend, the Tax UKey client and the emulated card."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.devices.cards.certificates import CertificateHolder, Validity
from kiosk.devices.cards.emulator import EmulatedTaxUKey, build_card
from kiosk.devices.cards.fake_backend import FakeBackend
from kiosk.devices.cards.monitor import CardEvent, CardEventKind, CardMonitor
from kiosk.flows.certificate import CertificateFlow, CertificateStep, Field, field_of
from kiosk.protocol.messages import Lang
from kiosk.services.certificate_medium import CertificateMedium

READER = "Test Reader 00"
NOW = datetime.now(UTC)
HOLDER = CertificateHolder("北京示例科技有限公司", "91110108MA01C3LX6H")


@dataclass
class Rig:
    backend: FakeBackend
    monitor: CardMonitor
    medium: CertificateMedium
    flow: CertificateFlow
    card: EmulatedTaxUKey
    inserted: threading.Event

    def insert(self) -> None:
        self.inserted.clear()
        self.backend.insert(READER, self.card)
        assert self.inserted.wait(5), "the monitor did not see the insertion"


@pytest.fixture
def rig() -> Iterator[Rig]:
    card, _issued = build_card(HOLDER, now=NOW, not_after=NOW + timedelta(days=400))
    backend = FakeBackend()
    backend.add_reader(READER)
    inserted = threading.Event()

    def listen(event: CardEvent) -> None:
        if event.kind is CardEventKind.CARD_INSERTED:
            inserted.set()

    monitor = CardMonitor(backend, listen, poll_s=0.05)
    monitor.start()
    medium = CertificateMedium(monitor)
    try:
        yield Rig(backend, monitor, medium, CertificateFlow(medium), card, inserted)
    finally:
        monitor.stop()


def pin(text: str) -> bytearray:
    return bytearray(text.encode())


def test_R_AC_3_insert_shows_the_certificate_and_the_factory_password_forces_a_change(
    rig: Rig,
) -> None:
    rig.insert()
    result = rig.flow.medium_inserted()
    assert result.ok and rig.flow.step is CertificateStep.DETAILS
    view = rig.flow.state.view
    assert view is not None
    assert view.certificate.holder_name == "北京示例科技有限公司"
    assert view.certificate.taxpayer_id == "91110108MA01C3LX6H"
    assert view.certificate.validity(NOW) is Validity.VALID
    assert 398 <= view.certificate.days_to_expiry(NOW) <= 400
    assert view.pin.tries_left == 3 and view.reader == READER
    assert rig.flow.change_required  # still 12345678
    assert rig.flow.start_change().ok and rig.flow.step is CertificateStep.CHANGE_PIN
    buffers = pin("12345678"), pin("Tax2026ab"), pin("Tax2026ab")
    assert rig.flow.submit_change(*buffers).ok
    assert rig.flow.step is CertificateStep.CHANGED and not rig.flow.change_required
    assert all(b == bytearray(len(b)) for b in buffers)  # zeroed
    assert not rig.card.user_pin_is_default


def test_R_AC_3_wrong_old_password_counts_down_then_blocks(rig: Rig) -> None:
    rig.insert()
    rig.flow.medium_inserted()
    rig.flow.start_change()
    first = rig.flow.submit_change(pin("87654321"), pin("Tax2026ab"), pin("Tax2026ab"))
    assert not first.ok and first.error is not None and field_of(first.error) is Field.OLD
    assert "剩余尝试次数2" in first.error.text(Lang.ZH)  # the vendor wording, tries left
    assert first.error.rule == "R-AC-3"
    assert "63C2" in first.error.details["detail"]
    assert rig.flow.state.pin is not None and rig.flow.state.pin.warn
    second = rig.flow.submit_change(pin("87654321"), pin("Tax2026ab"), pin("Tax2026ab"))
    assert second.error is not None and "Tries left: 1" in second.error.text(Lang.EN)
    third = rig.flow.submit_change(pin("87654321"), pin("Tax2026ab"), pin("Tax2026ab"))
    assert third.ok and rig.flow.step is CertificateStep.BLOCKED
    assert rig.card.user_tries_left == 0
    # Hall staff unblock with the admin PIN: back to the factory password, a change forced.
    assert rig.flow.staff_unblock(pin("88888888")).ok
    assert rig.flow.step is CertificateStep.DETAILS and rig.flow.change_required
    assert rig.flow.state.pin is not None and rig.flow.state.pin.tries_left == 3


def test_R_AC_3_asking_to_change_a_blocked_medium_answers_blocked(rig: Rig) -> None:
    """Issue 13 item 7: start_change at BLOCKED is the blocked outcome, not a crash."""
    rig.insert()
    rig.flow.medium_inserted()
    rig.flow.start_change()
    for _ in range(3):
        rig.flow.submit_change(pin("87654321"), pin("Tax2026ab"), pin("Tax2026ab"))
    assert rig.flow.step is CertificateStep.BLOCKED
    again = rig.flow.start_change()
    assert not again.ok and again.step is CertificateStep.BLOCKED
    assert again.error is not None
    assert "大厅工作人员" in again.error.text(Lang.ZH)
    assert "hall staff" in again.error.text(Lang.EN)


@pytest.mark.parametrize(
    ("new", "confirm", "field", "words"),
    [
        ("Tax2026ab", "Tax2026ac", Field.CONFIRM, "do not match"),
        ("12345678", "12345678", Field.NEW, ""),
        ("23456789", "23456789", Field.NEW, ""),
        ("11111111", "11111111", Field.NEW, ""),
        ("abc", "abc", Field.NEW, ""),
    ],
)
def test_weak_or_mismatched_new_passwords_are_refused_without_using_a_try(
    rig: Rig, new: str, confirm: str, field: Field, words: str
) -> None:
    rig.insert()
    rig.flow.medium_inserted()
    rig.flow.start_change()
    result = rig.flow.submit_change(pin("12345678"), pin(new), pin(confirm))
    assert not result.ok and result.error is not None and field_of(result.error) is field
    assert words in result.error.text(Lang.EN)
    assert result.error.text(Lang.ZH) != result.error.text(Lang.EN)
    assert result.error.rule == "R-AC-3"
    assert rig.card.user_tries_left == 3  # checked on the terminal, nothing sent
    assert rig.flow.step is CertificateStep.CHANGE_PIN


def test_pulling_the_medium_wipes_the_session(rig: Rig) -> None:
    rig.insert()
    rig.flow.medium_inserted()
    rig.flow.start_change()
    rig.backend.remove(READER)
    result = rig.flow.submit_change(pin("12345678"), pin("Tax2026ab"), pin("Tax2026ab"))
    assert not result.ok and result.error is not None
    assert result.error.text(Lang.EN).startswith("The certificate medium was removed")
    rig.flow.medium_removed()
    assert rig.flow.step is CertificateStep.INSERT and rig.flow.state.view is None
    # Re-inserted: the card's state survived (password unchanged, tries intact).
    rig.insert()
    assert rig.flow.medium_inserted().ok and rig.flow.change_required


def test_an_expired_certificate_is_shown_as_expired(rig: Rig) -> None:
    card, _issued = build_card(
        HOLDER, now=NOW, not_before=NOW - timedelta(days=800), not_after=NOW - timedelta(days=3)
    )
    rig.card = card
    rig.insert()
    rig.flow.medium_inserted()
    view = rig.flow.state.view
    assert view is not None
    assert view.certificate.validity(NOW) is Validity.EXPIRED
    assert view.certificate.days_to_expiry(NOW) < 0
