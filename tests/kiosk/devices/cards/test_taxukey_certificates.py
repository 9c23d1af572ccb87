"""SM2 certificates issued at test time: fields for display, chain, OpenSSL interop."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from tongsuopy.crypto import hashes as tongsuo_hashes  # type: ignore[import-untyped]
from tongsuopy.crypto.asymciphers import ec as tongsuo_ec  # type: ignore[import-untyped]

from kiosk.devices.cards.certificates import (
    OID_SM2_WITH_SM3,
    CertificateError,
    CertificateHolder,
    CertificateUsage,
    Validity,
    create_ca,
    issue,
    parse_certificate,
    public_key_point,
    signed_by,
)
from kiosk.domain import sm2


def test_fields_for_display(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now - timedelta(days=1), not_after=now + timedelta(days=3650))
    start, end = now - timedelta(days=10), now + timedelta(days=30, hours=5)
    signing = issue(ca, holder, CertificateUsage.SIGNING, not_before=start, not_after=end)
    info = parse_certificate(signing.der)
    assert info.holder_name == "演示科技有限公司"
    assert info.organization == "演示科技有限公司"
    assert info.taxpayer_id == holder.taxpayer_id
    assert info.taxpayer_id_is_uscc
    assert info.issuer == "演示税务数字证书CA"
    assert (info.not_before, info.not_after) == (start, end)
    assert info.usage is CertificateUsage.SIGNING
    assert info.public_key_point == signing.public_point
    assert info.fingerprint_sm3 == sm2.sm3(signing.der).hex()
    assert int(info.serial_hex, 16) == x509.load_der_x509_certificate(signing.der).serial_number
    assert "2.5.4.5=" + str(holder.taxpayer_id) in info.subject
    assert info.validity(now) is Validity.VALID
    assert info.days_to_expiry(now) == 30
    assert info.days_to_expiry(end - timedelta(hours=1)) == 0
    assert info.days_to_expiry(end + timedelta(hours=1)) == -1
    assert info.validity(end + timedelta(seconds=1)) is Validity.EXPIRED
    assert info.validity(start - timedelta(seconds=1)) is Validity.NOT_YET_VALID


def test_usages_and_holder_without_taxpayer_id(now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now + timedelta(days=1))
    person = CertificateHolder("张三")
    encryption = issue(
        ca, person, CertificateUsage.ENCRYPTION, not_before=now, not_after=now + timedelta(1)
    )
    info = parse_certificate(encryption.der)
    assert info.usage is CertificateUsage.ENCRYPTION
    assert info.taxpayer_id is None and not info.taxpayer_id_is_uscc
    assert parse_certificate(ca.der).usage is CertificateUsage.CA
    with pytest.raises(ValueError):
        issue(ca, person, CertificateUsage.CA, not_before=now, not_after=now)


def test_a_non_uscc_taxpayer_id_is_shown_but_flagged(now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now + timedelta(days=1))
    holder = CertificateHolder("某个体户", "110101199001011234")
    cert = issue(ca, holder, CertificateUsage.SIGNING, not_before=now, not_after=now)
    info = parse_certificate(cert.der)
    assert info.taxpayer_id == "110101199001011234"
    assert not info.taxpayer_id_is_uscc


def test_chain_signatures(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now + timedelta(days=1))
    other_ca = create_ca(not_before=now, not_after=now + timedelta(days=1))
    cert = issue(ca, holder, CertificateUsage.SIGNING, not_before=now, not_after=now)
    assert signed_by(cert.der, ca.der)
    assert signed_by(ca.der, ca.der)
    assert not signed_by(cert.der, other_ca.der)


def test_given_private_value_is_used(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now)
    d = sm2.generate_private_value()
    cert = issue(
        ca, holder, CertificateUsage.SIGNING, not_before=now, not_after=now, private_value=d
    )
    assert public_key_point(cert.der) == sm2.public_point(d)


def test_dates_after_2049_use_generalized_time(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=datetime(2060, 1, 1, tzinfo=UTC))
    assert parse_certificate(ca.der).not_after == datetime(2060, 1, 1, tzinfo=UTC)


def test_openssl_verifies_the_chain(
    holder: CertificateHolder, now: datetime, tmp_path: Path
) -> None:
    today = datetime.now(UTC)  # openssl checks validity against the real clock
    ca = create_ca(not_before=today - timedelta(days=1), not_after=today + timedelta(days=30))
    cert = issue(
        ca,
        holder,
        CertificateUsage.SIGNING,
        not_before=today - timedelta(days=1),
        not_after=today + timedelta(days=30),
    )
    for name, der in (("ca", ca.der), ("cert", cert.der)):
        pem = x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM)
        (tmp_path / f"{name}.pem").write_bytes(pem)
    # OpenSSL 3.0 needs the SM2 distinguishing id spelled out (without it:
    # "ASN1_item_verify_ctx:EVP lib"). It applies it to the target certificate only, so it
    # cannot check an SM2 CA's self-signature (-check_ss_sig); Tongsuo does that below.
    distid = f"distid:{sm2.DEFAULT_USER_ID.decode()}"
    ca_pem, cert_pem = str(tmp_path / "ca.pem"), str(tmp_path / "cert.pem")
    result = subprocess.run(
        ["openssl", "verify", "-vfyopt", distid, "-CAfile", ca_pem, cert_pem],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        ["openssl", "x509", "-in", str(tmp_path / "cert.pem"), "-noout", "-text"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert "SM2-with-SM3" in text
    assert "ASN1 OID: SM2" in text


def test_tongsuo_verifies_both_signatures(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now)
    cert = issue(ca, holder, CertificateUsage.SIGNING, not_before=now, not_after=now)
    issuer_key = tongsuo_ec.EllipticCurvePublicKey.from_encoded_point(
        tongsuo_ec.SM2(), ca.public_point
    )
    for der in (ca.der, cert.der):
        parsed = x509.load_der_x509_certificate(der)
        issuer_key.verify(
            parsed.signature,
            parsed.tbs_certificate_bytes,
            tongsuo_ec.ECDSA(tongsuo_hashes.SM3()),
        )


def test_signature_algorithm_is_sm2_with_sm3(holder: CertificateHolder, now: datetime) -> None:
    ca = create_ca(not_before=now, not_after=now)
    certificate = x509.load_der_x509_certificate(ca.der)
    assert certificate.signature_algorithm_oid.dotted_string == OID_SM2_WITH_SM3


def _p256_certificate() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "p256")])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(Encoding.DER)


def test_non_sm2_and_garbage_are_refused() -> None:
    p256 = _p256_certificate()
    with pytest.raises(CertificateError):
        parse_certificate(p256)
    assert not signed_by(p256, p256)
    for garbage in (b"", b"\x30\x03\x02\x01", b"not a certificate"):
        with pytest.raises(CertificateError):
            parse_certificate(garbage)
