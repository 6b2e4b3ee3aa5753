"""The real-table fixtures: header block, verbatim excerpt, and the hand-made expectations."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"
FILES = sorted(p.name for p in HERE.glob("*.txt"))
KINDS = {
    "lkjip-realisasi-anggaran",
    "lkjip-capaian",
    "pk",
    "rencana-aksi",
    "pengukuran-kinerja",
    "renstra",
    "realisasi-triwulan",
    "other",
}
HEADER_FIELDS = ("source", "title", "retrieved", "agency", "region", "year", "kind")
NAME = re.compile(r"^\d{2}_[a-z0-9_]+\.txt$")


def _lines(name: str) -> list[str]:
    return (HERE / name).read_text(encoding="utf-8").split("\n")


def _header(name: str) -> tuple[dict[str, str], int]:
    """Header fields and the 1-based line number of the `# ---` separator."""
    fields: dict[str, str] = {}
    for number, line in enumerate(_lines(name), start=1):
        if line == "# ---":
            return fields, number
        assert line.startswith("# "), f"{name}:{number} header line without '# '"
        key, sep, value = line[2:].partition(": ")
        assert sep, f"{name}:{number} header line without 'key: value'"
        fields[key] = value
    raise AssertionError(f"{name}: no '# ---' separator")


@pytest.fixture(scope="module")
def expectations() -> dict[str, dict]:
    data = tomllib.loads((HERE / "expectations.toml").read_text(encoding="utf-8"))
    by_file = {}
    for entry in data["fixture"]:
        assert entry["file"] not in by_file, f"{entry['file']} listed twice"
        by_file[entry["file"]] = entry
    return by_file


def test_there_are_fixtures_with_proper_names():
    assert len(FILES) >= 15
    for name in FILES:
        assert NAME.match(name), name
    numbers = [name[:2] for name in FILES]
    assert numbers == [f"{i:02d}" for i in range(1, len(FILES) + 1)]


@pytest.mark.parametrize("name", FILES)
def test_header_and_verbatim_excerpt(name):
    fields, separator = _header(name)
    for key in HEADER_FIELDS:
        assert fields.get(key, "").strip(), f"{name}: header field {key!r} missing or empty"
    assert fields["source"].startswith("https://"), name
    assert fields["retrieved"] == "stored public page, 2026-12-07", name
    assert fields["kind"] in KINDS, name
    body = _lines(name)[separator:]
    with_digits = [line for line in body if re.search(r"\d", line)]
    assert len(with_digits) >= 3, f"{name}: fewer than 3 excerpt lines with digits"


@pytest.mark.parametrize("name", FILES)
def test_expectations_match_the_header(name, expectations):
    entry = expectations[name]
    fields, _ = _header(name)
    for key in ("kind", "agency", "region", "year"):
        assert entry[key] == fields[key], f"{name}: {key} differs from the header"
    assert entry["rows"], f"{name}: no row counts"
    assert all(isinstance(n, int) and n > 0 for n in entry["rows"].values()), name
    assert 2 <= len(entry["samples"]) <= 4, f"{name}: needs 2-4 sample values"


@pytest.mark.parametrize("name", FILES)
def test_samples_are_on_their_stated_lines(name, expectations):
    lines = _lines(name)
    _, separator = _header(name)
    for sample in expectations[name]["samples"]:
        line, label_line = sample["line"], sample["label_line"]
        assert line > separator and label_line > separator, f"{name}: sample in the header"
        assert sample["value"] in lines[line - 1], f"{name}:{line} lacks {sample['value']!r}"
        assert sample["label"] in lines[label_line - 1], (
            f"{name}:{label_line} lacks {sample['label']!r}"
        )


@pytest.mark.parametrize("name", FILES)
def test_inconsistencies_point_at_printed_values(name, expectations):
    lines = _lines(name)
    for found in expectations[name].get("inconsistencies", []):
        for key in ("label", "printed", "computed", "arithmetic"):
            assert found[key].strip(), f"{name}: inconsistency without {key}"
        printed = found["printed"]
        line = lines[found["line"] - 1]
        # A decimal may be printed with a comma where the expectation writes a point.
        assert printed in line or printed.replace(".", ",") in line, (
            f"{name}:{found['line']} lacks {printed!r}"
        )


def test_expectations_list_exactly_the_fixture_files(expectations):
    assert sorted(expectations) == FILES


def test_readme_lists_exactly_the_fixture_files():
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    listed = sorted(set(re.findall(r"\b\d{2}_[a-z0-9_]+\.txt\b", readme)))
    assert listed == FILES
