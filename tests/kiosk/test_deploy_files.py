"""The files a hall installs a terminal with (deploy/kiosk) name real settings and the real
command: a typo there would surface only on the first terminal at boot."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.services.service_endpoint import ServiceEndpoint
from kiosk.settings import KioskSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "kiosk"


def env_file() -> dict[str, str]:
    lines = (DEPLOY / "kiosk.env").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name: value for name, value in pairs}


def test_every_kiosk_setting_in_the_env_file_is_a_setting_and_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = env_file()
    fields = {f"KIOSK_{name.upper()}" for name in KioskSettings.model_fields}
    unknown = {name for name in env if name.startswith("KIOSK_")} - fields
    assert unknown == set()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = KioskSettings()
    endpoint = ServiceEndpoint.of(settings.service_url)  # https, not refused
    assert endpoint.base_url.startswith("https://")
    assert settings.service_ca_file is not None


def test_the_unit_starts_kiosk_run_full_screen_and_restarts() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(DEPLOY / "tax-kiosk.service", encoding="utf-8")
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert Path(argv[0]).name == "kiosk"
    args = build_parser().parse_args(argv[1:])
    assert args.command == "run" and not args.windowed
    assert unit["Service"]["Restart"] == "always"
