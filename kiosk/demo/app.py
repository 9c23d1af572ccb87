"""``kiosk demo``: the product's terminal (``kiosk.app.terminal``) on the embedded account
service with the demo world, the mock devices and the tester tools; or, with a walkthrough
folder, every screen played and saved as PNGs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import cv2

from kiosk.app import qt_application, show, terminal
from kiosk.demo.agent_card import DEMO_AGENT_CERT_PIN, demo_agent_card
from kiosk.demo.demo_dir import DemoError, fresh_demo_dir
from kiosk.demo.enterprise_card import demo_enterprise_card
from kiosk.demo.taxapp_strip import ScanPerson, install_taxapp_strip
from kiosk.demo.ui_driver import DriverError
from kiosk.demo.walkthrough import DemoLogin, ShiftedClock, run_walkthrough
from kiosk.demo.walkthrough_certificate import CardDemo
from kiosk.demo.walkthrough_staff import StaffDemo
from kiosk.devices.camera import Camera, SceneKind
from kiosk.devices.camera_control import MockCameraControl
from kiosk.devices.camera_scenes import build_scene
from kiosk.devices.cards.backend import Backend
from kiosk.devices.cards.fake_backend import DEFAULT_FAKE_READER, FakeBackend
from kiosk.devices.device_set import build_devices
from kiosk.devices.mock_camera import MockCamera
from kiosk.protocol.errors import UserError
from kiosk.protocol.messages import ErrorCode
from kiosk.services.http_client import HttpAccountClient
from kiosk.services.service_file import clear_service_file, write_service_file
from kiosk.services.sync.drives import make_demo_drive
from kiosk.services.terminal_identity import IdentityStore, TerminalIdentity, enroll
from kiosk.settings import KioskSettings
from kiosk.ui.journeys.tester.panel import TesterSources
from kiosk.ui.main_window import MainWindow

TERMINAL_NAME = "demo kiosk"
DEMO_DRIVES_SUBDIR = "demo-drives"
SERVICE_SUBDIR = "account_service"
DEMO_FACE_FILE = "demo-resident-face.png"  # the demo camera's astronaut, as a reference
CodeFactory = Callable[[str], str]


def run_demo(
    settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None, keep: bool = False
) -> int:
    """Run the demo kiosk; with ``walkthrough_dir``, record the walkthrough PNGs and return.

    The demo's world lives in its own folder (``demo_dir``), started afresh unless ``keep``;
    the walkthrough always runs in a scratch folder of its own, so neither depends on, nor
    changes, what an earlier run or a tester left (issue 22)."""
    settings = settings.with_mock_devices()
    if walkthrough_dir is not None:
        with tempfile.TemporaryDirectory(prefix="tax-kiosk-walkthrough-") as scratch:
            scratch_settings = settings.model_copy(update={"data_dir": Path(scratch)})
            return _run_demo(scratch_settings, windowed=windowed, walkthrough_dir=walkthrough_dir)
    demo_settings = settings.model_copy(
        update={"data_dir": fresh_demo_dir(settings.data_dir, keep=keep)}
    )
    return _run_demo(demo_settings, windowed=windowed, walkthrough_dir=None)


def _run_demo(settings: KioskSettings, *, windowed: bool, walkthrough_dir: Path | None) -> int:
    if walkthrough_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication
    app = qt_application(settings)
    clock = ShiftedClock()
    demo_drives = settings.data_dir / DEMO_DRIVES_SUBDIR
    make_demo_drive(demo_drives)  # the demo's "USB drive" (a marked folder)
    with embedded_service(settings) as client:
        devices = build_devices(settings)
        add_demo_agent_card(devices.cards)
        knobs = (
            MockCameraControl(settings.data_dir) if isinstance(devices.camera, MockCamera) else None
        )
        tester = TesterSources(
            device_report=devices.report, sms_outbox=client.sms_outbox, camera=knobs
        )
        with terminal(
            settings, client, devices, clock=clock, tester=tester, drive_roots=(demo_drives,)
        ) as window:
            install_demo_taxapp(window, client)
            if walkthrough_dir is None:
                show(window, settings, windowed=windowed)
                return app.exec()
            try:
                saved = run_walkthrough(
                    window,
                    client,
                    walkthrough_dir,
                    demo_login(),
                    advance_idle_clock=clock.advance,
                    staff=demo_staff(devices.camera),
                    cards=demo_cards(devices.cards, client),
                    camera=devices.camera if isinstance(devices.camera, MockCamera) else None,
                )
            except DriverError as exc:  # any step of the walkthrough, said in one sentence
                written = len(list(walkthrough_dir.rglob("*.png")))
                raise DemoError(
                    f"the walkthrough stopped after {written} screenshots: {exc}"
                ) from None
            print(f"{len(saved)} screenshots in {walkthrough_dir.resolve()}")
            return 0


def install_demo_taxapp(window: MainWindow, client: HttpAccountClient) -> None:
    """The tax-app simulator on the QR screen: the demo people and the demo enterprise the
    embedded service knows (R-QR-1/2)."""
    from account_service.demo import DEMO_ENTERPRISE, DEMO_PERSONS  # noqa: PLC0415 - heavy

    people = tuple(ScanPerson(p.name, p.document_number) for p in DEMO_PERSONS)
    install_taxapp_strip(window, client, people, enterprise_uscc=DEMO_ENTERPRISE.code)


DEMO_AGENT_READER = "Fake Reader 01"
DEMO_ENTERPRISE_READER = "Fake Reader 02"


def add_demo_agent_card(backend: Backend) -> None:
    """The demo's second reader holds the demo agent's (王五's) Tax UKey, whose certificate
    the demo service has on record (R-AG-2); the third the Tax UKey of 北京示例科技, on
    record for the 企业业务 certificate login (seed 002 四11, password Corp2026)."""
    if not isinstance(backend, FakeBackend):
        return
    now = datetime.now(UTC)
    card, _issued = demo_agent_card(now)
    backend.add_reader(DEMO_AGENT_READER)
    backend.insert(DEMO_AGENT_READER, card)
    enterprise_card, _issued = demo_enterprise_card(now)
    backend.add_reader(DEMO_ENTERPRISE_READER)
    backend.insert(DEMO_ENTERPRISE_READER, enterprise_card)


def demo_staff(camera: Camera) -> StaffDemo | None:
    """The walkthrough's staff member and its hands on the mock camera."""
    from account_service.demo import DEMO_STAFF  # noqa: PLC0415 - demo data, demo only

    if not isinstance(camera, MockCamera):
        return None
    staff = DEMO_STAFF[0]
    return StaffDemo(
        staff_no=staff.staff_no,
        password=staff.password,
        set_scene=camera.set_scene,
        lose_camera=camera.fail_after,
        replug_camera=camera.replug,
    )


def demo_cards(backend: Backend, client: HttpAccountClient) -> CardDemo | None:
    """The walkthrough's hands on the demo media: the enterprise's Tax UKey (factory
    password) and the demo agent's, each in its fake reader."""
    if not isinstance(backend, FakeBackend):
        return None
    enterprise = backend.card_in(DEFAULT_FAKE_READER)
    agent = backend.card_in(DEMO_AGENT_READER)
    if enterprise is None or agent is None:
        return None

    def remove_all() -> None:
        for reader in (DEFAULT_FAKE_READER, DEMO_AGENT_READER, DEMO_ENTERPRISE_READER):
            backend.remove(reader)

    return CardDemo(
        remove_all=remove_all,
        insert=lambda: backend.insert(DEFAULT_FAKE_READER, enterprise),
        insert_agent=lambda: backend.insert(DEMO_AGENT_READER, agent),
        agent_password=DEMO_AGENT_CERT_PIN.decode(),
        sms_code=lambda: client.sms_outbox(limit=1)[0].code,
    )


def demo_face_photos(data_dir: Path) -> dict[str, Path]:
    """The demo residents' photos this machine has: the mock camera's own picture of the
    astronaut (written once into ``data_dir``: the whole photo also shows a face-like
    mission patch, stack-notes), and the face_recognition test photos once a test run
    fetched them into the cache."""
    from account_service.authority.demo import photo_cache_dir  # noqa: PLC0415 - demo only

    astronaut = data_dir / DEMO_FACE_FILE
    if not astronaut.is_file():
        frame = build_scene(SceneKind.GOOD).frames[0]  # what the demo camera shows
        cv2.imwrite(str(astronaut), frame)
    cached = photo_cache_dir()
    photos = {name: cached / f"{name}.jpg" for name in ("obama", "biden")}
    return {"astronaut": astronaut, **photos}


def demo_login() -> DemoLogin:
    """The published demo person the walkthrough logs in as (张三, by ID number)."""
    from account_service.demo import DEMO_PERSONS  # noqa: PLC0415 - demo data, demo only

    zhang = next(p for p in DEMO_PERSONS if p.phone and not p.initial_password)
    return DemoLogin(zhang.document_number, zhang.password, zhang.phone or "")


@contextmanager
def embedded_service(settings: KioskSettings) -> Iterator[HttpAccountClient]:
    """Start the service, enroll this terminal once, publish the URL; stop it all after."""
    from account_service.authority.demo import give_demo_faces  # noqa: PLC0415
    from account_service.embedded import EmbeddedService  # noqa: PLC0415 - heavy import
    from account_service.settings import AccountServiceSettings, Profile  # noqa: PLC0415

    service_dir = settings.data_dir / SERVICE_SUBDIR
    service_dir.mkdir(parents=True, exist_ok=True)
    # The demo: development profile (the SMS outbox and the tax-app simulator for testers).
    service_settings = AccountServiceSettings(
        data_dir=service_dir, access_log=False, profile=Profile.DEVELOPMENT
    )
    with EmbeddedService(service_settings, load_demo=True) as service:
        give_demo_faces(service.session_factory, demo_face_photos(service_dir))
        store = IdentityStore(settings.data_dir)
        new_code = service.create_enroll_code
        if store.exists():
            client = _client(settings, service.base_url, store.load())
            if not _known(client):  # the service's database was reset since we enrolled
                client.close()
                client = _client(
                    settings, service.base_url, _enroll(store, service.base_url, new_code)
                )
        else:
            client = _client(settings, service.base_url, _enroll(store, service.base_url, new_code))
        write_service_file(settings.data_dir, service.base_url)
        try:
            yield client
        finally:
            client.close()
            clear_service_file(settings.data_dir)


def _enroll(store: IdentityStore, base_url: str, new_code: CodeFactory) -> TerminalIdentity:
    identity = enroll(base_url, new_code(TERMINAL_NAME), TERMINAL_NAME)
    store.save(identity)
    return identity


def _client(
    settings: KioskSettings, base_url: str, identity: TerminalIdentity
) -> HttpAccountClient:
    return HttpAccountClient(
        base_url, identity, retries=settings.http_retries, timeout_s=settings.http_timeout_s
    )


def _known(client: HttpAccountClient) -> bool:
    try:
        client.sms_outbox(limit=1)  # a signed call: does the service know this terminal?
    except UserError as error:
        if error.code is ErrorCode.TERMINAL_UNAUTHORIZED:
            return False
        raise
    return True
