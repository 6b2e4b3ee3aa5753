"""The shipped nomenclature: codes in both styles, names as real documents write them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.reference import (
    LEVELS,
    SAME_ITEM,
    SOURCE_2019,
    SOURCE_2023,
    SUGGEST,
    NomenclatureError,
    is_wellformed,
    level_of_code,
    load_nomenclature,
    nomenclature,
    normalise_code,
    official_indikator,
    official_satuan,
    parent_code,
)


@pytest.fixture(scope="module")
def nom():
    return nomenclature()


# --- codes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("kode", "nama", "source"), [
    ("1.06.04.2.01.0001", "Penyediaan Permakanan", SOURCE_2023),
    ("1.06.04.2.01.01", "Penyediaan Permakanan", SOURCE_2019),
    # The two numberings differ: 13 in 2019 is 0012 in 2023.
    ("1.06.04.2.01.13", "Pemberian Layanan Rujukan", SOURCE_2019),
    ("1.06.04.2.01.0012", "Pemberian Layanan Rujukan", SOURCE_2023),
    ("1.06.06.2.02.0002", "Koordinasi, Sosialisasi dan Pelaksanaan Taruna Siaga Bencana",
     SOURCE_2023),
])
def test_by_code_in_both_styles(nom, kode, nama, source):
    entry = nom.by_code(kode)
    assert entry is not None
    assert (entry.nama, entry.source, entry.level) == (nama, source, "sub_kegiatan")


def test_two_digit_code_not_in_2019_list_reads_as_padded_2023(nom):
    assert nom.by_code("1.06.04.2.01.0013") is None
    entry = nom.by_code("2.08.02.2.01.01")
    assert entry is not None and entry.kode == "2.08.02.2.01.0001"
    assert entry.source == SOURCE_2023


@pytest.mark.parametrize("written", [
    "1.06.04.2.01.0001", " 1.06.04.2.01.0001 ", "1.06.04.2.01.0001.", "1. 06. 04. 2. 01. 0001",
    "1.06.04.2.01.01.",
])
def test_by_code_tolerates_extraction_noise(nom, written):
    assert nom.by_code(written).nama == "Penyediaan Permakanan"


def test_penunjang_under_agency_bidang(nom):
    sub = nom.by_code("1.06.01.2.01.0001")
    assert (sub.kode, sub.nama) == ("1.06.01.2.01.0001",
                                    "Penyusunan Dokumen Perencanaan Perangkat Daerah")
    assert sub.satuan == "Dokumen"
    assert nom.by_code("1.06.01.2.01.01").kode == "1.06.01.2.01.0001"  # 2021 style
    assert nom.by_code("2.08.01").nama.startswith("PROGRAM PENUNJANG")
    assert nom.by_code("1.06.01.2.01").nama == (
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah")
    # Only under a bidang that exists, and never the placeholders themselves.
    assert nom.by_code("1.99.01") is None
    assert nom.by_code("X") is None and nom.by_code("X.XX") is None


def test_parent_code_chain(nom):
    chain = []
    code = "1.06.04.2.01.01"
    while code is not None:
        chain.append(code)
        code = nom.parent_code(code)
    assert chain == ["1.06.04.2.01.01", "1.06.04.2.01", "1.06.04", "1.06", "1"]
    assert [nom.by_code(c).level for c in chain] == [
        "sub_kegiatan", "kegiatan", "program", "bidang_urusan", "urusan"]


@pytest.mark.parametrize("kode", [
    "1.06.2.01", "1.06.04.2.01.001x", "1.06.04.2", "1.06.04.2.01.001", "1.6.04",
    "1.06.01.5.1.01", "", "abc", "1.06.04.2.01.00001", "1.XX.01", "X.06.01",
])
def test_malformed_codes(nom, kode):
    assert not nom.is_wellformed(kode)
    assert nom.normalise_code(kode) is None
    assert nom.level_of_code(kode) is None
    assert nom.by_code(kode) is None


@pytest.mark.parametrize(("kode", "level", "canonical"), [
    ("1", "urusan", "1"),
    ("1.06", "bidang_urusan", "1.06"),
    ("1.06.04", "program", "1.06.04"),
    ("1.06.04.2.01", "kegiatan", "1.06.04.2.01"),
    ("1.06.04.2.01.01", "sub_kegiatan", "1.06.04.2.01.0001"),
    ("1.06.04.2.01.0013", "sub_kegiatan", "1.06.04.2.01.0013"),
])
def test_level_and_normalised_form(nom, kode, level, canonical):
    assert nom.level_of_code(kode) == level
    assert nom.normalise_code(kode) == canonical


# --- names --------------------------------------------------------------------------------

@pytest.mark.parametrize(("nama", "level", "kode"), [
    ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "sub_kegiatan", "1.06.01.2.01.0001"),
    ("Koordinasi, Sosialisasi dan Pelaksanaan Taruna Siaga Bencana", "sub_kegiatan",
     "1.06.06.2.02.0002"),
    ("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "kegiatan",
     "1.06.01.2.01"),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "program", "1.06.01"),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA", "program", "1.06.01"),
])
def test_exact_names_from_seed_000(nom, nama, level, kode):
    (entry, score), *_ = nom.match_name(nama, level=level, within="1.06")
    assert (entry.kode, score) == (kode, 1.0)


def test_near_miss_is_found_below_one(nom):
    (entry, score), *_ = nom.match_name("Fasilitas Bantuan Sosial Kesejahteraan Keluarga",
                                        level="sub_kegiatan")
    assert entry.nama == "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga"
    assert entry.kode == "1.06.05.2.02.0003"
    assert 0.9 <= score < 1.0


def test_official_satuan_and_indikator():
    assert official_satuan("1.06.04.2.01.0001") == "Orang"
    assert official_indikator("1.06.01.2.01.0001") == "Jumlah Dokumen Perencanaan Perangkat Daerah"
    # 2019 list has no units; the 2023 item of the padded code names the same item.
    assert official_satuan("1.06.04.2.01.01") == "Orang"
    # ...but not when the padded 2023 code is another item.
    assert official_satuan("1.06.04.2.01.13") is None


def test_cleaned_satuan_keeps_raw(nom):
    entry = nom.by_code("1.03.05.2.01.0020")
    assert (entry.satuan, entry.satuan_raw) == ("M³/Hari", "MÂ³/Hari")


def test_nomenclature_is_cached():
    assert nomenclature() is nomenclature()


def test_readings_give_both_numberings(nom):
    found = nom.readings("1.06.04.2.02.08")
    assert [(e.kode, e.source) for e in found] == [
        ("1.06.04.2.02.08", SOURCE_2019), ("1.06.04.2.02.0008", SOURCE_2023)]
    assert "Disabilitas" in found[0].nama and "PMKS" in found[1].nama
    assert nom.by_code("1.06.04.2.02.08", source=SOURCE_2023).kode == "1.06.04.2.02.0008"
    assert nom.readings("1.06.2.01") == []


def test_shipped_lists_are_consistent(nom):
    for entry in nom:
        assert nom.level_of_code(entry.kode) == entry.level, entry.kode
        parent = nom.parent_code(entry.kode)
        if parent is not None and not entry.kode.startswith("X.XX"):
            assert nom.by_code(parent) is not None, entry.kode
    subs = nom.entries("sub_kegiatan", source=SOURCE_2023)
    assert len(subs) == 3395
    assert all(e.satuan and e.indikator for e in subs)
    assert len(nom.entries(source=SOURCE_2019)) == 69


def test_entries_place_penunjang_under_the_bidang(nom):
    kegiatan = nom.entries("kegiatan", prefix="1.06.01")
    assert len(kegiatan) == 16
    assert kegiatan[0].kode == "1.06.01.2.01" and not kegiatan[0].is_template
    assert len(nom.entries("sub_kegiatan", prefix="1.06.04.2.01", source=SOURCE_2023)) == 12
    assert {e.kode for e in nom.entries("program", prefix="1.06")} == {
        "1.06.01", "1.06.02", "1.06.03", "1.06.04", "1.06.05", "1.06.06", "1.06.07"}
    with pytest.raises(ValueError):
        nom.entries("subkegiatan")


@pytest.mark.parametrize(("kode", "provincial", "authority"), [
    ("1.06.04.1.01", True, "provinsi"),
    ("1.06.04.1.01.0001", True, "provinsi"),
    ("1.06.04.2.01", False, "kabupaten_kota"),
    ("1.06.02.3.03.0006", False, "otsus_papua"),
    ("1.06.02.4.03", False, "otsus_papua"),
    ("1.06.04", False, None),
    ("1.06.2.01", False, None),
])
def test_provincial_kegiatan(nom, kode, provincial, authority):
    assert nom.is_provincial_kegiatan(kode) is provincial
    assert nom.kegiatan_authority(kode) == authority


def test_digits_5_and_7_are_special_autonomy(nom):
    digits = {e.kode.split(".")[3] for e in nom.entries("kegiatan", source=SOURCE_2023)}
    assert digits == {"2", "3", "4", "5", "7"}
    assert nom.kegiatan_authority("5.01.02.5.01") == "keistimewaan_diy"
    assert nom.kegiatan_authority("1.01.02.7.01") == "kekhususan_aceh"


# --- cleaned values ---------------------------------------------------------------------

def test_glued_words_are_split_and_raw_kept(nom):
    bidang = nom.by_code("1.03")
    assert bidang.nama == "URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG"
    assert bidang.nama_raw.endswith("UMUMDAN PENATAAN RUANG")
    assert nom.by_code("1.06.06.3.02").nama.endswith("Kesiapsiagaan Bencana Kabupaten/Kota")


def test_satuan_typos_and_case_are_cleaned(nom):
    raw_to_clean = {(e.satuan_raw, e.satuan) for e in nom if e.satuan_raw}
    assert ("Dokuman", "Dokumen") in raw_to_clean
    assert ("laporan", "Laporan") in raw_to_clean
    assert ("UNIT", "Unit") in raw_to_clean
    assert ("Unit/ Fasyankes", "Unit/Fasyankes") in raw_to_clean
    cleaned = {clean for _, clean in raw_to_clean}
    assert not {"Dokuman", "Doumen", "laporan", "MÂ³/Hari"} & cleaned


# --- names: the score bands ------------------------------------------------------------

def _score(nom, nama, kode, **kw):
    """Score of the official item ``kode`` among the matches of ``nama`` in its bidang."""
    within = ".".join(kode.split(".")[:2]) if "." in kode else None
    for entry, score in nom.match_name(nama, limit=10, within=within, **kw):
        if nom.normalise_code(entry.kode) == nom.normalise_code(kode):
            return score
    raise AssertionError(f"{kode} not among the matches of {nama!r}")


@pytest.mark.parametrize(("nama", "kode", "low", "high"), [
    # Same words written differently (real seed names): 0.9 up to 1.
    ("Koordinasi & Penyusunan Laporan Keuangan Akhir Tahun SKPD", "1.06.01.2.02.0005", 1.0, 1.0),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA", "1.06.01", 1.0, 1.0),
    ("Proram Rehabilitasi Sosial", "1.06.04", 1.0, 1.0),
    ("Perencanaan Penganggaran,dan Evaluasi Kinerja Perangkat Daerah", "1.06.01.2.01", 1.0, 1.0),
    ("Adminstrasi Umum Perangkat Daerah", "1.06.01.2.06", 0.95, 0.99),
    ("Penyediaan Barang Cetak dan Penggandaan", "1.06.01.2.06.0005", 0.95, 0.99),
    ("Penyediaan Bahan Bacaan dan Peraturan Perundangan-Undangan", "1.06.01.2.06.0006",
     0.95, 0.99),
    ("Pemberian Akses Layanan Pendidikan Dan Kesehatan Dasar (Pemutahiran data PBI)",
     "1.06.04.2.01.0008", 0.9, 0.97),
    ("Kerjasama Antar Lembaga dan Kemitraan dalam Pelaksanaan Rehabilitasi Sosial",
     "1.06.04.2.02.0014", 1.0, 1.0),
    # A content word missing, added or replaced: a near miss, below 0.9.
    ("Koordinasi dan Penyusunan Dokumen RKA-SKPD", "1.06.01.2.01.0003", 0.7, 0.89),
    ("Koordinasi, Sosialisasi dan Pelaksanaan Kampung Siaga Bencana", "1.06.06.2.02.0002",
     0.5, 0.8),
    ("Pengadaan Mebel", "1.06.01.2.09.0005", 0.0, 0.6),
    ("URUSAN PEMERINTAHAN BIDANG PERTANIAN", "2.10", 0.0, 0.7),
    ("Pembangunan Sistem Penyediaan Air Minum (SPAM) Jaringan Perpipaan",
     "1.03.03.2.01.0022", 0.0, 0.7),
])
def test_score_bands(nom, nama, kode, low, high):
    level = nom.level_of_code(kode)
    assert low <= _score(nom, nama, kode, level=level) <= high


def test_pemeliharaan_mebel_exists_to_be_missed(nom):
    # The negative above is only meaningful if the code named there is Pemeliharaan Mebel.
    assert nom.by_code("1.06.01.2.09.0005").nama == "Pemeliharaan Mebel"
    spam = nom.by_code("1.03.03.2.01.0022").nama
    assert spam.startswith("Pembangunan Sistem Penyediaan Air Minum") and "Bukan" in spam


def test_trailing_note_is_set_aside(nom):
    (entry, score), *_ = nom.match_name("Penyediaan Permakanan (Sembako lansia 750 paket)",
                                        level="sub_kegiatan", within="1.06.04.2.02")
    assert (entry.kode, score) == ("1.06.04.2.02.0003", 0.97)


def test_within_limits_the_search(nom):
    everywhere = nom.match_name("Penyediaan Sandang", level="sub_kegiatan", limit=5)
    assert {e.kode for e, s in everywhere if s == 1.0} >= {
        "1.06.04.2.01.0002", "1.06.04.2.02.0004", "1.06.06.2.01.0002"}
    (entry, score), *rest = nom.match_name("Penyediaan Sandang", within="1.06.06.2.01")
    assert (entry.kode, score) == ("1.06.06.2.01.0002", 1.0)
    assert all(e.kode.startswith("1.06.06.2.01.") for e, _ in rest)
    with pytest.raises(ValueError):
        nom.match_name("Penyediaan Sandang", within="1.06.2")
    with pytest.raises(ValueError):
        nom.match_name("Penyediaan Sandang", level="sub-kegiatan")


def test_results_are_ranked_distinct_and_bounded(nom):
    results = nom.match_name("Pemberian Layanan", level="sub_kegiatan", limit=8)
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s < 1.0 for s in scores)
    assert len({e.kode for e, _ in results}) == len(results) <= 8
    assert nom.match_name("", level="program") == []
    assert nom.match_name("Penyediaan Sandang", limit=0) == []


def test_every_official_name_finds_itself(nom):
    sample = nom.entries(source=SOURCE_2023)[::37]
    for entry in sample:
        results = nom.match_name(entry.nama, level=entry.level, limit=10)
        exact = {nom.normalise_code(e.kode) for e, s in results if s == 1.0}
        assert nom.normalise_code(entry.kode) in exact, entry.kode


# --- a user's newer list ------------------------------------------------------------------

NEWER = """\ufeffKODE,Level,Nama,Kinerja,Indikator,Satuan,Keterangan
1.06,bidang_urusan,URUSAN PEMERINTAHAN BIDANG SOSIAL,,,,
1.06.04,program,PROGRAM REHABILITASI SOSIAL,,,,
1.06.04.2.01,kegiatan,Rehabilitasi Sosial Dasar di Luar Panti,,,,
1.06.04.2.01.0001,sub_kegiatan,Penyediaan Permakanan,,Jumlah Orang Penerima Permakanan,orang,
1.06.04.2.01.0099,sub_kegiatan,Layanan Baru Tahun Depan,,Jumlah Layanan Baru,Dokuman,
"""


def _write(tmp_path, text, name="nomenklatur_baru.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_user_list(tmp_path):
    path = _write(tmp_path, NEWER)
    nom = load_nomenclature(path, source="kepmendagri-baru")
    entry = nom.by_code("1.06.04.2.01.0099")
    assert (entry.nama, entry.source, entry.satuan, entry.satuan_raw) == (
        "Layanan Baru Tahun Depan", "kepmendagri-baru", "Dokumen", "Dokuman")
    assert nom.official_satuan("1.06.04.2.01.0001") == "orang"
    # The shipped 2023 list is replaced, the 2019 list stays behind it.
    assert nom.by_code("1.06.06.2.01.0001") is None
    assert nom.by_code("1.06.06.2.01.01").source == SOURCE_2019
    assert nom.sources == ["kepmendagri-baru", SOURCE_2019]
    (found, score), *_ = nom.match_name("Layanan Baru Tahun Depan")
    assert (found.kode, score) == ("1.06.04.2.01.0099", 1.0)
    alone = load_nomenclature(path, include_2019=False)
    assert alone.sources == ["file:nomenklatur_baru.csv"]
    assert alone.by_code("1.06.06.2.01.01") is None


def test_user_list_is_cached_until_the_file_changes(tmp_path):
    path = _write(tmp_path, NEWER)
    first = load_nomenclature(path)
    assert load_nomenclature(str(path)) is first
    path.write_text(NEWER + "1.06.04.2.01.0100,sub_kegiatan,Layanan Lain,,,,\n",
                    encoding="utf-8")
    os.utime(path, ns=(1, time.time_ns() + 10**9))
    second = load_nomenclature(path)
    assert second is not first
    assert second.by_code("1.06.04.2.01.0100").nama == "Layanan Lain"


@pytest.mark.parametrize(("text", "message"), [
    ("kode,nama\n1.06,X\n", "missing column(s) level"),
    ("kode,level,nama\n1.06.2.01,kegiatan,X\n", ":2: malformed code"),
    ("kode,level,nama\n1.06,bidang_urusan,A\n1.06.04,kegiatan,B\n",
     ":3: code 1.06.04 has the shape of a program"),
    ("kode,level,nama\n1.06,bidang,A\n", ":2: unknown level"),
    ("kode,level,nama\n1.06.04.2.01.01,sub_kegiatan,A\n1.06.04.2.01.0001,sub_kegiatan,B\n",
     ":3: code 1.06.04.2.01.0001 already given on line 2"),
])
def test_user_list_errors_name_the_line(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(NomenclatureError, match=re.escape(message)):
        load_nomenclature(path)


def test_import_is_cheap():
    code = "import sys, checker.reference; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_data_is_read_from_the_package_not_the_working_directory(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    code = "from checker.reference import nomenclature; print(len(nomenclature()))"
    env = {**os.environ, "PYTHONPATH": str(repo)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env=env)
    assert out.stdout.strip() == str(len(nomenclature()))
    files = resources.files("checker.reference").joinpath("data")
    names = {p.name for p in files.iterdir()}
    assert {"nomenklatur_kepmendagri_900-1317-2023.csv",
            "nomenklatur_permendagri90-2019_sosial.csv"} <= names


# --- code shapes, for any code ------------------------------------------------------------

@st.composite
def codes(draw):
    two = st.integers(0, 99)
    parts = [str(draw(st.integers(1, 9))), f"{draw(two):02d}", f"{draw(two):02d}",
             str(draw(st.integers(0, 9))), f"{draw(two):02d}"]
    sub = draw(two)
    parts.append(f"{sub:02d}" if draw(st.booleans()) else f"{sub:04d}")
    return ".".join(parts[:draw(st.sampled_from([1, 2, 3, 5, 6]))])


@given(codes(), st.sampled_from(["", " ", ".", ". "]), st.booleans())
def test_code_shape_properties(kode, tail, spaced):
    written = (kode.replace(".", ". ") if spaced else kode) + tail
    canonical = normalise_code(written)
    assert canonical is not None and is_wellformed(written)
    assert normalise_code(canonical) == canonical
    assert canonical == normalise_code(kode)
    assert level_of_code(written) == LEVELS[[1, 2, 3, 5, 6].index(kode.count(".") + 1)]
    parent = parent_code(written)
    if parent is None:
        assert level_of_code(kode) == "urusan"
    else:
        assert canonical.startswith(parent + ".")
        assert LEVELS.index(level_of_code(parent)) == LEVELS.index(level_of_code(kode)) - 1


@given(st.text(alphabet="0123456789.x X-", max_size=24))
def test_normalise_never_fails(text):
    canonical = normalise_code(text)
    assert canonical is None or normalise_code(canonical) == canonical


# --- a document's name against its own code -----------------------------------------------

def test_name_score_against_the_code(nom):
    # Seed 004 writes a 2023 item with a two-digit code: the 2023 reading answers.
    entry, score = nom.name_score(
        "1.06.04.2.02.08", "Pemberian Bimbingan Sosial Kepada Keluarga Penyandang Masalah "
        "Kesejahteraan Sosial PMKS Lainnya Bukan korban HIV/AIDS dan Napza (Honor Pendamping "
        "BPNT 16 orang, Pendataan PMKS)")
    assert entry.source == SOURCE_2023 and SAME_ITEM <= score < 1.0
    # Seed 004 puts the name of .02 on code .01: a real mistake, far below SUGGEST.
    entry, score = nom.name_score("1.06.07.2.01.01",
                                  "Pemeliharaan Taman Makam Pahlawan Nasional Kabupaten/Kota")
    assert entry.nama.startswith("Rehabilitasi Sarana") and score < SUGGEST
    assert nom.name_score("1.06.01.2.06.05", "Penyediaan Barang Cetakan dan Penggandaan")[1] == 1.0
    assert nom.name_score("1.06.99", "Apa Saja") is None


def test_a_shorter_answer_is_the_start_of_a_longer_one(nom):
    """``match_name`` keeps one answer per search and cuts it to the limit asked: what it
    returns for 1, 2 or 4 must be what a search made for that limit alone returns, in
    whichever order the limits are asked (a search for 10 after one for 4 searches again)."""
    from checker.reference.nomenclature import Nomenclature

    queries = [("Penyediaan Sandang", "sub_kegiatan", None),
               ("Administrasi Keuangan Perangkat Daerah", "kegiatan", None),
               ("Penyediaan Sandang", None, "1.06.06.2.01")]
    for nama, level, within in queries:
        fresh = {n: Nomenclature.__new__(Nomenclature) for n in (1, 2, 4, 10)}
        for n, other in fresh.items():
            other.__dict__.update(nom.__dict__)
            other._match_cache = {}
            fresh[n] = other.match_name(nama, level=level, within=within, limit=n)
        # Answers longer than the shortest search, and one that finds fewer than asked.
        assert len(fresh[10]) > 4 if within is None else len(fresh[10]) < 4
        nom._match_cache.clear()
        for n in (4, 2, 1, 10, 2):
            assert nom.match_name(nama, level=level, within=within, limit=n) == fresh[n]
