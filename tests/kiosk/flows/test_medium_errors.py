"""A certificate medium's refusal as the catalog error every journey shows (R-AC-3)."""

from __future__ import annotations

import pytest

from kiosk.devices.cards.taxukey import TaxKeyError, TaxKeyProblem
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.domain import cert_pin
from kiosk.flows.medium_errors import medium_error
from kiosk.protocol.messages import CATALOG, ErrorCode, Lang


@pytest.mark.parametrize("problem", list(TaxKeyProblem))
def test_every_medium_refusal_is_a_catalog_error(problem: TaxKeyProblem) -> None:
    error = medium_error(TaxKeyError(problem, sw=0x6A80, tries_left=2))
    assert error.code is problem.code and error.code in CATALOG
    assert error.details == {"detail": "SW 6A80 incorrect parameters in the data field", "tries": 2}
    assert "{" not in error.text(Lang.ZH) and "{" not in error.text(Lang.EN)
    assert isinstance(error.__cause__, TaxKeyError)


@pytest.mark.parametrize("failure", list(CardFailure))
def test_every_transport_failure_is_a_catalog_error(failure: CardFailure) -> None:
    error = medium_error(CardError(failure, "SCardConnect: 0x80100069"))
    assert error.code is failure.code and error.code in CATALOG
    assert error.details == {"detail": "SCardConnect: 0x80100069"}
    assert medium_error(CardError(failure)).details == {}


def test_a_weak_new_password_reads_as_the_rule_it_broke() -> None:
    weak = TaxKeyError(TaxKeyProblem.WEAK_PIN, weakness=cert_pin.PinWeakness.SEQUENCE)
    error = medium_error(weak)
    assert error.code is ErrorCode.CERT_PIN_SEQUENCE and error.rule == "R-AC-3"
    assert error.details == {"detail": "checked on the terminal; nothing was sent to the medium"}
    assert "12345678、87654321、abcdefgh" in error.text(Lang.ZH)


def test_the_texts_are_the_card_layers_own() -> None:
    wrong = medium_error(TaxKeyError(TaxKeyProblem.WRONG_PIN, sw=0x63C2, tries_left=2))
    assert wrong.text(Lang.ZH) == "证书口令有误，可能原因为未修改默认证书口令12345678,剩余尝试次数2"
    unsupported = medium_error(TaxKeyError(TaxKeyProblem.UNSUPPORTED_MEDIUM, sw=0x6A82))
    assert unsupported.code is CardFailure.UNSUPPORTED.code
    assert unsupported.text(Lang.EN).startswith("This medium is not recognised")
    assert not TaxKeyProblem.PIN_BLOCKED.can_retry and TaxKeyProblem.WRONG_PIN.can_retry
