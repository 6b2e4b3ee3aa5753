"""The shipped nomenclature: codes in both styles, names as real documents write them."""

from __future__ import annotations

import pytest

from checker.reference import (
    SOURCE_2019,
    SOURCE_2023,
    nomenclature,
    official_indikator,
    official_satuan,
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
