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

from kiosk.protocol.enterprise import Role, ScopeItem

VERSION = "0.1.0"


class Profile(StrEnum):
    """Production unless told otherwise: development routes (the SMS outbox, the tax-app
    simulator), the outbox gateway and the API docs exist only in development."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"


class SmsGatewayKind(StrEnum):
    HTTP = "http"  # production: the province's SMS provider behind an HTTP endpoint
    OUTBOX = "outbox"  # development: codes land in a table readable via /v1/dev/sms-outbox
    NULL = "null"  # development: discards every message (load tests)


DEV_SECRET = "dev-only-change-me"
MIN_SECRET_LENGTH = 32


class UnsafeSettingsError(RuntimeError):
    """Production refuses to start with these settings; the message says what to set."""


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
    profile: Profile = Field(
        default=Profile.PRODUCTION,
        description="production (default) or development (SMS outbox, tax-app simulator, "
        "API docs); the embedded demo and the tests ask for development.",
    )
    sms_gateway: SmsGatewayKind | None = Field(
        default=None,
        description="http (production), outbox or null (development only). Unset: outbox "
        "in development; production refuses to start without one.",
    )
    sms_gateway_url: str = Field(
        default="", max_length=500, description="The SMS provider's endpoint (sms_gateway=http)."
    )
    sms_gateway_token: SecretStr = Field(
        default=SecretStr(""), description="Bearer token for the SMS provider (sms_gateway=http)."
    )
    sms_gateway_timeout_s: float = Field(default=5.0, gt=0, le=60)
    api_docs: bool | None = Field(
        default=None,
        description="Serve /docs and /openapi.json; unset: on in development, off in production.",
    )
    session_ttl_s: int = Field(default=1800, gt=0, description="Login session lifetime.")
    change_token_ttl_s: int = Field(default=600, gt=0, description="R-PW-3 change token.")
    attempt_ttl_s: int = Field(default=1800, gt=0, description="An open login attempt's life.")
    enroll_code_ttl_s: int = Field(default=86400, gt=0, description="Terminal enroll code.")
    idempotency_ttl_s: int = Field(default=86400, gt=0, description="Stored POST answers.")
    # OWASP (2024) minimum for argon2id: m=19 MiB, t=2, p=1.
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19456, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)
    max_in_flight: int = Field(
        default=16,
        ge=1,
        description="Signed requests handled at once; more wait at the gate (the health "
        "check never does).",
    )
    hashing_threads: int = Field(
        default=0,
        ge=0,
        description="Password hashes computed at once (their own pool); 0: one per CPU.",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(DEV_SECRET),
        description="Pepper for SMS codes and stored answers; the same on every replica, at "
        f"least {MIN_SECRET_LENGTH} characters; production refuses the default.",
    )
    access_log: bool = True
    quick_login_gap_ms: int = Field(
        default=1000,
        ge=0,
        description="Keycloak's quick-login check: a failed first factor sooner than this "
        "after the previous failure of the same account or terminal is refused uncounted.",
    )
    terminal_failures_per_10min: int = Field(
        default=30,
        ge=1,
        description="Counted verification failures one terminal may cause across all "
        "accounts in 10 minutes (password spraying); then it waits.",
    )
    terminal_locks_per_hour: int = Field(
        default=3,
        ge=1,
        description="Accounts one terminal may lock in an hour (R-LK-1); a further fifth "
        "failure is refused uncounted, so a stranger cannot lock a hall's people in turn.",
    )
    terminal_unknown_ids_per_10min: int = Field(
        default=20, ge=1, description="Look-ups of unregistered identifiers per terminal."
    )
    slow_after_failures: int = Field(
        default=3,
        ge=1,
        description="After this many consecutive failures of one method today, each further "
        "try of it waits slow_down_s, doubling each time (R-LK-1 still locks at 5).",
    )
    slow_down_s: int = Field(default=30, ge=0)
    sms_per_terminal_per_hour: int = Field(default=60, ge=1)
    sms_per_person_per_hour: int = Field(
        default=10, ge=1, description="SMS codes for one person (or registration) across numbers."
    )
    sms_global_per_minute: int = Field(default=600, ge=1)
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
    role_scopes: dict[Role, tuple[ScopeItem, ...]] | None = Field(
        default=None,
        description="R-RE-9: what each role may do, as shown to the person, e.g. "
        '{"invoicer": [{"zh": "开具发票", "en": "Issue invoices"}]}; a role not named keeps '
        "its default (account_service/enterprises/scopes.py). JSON in the environment.",
    )
    phone_limit: int = Field(default=5, ge=1, description="R-PH-1: numbers per person.")
    staff_key_ttl_s: int = Field(
        default=7 * 24 * 3600,
        gt=0,
        description="How long a staff member's record key signs records collected offline "
        "(R-HA-1); as long as a terminal may keep records unsynced.",
    )
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
    def development(self) -> bool:
        return self.profile is Profile.DEVELOPMENT

    @property
    def gateway(self) -> SmsGatewayKind | None:
        """The SMS gateway in use: as set, else the outbox in development."""
        if self.sms_gateway is None and self.development:
            return SmsGatewayKind.OUTBOX
        return self.sms_gateway

    @property
    def docs_served(self) -> bool:
        return self.development if self.api_docs is None else self.api_docs

    def production_problems(self) -> list[str]:
        """What production refuses, each with what to set (empty in development)."""
        if self.development:
            return []
        problems = []
        secret = self.secret_key.get_secret_value()
        if secret == DEV_SECRET or len(secret) < MIN_SECRET_LENGTH:
            problems.append(
                "the secret key is the development default or shorter than "
                f"{MIN_SECRET_LENGTH} characters: set ACCOUNT_SERVICE_SECRET_KEY (the same "
                "random value on every replica, e.g. `openssl rand -base64 48`)"
            )
        if self.sms_gateway is None:
            problems.append(
                "no SMS gateway is configured: set ACCOUNT_SERVICE_SMS_GATEWAY=http with "
                "ACCOUNT_SERVICE_SMS_GATEWAY_URL and ACCOUNT_SERVICE_SMS_GATEWAY_TOKEN"
            )
        elif self.sms_gateway is not SmsGatewayKind.HTTP:
            problems.append(
                f"the {self.sms_gateway.value} SMS gateway is for development only (it "
                "hands codes to testers or drops them): set ACCOUNT_SERVICE_SMS_GATEWAY=http"
            )
        elif not self.sms_gateway_url:
            problems.append("set ACCOUNT_SERVICE_SMS_GATEWAY_URL for the http SMS gateway")
        return problems

    def refuse_if_unsafe(self) -> None:
        problems = self.production_problems()
        if problems:
            raise UnsafeSettingsError(
                "the account service will not start in the production profile: "
                + "; ".join(problems)
                + ". (A development start sets ACCOUNT_SERVICE_PROFILE=development.)"
            )

    @property
    def bundle_key_path(self) -> Path:
        """``bundle_key_file`` after the default is filled in (never None)."""
        return self.bundle_key_file or self.data_dir / "bundle_key.pem"

    @property
    def idempotency_ttl_delta(self) -> timedelta:
        return timedelta(seconds=self.idempotency_ttl_s)
