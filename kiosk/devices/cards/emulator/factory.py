"""Build an emulated Tax UKey for a given holder, with freshly issued SM2 certificates.

Tests and the demo choose the validity (so expired and not-yet-valid media are one call
away); nothing with an expiry date is ever committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.devices.cards import MediumKind
from kiosk.devices.cards.certificates import (
    CertificateHolder,
    CertificateUsage,
    IssuedCertificate,
    create_ca,
    issue,
)
from kiosk.devices.cards.emulator.card import CardIdentity, EmulatedTaxUKey
from kiosk.domain import cert_pin

_MEDIUM_PREFIX = {MediumKind.UKEY: "UK", MediumKind.JINSHUIPAN: "JS", MediumKind.SHUIKONGPAN: "SK"}
_MEDIUM_LABEL = {
    MediumKind.UKEY: "税务UKey",
    MediumKind.JINSHUIPAN: "金税盘",
    MediumKind.SHUIKONGPAN: "税控盘",
}


@dataclass(frozen=True)
class IssuedIdentity:
    """A card identity plus what a test needs to check it: the CA and both certificates."""

    identity: CardIdentity
    ca: IssuedCertificate
    signing: IssuedCertificate
    encryption: IssuedCertificate


def demo_ca(now: datetime, *, years: int = 10) -> IssuedCertificate:
    return create_ca(
        not_before=now - timedelta(days=1), not_after=now + timedelta(days=365 * years)
    )


def issue_identity(
    holder: CertificateHolder,
    *,
    now: datetime,
    ca: IssuedCertificate | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    medium: MediumKind = MediumKind.UKEY,
    serial: str | None = None,
    signing_private_value: int | None = None,
    certificate_serial: int | None = None,
) -> IssuedIdentity:
    """Signing + encryption certificates for ``holder`` (default validity: from yesterday
    for one year), on a medium of the given kind. ``serial`` is the medium's serial;
    ``signing_private_value`` and ``certificate_serial`` pin the signing certificate's key
    and serial (default: random), as a certificate on record elsewhere needs."""
    authority = ca or demo_ca(now)
    start = not_before or now - timedelta(days=1)
    end = not_after or now + timedelta(days=365)
    signing = issue(
        authority,
        holder,
        CertificateUsage.SIGNING,
        not_before=start,
        not_after=end,
        private_value=signing_private_value,
        serial=certificate_serial,
    )
    encryption = issue(
        authority, holder, CertificateUsage.ENCRYPTION, not_before=start, not_after=end
    )
    identity = CardIdentity(
        serial=serial or f"{_MEDIUM_PREFIX[medium]}{secrets.randbelow(10**10):010d}",
        label=f"{_MEDIUM_LABEL[medium]} {holder.name}",
        medium=medium,
        signing_private_value=signing.private_value,
        signing_certificate=signing.der,
        encryption_certificate=encryption.der,
    )
    return IssuedIdentity(identity, authority, signing, encryption)


def build_card(
    holder: CertificateHolder,
    *,
    now: datetime,
    ca: IssuedCertificate | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    medium: MediumKind = MediumKind.UKEY,
    serial: str | None = None,
    user_pin: bytes = cert_pin.DEFAULT_CERT_PIN,
    signing_private_value: int | None = None,
    certificate_serial: int | None = None,
) -> tuple[EmulatedTaxUKey, IssuedIdentity]:
    """An emulated card for ``holder``, with its freshly issued identity."""
    issued = issue_identity(
        holder,
        now=now,
        ca=ca,
        not_before=not_before,
        not_after=not_after,
        medium=medium,
        serial=serial,
        signing_private_value=signing_private_value,
        certificate_serial=certificate_serial,
    )
    return EmulatedTaxUKey(issued.identity, user_pin=user_pin), issued
