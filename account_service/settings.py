"""One typed settings schema for the account service (env prefix ``ACCOUNT_SERVICE_``)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

VERSION = "0.1.0"


class SmsGatewayKind(StrEnum):
    OUTBOX = "outbox"  # development: codes land in a table readable via /v1/dev/sms-outbox
    NULL = "null"  # discards every message (load tests); no dev outbox route


def default_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "tax-kiosk" / "account-service"


class AccountServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACCOUNT_SERVICE_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, description="Where SQLite lives.")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file in data_dir. "
        "Production: postgresql+psycopg://...",
    )
    sms_gateway: SmsGatewayKind = SmsGatewayKind.OUTBOX
    session_ttl_s: int = Field(default=1800, gt=0, description="Login session lifetime.")
    change_token_ttl_s: int = Field(default=600, gt=0, description="R-PW-3 change token.")
    attempt_ttl_s: int = Field(default=1800, gt=0, description="An open login attempt's life.")
    enroll_code_ttl_s: int = Field(default=86400, gt=0, description="Terminal enroll code.")
    idempotency_ttl_s: int = Field(default=86400, gt=0, description="Stored POST answers.")
    # OWASP (2024) minimum for argon2id: m=19 MiB, t=2, p=1.
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19456, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)
    secret_key: SecretStr = Field(
        default=SecretStr("dev-only-change-me"),
        description="Pepper for hashing SMS codes; the same on every replica.",
    )
    access_log: bool = True
    quick_login_gap_ms: int = Field(
        default=1000,
        ge=0,
        description="Keycloak's quick-login check: a failed first factor sooner than this "
        "after the previous failure of the same account or terminal is refused uncounted.",
    )
    face_match_threshold: float = Field(
        default=0.5,
        gt=0,
        lt=2,
        description="Largest face-template distance (dlib 128-d, Euclidean) counted as a "
        "match; decided here, never on the terminal.",
    )
    second_factors: tuple[Literal["sms", "face", "qr"], ...] = Field(
        default=("sms", "face", "qr"),
        description="R-2F-1: the login's second factors offered, in order (sms, face, qr); "
        "provinces differ, so this is configuration. JSON list in the environment.",
    )
    phone_limit: int = Field(default=5, ge=1, description="R-PH-1: numbers per person.")
    bundle_key_file: Path | None = Field(
        default=None,
        description="X25519 private key (PEM, 0600) that offline bundles are encrypted to; "
        "created on first need. Default: data_dir/bundle_key.pem. Every replica must use "
        "the same file (terminals keep the public key they were given).",
    )

    @model_validator(mode="after")
    def _default_database(self) -> AccountServiceSettings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'account_service.sqlite3')}"
        if self.bundle_key_file is None:
            self.bundle_key_file = self.data_dir / "bundle_key.pem"
        return self

    @property
    def bundle_key_path(self) -> Path:
        """``bundle_key_file`` after the default is filled in (never None)."""
        return self.bundle_key_file or self.data_dir / "bundle_key.pem"

    @property
    def idempotency_ttl_delta(self) -> timedelta:
        return timedelta(seconds=self.idempotency_ttl_s)
