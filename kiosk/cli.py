"""The ``kiosk`` command: the hall terminal, the demo, enrollment, tester tools.

    kiosk run [--windowed] [--data-dir DIR]     (the hall terminal: KIOSK_SERVICE_URL, enrolled)
    kiosk demo [--windowed] [--walkthrough DIR] [--lang zh_CN|en] [--keep] [--data-dir DIR]
    kiosk enroll --service-url URL --code CODE [--name NAME] [--ca-file PEM] [--data-dir DIR]
                 [--force]
    kiosk sms outbox [--phone P] [--limit N] [--service-url URL] [--data-dir DIR]
    kiosk taxapp scan PAYLOAD --as DOCUMENT_NUMBER [--enterprise USCC] [--app etax|iit]
                      [--service-url URL] [--data-dir DIR]   (tax-app simulator, R-QR-1/2)
    kiosk devices [--data-dir DIR]
    kiosk sync run [--once] [--service-url URL] [--data-dir DIR] | sync status [--data-dir DIR]
    kiosk sync export DEST_DIR [--staff-no S] [--data-dir DIR]   (offline bundle to a drive)
    kiosk sync fetch-bundle-key [--service-url URL] [--data-dir DIR]
    kiosk camera scene KIND | play FILE | delay MS | unplug | replug | status | reset
    kiosk camera fault lost-at N [--recovers] | fault clear      (all: [--data-dir DIR])

Settings come from ``KIOSK_*`` variables (kiosk.settings); options given here win.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

import httpx

from kiosk.demo.demo_dir import DemoError, running_terminal_dir
from kiosk.devices.camera import SceneKind
from kiosk.devices.camera_control import ControlState, MockCameraControl
from kiosk.devices.cards.apdu import ApduTrace, TracingTransport
from kiosk.devices.cards.backend import Backend
from kiosk.devices.cards.certificates import parse_certificate
from kiosk.devices.cards.taxukey import TaxKeyError, TaxUKeyClient
from kiosk.devices.cards.transport import CardError, CardFailure
from kiosk.devices.device_set import build_devices, card_reader_report
from kiosk.domain.masking import mask_id_number, mask_phone
from kiosk.flows.medium_errors import medium_error
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import Lang
from kiosk.protocol.qr import TaxApp
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.log_masking import configure_logging
from kiosk.services.service_endpoint import EndpointError, ServiceEndpoint
from kiosk.services.service_file import read_service_file, service_file_path
from kiosk.services.store import CollectionStore, RecordState, StoreKey, StoreKeyError
from kiosk.services.sync.bundle import ExportError, export_bundle
from kiosk.services.sync.limits import collection_allowed
from kiosk.services.sync.settings import SyncSettings
from kiosk.services.sync.worker import SyncWorker
from kiosk.services.terminal_identity import (
    IdentityError,
    IdentityStore,
    TerminalIdentity,
    enroll,
)
from kiosk.settings import KioskSettings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
SCREENSHOTS_DIR_NAME = "screenshots"


class RunDemo(Protocol):
    """``kiosk.demo.app.run_demo`` (written with the UI)."""

    def __call__(
        self,
        settings: KioskSettings,
        *,
        windowed: bool,
        walkthrough_dir: Path | None,
        keep: bool = False,
    ) -> int | None: ...


@dataclass(frozen=True, slots=True)
class DemoPlan:
    windowed: bool
    walkthrough_dir: Path | None
    headless: bool  # no display: Qt must render offscreen


def has_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    if platform in {"win32", "darwin"}:
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def plan_demo(
    *,
    windowed: bool,
    walkthrough: Path | None,
    environ: Mapping[str, str],
    cwd: Path,
    platform: str = sys.platform,
) -> DemoPlan:
    """Without a display and without ``--windowed``, the demo records a walkthrough instead."""
    headless = not has_display(environ, platform)
    if headless and not windowed and walkthrough is None:
        walkthrough = cwd / SCREENSHOTS_DIR_NAME
    return DemoPlan(windowed=windowed, walkthrough_dir=walkthrough, headless=headless)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="办税自助终端 (tax hall kiosk)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def data_dir_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", type=Path, help="terminal data folder (KIOSK_DATA_DIR)")

    run_cmd = commands.add_parser(
        "run", help="the hall terminal: the central service (KIOSK_SERVICE_URL), real devices"
    )
    run_cmd.add_argument("--windowed", action="store_true", help="a window, not full screen")
    data_dir_option(run_cmd)

    demo = commands.add_parser("demo", help="run the kiosk with the embedded service and mocks")
    demo.add_argument("--windowed", action="store_true", help="a window, not full screen")
    demo.add_argument(
        "--walkthrough", type=Path, metavar="DIR", help="play every screen, save screenshots"
    )
    demo.add_argument("--lang", choices=[lang.value for lang in Lang], help="start language")
    demo.add_argument(
        "--keep",
        action="store_true",
        help="keep the last demo's state (by default every demo starts from the README's)",
    )
    data_dir_option(demo)

    enroll_cmd = commands.add_parser("enroll", help="register this terminal with the service")
    enroll_cmd.add_argument("--service-url", required=True, help="account service base URL")
    enroll_cmd.add_argument("--code", required=True, help="one-time enrollment code")
    enroll_cmd.add_argument("--name", default="kiosk", help="terminal name shown to admins")
    enroll_cmd.add_argument("--force", action="store_true", help="replace an existing identity")
    enroll_cmd.add_argument(
        "--ca-file", type=Path, help="PEM of the CA that signed the service (KIOSK_SERVICE_CA_FILE)"
    )
    data_dir_option(enroll_cmd)

    sms = commands.add_parser("sms", help="tester tools for the development SMS gateway")
    sms_commands = sms.add_subparsers(dest="sms_command", required=True, metavar="COMMAND")
    outbox = sms_commands.add_parser("outbox", help="print sent SMS codes, newest first")
    outbox.add_argument("--phone", help="only messages to this phone number")
    outbox.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    outbox.add_argument("--service-url", help="service base URL (default: the running demo's)")
    data_dir_option(outbox)

    taxapp = commands.add_parser("taxapp", help="tax-app simulator for testers (QR, R-QR-1/2)")
    taxapp_commands = taxapp.add_subparsers(dest="taxapp_command", required=True, metavar="COMMAND")
    scan = taxapp_commands.add_parser("scan", help="scan a terminal's QR code as a person")
    scan.add_argument("payload", metavar="PAYLOAD", help="the QR code's text (taxkiosk-qr:v1:…)")
    scan.add_argument(
        "--as",
        dest="person",
        required=True,
        metavar="DOCUMENT_NUMBER",
        help="the app's logged-in (or face-checked) person, by document number",
    )
    scan.add_argument("--enterprise", metavar="USCC", help="the app's enterprise login state")
    scan.add_argument(
        "--app",
        choices=[app.value for app in TaxApp],
        default=TaxApp.ETAX.value,
        help="etax (电子税务局, default) or iit (个人所得税: personal only)",
    )
    scan.add_argument("--service-url", help="service base URL (default: the running demo's)")
    data_dir_option(scan)

    sync = commands.add_parser("sync", help="deliver collection records to the service")
    sync_commands = sync.add_subparsers(dest="sync_command", required=True, metavar="COMMAND")
    sync_run = sync_commands.add_parser("run", help="deliver waiting records (until Ctrl-C)")
    sync_run.add_argument("--once", action="store_true", help="one round, then exit")
    sync_run.add_argument("--service-url", help="service base URL (default: the running demo's)")
    data_dir_option(sync_run)
    data_dir_option(sync_commands.add_parser("status", help="records by state, last errors"))
    export = sync_commands.add_parser(
        "export", help="write waiting records to an encrypted, signed bundle (removable drive)"
    )
    export.add_argument("dest_dir", type=Path, metavar="DEST_DIR", help="e.g. the drive's folder")
    export.add_argument("--staff-no", default=None, help="staff member doing it (audit)")
    data_dir_option(export)
    fetch_key = sync_commands.add_parser(
        "fetch-bundle-key", help="fetch the service's bundle key (needed for export)"
    )
    fetch_key.add_argument("--service-url", help="service base URL (default: the running demo's)")
    data_dir_option(fetch_key)

    devices = commands.add_parser("devices", help="print each device's status")
    data_dir_option(devices)
    devices.add_argument(
        "--card",
        action="store_true",
        help="also read the certificate medium: token, certificate, PIN status, APDU trace",
    )
    devices.add_argument("--reader", help="the reader to read (default: the first with a card)")
    devices.add_argument(
        "--emulator",
        nargs="+",
        metavar="WORD",
        help="drive the emulated Tax UKey served on vpcd (python -m kiosk.devices.cards.vpcd): "
        "insert | remove | status | latency MS | sw 6581 | holder NAME [ID]",
    )

    camera = commands.add_parser("camera", help="tester knobs of the running mock camera")
    camera_commands = camera.add_subparsers(dest="camera_command", required=True, metavar="COMMAND")
    scene = camera_commands.add_parser("scene", help="play a scripted scene")
    scene.add_argument("kind", choices=[kind.value for kind in SceneKind])
    play = camera_commands.add_parser("play", help="play an image or video file")
    play.add_argument("file", type=Path)
    delay = camera_commands.add_parser("delay", help="milliseconds between frames")
    delay.add_argument("ms", type=int)
    fault = camera_commands.add_parser("fault", help="script a camera fault")
    fault_commands = fault.add_subparsers(dest="fault_command", required=True, metavar="FAULT")
    lost_at = fault_commands.add_parser("lost-at", help="lose the camera N frames from now")
    lost_at.add_argument("frames", type=int, metavar="N")
    lost_at.add_argument("--recovers", action="store_true", help="reopening works without a replug")
    fault_clear = fault_commands.add_parser("clear", help="cancel a scripted fault")
    data_dir_option(fault_clear)
    data_dir_option(lost_at)
    data_dir_option(scene)
    data_dir_option(play)
    data_dir_option(delay)
    for name, text in [
        ("unplug", "pull the camera's cable"),
        ("replug", "plug it back in (clears faults)"),
        ("status", "print the current knob settings"),
        ("reset", "back to the defaults"),
    ]:
        data_dir_option(camera_commands.add_parser(name, help=text))
    return parser


def load_settings(args: argparse.Namespace, **overrides: Any) -> KioskSettings:
    if getattr(args, "data_dir", None) is not None:
        overrides["data_dir"] = args.data_dir
    return KioskSettings(**overrides)


def tool_settings(args: argparse.Namespace) -> KioskSettings:
    """A tester tool's settings: it acts on the kiosk running here (the demo's folder and
    mock devices while a demo runs, issue 22), else on the terminal's data directory."""
    settings = load_settings(args)
    running = running_terminal_dir(settings.data_dir)
    if running == settings.data_dir:
        return settings
    return settings.model_copy(update={"data_dir": running}).with_mock_devices()


def _run(args: argparse.Namespace, err: TextIO) -> int:
    overrides: dict[str, Any] = {"windowed": True} if args.windowed else {}
    settings = load_settings(args, **overrides)
    # Imported here so that Qt loads only for this command.
    from kiosk.app import TerminalSetupError, run_terminal  # noqa: PLC0415

    try:
        return run_terminal(settings)
    except TerminalSetupError as exc:
        print(f"kiosk run: {exc}", file=err)
        return EXIT_FAILURE


def _demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    overrides: dict[str, Any] = {"demo": True}
    if args.lang:
        overrides["language"] = Lang(args.lang)
    if args.windowed:
        overrides["windowed"] = True
    settings = load_settings(args, **overrides)
    plan = plan_demo(
        windowed=args.windowed, walkthrough=args.walkthrough, environ=os.environ, cwd=Path.cwd()
    )
    if plan.headless and plan.walkthrough_dir is not None:
        # No display: render offscreen (a platform the user chose, e.g. vnc, is kept).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if args.walkthrough is None:
            print(
                f"No display found: recording the demo walkthrough into {plan.walkthrough_dir}",
                file=out,
            )
    # Imported here so that Qt loads only for this command, not for `kiosk sms outbox`.
    from kiosk.demo.app import run_demo  # noqa: PLC0415 - Qt loads only for this command

    try:
        result = run_demo(
            settings,
            windowed=plan.windowed,
            walkthrough_dir=plan.walkthrough_dir,
            keep=args.keep,
        )
    except DemoError as exc:
        print(f"kiosk demo: {exc}", file=err)
        return EXIT_FAILURE
    return int(result) if isinstance(result, int) else EXIT_OK


def _enroll(args: argparse.Namespace, out: TextIO, err: TextIO, http: httpx.Client | None) -> int:
    settings = load_settings(args)
    store = IdentityStore(settings.data_dir)
    if store.exists() and not args.force:
        print(
            f"This terminal is already enrolled ({store.id_path}); use --force to replace it.",
            file=err,
        )
        return EXIT_FAILURE
    ca_file = args.ca_file or settings.service_ca_file
    endpoint = ServiceEndpoint.of(args.service_url, ca_file)
    try:
        identity = enroll(
            endpoint.base_url,
            args.code,
            args.name,
            http,
            timeout_s=settings.http_timeout_s,
            verify=endpoint.verify,
        )
    except UserError as exc:
        print(exc.text(settings.language), file=err)
        return EXIT_FAILURE
    store.save(identity)
    print(f"Enrolled: terminal id {identity.terminal_id} (key in {store.key_path})", file=out)
    return EXIT_OK


def _client(
    base_url: str, identity: TerminalIdentity, settings: KioskSettings, http: httpx.Client | None
) -> HttpAccountClient:
    """A tool's client: HTTPS (plain HTTP only on loopback), the CA file when set."""
    endpoint = ServiceEndpoint.of(base_url, settings.service_ca_file)
    return HttpAccountClient(
        endpoint.base_url,
        identity,
        http=http,
        timeout_s=settings.http_timeout_s,
        retries=0,
        verify=endpoint.verify,
    )


def _service_url(args: argparse.Namespace, settings: KioskSettings) -> str | None:
    return args.service_url or settings.service_url or read_service_file(settings.data_dir)


def _sms_outbox(
    args: argparse.Namespace, out: TextIO, err: TextIO, http: httpx.Client | None
) -> int:
    settings = tool_settings(args)
    base_url = _service_url(args, settings)
    if base_url is None:
        print(
            "No service URL: start `kiosk demo` (it writes "
            f"{service_file_path(settings.data_dir)}) or pass --service-url / KIOSK_SERVICE_URL.",
            file=err,
        )
        return EXIT_FAILURE
    try:
        identity = IdentityStore(settings.data_dir).load()
    except IdentityError as exc:
        print(f"{exc}; run `kiosk enroll` first.", file=err)
        return EXIT_FAILURE
    try:
        with _client(base_url, identity, settings, http) as client:
            messages = client.sms_outbox(phone=args.phone, limit=args.limit)
    except UserError as exc:
        print(exc.text(settings.language), file=err)
        return EXIT_FAILURE
    if not messages:
        print("(no messages)", file=out)
    # A tester tool: codes go to stdout only, never to a log; phones stay masked.
    for message in messages:
        print(
            f"{message.sent_at}  {mask_phone(message.phone)}  {message.purpose:<8}  {message.code}",
            file=out,
        )
    return EXIT_OK


def _taxapp_scan(
    args: argparse.Namespace, out: TextIO, err: TextIO, http: httpx.Client | None
) -> int:
    """The tax app's side of QR login / QR verification, signed by this terminal's key
    (the service offers it only in development, like the SMS outbox)."""
    settings = tool_settings(args)
    base_url = _service_url(args, settings)
    if base_url is None:
        print(
            "No service URL: start `kiosk demo` (it writes "
            f"{service_file_path(settings.data_dir)}) or pass --service-url / KIOSK_SERVICE_URL.",
            file=err,
        )
        return EXIT_FAILURE
    try:
        identity = IdentityStore(settings.data_dir).load()
    except IdentityError as exc:
        print(f"{exc}; run `kiosk enroll` first.", file=err)
        return EXIT_FAILURE
    try:
        with _client(base_url, identity, settings, http) as client:
            scanned = client.taxapp_scan(
                args.payload.strip(),
                app=TaxApp(args.app),
                person_document_number=args.person,
                enterprise_uscc=args.enterprise,
            )
    except UserError as exc:
        print(exc.text(settings.language), file=err)
        return EXIT_FAILURE
    print(
        f"扫码成功 scanned: {scanned.purpose.value}, {scanned.mode.value}, "
        f"{args.app} app, as {mask_id_number(args.person)}",
        file=out,
    )
    return EXIT_OK


def _open_store(settings: KioskSettings, err: TextIO) -> CollectionStore | None:
    key_path = settings.data_dir / settings.store.key_file
    if not key_path.exists():
        print(f"No local store key ({key_path}): nothing collected on this terminal yet.", file=err)
        return None
    try:
        key = StoreKey.load(key_path)
    except StoreKeyError as exc:
        print(str(exc), file=err)
        return None
    return CollectionStore(settings.store.database_path(settings.data_dir), key)


def _sync_settings(settings: KioskSettings) -> SyncSettings:
    return settings.sync


def _print_sync_status(store: CollectionStore, settings: KioskSettings, out: TextIO) -> None:
    counts = store.state_counts()
    print("  ".join(f"{state.value}={counts[state]}" for state in RecordState), file=out)
    lang = settings.language
    allowed, why = collection_allowed(store, datetime.now(UTC), _sync_settings(settings))
    print("collection allowed" if allowed or why is None else why.text(lang), file=out)
    for trace in store.traces(frozenset({RecordState.REJECTED})):
        reason = trace.rejection_reason if lang == Lang.ZH else trace.rejection_reason_en
        print(f"rejected {trace.id}: {reason}", file=out)
    for trace in store.traces(frozenset({RecordState.FAILED_RETRYABLE}), limit=1):
        print(f"last error: {trace.last_error_class}: {trace.last_error_text}", file=out)


def _fetch_bundle_key(
    client: HttpAccountClient, identities: IdentityStore, settings: KioskSettings, err: TextIO
) -> str | None:
    try:
        key = client.fetch_bundle_key()
    except UserError as exc:
        print(exc.text(settings.language), file=err)
        return None
    identities.save_service_bundle_key(key)
    return key


def _sync_fetch_bundle_key(
    args: argparse.Namespace,
    settings: KioskSettings,
    out: TextIO,
    err: TextIO,
    http: httpx.Client | None,
) -> int:
    base_url = _service_url(args, settings)
    if base_url is None:
        print("No service URL: pass --service-url or KIOSK_SERVICE_URL.", file=err)
        return EXIT_FAILURE
    identities = IdentityStore(settings.data_dir)
    try:
        identity = identities.load()
    except IdentityError as exc:
        print(f"{exc}; run `kiosk enroll` first.", file=err)
        return EXIT_FAILURE
    with _client(base_url, identity, settings, http) as client:
        key = _fetch_bundle_key(client, identities, settings, err)
    if key is None:
        return EXIT_FAILURE
    print(f"bundle key saved ({identities.bundle_key_path})", file=out)
    return EXIT_OK


def _sync_export(
    args: argparse.Namespace,
    store: CollectionStore,
    identity: TerminalIdentity,
    settings: KioskSettings,
    *,
    out: TextIO,
    err: TextIO,
) -> int:
    try:
        result = export_bundle(
            store,
            identity,
            identity.service_bundle_key,
            args.dest_dir,
            datetime.now(UTC),
            staff_no=args.staff_no,
        )
    except ExportError as exc:
        print(exc.text(settings.language), file=err)
        return EXIT_FAILURE
    print(
        f"exported {result.count} records to {result.path} ({result.size_bytes} bytes); "
        "they stay waiting here until an online sync or the import acknowledges them",
        file=out,
    )
    return EXIT_OK


def _sync(args: argparse.Namespace, out: TextIO, err: TextIO, http: httpx.Client | None) -> int:
    settings = tool_settings(args)
    if args.sync_command == "fetch-bundle-key":
        return _sync_fetch_bundle_key(args, settings, out, err, http)
    store = _open_store(settings, err)
    if store is None:
        return EXIT_FAILURE
    with store:
        if args.sync_command == "status":
            _print_sync_status(store, settings, out)
            return EXIT_OK
        if args.sync_command == "export":
            try:
                identity = IdentityStore(settings.data_dir).load()
            except IdentityError as exc:
                print(f"{exc}; run `kiosk enroll` first.", file=err)
                return EXIT_FAILURE
            return _sync_export(args, store, identity, settings, out=out, err=err)
        base_url = _service_url(args, settings)
        if base_url is None:
            print("No service URL: pass --service-url or KIOSK_SERVICE_URL.", file=err)
            return EXIT_FAILURE
        try:
            identity = IdentityStore(settings.data_dir).load()
        except IdentityError as exc:
            print(f"{exc}; run `kiosk enroll` first.", file=err)
            return EXIT_FAILURE
        with _client(base_url, identity, settings, http) as client:
            if identity.service_bundle_key is None:
                # While online, learn the key offline bundles need (best effort).
                _fetch_bundle_key(client, IdentityStore(settings.data_dir), settings, err)
            worker = SyncWorker(store, client, _sync_settings(settings))
            if args.once:
                result = worker.run_once()
                print(
                    f"acknowledged {result.acknowledged}, rejected {result.rejected}, "
                    f"failed {result.failed}, purged {result.purged}",
                    file=out,
                )
                _print_sync_status(store, settings, out)
                return EXIT_OK if result.error_class is None else EXIT_FAILURE
            worker.start()
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                pass
            finally:
                worker.stop()
    return EXIT_OK


def _devices(args: argparse.Namespace, out: TextIO) -> int:
    if args.emulator:
        return _drive_emulator(args.emulator, out)
    devices = build_devices(tool_settings(args))
    try:
        for report in [*devices.report(), card_reader_report(devices.cards)]:
            print(f"{report.name:<20} {report.status.value:<14} {report.description}", file=out)
        if args.card:
            return _read_card(devices.cards, args.reader, out)
        return EXIT_OK
    finally:
        devices.cards.close()


def _drive_emulator(words: list[str], out: TextIO) -> int:
    from kiosk.devices.cards.vpcd import send_command  # noqa: PLC0415 - tester tool

    try:
        reply = send_command(words)
    except OSError as exc:
        print(
            f"No emulated card is being served ({exc}). Start one with: "
            "uv run python -m kiosk.devices.cards.vpcd",
            file=out,
        )
        return EXIT_FAILURE
    print(json.dumps(reply, ensure_ascii=False), file=out)
    return EXIT_OK if reply.get("ok", True) else EXIT_FAILURE


def _read_card(backend: Backend, reader: str | None, out: TextIO) -> int:
    """What a tester wants to see of a medium, read once without touching its PIN."""
    try:
        readers = backend.readers()
        name = reader or next((r.name for r in readers if r.card_present), None)
        if name is None:
            print(medium_error(CardError(CardFailure.NO_CARD)).text(Lang.EN), file=out)
            return EXIT_FAILURE
        trace = ApduTrace()
        client = TaxUKeyClient(TracingTransport(backend.connect(name), trace))
        overview = client.read_overview()
    except (CardError, TaxKeyError) as exc:
        error = medium_error(exc)
        print(f"{error.text(Lang.EN)} ({error.details.get('detail', '')})", file=out)
        return EXIT_FAILURE
    cert = parse_certificate(overview.signing_certificate)
    now = datetime.now(UTC)
    token, pin = overview.token, overview.pin
    print(f"reader        {name}", file=out)
    print(f"medium        {token.medium.value} {token.serial} ({token.label})", file=out)
    print(f"holder        {cert.holder_name}  taxpayer id {cert.taxpayer_id or '-'}", file=out)
    print(f"issuer        {cert.issuer}  serial {cert.serial_hex}", file=out)
    print(
        f"valid         {cert.not_before:%Y-%m-%d} .. {cert.not_after:%Y-%m-%d} "
        f"({cert.validity(now).value}, {cert.days_to_expiry(now)} days left)",
        file=out,
    )
    print(
        f"password      {pin.tries_left}/{pin.max_tries} tries left"
        f"{', factory default 12345678' if token.default_pin else ''}"
        f"{', BLOCKED' if pin.blocked else ''}",
        file=out,
    )
    print("apdu trace (PIN data redacted):", file=out)
    for entry in trace.entries():
        for line in entry.line().splitlines():
            print(f"  {line.strip()}", file=out)
    return EXIT_OK


def _camera(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    control = MockCameraControl(tool_settings(args).data_dir)
    command = args.camera_command
    state: ControlState
    try:
        if command == "scene":
            state = control.set_scene(SceneKind(args.kind))
        elif command == "play":
            state = control.play(args.file)
        elif command == "delay":
            state = control.set_delay_ms(args.ms)
        elif command == "fault" and args.fault_command == "lost-at":
            state = control.lost_at(args.frames, recovers=args.recovers)
        elif command == "fault":
            state = control.clear_fault()
        elif command == "unplug":
            state = control.unplug()
        elif command == "replug":
            state = control.replug()
        elif command == "reset":
            state = control.reset()
        else:
            state = control.read()
    except (OSError, ValueError) as exc:
        print(f"camera {command}: {exc}", file=err)
        return EXIT_FAILURE
    print(f"mock camera: {state.summary()}  [{control.path}]", file=out)
    return EXIT_OK


def _long_running(args: argparse.Namespace) -> bool:
    command, sub = str(args.command), str(getattr(args, "sync_command", ""))
    return command in {"demo", "run"} or (command == "sync" and sub == "run")


def main(
    argv: list[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    http: httpx.Client | None = None,
) -> int:
    """Run one ``kiosk`` command; returns the exit status. ``http`` is for tests."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    args = build_parser().parse_args(argv)
    if argv is None and _long_running(args):
        # A real process (not a test calling main): masked logs to data_dir/logs and stderr.
        settings = load_settings(args)
        configure_logging(settings.log_level, settings.data_dir)
    try:
        return _dispatch(args, stdout, stderr, http)
    except EndpointError as exc:
        print(f"kiosk {args.command}: {exc}", file=stderr)
        return EXIT_FAILURE


def _dispatch(
    args: argparse.Namespace, stdout: TextIO, stderr: TextIO, http: httpx.Client | None
) -> int:
    if args.command == "run":
        return _run(args, stderr)
    if args.command == "demo":
        return _demo(args, stdout, stderr)
    if args.command == "enroll":
        return _enroll(args, stdout, stderr, http)
    if args.command == "sms":
        return _sms_outbox(args, stdout, stderr, http)
    if args.command == "taxapp":
        return _taxapp_scan(args, stdout, stderr, http)
    if args.command == "devices":
        return _devices(args, stdout)
    if args.command == "sync":
        return _sync(args, stdout, stderr, http)
    if args.command == "camera":
        return _camera(args, stdout, stderr)
    return EXIT_USAGE  # pragma: no cover -- argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
