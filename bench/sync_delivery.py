"""Sync delivery benchmark (issue 4): `uv run python bench/sync_delivery.py [--records N]`.

The account service runs as a separate process (`account-service serve`, SQLite) on
loopback; this process is the terminal. It enrolls, fills its encrypted store with N
records (default 10,000) carrying ~50 KB JPEG photos (real encodings of noisy 400x500
images, every record's bytes different), then times one `SyncWorker.run_once` delivering
them all, batch by batch, as `kiosk sync run` does. A thread samples this process's RSS
(/proc/self/status VmRSS) during delivery; "flat" means RSS does not grow with records
delivered: compare RSS at 50 % and 90 % of delivery, and the growth over the second half.
Not part of the tests. The last lines are `figure: value unit`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.domain.documents import DocumentType
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.store import (
    CollectionInput,
    CollectionStore,
    PersonalFields,
    RecordState,
    Sex,
    StoreKey,
)
from kiosk.services.store.records import ScoreEntry
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.worker import SyncProgress, SyncWorker
from kiosk.services.terminal_identity import enroll

# A sibling module: the script's own folder is on sys.path when run as a file.
from _loopback_service import LoopbackService  # isort: skip

ID_NUMBER = "11010519491231002X"
NAME = "欧阳娜娜"
PHOTO_TARGET_BYTES = 50_000
PHOTO_POOL = 32  # distinct encodings; each record then gets its own bytes (a COM segment)
SAMPLE_EVERY_S = 0.02
MIB = 1024 * 1024
# "Flat": the second half of delivery adds less than this to RSS (a few MiB is allocator
# and SQLite cache noise; a leak of 2 KB per record would add ~10 MiB over 5,000 records).
FLAT_GROWTH_BYTES = 8 * MIB


def _rss_bytes(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _photo_pool(rng: np.random.Generator) -> list[bytes]:
    """Noisy 400x500 faces-ish images at the JPEG quality that lands nearest 50 KB."""
    yy, xx = np.mgrid[0:500, 0:400]
    photos = []
    quality = 0
    for _ in range(PHOTO_POOL):
        base = np.stack([(xx * 0.3 + yy * 0.2) % 255] * 3, axis=-1).astype(np.float64)
        cx, cy = rng.integers(150, 250), rng.integers(200, 300)
        cv2.ellipse(base, (int(cx), int(cy)), (110, 150), 0, 0, 360, (150, 170, 200), -1)
        noisy = np.clip(base + rng.normal(0, 10, base.shape), 0, 255).astype(np.uint8)
        if not quality:
            quality = min(
                range(30, 96, 2),
                key=lambda q: abs(
                    len(cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, q])[1])
                    - PHOTO_TARGET_BYTES
                ),
            )
        ok, encoded = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, quality])
        assert ok
        photos.append(encoded.tobytes())
    return photos


def _own_bytes(jpeg: bytes, tag: bytes) -> bytes:
    """The same picture with a JPEG comment segment (FF FE) after SOI: distinct bytes."""
    segment = b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag
    return jpeg[:2] + segment + jpeg[2:]


def _record(index: int, photo: bytes, created_at: datetime) -> CollectionInput:
    rid = uuid.uuid4()
    return CollectionInput(
        id=rid,
        created_at=created_at,
        staff_no="S0001",
        document_type=DocumentType.RESIDENT_ID,
        personal=PersonalFields(
            name=NAME, document_number=ID_NUMBER, birth_date=date(1949, 12, 31), sex=Sex.FEMALE
        ),
        face_jpeg=_own_bytes(photo, rid.bytes + index.to_bytes(4, "big")),
        face_template=tuple((index % 97 + i) / 256 for i in range(128)),
        quality=(ScoreEntry(measure="sharpness", value=120.5, passed=True, threshold=">= 80"),),
        liveness_passed=True,
        liveness_steps=("blink", "turn_left"),
        match_distance=0.31,
        match_threshold=0.5,
        attempts=1,
    )


@dataclass
class RssSampler:
    """Samples this process's (and the service's) RSS with the records delivered so far."""

    service_pid: int
    total: int
    done: int = 0
    samples: list[tuple[int, int]] = field(default_factory=list)  # (done, rss)
    service_peak: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def on_progress(self, progress: SyncProgress) -> None:
        self.done = progress.sending_done

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((self.done, _rss_bytes()))
            with contextlib.suppress(OSError):  # the service may have ended
                self.service_peak = max(self.service_peak, _rss_bytes(self.service_pid))
            self._stop.wait(SAMPLE_EVERY_S)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.samples.append((self.done, _rss_bytes()))

    def rss_at(self, fraction: float) -> int:
        """Median RSS of the samples taken while delivery was around ``fraction`` done."""
        lo, hi = (fraction - 0.05) * self.total, (fraction + 0.05) * self.total
        near = [rss for done, rss in self.samples if lo <= done <= hi]
        return int(statistics.median(near)) if near else 0

    def peak_between(self, lo: float, hi: float) -> int:
        inside = [rss for done, rss in self.samples if lo * self.total <= done <= hi * self.total]
        return max(inside, default=0)


def _service_count(database_url: str) -> int:
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return int(connection.execute("SELECT count(*) FROM hall_collections").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=SyncSettings().batch_size)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the delivery here")
    parser.add_argument("--keep", action="store_true", help="keep the work dir (both databases)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    photos = _photo_pool(rng)
    workdir = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        _run(args, photos, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, photos: list[bytes], workdir: Path) -> None:
    total: int = args.records
    with LoopbackService(workdir / "service") as service:
        service_pid = service.pid
        identity = enroll(service.base_url, service.enroll_code("bench"), "bench")
        store_path = workdir / "kiosk" / "store.sqlite3"
        with CollectionStore(store_path, StoreKey.generate()) as store:
            started = time.perf_counter()
            first = datetime.now(UTC) - timedelta(hours=1)
            for index in range(total):
                store.save(
                    _record(
                        index, photos[index % len(photos)], first + timedelta(milliseconds=index)
                    )
                )
            fill_s = time.perf_counter() - started
            photo_sizes = [len(p) for p in photos]

            sampler = RssSampler(service_pid, total)
            settings = SyncSettings(batch_size=args.batch_size)
            rss_before = _rss_bytes()
            with HttpAccountClient(service.base_url, identity) as client:
                worker = SyncWorker(store, client, settings, on_progress=sampler.on_progress)
                sampler.start()
                profiler = cProfile.Profile() if args.profile else None
                load_before = os.getloadavg()[0]
                cpu_before = (time.process_time(), _cpu_s(service_pid))
                started = time.perf_counter()
                if profiler is not None:
                    profiler.enable()
                result = worker.run_once()
                deliver_s = time.perf_counter() - started
                terminal_cpu_s = time.process_time() - cpu_before[0]
                service_cpu_s = _cpu_s(service_pid) - cpu_before[1]
                load_after = os.getloadavg()[0]
                if profiler is not None:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                sampler.stop()
            counts = store.state_counts()
        delivered = _service_count(service.database_url)

    peak = max(rss for _, rss in sampler.samples)
    at50, at90 = sampler.rss_at(0.5), sampler.rss_at(0.9)
    growth = sampler.peak_between(0.5, 1.0) - at50
    print(
        f"# {total} records, photos {min(photo_sizes)}..{max(photo_sizes)} B "
        f"(median {statistics.median(photo_sizes):.0f}), batch {args.batch_size}, "
        f"service pid {service_pid} on {service.base_url}"
    )
    print(
        f"# worker: acknowledged {result.acknowledged}, rejected {result.rejected}, "
        f"failed {result.failed} ({result.error_class}); terminal states "
        f"{ {s.value: n for s, n in counts.items() if n} }; service holds {delivered}"
    )
    print(
        f"# {os.cpu_count()} CPUs; 1-min load average {load_before:.2f} before delivery, "
        f"{load_after:.2f} after (other work on the machine stretches total_time)"
    )
    print(f"# {len(sampler.samples)} RSS samples every {SAMPLE_EVERY_S * 1000:.0f} ms")
    flat = growth < FLAT_GROWTH_BYTES
    print(
        f"# issue 4 acceptance (10,000 records in <= 60 s, flat memory): "
        f"{'met' if total >= 10_000 and deliver_s <= 60 and flat else 'NOT met'}"
    )
    print(f"fill_time: {fill_s:.1f} s")
    print(f"fill_records_per_s: {total / fill_s:.0f} records/s")
    print(f"records: {counts[RecordState.ACKNOWLEDGED]} count")
    print(f"service_records: {delivered} count")
    print(f"total_time: {deliver_s:.1f} s")
    print(f"records_per_s: {total / deliver_s:.0f} records/s")
    print(f"terminal_cpu: {terminal_cpu_s:.1f} s")
    print(f"service_cpu: {service_cpu_s:.1f} s")
    print(f"rss_before_delivery: {rss_before / MIB:.0f} MiB")
    print(f"peak_rss_terminal: {peak / MIB:.0f} MiB")
    print(f"rss_at_50pct: {at50 / MIB:.0f} MiB")
    print(f"rss_at_90pct: {at90 / MIB:.0f} MiB")
    print(f"rss_ratio_90_vs_50: {at90 / at50 if at50 else float('nan'):.3f} x")
    print(f"rss_growth_second_half: {growth / MIB:.1f} MiB")
    print(
        f"ru_maxrss_terminal: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    print(f"peak_rss_service: {sampler.service_peak / MIB:.0f} MiB")
    if counts[RecordState.ACKNOWLEDGED] != total or delivered != total:
        raise SystemExit("not every record was delivered")


if __name__ == "__main__":
    main()
