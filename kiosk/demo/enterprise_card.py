"""The demo enterprise's Tax UKey (企业业务 by certificate, R-EN-1, seed 002 11): an
emulated card whose signing key is the one the account service's demo data has on record
for 北京示例科技有限公司 (``demo_keys``). DEMO ONLY."""

from __future__ import annotations

from datetime import datetime

from kiosk.demo.demo_keys import (
    DEMO_ENTERPRISE_CERTIFICATES,
    DemoEnterpriseCertificate,
    demo_enterprise_key,
)
from kiosk.devices.cards.certificates import CertificateHolder
from kiosk.devices.cards.emulator.card import EmulatedTaxUKey
from kiosk.devices.cards.emulator.factory import IssuedIdentity, build_card

# The demo enterprise medium's certificate password: already changed from the factory
# 12345678 (so the demo goes straight to the login) and valid under R-AC-3. DEMO ONLY.
DEMO_ENTERPRISE_CERT_PIN = b"Corp2026"


def demo_enterprise_card(
    now: datetime,
    *,
    enterprise: DemoEnterpriseCertificate = DEMO_ENTERPRISE_CERTIFICATES[0],
    user_pin: bytes = DEMO_ENTERPRISE_CERT_PIN,
    not_after: datetime | None = None,
    signing_private_value: int | None = None,
) -> tuple[EmulatedTaxUKey, IssuedIdentity]:
    """The emulated Tax UKey of the demo enterprise: its signing certificate names the
    enterprise (name and taxpayer id), carries the serial the service's demo data has on
    record and the key ``demo_enterprise_key(serial)`` derives. ``signing_private_value``
    swaps the key (a forged medium, for tests). Valid from yesterday for a year unless
    told."""
    return build_card(
        CertificateHolder(enterprise.enterprise_name, enterprise.enterprise_code),
        now=now,
        not_after=not_after,
        serial=f"UK{enterprise.serial:010d}",
        user_pin=user_pin,
        signing_private_value=(
            signing_private_value
            if signing_private_value is not None
            else demo_enterprise_key(enterprise.serial)
        ),
        certificate_serial=enterprise.serial,
    )
