"""Fixtures for the Tax UKey tests: a freshly issued holder identity on an emulated card."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.devices.cards.apdu import ApduTrace, TracingTransport
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator import (
    EmulatedTaxUKey,
    InProcessTransport,
    IssuedIdentity,
    build_card,
)
from kiosk.devices.cards.taxukey import TaxUKeyClient
from kiosk.domain.uscc import uscc_check_char

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
_USCC17 = "91110108MA01ABCD2"
HOLDER = CertificateHolder("演示科技有限公司", _USCC17 + uscc_check_char(_USCC17))
READER = "Virtual PCD 00 00"


@pytest.fixture
def issued_card() -> tuple[EmulatedTaxUKey, IssuedIdentity]:
    return build_card(HOLDER, now=NOW, serial="UK0000000001")


@pytest.fixture
def card(issued_card: tuple[EmulatedTaxUKey, IssuedIdentity]) -> EmulatedTaxUKey:
    return issued_card[0]


@pytest.fixture
def issued(issued_card: tuple[EmulatedTaxUKey, IssuedIdentity]) -> IssuedIdentity:
    return issued_card[1]


@pytest.fixture
def slot(card: EmulatedTaxUKey) -> InProcessTransport:
    return InProcessTransport(card, READER)


@pytest.fixture
def trace() -> ApduTrace:
    return ApduTrace()


@pytest.fixture
def client(slot: InProcessTransport, trace: ApduTrace) -> TaxUKeyClient:
    return TaxUKeyClient(TracingTransport(slot, trace))


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def holder() -> CertificateHolder:
    return HOLDER
