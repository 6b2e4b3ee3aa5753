"""The real-table fixtures: header block, verbatim excerpt, and the hand-made expectations."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from checker.model.location import column_index

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"
MAPPINGS = HERE / "mappings"
FILES = sorted(p.name for p in HERE.glob("*.txt"))
KINDS = {
    "rpjmd",
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


# ---- Reading the fixtures: the containers, then the whole pipeline through the registry.
#
# Each fixture is read as a user's file would be: `read_grids` (the containers) and
# `load` (the registry's public entry), with the mapping file a user would write for it
# (`mappings/NN_….toml`, `sakip-check check F --mapping m.toml`) when it has one. The
# `# key: value` block closed by `# ---` is skipped by the text container itself, so grid
# row n is line n of the fixture; an HTML fixture's cells keep the line they start on
# (`Sheet.lines`).

#: Fixtures the pipeline cannot yet read into the expected items, and why (strict xfail:
#: the day one reads, the mark must go).
NOT_READ: dict[str, str] = {
    "03_jawa_barat_kesbangpol_renstra.txt":
        "no header words above the rows (only TARGET RP. x5 and column numbers), and each "
        "label broken over 2-3 lines away from its figures' line: a mapping gives roles to "
        "columns, not labels to the figures of another line",
    "04_tanah_datar_pemkab_iku_renstra.txt":
        "one cell a line (label, then each year's value on lines of their own): no row "
        "holds a label with its numbers",
    "05_tanah_datar_pemkab_lkjip_capaian.txt":
        "prose with an inline table flowed into a paragraph: no table lines",
    "06_sampang_inspektorat_lkjip_capaian.txt":
        "the table header and two indicator rows flowed into one paragraph line, the second "
        "row cut off ('kod')",
    "07_boalemo_puskesmas_mananggu_renstra.txt":
        "PDF text with codes and numbers of several columns on the same lines; Renstra years",
    "08_region_not_stated_dinkes_renstra.txt":
        "its 19 wrapped rows are joined (wrapped_rows.py, 18 numbered; read with its mapping) "
        "but the tujuan and sasaran they measure are not printed (only the code '1.'): "
        "indicators of no item of the model, reported not read (STR-004), never given an "
        "invented item",
    "09_banten_dindikbud_renstra.txt":
        "an IKU list (KODEFIKASI, INDIKATOR, SATUAN, BASELINE 2024, 2025 … 2030) whose one "
        "indicator row lacks its KODEFIKASI cell: indicators of the agency itself, with no "
        "sasaran, program or kegiatan of the model to belong to",
    "10_kota_bogor_kantor_ketahanan_pangan_other.txt":
        "an APBD account table (rekening): no level of the model holds account rows",
    "11_nusa_tenggara_barat_biro_hukum_other.txt":
        "an RKPA form: key-value lines flowed together ('Program : … Sasaran Program :'), "
        "no table header; cut inside a number",
    "12_kendal_disdukcapil_other.txt":
        "a DPA form: account lines (rekening) and key-value lines, no table header",
    "22_demak_disdik_rencana_aksi.txt":
        "a rencana aksi flowed into one line by the host (header, sasaran, program and six "
        "kegiatan with their steps and amounts in one paragraph): no table lines",
    "13_kota_magelang_pemkot_ikk_other.txt":
        "IKK rows (urusan, indicator, formula, unit, value): with its mapping the indicators "
        "have no program, kegiatan or sasaran of the model to belong to; exit 2 with STR-004",
}
#: Single sample values (file, line) of a read fixture that the documents do not hold.
_CAPAIAN = ("the printed capaian ('Target Kinerja(%)', 97.32 and 166.67) is in the grid "
            "but no grid column role reads an indicator's capaian yet, and 'Target "
            "Kinerja' names a target in other layouts")
SAMPLE_NOT_READ: dict[tuple[str, int], str] = {
    ("01_polewali_mandar_subbid_penyusunan_anggaran_pengukuran_kinerja.txt", 26): _CAPAIAN,
    ("01_polewali_mandar_subbid_penyusunan_anggaran_pengukuran_kinerja.txt", 31): _CAPAIAN,
    ("14_sumedang_diskominfo_renstra.txt", 192):
        "read into the kegiatan's code as printed, '2 | 2 Paket | 02 | 2.02', which a code "
        "printed over several columns keeps at its first part (line 191, KOD-001 there)",
}
#: Fixtures whose listed inconsistencies are not yet all reported as findings, and why.
NOT_REPORTED: dict[str, str] = {
    name: f"not read: {reason}" for name, reason in NOT_READ.items()}
_DIGITS = re.compile(r"\d")


def _marked(table: dict[str, str]) -> list:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=table[name]))
            if name in table else name for name in FILES]


def _digits(text: object) -> str:
    """The digits of a printed or read value: `1,004,422,800`, 1004422800 → `1004422800`."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return "".join(_DIGITS.findall(str(text))).lstrip("0") or "0"


def _tokens(value: str) -> list[str]:
    """The numbers a sample names: `203.2 162.5 121.9 81.3` → four; `Rp. 509.547.700` → one."""
    return [_digits(token) for token in value.split() if _DIGITS.search(token)]


def _grid_line(sheet, row: int, col: int) -> int:
    """The fixture line of a grid cell: the cell's own line (HTML), else its row."""
    return sheet.lines.get(sheet.master(row, col), row) if sheet.lines else row


@pytest.mark.parametrize("name", FILES)
def test_grid_holds_each_sample_on_its_line(name, expectations):
    """The containers alone: every sample value is in a cell of its line, header skipped."""
    from checker.importers.containers import read_grids

    sheets = read_grids(HERE / name)
    _, separator = _header(name)
    on_line: dict[int, list[str]] = {}
    for sheet in sheets:
        for row in range(1, sheet.height + 1):
            for col, text in sheet.cells(row):
                on_line.setdefault(_grid_line(sheet, row, col), []).append(text)
    assert not any(line <= separator for line in on_line), f"{name}: header read as table"
    for sample in expectations[name]["samples"]:
        cells = on_line.get(sample["line"], [])
        found = {_digits(text) for text in cells} | {
            _digits(word) for text in cells for word in text.split()}
        for token in _tokens(sample["value"]):
            assert token in found, f"{name}:{sample['line']} {sample['value']!r} not in {cells}"


def _located(docs) -> list:
    """Everything read with its cells: items, indicators, a Renstra's values per year."""
    return [x for d in docs for x in (*d.items, *d.indicators, *d.tahunan)]


def _lines_of(docs, sheets_by_table) -> list[tuple[int, str, object, object]]:
    """(fixture line, field, value, owner) of every value the documents read."""
    out = []
    for owner in _located(docs):
        for field, where in owner.cells.items():
            if where.row is None:
                continue
            sheet = sheets_by_table.get(where.table)
            col = column_index(where.column) if where.column else 1
            line = _grid_line(sheet, where.row, col) if sheet is not None else where.row
            out.append((line, field, getattr(owner, field, None), owner))
    return out


def _mapping(name: str) -> Path | None:
    """The mapping file kept for a fixture, if it needs one (same name, ``.toml``)."""
    path = MAPPINGS / f"{Path(name).stem}.toml"
    return path if path.exists() else None


def _load(name: str):
    from checker.importers.containers import read_grids
    from checker.importers.mapping import using
    from checker.importers.registry import load

    with using(_mapping(name)):
        docs = load(HERE / name)
    sheets = {s.name: s for s in read_grids(HERE / name)}
    return docs, sheets


@pytest.mark.parametrize("name", _marked(NOT_READ))
def test_items_per_level(name, expectations):
    docs, _ = _load(name)
    counts = Counter(i.level.value for d in docs for i in d.items)
    indicators = sum(len(d.indicators) for d in docs)
    if indicators:
        counts["indikator"] = indicators
    assert dict(counts) == expectations[name]["rows"]


def _sample_params() -> list:
    """One parameter per sample value: (file, index), marked when its file is not read."""
    data = tomllib.loads((HERE / "expectations.toml").read_text(encoding="utf-8"))
    out = []
    for entry in data["fixture"]:
        for index, sample in enumerate(entry["samples"]):
            key = (entry["file"], sample["line"])
            reason = NOT_READ.get(entry["file"]) or SAMPLE_NOT_READ.get(key)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(entry["file"], index, marks=marks,
                                    id=f"{entry['file'][:2]}-line{sample['line']}"))
    return out


@pytest.mark.parametrize(("name", "index"), _sample_params())
def test_sample_read_at_its_address(name, index, expectations):
    sample = expectations[name]["samples"][index]
    docs, sheets = _load(name)
    read = _lines_of(docs, sheets)
    values = {_digits(v) for line, _, v, _ in read if line == sample["line"]
              and v is not None and _DIGITS.search(str(v))}
    for token in _tokens(sample["value"]):
        assert token in values, f"{name}:{sample['line']} {sample['value']!r}: {values}"


def _inconsistency_params() -> list:
    """One parameter per listed inconsistency: (file, index).

    It is a strict xfail when its file is not read (``NOT_REPORTED``) or when the
    expectation itself says why no finding names it yet (``not_reported = "…"``).
    """
    data = tomllib.loads((HERE / "expectations.toml").read_text(encoding="utf-8"))
    out = []
    for entry in data["fixture"]:
        for index, found in enumerate(entry.get("inconsistencies", [])):
            reason = NOT_REPORTED.get(entry["file"]) or found.get("not_reported")
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(entry["file"], index, marks=marks,
                                    id=f"{entry['file'][:2]}-line{found['line']}"))
    return out


def _findings(name: str) -> list[tuple[int, int | None, set[str]]]:
    """(fixture line, grid row, digit tokens of actual and expected) of every finding.

    `check` runs as a user would, with the fixture's mapping when it has one.
    """
    import json

    from click.testing import CliRunner

    from checker.cli.main import main

    mapping = _mapping(name)
    args = ["check", str(HERE / name), "--format", "json"]
    result = CliRunner().invoke(main, args + (["--mapping", str(mapping)] if mapping else []))
    assert result.exit_code in (0, 1), result.output
    _, sheets = _load(name)
    out = []
    for finding in json.loads(result.stdout)["findings"]:
        sheet = sheets.get(finding.get("sheet") or finding.get("table"))
        row = finding.get("row")
        if row is None:
            continue
        col = column_index(finding["column"]) if finding.get("column") else 1
        line = _grid_line(sheet, row, col) if sheet is not None else row
        said = f"{finding.get('actual')} {finding.get('expected')}"
        tokens = {_digits(word) for word in re.split(r"[\s|,;\[\]']+", said)
                  if _DIGITS.search(word)}
        out.append((line, row if sheet is not None and sheet.lines else None, tokens))
    return out


@pytest.mark.parametrize(("name", "index"), _inconsistency_params())
def test_inconsistency_is_a_finding(name, index, expectations):
    """A finding names the line, or (an HTML record spans lines) names the printed value
    as its actual or expected value on the record's row."""
    found = expectations[name]["inconsistencies"][index]
    findings = _findings(name)
    if any(line == found["line"] for line, _, _ in findings):
        return
    _, sheets = _load(name)
    rows = {r for sheet in sheets.values() for (r, _), line in sheet.lines.items()
            if line == found["line"]}
    printed = set(_tokens(found["printed"]))
    assert any(row in rows and printed & tokens for _, row, tokens in findings), (
        f"{name}:{found['line']} {found['label']!r} not reported")


def test_fixture_01_names_what_it_does_not_read():
    """Unplaced month values, the printed capaian and the % column: STR-005, not silence."""
    docs, sheets = _load("01_polewali_mandar_subbid_penyusunan_anggaran_pengukuran_kinerja.txt")
    unread = sorted(cell for d in docs for f in d.issues if f.code == "STR-005"
                    for cell in f.actual)
    # G21 'Target Kinerja(%)' (a second target-like column), H22 the months of table 1;
    # E36 'Realisasi(%)', F37 the months of table 2
    assert unread == ["E36", "F37", "G21", "H22"]
    [sheet] = sheets.values()
    assert (40, "containers.flowed_months_unplaced",
            {"values": "177,776,900 217,285,100 159,227,092 446,683,866"}) in sheet.notes
    assert sheet.value(40, 6) == "177,776,900 217,285,100 159,227,092 446,683,866"


@pytest.mark.parametrize("name", sorted(NOT_READ))
def test_what_is_not_read_is_a_clear_not_read(name):
    """A fixture the pipeline cannot read never passes: exit 2, or STR-004/005 with cells."""
    import json

    from click.testing import CliRunner

    from checker.cli.main import main

    mapping = _mapping(name)
    args = ["check", str(HERE / name), "--format", "json"]
    result = CliRunner().invoke(main, args + (["--mapping", str(mapping)] if mapping else []))
    if result.exit_code == 2:
        return
    unread = [f for f in json.loads(result.stdout)["findings"]
              if f["code"] in ("STR-004", "STR-005") and f.get("row") is not None]
    assert unread, f"{name}: exit {result.exit_code} without a finding naming what was not read"
