"""General stages fixed while checking the real RPJMD fixtures' findings by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from checker.importers.excel_grid import typed_number
from checker.importers.mapping import using
from checker.importers.registry import load

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real_tables"
_ROW = ("<tr><td>{kode}</td><td>{nama}</td><td>{ind}</td><td>Persen</td><td>10</td>"
        "<td>{t21}</td><td sdval=\"{rp21}\">{rp21}</td><td>{t22}</td>"
        "<td sdval=\"{rp22}\">{rp22}</td><td>Dinas Contoh</td></tr>\n")
_MAPPING = """[[table]]
grid = "Tabel 1"
header = false
first_row = 1
kind = "rpjmd"
[table.columns]
A = "kode"
B = "nama"
C = "indikator"
D = "satuan"
E = "kondisi_awal"
F = "target:2021"
G = "anggaran:2021"
H = "target:2022"
I = "anggaran:2022"
J = "pj"
"""


def test_an_html_sdval_is_a_stored_number():
    assert typed_number(Decimal("12.6353790613718"))
    assert not typed_number("12.6353790613718") and not typed_number(True)


def _funding(tmp_path: Path, rows: list[dict[str, str]]) -> dict[int, int | None]:
    html = tmp_path / "rpjmd.html"
    html.write_text("<table>\n" + "".join(_ROW.format(**r) for r in rows) + "</table>\n",
                    encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text(_MAPPING, encoding="utf-8")
    with using(mapping):
        [doc] = load(html)
    return {y.tahun: y.anggaran for y in doc.tahunan if y.indikator is None}


def _row(kode: str, ind: str, rp21: str, rp22: str) -> dict[str, str]:
    return {"kode": kode, "nama": "Program Contoh" if kode else "", "ind": ind,
            "t21": "50", "rp21": rp21, "t22": "60", "rp22": rp22}


def test_the_lines_of_an_item_that_each_print_an_amount_fund_it_together(tmp_path):
    funding = _funding(tmp_path, [_row("1.02.02", "Cakupan A", "15000000000", "20000000000"),
                                  _row("", "Cakupan B", "7454733000", "8585000000")])
    assert funding == {2021: 22454733000, 2022: 28585000000}


def test_lines_that_repeat_one_amount_fund_the_item_once(tmp_path):
    funding = _funding(tmp_path, [_row("1.02.02", "Cakupan A", "900000000", "950000000"),
                                  _row("", "Cakupan B", "900000000", "950000000")])
    assert funding == {2021: 900000000, 2022: 950000000}


def test_fixture_17_program_funding_is_the_sum_of_its_five_lines():
    """RPJMD Sumedang, 1.02.02: 15 + 15 + 7.454733 + 30 + 143.972465821 billion in 2021."""
    name = "17_sumedang_dinkes_rpjmd"
    with using(REAL / "mappings" / f"{name}.toml"):
        [doc] = load(REAL / f"{name}.txt")
    [row] = [y for y in doc.tahunan if y.item == "1.02.02" and y.tahun == 2021
             and y.indikator is None]
    assert row.anggaran == 211_427_198_821
    assert row.cells["anggaran"].cell == "K2"
    assert row.raw["anggaran"].count(" + ") == 4
    assert any("K2, K3, K4, K5, K6" in note for note in doc.tables[0].notes)
