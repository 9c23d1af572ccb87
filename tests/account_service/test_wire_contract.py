"""Issue 16: one contract between the kiosk and the service. Every ``/v1`` route takes and
answers the shared wire models of ``kiosk.protocol`` (never an untyped dict), and the
OpenAPI document says so; the kiosk's client validates every answer against the same
models (``kiosk/services/signed_http.py``) and has no per-endpoint parsing left."""

from __future__ import annotations

import ast
import inspect
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute

import kiosk.protocol
from account_service.app import create_app
from tests.support.live_service import service_settings

ROOT = Path(__file__).resolve().parents[2]
HTTP_CLIENT = ROOT / "kiosk" / "services" / "http_client.py"


def _app() -> FastAPI:
    # Development profile: the development routes (SMS outbox, tax-app simulator) too.
    return create_app(service_settings("sqlite://", Path("unused-data-dir")))


def _api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # an included router
        if included is not None:
            yield from _api_routes(included.routes)


def _routes() -> list[APIRoute]:
    return [r for r in _api_routes(_app().routes) if r.path.startswith("/v1")]


ROUTES = _routes()


def _models(annotation: Any) -> list[Any]:
    """The classes an annotation names (through unions, Annotated and RootModel)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _models(arg)]
    if origin is not None and get_args(annotation):  # Annotated[X, ...]
        return _models(get_args(annotation)[0])
    if annotation is type(None):
        return []
    return [annotation]


def _is_wire_model(cls: Any) -> bool:
    return (
        inspect.isclass(cls)
        and issubclass(cls, BaseModel)
        and cls.__module__.startswith(f"{kiosk.protocol.__name__}.")
    )


def test_the_service_has_routes_to_check() -> None:
    assert len(ROUTES) >= 40


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{sorted(r.methods)[0]} {r.path}")
def test_every_route_answers_a_shared_wire_model(route: APIRoute) -> None:
    answers = _models(route.response_model)
    assert answers, f"{route.path} declares no response model (it would answer any dict)"
    for model in answers:
        assert _is_wire_model(model), f"{route.path} answers {model!r}, not a kiosk.protocol model"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{sorted(r.methods)[0]} {r.path}")
def test_every_request_body_is_a_shared_wire_model(route: APIRoute) -> None:
    if route.body_field is None:
        return
    for model in _models(route.body_field.field_info.annotation):
        assert _is_wire_model(model), f"{route.path} takes {model!r}, not a kiosk.protocol model"


@pytest.mark.expected_log(r"DEVELOPMENT profile")
def test_the_openapi_document_names_a_schema_for_every_answer() -> None:
    document = _app().openapi()
    wire_names = {
        name
        for module in kiosk.protocol.__dict__.values()
        if inspect.ismodule(module)
        for name, cls in vars(module).items()
        if _is_wire_model(cls)
    }
    checked = 0
    for path, operations in document["paths"].items():
        if not path.startswith("/v1"):
            continue
        for method, operation in operations.items():
            success = next(v for k, v in operation["responses"].items() if k.startswith("2"))
            schema = success["content"]["application/json"]["schema"]
            refs = [
                s["$ref"] for s in schema.get("anyOf", schema.get("oneOf", [schema])) if "$ref" in s
            ]
            assert refs, f"{method.upper()} {path}: the answer has no named schema: {schema}"
            for ref in refs:
                assert ref.rsplit("/", 1)[-1] in wire_names, f"{method.upper()} {path}: {ref}"
            checked += 1
    assert checked == len(ROUTES)


@pytest.mark.parametrize(
    "path", [HTTP_CLIENT, *sorted(HTTP_CLIENT.parent.glob("http_*.py"))], ids=lambda p: p.name
)
def test_the_kiosk_client_has_no_per_endpoint_parsing(path: Path) -> None:
    """The client and its parts (``http_hall``, ``http_enterprise``): one or two lines per
    endpoint, answers read through the wire models."""
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 350
    tree = ast.parse(source)
    lookups = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ]
    assert not lookups, "answers are read through the wire models, not body['...']"
    assert "json()" not in source and "_parse" not in source
