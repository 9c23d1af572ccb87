"""The emulated Tax UKey (issue 5): card model, in-process slot, and a holder factory.

Served in-process through ``InProcessTransport`` and over the vpcd socket by
``kiosk.devices.cards.vpcd*`` (the same ``CardModel``)."""

from kiosk.devices.cards.emulator.card import (
    ATR,
    DEFAULT_ADMIN_PIN,
    DEFAULT_USER_MAX_TRIES,
    CardIdentity,
    EmulatedTaxUKey,
)
from kiosk.devices.cards.emulator.factory import IssuedIdentity, build_card, demo_ca, issue_identity
from kiosk.devices.cards.emulator.inprocess import InProcessTransport

__all__ = [
    "ATR",
    "DEFAULT_ADMIN_PIN",
    "DEFAULT_USER_MAX_TRIES",
    "CardIdentity",
    "EmulatedTaxUKey",
    "InProcessTransport",
    "IssuedIdentity",
    "build_card",
    "demo_ca",
    "issue_identity",
]
