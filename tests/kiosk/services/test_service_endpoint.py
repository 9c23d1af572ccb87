"""Where the terminal finds the central service and how it trusts it (issue 15)."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from kiosk.services.service_endpoint import EndpointError, ServiceEndpoint
from tests.support.tls import issue_test_pki


@pytest.mark.parametrize(
    "url",
    [
        "https://account.tax.example.cn",
        "https://10.1.2.3:8443/",
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ],
)
def test_https_anywhere_and_plain_http_on_this_machine_are_accepted(url: str) -> None:
    endpoint = ServiceEndpoint.of(url)
    assert endpoint.base_url == url.rstrip("/")
    assert endpoint.verify is True  # the system's CAs


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://account.tax.example.cn", "plain HTTP"),
        ("http://10.1.2.3:8080", "plain HTTP"),
        ("ftp://account.tax.example.cn", "is not an http"),
        ("account.tax.example.cn", "is not an http"),
        ("", "KIOSK_SERVICE_URL"),
        (None, "KIOSK_SERVICE_URL"),
    ],
)
def test_anything_else_is_refused_with_what_to_change(url: str | None, reason: str) -> None:
    with pytest.raises(EndpointError, match=reason):
        ServiceEndpoint.of(url)


def test_a_ca_file_is_the_only_trust(tmp_path: Path) -> None:
    pki = issue_test_pki(tmp_path)
    endpoint = ServiceEndpoint.of("https://127.0.0.1:8443", pki.ca_file)
    assert isinstance(endpoint.verify, ssl.SSLContext)
    assert [c["subject"] for c in endpoint.verify.get_ca_certs()] == [
        ((("commonName", "Test Province Tax CA"),),)
    ]


def test_an_unreadable_ca_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(EndpointError, match="cannot be read as PEM"):
        ServiceEndpoint.of("https://127.0.0.1:8443", bad)
    with pytest.raises(EndpointError, match="cannot be read"):
        ServiceEndpoint.of("https://127.0.0.1:8443", tmp_path / "missing.pem")
