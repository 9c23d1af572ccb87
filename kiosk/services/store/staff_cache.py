"""Cached staff credentials for offline staff login (kiosk.services.staff_auth)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from kiosk.services.store.records import CachedStaff
from kiosk.services.store.tables import StaffCacheRow, make_store_engine


class SqlStaffCache:
    def __init__(self, url_or_path: str | Path | Engine) -> None:
        self._owns_engine = not isinstance(url_or_path, Engine)
        self.engine = (
            url_or_path if isinstance(url_or_path, Engine) else make_store_engine(url_or_path)
        )
        self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def get_staff(self, staff_no: str) -> CachedStaff | None:
        with self._sessions() as session:
            row = session.get(StaffCacheRow, staff_no)
            if row is None:
                return None
            return CachedStaff(
                staff_no=row.staff_no,
                name_masked=row.name_masked,
                password_hash=row.password_hash,
                failure_day=row.failure_day,
                failure_count=row.failure_count,
                locked_until=row.locked_until,
                record_key_id=row.record_key_id,
                record_key_expires_at=row.record_key_expires_at,
                record_key_salt=row.record_key_salt,
                record_key_wrapped=row.record_key_wrapped,
            )

    def put_staff(self, staff: CachedStaff) -> None:
        with self._sessions.begin() as session:
            row = session.get(StaffCacheRow, staff.staff_no)
            if row is None:
                row = StaffCacheRow(staff_no=staff.staff_no)
                session.add(row)
            row.name_masked = staff.name_masked
            row.password_hash = staff.password_hash
            row.failure_day = staff.failure_day
            row.failure_count = staff.failure_count
            row.locked_until = staff.locked_until
            row.record_key_id = staff.record_key_id
            row.record_key_expires_at = staff.record_key_expires_at
            row.record_key_salt = staff.record_key_salt
            row.record_key_wrapped = staff.record_key_wrapped
