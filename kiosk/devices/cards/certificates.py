"""SM2 tax certificates: issue them at test/demo time, and read them for display.

Issuing: ``cryptography`` cannot sign with SM2 and ``openssl x509`` (3.0) cannot set a start
date in the past or the future, which the expired / not-yet-valid tests need; so the
TBSCertificate DER is built here (a few dozen lines of DER) and signed with
``kiosk.domain.sm2`` over SM3(Z‖TBS), Z from the issuer's key and the default user id
(GM/T 0015). Nothing expiring is ever committed: tests and the demo call ``create_ca`` /
``issue`` with their own clock.

Subject layout (documented in docs/cards.md): C=CN, O=<holder>, CN=<holder>, and the
统一社会信用代码 / taxpayer id in ``serialNumber`` (2.5.4.5) — where Chinese CAs commonly put
a subject's registration number. When reading foreign certificates the id is also looked for
in OU and UID values that are a valid USCC.

Reading: ``cryptography.x509`` parses the certificate (names, serial, validity, key usage);
it has no SM2 public keys, so the 65-byte point comes from ``kiosk.domain.sm2_certificate``
(shared with the account service).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID, ObjectIdentifier

from kiosk.domain import sm2, sm2_certificate
from kiosk.domain.uscc import validate_uscc

# The reader in the domain checks the same OIDs the writer below encodes; callers name them here.
OID_EC_PUBLIC_KEY = sm2_certificate.OID_EC_PUBLIC_KEY
OID_SM2_CURVE = sm2_certificate.OID_SM2_CURVE
OID_SM2_WITH_SM3 = sm2_certificate.OID_SM2_WITH_SM3
_UID = ObjectIdentifier("0.9.2342.19200300.100.1.1")


class CertificateError(sm2_certificate.Sm2CertificateError):
    """Not a certificate we can read (not DER X.509, or not an SM2 key)."""


# -- a minimal DER writer -----------------------------------------------------------------


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        encoded = bytes((length,))
    else:
        raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
        encoded = bytes((0x80 | len(raw),)) + raw
    return bytes((tag,)) + encoded + content


def _seq(*parts: bytes) -> bytes:
    return _der(0x30, b"".join(parts))


def _set(*parts: bytes) -> bytes:
    return _der(0x31, b"".join(sorted(parts)))


def _int(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray((arcs[0] * 40 + arcs[1],))
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        body += bytes(reversed(chunk))
    return _der(0x06, bytes(body))


def _bit_string(value: bytes, unused_bits: int = 0) -> bytes:
    return _der(0x03, bytes((unused_bits,)) + value)


def _time(moment: datetime) -> bytes:
    moment = moment.astimezone(UTC)
    if 1950 <= moment.year < 2050:  # RFC 5280 §4.1.2.5
        return _der(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())
    return _der(0x18, moment.strftime("%Y%m%d%H%M%SZ").encode())


def _name(*attributes: tuple[str, str, bool]) -> bytes:
    """RDNSequence from (oid, value, printable) — PrintableString or UTF8String."""
    rdns = []
    for oid, value, printable in attributes:
        string = _der(0x13 if printable else 0x0C, value.encode("utf-8"))
        rdns.append(_set(_seq(_oid(oid), string)))
    return _seq(*rdns)


def _extension(oid: str, critical: bool, value: bytes) -> bytes:
    flag = _der(0x01, b"\xff") if critical else b""
    return _seq(_oid(oid), flag, _der(0x04, value))


# keyUsage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit.
_KU_DIGITAL_SIGNATURE = 0
_KU_NON_REPUDIATION = 1
_KU_KEY_ENCIPHERMENT = 2
_KU_DATA_ENCIPHERMENT = 3
_KU_KEY_AGREEMENT = 4
_KU_KEY_CERT_SIGN = 5
_KU_CRL_SIGN = 6


def _key_usage(*bits: int) -> bytes:
    value = 0
    for bit in bits:
        value |= 0x80 >> bit
    unused = (value & -value).bit_length() - 1  # trailing zero bits of the one byte
    return _bit_string(bytes((value,)), unused)


# -- issuing --------------------------------------------------------------------------------


class CertificateUsage(Enum):
    SIGNING = "signing"  # 签名证书
    ENCRYPTION = "encryption"  # 加密证书
    CA = "ca"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CertificateHolder:
    name: str  # enterprise or person name, e.g. 演示科技有限公司
    taxpayer_id: str | None = None  # 统一社会信用代码 / 纳税人识别号


@dataclass(frozen=True)
class IssuedCertificate:
    der: bytes
    private_value: int  # the SM2 private key d (test/demo keys only)

    @property
    def public_point(self) -> bytes:
        return sm2.public_point(self.private_value)


def _subject_key_id(point: bytes) -> bytes:
    return sm2.sm3(point)[:20]


def _tbs(
    *,
    serial: int,
    issuer: bytes,
    subject: bytes,
    not_before: datetime,
    not_after: datetime,
    point: bytes,
    extensions: list[bytes],
) -> bytes:
    algorithm = _seq(_oid(OID_SM2_WITH_SM3))
    spki = _seq(_seq(_oid(OID_EC_PUBLIC_KEY), _oid(OID_SM2_CURVE)), _bit_string(point))
    return _seq(
        _der(0xA0, _int(2)),  # v3
        _int(serial),
        algorithm,
        issuer,
        _seq(_time(not_before), _time(not_after)),
        subject,
        spki,
        _der(0xA3, _seq(*extensions)),
    )


def _signed(tbs: bytes, issuer_private_value: int) -> bytes:
    issuer_point = sm2.public_point(issuer_private_value)
    digest = sm2.sm2_digest(issuer_point, tbs)
    signature = sm2.sign_digest(issuer_private_value, digest)
    return _seq(tbs, _seq(_oid(OID_SM2_WITH_SM3)), _bit_string(signature))


def _serial() -> int:
    return secrets.randbits(63) | 1 << 62  # positive, 8 bytes, never zero


def create_ca(
    *,
    not_before: datetime,
    not_after: datetime,
    name: str = "演示税务数字证书CA",
    organization: str = "演示税务数字证书认证中心",
) -> IssuedCertificate:
    """A self-signed SM2 CA (test/demo only)."""
    d = sm2.generate_private_value()
    point = sm2.public_point(d)
    dn = _ca_name(name, organization)
    key_id = _subject_key_id(point)
    extensions = [
        _extension(ExtensionOID.BASIC_CONSTRAINTS.dotted_string, True, _seq(_der(0x01, b"\xff"))),
        _extension(
            ExtensionOID.KEY_USAGE.dotted_string, True, _key_usage(_KU_KEY_CERT_SIGN, _KU_CRL_SIGN)
        ),
        _extension(ExtensionOID.SUBJECT_KEY_IDENTIFIER.dotted_string, False, _der(0x04, key_id)),
    ]
    tbs = _tbs(
        serial=_serial(),
        issuer=dn,
        subject=dn,
        not_before=not_before,
        not_after=not_after,
        point=point,
        extensions=extensions,
    )
    return IssuedCertificate(_signed(tbs, d), d)


def _ca_name(name: str, organization: str) -> bytes:
    return _name(
        (NameOID.COUNTRY_NAME.dotted_string, "CN", True),
        (NameOID.ORGANIZATION_NAME.dotted_string, organization, False),
        (NameOID.COMMON_NAME.dotted_string, name, False),
    )


def issue(
    ca: IssuedCertificate,
    holder: CertificateHolder,
    usage: CertificateUsage,
    *,
    not_before: datetime,
    not_after: datetime,
    private_value: int | None = None,
    serial: int | None = None,
) -> IssuedCertificate:
    """An SM2 end-entity certificate for ``holder`` signed by ``ca`` (its issuer name is
    copied from the CA certificate, so chains build). ``serial`` defaults to a random one;
    the demo agent card passes the serial the account service has on record."""
    if serial is not None and serial <= 0:
        raise ValueError("a certificate serial is a positive integer (RFC 5280 4.1.2.2)")
    if usage not in (CertificateUsage.SIGNING, CertificateUsage.ENCRYPTION):
        raise ValueError("end-entity certificates are for signing or encryption")
    d = private_value if private_value is not None else sm2.generate_private_value()
    point = sm2.public_point(d)
    attributes = [
        (NameOID.COUNTRY_NAME.dotted_string, "CN", True),
        (NameOID.ORGANIZATION_NAME.dotted_string, holder.name, False),
        (NameOID.COMMON_NAME.dotted_string, holder.name, False),
    ]
    if holder.taxpayer_id:
        attributes.append((NameOID.SERIAL_NUMBER.dotted_string, holder.taxpayer_id, True))
    bits = (
        (_KU_DIGITAL_SIGNATURE, _KU_NON_REPUDIATION)
        if usage is CertificateUsage.SIGNING
        else (_KU_KEY_ENCIPHERMENT, _KU_DATA_ENCIPHERMENT, _KU_KEY_AGREEMENT)
    )
    ca_certificate = x509.load_der_x509_certificate(ca.der)
    extensions = [
        _extension(ExtensionOID.BASIC_CONSTRAINTS.dotted_string, True, _seq()),
        _extension(ExtensionOID.KEY_USAGE.dotted_string, True, _key_usage(*bits)),
        _extension(
            ExtensionOID.SUBJECT_KEY_IDENTIFIER.dotted_string,
            False,
            _der(0x04, _subject_key_id(point)),
        ),
        _extension(
            ExtensionOID.AUTHORITY_KEY_IDENTIFIER.dotted_string,
            False,
            _seq(_der(0x80, _subject_key_id(ca.public_point))),
        ),
    ]
    tbs = _tbs(
        serial=serial if serial is not None else _serial(),
        issuer=ca_certificate.subject.public_bytes(),
        subject=_name(*attributes),
        not_before=not_before,
        not_after=not_after,
        point=point,
        extensions=extensions,
    )
    return IssuedCertificate(_signed(tbs, ca.private_value), d)


# -- reading --------------------------------------------------------------------------------


class Validity(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


@dataclass(frozen=True)
class CertificateInfo:
    """What the certificate screen shows (R-AC-3) and what the login needs (the key)."""

    holder_name: str
    taxpayer_id: str | None
    taxpayer_id_is_uscc: bool  # the id passes the GB 32100 check
    organization: str | None
    issuer: str  # the issuer's CN (or its full RFC 4514 name when it has no CN)
    serial_hex: str
    not_before: datetime  # timezone-aware (UTC)
    not_after: datetime
    usage: CertificateUsage
    public_key_point: bytes  # 04‖X‖Y, for kiosk.domain.sm2
    fingerprint_sm3: str  # hex SM3 of the DER: how the service recognises a certificate
    subject: str  # RFC 4514, for details lines

    def validity(self, now: datetime) -> Validity:
        if now < self.not_before:
            return Validity.NOT_YET_VALID
        if now > self.not_after:
            return Validity.EXPIRED
        return Validity.VALID

    def days_to_expiry(self, now: datetime) -> int:
        """Whole days left (rounded down); negative once expired (-1 = expired within the
        last day)."""
        return (self.not_after - now).days


def _first(name: x509.Name, oid: ObjectIdentifier) -> str | None:
    for attribute in name.get_attributes_for_oid(oid):
        value = attribute.value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return None


def _taxpayer_id(subject: x509.Name) -> str | None:
    explicit = _first(subject, NameOID.SERIAL_NUMBER)
    if explicit:
        return explicit
    for oid in (NameOID.ORGANIZATIONAL_UNIT_NAME, _UID):
        for attribute in subject.get_attributes_for_oid(oid):
            value = attribute.value
            text = value if isinstance(value, str) else value.decode("utf-8", "replace")
            if validate_uscc(text).ok:
                return text
    return None


def _usage(certificate: x509.Certificate) -> CertificateUsage:
    try:
        ku = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return CertificateUsage.UNKNOWN
    if ku.key_cert_sign:
        return CertificateUsage.CA
    if ku.digital_signature or ku.content_commitment:
        return CertificateUsage.SIGNING
    if ku.key_encipherment or ku.data_encipherment or ku.key_agreement:
        return CertificateUsage.ENCRYPTION
    return CertificateUsage.UNKNOWN


def parse_certificate(der: bytes) -> CertificateInfo:
    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError as error:
        raise CertificateError(f"not a DER X.509 certificate: {error}") from error
    subject = certificate.subject
    holder = _first(subject, NameOID.COMMON_NAME) or _first(subject, NameOID.ORGANIZATION_NAME)
    taxpayer_id = _taxpayer_id(subject)
    return CertificateInfo(
        holder_name=holder or subject.rfc4514_string(),
        taxpayer_id=taxpayer_id,
        taxpayer_id_is_uscc=bool(taxpayer_id) and validate_uscc(taxpayer_id or "").ok,
        organization=_first(subject, NameOID.ORGANIZATION_NAME),
        issuer=_first(certificate.issuer, NameOID.COMMON_NAME)
        or certificate.issuer.rfc4514_string(),
        serial_hex=f"{certificate.serial_number:X}",
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        usage=_usage(certificate),
        public_key_point=public_key_point(der),
        fingerprint_sm3=sm2.sm3(der).hex(),
        subject=subject.rfc4514_string(),
    )


def public_key_point(der: bytes) -> bytes:
    """The SM2 public key (04‖X‖Y) of a certificate; CertificateError if it is not SM2."""
    try:
        return sm2_certificate.public_key_point(der)
    except sm2_certificate.Sm2CertificateError as error:
        raise CertificateError(str(error)) from error


def signed_by(der: bytes, issuer_der: bytes) -> bool:
    """Whether ``der``'s SM2-with-SM3 signature verifies under ``issuer_der``'s key."""
    certificate = x509.load_der_x509_certificate(der)
    if certificate.signature_algorithm_oid.dotted_string != OID_SM2_WITH_SM3:
        return False
    return sm2.verify(
        public_key_point(issuer_der), certificate.tbs_certificate_bytes, certificate.signature
    )
