"""The marks of the quick-login check: when the last failed first factor came."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class FailureMark(Base):
    """When the last failed first factor came, per account and per terminal: the
    quick-login check (Keycloak's) refuses the next one if it comes sooner than the gap."""

    __tablename__ = "auth_failure_marks"

    scope: Mapped[str] = mapped_column(String(10), primary_key=True)  # a MarkScope value
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_failure_at: Mapped[datetime] = mapped_column(UtcDateTime)
