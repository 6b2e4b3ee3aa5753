"""Hostile and broken files: a message naming the file and exit code 2, never a traceback.

Every file is built in code here. Each case checks the message the user reads (in English,
``--lang en``), that it names the file, and the exit code; the whole CLI runs under a
deadline so a hang fails the test instead of the suite. Memory is bounded by refusing a
workbook from its zip directory before anything is unpacked; one case proves it in a
child process whose address space is capped.
"""

from __future__ import annotations

import codecs
import os
import resource
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checker.importers import guards
from tests.trust.helpers import (
    check_json,
    cli,
    deflated_spaces,
    plan_workbook,
    raw_zip,
    rewrite_zip,
    sheet_part,
    text_plan,
)

REPO = Path(__file__).resolve().parents[2]


def refused(path: Path, words: str) -> dict:
    """Check ``path``: exit 2, one error naming the file and saying ``words``."""
    code, report = check_json(path)
    assert code == 2, report
    [error] = report["errors"]
    assert error.startswith(f"{path}: "), error
    assert words in error, error
    assert report["findings"] == []
    return report


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return plan_workbook(tmp_path_factory.mktemp("wb") / "rencana.xlsx", seed=3)


# --------------------------------------------------------------------------- workbooks
def test_a_good_workbook_is_read(workbook):
    code, report = check_json(workbook)
    assert (code, report["errors"], report["findings"]) == (0, [], [])


def test_truncated_workbook(tmp_path, workbook):
    data = workbook.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        refused(path, "damaged or incomplete")


def test_a_workbook_with_a_damaged_part(tmp_path, workbook):
    """The directory is intact but a sheet's compressed bytes are garbage."""
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as z:
        info = z.getinfo(sheet_part(workbook, "Program_Kegiatan"))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start:start + 40] = b"\xff" * 40
    path = tmp_path / "garbled.xlsx"
    path.write_bytes(bytes(data))
    refused(path, "damaged or incomplete")


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("laporan.docx", b"not a workbook")
    refused(path, "is not an Excel workbook (zip: laporan.docx)")


@pytest.mark.parametrize(("head", "said"), [
    (b"<html><body>Login</body></html>", "(HTML)"),  # a portal's error page saved as .xlsx
    (b"%PDF-1.7\n", "(PDF)"),
    (b"ID;Jenis\nRA;rencana_aksi\n", "(bytes"),  # a CSV renamed .xlsx
])
def test_other_files_named_xlsx(tmp_path, head, said):
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(head)
    refused(path, f"is not an Excel workbook {said}")


def test_zip_bomb_by_ratio_is_refused_before_unpacking(tmp_path, workbook, monkeypatch):
    monkeypatch.setattr(guards, "BOMB_MIN_PART", 1 << 20)
    part = sheet_part(workbook, "Program_Kegiatan")
    path = rewrite_zip(workbook, tmp_path / "bomb.xlsx",
                       lambda name, data: b" " * (32 << 20) if name == part else data)
    refused(path, f"would unpack to {32 << 20} bytes ({part}")


def test_zip_bomb_by_total_size(tmp_path, workbook, monkeypatch):
    monkeypatch.setattr(guards, "MAX_UNCOMPRESSED", 1 << 20)
    path = rewrite_zip(workbook, tmp_path / "big.xlsx",
                       lambda name, data: data + os.urandom(1 << 20)
                       if name.endswith("theme1.xml") else data)
    refused(path, "would unpack to")


def test_zip_bomb_in_a_child_process_with_capped_memory(tmp_path, workbook):
    """2 GiB of spaces packed in 2 MB, default limits, 1.5 GiB of address space, 60 s."""
    size = 2 << 30
    with zipfile.ZipFile(workbook) as z:
        members = [(i.filename, zlib.compress(z.read(i), 9)[2:-4],
                    zlib.crc32(z.read(i)), i.file_size) for i in z.infolist()]
    part = sheet_part(workbook, "Program_Kegiatan")
    members = [m if m[0] != part else (part, deflated_spaces(size), 0, size) for m in members]
    path = raw_zip(tmp_path / "bomb.xlsx", members)
    assert path.stat().st_size < 4 << 20

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))

    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--lang", "en", str(path)],
                          capture_output=True, text=True, timeout=120, preexec_fn=cap,
                          cwd=REPO)
    assert proc.returncode == 2, proc.stderr
    assert f"{path}: the workbook would unpack to {size} bytes" in proc.stderr  # errors there
    assert "Traceback" not in proc.stderr


def test_sheet_claiming_a_million_rows_and_every_column(tmp_path, workbook):
    part = sheet_part(workbook, "Program_Kegiatan")

    def claim(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        import re

        data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>',
                          data)
        return data if n else data.replace(b"<sheetData", b'<dimension ref="A1:XFD1048576"/>'
                                                           b"<sheetData", 1)

    path = rewrite_zip(workbook, tmp_path / "wide.xlsx", claim)
    refused(path, "sheet Program_Kegiatan holds or claims 17179869184 cells (up to XFD1048576")


def test_sheet_with_too_many_cells(tmp_path, workbook, monkeypatch):
    monkeypatch.setattr(guards, "MAX_CELLS", 50)
    refused(workbook, "holds or claims >50 cells")


def _with_formula(workbook: Path, dst: Path, cached: bytes | None) -> tuple[Path, str]:
    """The first sub-kegiatan budget replaced by a formula, with or without its value."""
    import re

    part = sheet_part(workbook, "Program_Kegiatan")
    where: list[str] = []

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        cells = list(re.finditer(rb'<c r="(J[0-9]+)"[^>]*>(<v>[0-9]+</v>)</c>', data))
        m = cells[-1]
        where.append(m.group(1).decode())
        value = b"" if cached is None else b"<v>" + cached + b"</v>"
        new = b'<c r="' + m.group(1) + b'"><f>SUM(L' + m.group(1)[1:] + b":O" + \
            m.group(1)[1:] + b")</f>" + value + b"</c>"
        return data[:m.start()] + new + data[m.end():]

    return rewrite_zip(workbook, dst, change), where[0]


def test_formulas_without_cached_values_name_their_cells(tmp_path, workbook):
    path, cell = _with_formula(workbook, tmp_path / "rumus.xlsx", None)
    refused(path, f"1 formula cell(s) hold no computed value, so they would read as blank: "
                  f"Program_Kegiatan!{cell}")


@pytest.mark.parametrize("seg", [
    b'<row r="1"><c r="A1"><f>1+1</f></c><c r="B1" t="str"><f>A1</f><v></v></c>'
    b'<c r="C1"><f>A1</f><v>2</v></c></row>',
    b'<x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c><x:c r="B1"><x:f>A1</x:f>'
    b'<x:v>2</x:v></x:c></x:row>',
    # both spellings in one segment, and a ":c " in a text before a plain cell
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>a:c b</t></is></c><c r="B1"><f>1</f></c>'
    b'<x:c r="C1"><x:f>2</x:f></x:c><c r="D1"><f>3</f><v>3</v></c></row>',
])
def test_formula_cells_are_found_as_a_search_from_the_start_finds_them(seg):
    """The cell opening searched from the ``<c `` found is the one a whole search finds."""
    def whole_search(seg: bytes, sheet: str, missing: list[str]) -> int:
        n = 0
        for m in guards._FORMULA.finditer(seg):
            start = max(seg.rfind(b"<c ", 0, m.start()), seg.rfind(b":c ", 0, m.start()))
            close = guards._CELL_CLOSE.search(seg, m.end())
            end = close.end() if close else len(seg)
            opening = seg[max(start, 0):m.start()]
            value = guards._VALUE.search(seg, m.end(), end)
            if value and (not guards._EMPTY_VALUE.match(seg, value.start())
                          or b't="str"' in opening):
                continue
            n += 1
            ref = guards._CELL_REF.search(opening)
            missing.append(f"{sheet}!{ref.group(1).decode() if ref else '?'}")
        return n

    expected: list[str] = []
    got: list[str] = []
    assert guards._formulas_without_values(seg, "S", got) == whole_search(seg, "S", expected)
    assert got == expected and got


def test_formulas_with_cached_values_are_read(tmp_path, workbook):
    from checker.importers.registry import load

    original = {(i.row, i.anggaran) for d in load(workbook) for i in d.items}
    path, cell = _with_formula(workbook, tmp_path / "rumus.xlsx", b"123")
    read = {(i.row, i.anggaran) for d in load(path) for i in d.items}
    assert (int(cell[1:]), 123) in read and read != original


def test_password_protected_workbook(tmp_path):
    # An encrypted OOXML file is an OLE compound file with an EncryptedPackage stream.
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0")
    path = tmp_path / "terkunci.xlsx"
    path.write_bytes(guards.OLE_MAGIC + bytes(504) + b"\0" * 512 + entry + bytes(1024))
    refused(path, "password-protected")


@pytest.mark.parametrize("name", ["lama.xls", "lama_diganti_nama.xlsx"])
def test_legacy_xls(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(guards.OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le")
                     + bytes(2048))
    refused(path, "legacy .xls (Excel 97-2003)")


# --------------------------------------------------------------------------- text and CSV
def _findings(path: Path) -> list[tuple]:
    _, report = check_json(path)
    assert report["errors"] == [], report["errors"]
    return [(f["code"], f["cell"], f["actual"]) for f in report["findings"]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_text_extract_in_other_encodings_reads_the_same(tmp_path, encoding):
    plain = _findings(text_plan(tmp_path / "a.txt", slip=True))
    assert plain  # one AGT-001 per row
    other = _findings(text_plan(tmp_path / f"b-{encoding}.txt", encoding=encoding,
                                slip=True))
    assert other == plain


def test_mixed_line_endings_keep_line_numbers(tmp_path):
    plain = _findings(text_plan(tmp_path / "a.txt", slip=True))
    text = (tmp_path / "a.txt").read_text(encoding="utf-8").split("\n")
    mixed = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(text[:-1]))
    path = tmp_path / "mixed.txt"
    path.write_bytes(mixed.encode())
    assert _findings(path) == plain


def _csv_plan(folder: Path, workbook: Path, encoding: str) -> Path:
    """The template's sheets saved as CSV files (one per sheet) in ``encoding``."""
    import csv
    import io

    from python_calamine import CalamineWorkbook

    folder.mkdir()
    book = CalamineWorkbook.from_path(str(workbook))
    for name in ("Dokumen", "Program_Kegiatan", "Indikator"):
        rows = book.get_sheet_by_name(name).to_python()
        out = io.StringIO()
        csv.writer(out).writerows(
            [["" if v == "" else (int(v) if isinstance(v, float) and v.is_integer() else v)
              for v in r] for r in rows])
        text = out.getvalue().replace("Pemberdayaan", "Pemberdayaan–")  # a non-ASCII dash
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def test_csv_plan_in_utf8_with_bom_is_read(tmp_path, workbook):
    _, report = check_json(_csv_plan(tmp_path / "plan", workbook, "utf-8-sig"))
    assert report["errors"] == [] and len(report["documents"]) == 1, report


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_csv_plan_in_another_encoding_names_file_and_line(tmp_path, workbook, encoding):
    folder = _csv_plan(tmp_path / "plan", workbook, encoding)
    code, report = check_json(folder)
    assert code == 2
    [error] = report["errors"]
    assert error.startswith(str(folder)) and ".csv is not UTF-8 text (line " in error, error


@pytest.mark.parametrize("name", ["rencana.csv", "rencana.txt"])
def test_a_utf16_mark_on_bytes_that_are_not_utf16(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xff\xfe\x00\x01bin")  # odd length after the mark: no UTF-16
    refused(path, "neither text nor a recognised Excel workbook")


def test_binary_bytes_in_a_text_file(tmp_path):
    path = tmp_path / "rencana.txt"
    path.write_bytes(b"\x00\x01\x02 PK\x03\x04" * 50)
    refused(path, "neither text nor a recognised Excel workbook")


# --------------------------------------------------------------------------- paths
@pytest.mark.parametrize("name", ["kosong.xlsx", "kosong.txt", "kosong.tsv"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    refused(path, "the file is empty")


def test_a_folder_given_as_a_file(tmp_path):
    folder = tmp_path / "rencana.xlsx"
    folder.mkdir()
    refused(folder, "no plan file in this folder")
    result = cli("import", str(folder), "-o", str(tmp_path / "out.xlsx"), "--lang", "en")
    assert result.exit_code == 2 and "no plan file in this folder" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_a_path_that_does_not_exist(tmp_path):
    path = tmp_path / "tidak_ada.xlsx"
    refused(path, "file or folder not found")


def test_a_file_that_changes_while_it_is_read(tmp_path, monkeypatch):
    """Truncated between stat and read: the size read differs from the size seen."""
    path = text_plan(tmp_path / "ra.txt")
    real = Path.read_bytes

    def truncating(self: Path) -> bytes:
        if self == path:
            with open(self, "r+b") as fh:
                fh.truncate(self.stat().st_size // 2)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", truncating)
    refused(path, "changed while it was being read")


def test_a_workbook_rewritten_while_it_is_read(tmp_path, workbook, monkeypatch):
    from checker.importers import template

    path = tmp_path / "wb.xlsx"
    path.write_bytes(workbook.read_bytes())
    def touching(real):
        def read_then_touch(self, p):
            docs = real(self, p)
            with open(p, "ab") as fh:  # another program appends while we read
                fh.write(b"\0")
            return docs
        return read_then_touch

    # ``check`` reads a template through read_plan (rows as frames), other commands read
    for name in ("read", "read_plan"):
        monkeypatch.setattr(template.TemplateImporter, name,
                            touching(getattr(template.TemplateImporter, name)))
    refused(path, "changed while it was being read")


def test_a_folder_with_one_bad_file_checks_the_rest_and_names_it(tmp_path):
    folder = tmp_path / "rencana"
    folder.mkdir()
    text_plan(folder / "a_eselon4.txt", slip=True)
    (folder / "b_rusak.xlsx").write_bytes(b"PK\x03\x04 cut short")
    text_plan(folder / "c_eselon4.txt")
    code, report = check_json(folder)
    assert code == 2
    assert report["errors"] == [f"{folder / 'b_rusak.xlsx'}: the workbook is damaged or "
                                "incomplete (cut short while copying or downloading?): "
                                "File is not a zip file"]
    assert [d["path"] for d in report["documents"]] == [str(folder / "a_eselon4.txt"),
                                                         str(folder / "c_eselon4.txt")]
    assert {f["file"] for f in report["findings"]} == {str(folder / "a_eselon4.txt")}


def test_an_importer_crash_names_the_file_and_spares_the_others(tmp_path, monkeypatch):
    from checker.importers.excel_layout import GridImporter

    folder = tmp_path / "rencana"
    folder.mkdir()
    text_plan(folder / "a.txt")
    (folder / "b.xlsx").write_bytes(plan_workbook(tmp_path / "x.xlsx").read_bytes())

    def broken(self, path):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(GridImporter, "read", broken)
    code, report = check_json(folder, extra=("--jobs", "1"))
    assert code == 2 and len(report["documents"]) == 1
    [error] = report["errors"]
    assert error.startswith(f"{folder / 'a.txt'}: the reader for this file failed "
                            "(ZeroDivisionError: division by zero)")


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the patched reader reaches the worker processes only by fork")
def test_a_reader_process_that_dies_is_named_and_the_rest_are_checked(tmp_path, monkeypatch):
    """--jobs 2: one file kills its reader process (as running out of memory would)."""
    from checker.importers.excel_layout import GridImporter

    folder = tmp_path / "rencana"
    folder.mkdir()
    for name in ("a.txt", "b_mati.txt", "c.txt"):
        text_plan(folder / name, slip=True)
    real = GridImporter.read

    def dies_on_b(self, path):
        if Path(path).name == "b_mati.txt":
            os._exit(9)
        return real(self, path)

    monkeypatch.setattr(GridImporter, "read", dies_on_b)
    code, report = check_json(folder, extra=("--jobs", "2"))
    assert code == 2
    assert report["errors"] == [f"{folder / 'b_mati.txt'}: the reader for this file failed "
                                "(the process reading this file stopped); please report this "
                                "as a sakip-check bug"]
    assert [Path(d["path"]).name for d in report["documents"]] == ["a.txt", "c.txt"]


# --------------------------------------------------------------------------- fuzzing
HOSTILE = settings(derandomize=True, deadline=None, max_examples=15, print_blob=False,
                   phases=(Phase.explicit, Phase.reuse, Phase.generate),
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])


@HOSTILE
@given(data=st.data())
def test_damaged_copies_of_a_workbook_never_crash(tmp_path, workbook, data):
    """Bytes flipped, cut or inserted anywhere: a message or a report, never a traceback."""
    raw = bytearray(workbook.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        how = data.draw(st.sampled_from(("flip", "cut", "insert")))
        if how == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif how == "cut":
            del raw[at:at + data.draw(st.integers(1, 64))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=16))
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes(raw))
    code, report = check_json(path)
    assert code in (0, 1, 2)
    if code == 2:
        assert all(e.startswith(str(path)) for e in report["errors"])
        assert not any("reader for this file failed" in e for e in report["errors"]), \
            report["errors"]


@HOSTILE
@given(text=st.text(st.characters(codec="utf-8"), max_size=2000),
       newline=st.sampled_from(("\n", "\r\n", "\r")), data=st.data())
def test_arbitrary_text_never_crashes(tmp_path, text, newline, data):
    """Arbitrary lines, with fragments of a real extract mixed in."""
    lines = text.split("\n")
    fragments = text_plan(tmp_path / "ok.txt").read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(0, 6))):
        lines.insert(data.draw(st.integers(0, len(lines))),
                     data.draw(st.sampled_from(fragments)))
    path = tmp_path / "acak.txt"
    encoding = data.draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252")))
    path.write_bytes(newline.join(lines).encode(encoding, errors="replace"))
    code, report = check_json(path)
    assert code in (0, 1, 2)
    assert not any("reader for this file failed" in e for e in report["errors"]), \
        report["errors"]


def test_utf16_without_bom_is_refused_as_binary(tmp_path):
    path = tmp_path / "ra.txt"
    path.write_bytes(text_plan(tmp_path / "x.txt").read_text().encode("utf-16-le"))
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    refused(path, "neither text nor a recognised Excel workbook")
