"""Fixed windows of counted events per (scope, key), shared by every replica: the budgets
that stop abuse across accounts, terminals and numbers (``throttle.service``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from account_service.db import Base, UtcDateTime


class RateWindow(Base):
    __tablename__ = "rate_windows"

    scope: Mapped[str] = mapped_column(String(20), primary_key=True)  # a Scope value
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime)
    count: Mapped[int] = mapped_column(Integer)
