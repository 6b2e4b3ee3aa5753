"""Shared pieces of the ``sakip-check serve`` tests: an app, its client, the sample files."""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from checker.dsl.registry import load_registry
from checker.exporters.template import write_template
from checker.importers.registry import load
from checker.web.app import ServeConfig, create_app
from tests.conftest import SEEDS

SEED_TEXT = SEEDS / "000_a618195849f537cf.txt"
SCRIPT = "<script>document.title='pwned'</script>"


def _lombok_template() -> Path:
    """Seed 000 (Dinas Sosial Kab. Lombok Timur 2024) as the canonical template workbook.

    A planner's workbook with a known true error (TGT-001 at Indikator!E18) and a known
    warning (SAT-003 at D3); built once per test session in a private folder, so the
    repository keeps one plan per document in sample_plans/.
    """
    folder = Path(tempfile.mkdtemp(prefix="sakip-web-sample-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "lombok_timur_rencana_aksi_2024.xlsx"
    write_template(path, load(SEED_TEXT))
    return path


SAMPLE = _lombok_template()


@pytest.fixture(scope="session")
def registry():
    return load_registry(())


@pytest.fixture
def make_client(registry) -> Iterator:
    """``make_client(**config)``: a started app (its lifespan runs) and its test client."""
    clients: list[TestClient] = []

    def make(**options) -> TestClient:
        client = TestClient(create_app(ServeConfig(**options), registry))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def script_workbook() -> bytes:
    """The Lombok Timur sample with markup in the indicator name SAT-003 quotes (D3)."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Indikator"]
    sheet["C3"] = f"{SCRIPT} {sheet['C3'].value}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: TestClient, *files: tuple[str, bytes], lang: str = "id", **kw):
    """POST the files as the form does."""
    return client.post("/periksa", files=[("files", f) for f in files], data={"lang": lang},
                       follow_redirects=False, **kw)


def sample_bytes(path: Path = SAMPLE) -> bytes:
    return path.read_bytes()
