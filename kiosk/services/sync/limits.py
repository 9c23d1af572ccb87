"""Freeze limits (like MOSIP's): refuse new collections while too much waits unsynced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.messages import Lang
from kiosk.services.store.collection_store import CollectionStore
from kiosk.services.sync.settings import SyncSettings


@dataclass(frozen=True, slots=True)
class Refusal:
    zh: str
    en: str

    def text(self, lang: Lang) -> str:
        return self.zh if lang == Lang.ZH else self.en


def collection_allowed(
    store: CollectionStore, now: datetime, settings: SyncSettings | None = None
) -> tuple[bool, Refusal | None]:
    limits = settings or SyncSettings()
    waiting = store.count_waiting()
    if waiting >= limits.max_unsynced:
        return False, Refusal(
            zh=f"本机有{waiting}条记录尚未上传（上限{limits.max_unsynced}条），请先同步后再采集。",
            en=f"{waiting} records wait to be uploaded (limit {limits.max_unsynced}); "
            "sync them before collecting more.",
        )
    oldest = store.oldest_waiting_created_at()
    max_age = timedelta(days=limits.max_unsynced_age_days)
    if oldest is not None and now - oldest > max_age:
        days = limits.max_unsynced_age_days
        return False, Refusal(
            zh=f"最早一条未上传的记录已超过{days:g}天，请先同步后再采集。",
            en=f"The oldest record not yet uploaded is more than {days:g} days old; "
            "sync before collecting more.",
        )
    return True, None
