"""Where the central account service is, and how the terminal trusts it.

A hall terminal speaks to the service over HTTPS. Plain HTTP is refused except on loopback
(the embedded demo service, a service on the same machine). With a CA file, only that CA is
trusted (the province's own CA pins the service's certificate); without one, the system's.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

LOOPBACK_NAMES = frozenset({"localhost"})


class EndpointError(Exception):
    """The service URL or CA file cannot be used; the text says what to change."""


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServiceEndpoint:
    base_url: str
    verify: ssl.SSLContext | bool = True  # True: the system's CAs

    @classmethod
    def of(cls, url: str | None, ca_file: Path | None = None) -> ServiceEndpoint:
        if not url or not url.strip():
            msg = (
                "no service URL: set KIOSK_SERVICE_URL to the account service's address (https://…)"
            )
            raise EndpointError(msg)
        base_url = url.strip().rstrip("/")
        parts = urlsplit(base_url)
        host = parts.hostname or ""
        if parts.scheme not in {"https", "http"} or not host:
            msg = f"the service URL {base_url!r} is not an http(s) address"
            raise EndpointError(msg)
        if parts.scheme == "http" and not is_loopback(host):
            msg = (
                f"the service URL {base_url!r} is plain HTTP: use https:// (plain HTTP is "
                "allowed only to a service on this machine)"
            )
            raise EndpointError(msg)
        if ca_file is None:
            return cls(base_url)
        try:
            context = ssl.create_default_context(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as exc:
            msg = f"the CA file {ca_file} cannot be read as PEM certificates: {exc}"
            raise EndpointError(msg) from exc
        return cls(base_url, context)

    def http_client(self, timeout_s: float) -> httpx.Client:
        return httpx.Client(timeout=timeout_s, verify=tls(self.verify))


@functools.cache
def _system_trust() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def tls(verify: ssl.SSLContext | bool) -> ssl.SSLContext | bool:
    """``verify`` for an ``httpx.Client``: the system's trust store is read once per process
    (httpx would read the CA bundle again for every client, ~17 ms each)."""
    return _system_trust() if verify is True else verify
