"""The one place where a cell's text becomes a number.

Real plans mix ``4.969.412.271`` and ``58,957,000.00``, ``74,17`` and ``23.22`` in one family
of documents, wrap values in ``Trw 1= …``, ``Rp …``, ``… %``, ``… dokumen`` and ``(BB)``, and
hold typing slips such as ``1.305.563.5500``. Every importer reads numbers through this
module so that the same text always gets the same reading, and a text that can be read in
two ways is reported as ``ambiguous`` with both readings instead of being guessed.

The parser is a short sequence of anchored, bounded regular expressions over a text of at
most :data:`MAX_LENGTH` characters, so it runs in linear time on any input.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, fields, replace
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any, Literal

Convention = Literal["id", "en"]
#: What a cell may hold: text from a PDF/Word extract, or a typed value from a workbook.
CellValue = str | int | float | Decimal | None
Status = Literal["ok", "blank", "invalid", "ambiguous"]

#: Longer texts are sentences, not numbers; the cap also bounds the work per cell.
MAX_LENGTH = 120
#: Distinct cell texts whose reading is kept (a few MB at most; plans repeat their values).
_PARSE_CACHE = 65_536

#: SAKIP evaluation grades (PermenPANRB 88/2021), as written after a score.
GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")

_THOUSANDS: dict[Convention, str] = {"id": ".", "en": ","}
_DECIMAL: dict[Convention, str] = {"id": ",", "en": "."}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Spaces that word processors put between digits and units (no-break, thin, narrow).
_SPACE_LIKE = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
# Invisible characters Word leaves inside cells; the reviewer cannot see them either.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = frozenset({"-", "–", "—", "−", "--", "---", "-,-", "-,--"})
# 'Trw 1=', 'TRW II =', 'Tw I :', 'Triwulan 3', 'TW.4', and the OCR misreading 'Tiw 1'.
# 'TR I' and 'T.w 1' are the headers and cells of real plans; 'Tiw' is OCR for 'Trw'.
_QUARTER_WORD = r"(?<![a-z])(?:triwulan|triw|trw|tiw|t\.?w|tr)\.?[ -]?"
_QUARTER = re.compile(
    _QUARTER_WORD + r"(iv|iii|ii|i|[1-4])(?![a-z0-9])[ ]?[=:]?[ ]?", re.IGNORECASE
)
_NO_SUCH_QUARTER = re.compile(_QUARTER_WORD + r"(?:[05-9]|[1-9][0-9])(?![0-9])", re.IGNORECASE)
_CURRENCY_PREFIX = re.compile(r"^(?:rp|idr)(?:\.|(?=[ 0-9(\-−–]))[ ]?", re.IGNORECASE)
_GRADE_SUFFIX = re.compile(r"[ ]?\([ ]?(AA|A|BB|B|CC|C|D)[ ]?\)$|[ ](AA|A|BB|B|CC|C|D)$")
_NO_CENTS = re.compile(r"(?<=[0-9])[.,]-{1,2}(?=[ %]|$)")  # 'Rp 1.500.000,-'
_TOKEN = re.compile(r"[0-9][0-9.,]*")
_DIGITS = frozenset("0123456789")
#: The characters of a bare token (:data:`_TOKEN`).
_TOKEN_CHARS = "0123456789.,"
_PRODUCT = re.compile(r"^([0-9][0-9.,]*)[ ]?[x×][ ]?([0-9][0-9.,]*)", re.IGNORECASE)
# A unit is one to four words ('Orang', 'Sub Organisasi', 'Orang / Bulan'); a longer text
# after a number is an item name ('2 Pengadaan Peralatan dan Mesin Lainnya'), not a unit.
_UNIT = re.compile(r"^[^\W\d_]+(?:(?: ?/ ?| |-)[^\W\d_]+){0,3}\.?$")
_UNIT_MAX = 30
_PERCENT_WORDS = frozenset({"%", "persen", "prosen", "percent"})
_MONEY_WORDS = frozenset({"rp", "rupiah", "idr"})
#: Satuan whose values are whole counts: '25.000 orang' is twenty-five thousand people,
#: whatever separators the table's amounts use.
COUNT_UNITS = frozenset({
    "orang", "jiwa", "kk", "keluarga", "dokumen", "laporan", "unit", "paket", "buah",
    "lembaga", "kegiatan", "gedung", "kali", "desa", "pekon", "kelompok", "set", "berkas",
    "rumah", "anak", "lansia", "peserta", "kecamatan", "titik", "eksemplar",
})


@dataclass(frozen=True)
class ParsedNumber:
    """What one cell's text says, or why it cannot be read for certain.

    ``value`` is exact (a :class:`~decimal.Decimal`) and set only when ``status`` is
    ``"ok"``; ``convention`` records what the separators themselves prove (``None`` when
    they prove nothing, as for ``25`` or ``1.500``), so a caller can compare it with the
    column's convention and raise NUM-002. ``reason`` is a catalogue key ``numbers.*`` for
    ``invalid`` and ``ambiguous``; :meth:`params` gives its placeholders. ``factors`` keeps
    the operands of a product written in the cell (``1 x 24`` → ``(1, 24)``).

    A grade alone (``B``) is ``invalid`` with reason ``numbers.grade_only`` and ``grade``
    set: a column of grades reads ``grade``, a column of numbers reports the cell. A quarter
    label alone (``Trw 4=``, a ``TW 1`` header) is ``blank`` with ``quarter`` set.
    """

    raw: str
    status: Status
    value: Decimal | None
    unit: str | None = None
    grade: str | None = None
    convention: Convention | None = None
    quarter: int | None = None
    reason: str | None = None
    candidates: tuple[Decimal, ...] = ()
    factors: tuple[Decimal, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the text was read to exactly one value."""
        return self.status == "ok"

    def as_int(self) -> int | None:
        """Whole rupiah (or a count); ``None`` unless read and integral, never rounded."""
        if self.status != "ok" or self.value is None or self.value != self.value.to_integral():
            return None
        return int(self.value)

    def contradicts(self, convention: Convention | None) -> bool:
        """True when the text's own separators prove another convention than the column's.

        This is the condition of NUM-002: the value is still read, by its own evidence.
        """
        return None not in (self.convention, convention) and self.convention != convention

    def as_float(self) -> float | None:
        """The value for vectorised arithmetic in pandas; ``None`` unless read."""
        if self.status != "ok" or self.value is None:
            return None
        return float(self.value)

    def params(self) -> dict[str, Any]:
        """Placeholders for the message of :attr:`reason`, in both languages."""
        out: dict[str, Any] = {"raw": self.raw, "grade": self.grade or "",
                               "unit": self.unit or "", "length": len(self.raw)}
        for name, value in zip(("a", "b"), self.candidates, strict=False):
            out[f"{name}_id"] = _exact(value, "id")
            out[f"{name}_en"] = _exact(value, "en")
        return out


#: Every field's default, for :func:`_number`.
_DEFAULTS = {f.name: f.default for f in fields(ParsedNumber) if f.default is not MISSING}


def _number(**values: Any) -> ParsedNumber:
    """A :class:`ParsedNumber` with its instance dictionary filled, not through ``__init__``.

    A frozen dataclass sets each of its ten fields through ``object.__setattr__``: ~1.4 us
    a reading where this takes ~0.5 us, and reading seed 004 makes ~3,500 (a token's
    reading, then the cell's). The object is the one ``__init__`` makes (the same fields,
    equality, hash and repr); only the parser's own calls, which name real fields, use it.
    """
    number = object.__new__(ParsedNumber)
    state = number.__dict__
    state.update(_DEFAULTS)
    state.update(values)
    return number


def _exact(value: Decimal, lang: str) -> str:
    """A reading written for ``lang``'s readers, every digit kept (no float on the way)."""
    text = format(value, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(str.maketrans(".,", ",.")) if lang == "id" else text


def parse_number(
    text: CellValue, *, convention: Convention | None = None, integer: bool = False
) -> ParsedNumber:
    """Read one cell's text as a number, with its unit, grade and quarter.

    ``convention`` is the column's convention (see :func:`detect_convention`); it settles
    ``1.500`` (1500 under ``id``, 1.5 under ``en``) but never overrides what the separators
    prove: ``1,500.00`` under ``id`` is 1500 with ``convention="en"``. The column's
    thousands separator before a group that is not three digits (``1,5`` under ``en``) is
    ``ambiguous``: a number in the other convention, or a slip. ``integer`` asks for a whole
    number (rupiah, counts): a single group of three digits is then thousands, and a
    non-zero fraction makes the text invalid.
    """
    return _parse(text, convention, integer, money=False)


def parse_money(text: CellValue, *, convention: Convention | None = None) -> ParsedNumber:
    """Read a rupiah amount: whole, so ``58,957,000.00`` is fine and ``1.500,50`` is not.

    Units are read as :func:`parse_number` reads them, and the caller decides what the
    column allows: a percentage (a financial target given as % of the pagu) is a number
    with unit ``%`` and may have decimals; only ``unit in (None, "rp")`` is rupiah.
    """
    return _parse(text, convention, integer=True, money=True)


def quarter_values(text: str) -> list[tuple[int, str]]:
    """Split a cell such as ``Trw 1= 23.22 Trw 2= 40`` into ``[(1, '23.22'), (2, '40')]``.

    Each value is the text between one quarter label and the next, without the ``;`` or
    ``,`` that separates them; it is left unparsed so the caller can choose the parser.
    A text without quarter labels gives an empty list.
    """
    if not text:
        return []
    return list(_quarter_values(text))


@lru_cache(maxsize=_PARSE_CACHE)
def _quarter_values(text: str) -> tuple[tuple[int, str], ...]:
    """:func:`quarter_values`, once per text.

    The stacked-record stages split the same cell text again for every question they ask
    of a line (15,000 splits on seed 004, a few hundred texts).
    """
    clean = _SPACE_LIKE.sub(" ", text)
    labels = list(_QUARTER.finditer(clean))
    out: list[tuple[int, str]] = []
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(clean)
        value = clean[match.end():end].strip().rstrip(";,").strip()
        out.append((_quarter_number(match.group(1)), value))
    return tuple(out)


@lru_cache(maxsize=_PARSE_CACHE)
def quarter_beyond(text: str) -> int | None:
    """The quarter a cell's leading label names when no such quarter exists (``Trw 5``).

    A scan that loses a line shifts the labels under it (``Trw 5``, ``Trw 6`` on a year of
    four quarters): such a label marks its value as misplaced, never as a quarter. Kept
    per text: the stacked-record stages ask it of the same cells line after line (2,037
    questions on seed 004).
    """
    match = _NO_SUCH_QUARTER.match(_SPACE_LIKE.sub(" ", text or "").strip())
    return int(re.sub(r"\D", "", match.group(0))) if match else None


def convention_votes(texts: Iterable[CellValue]) -> Counter[str]:
    """How many values prove each convention (``1.741.737.370`` → id, ``23.22`` → en).

    Cells with several quarter values count once per value; typed workbook values have no
    separators and prove nothing.
    """
    votes: Counter[str] = Counter()
    for text in texts:
        if not text or not isinstance(text, str):
            continue
        parts = [value for _, value in quarter_values(text)] or [text]
        for part in parts:
            evidence = parse_number(part).convention
            if evidence is not None:
                votes[evidence] += 1
    return votes


def detect_convention(texts: Iterable[CellValue]) -> Convention | None:
    """The convention most of a column's texts prove; ``None`` if none proves any or a tie."""
    return convention_of(convention_votes(texts))


def convention_of(votes: Counter[str]) -> Convention | None:
    """The convention most votes prove (:func:`convention_votes`); ``None``: none, or a tie.

    Votes add up over texts, so a caller with each column's votes has the table's too.
    """
    if not votes:
        return None
    (first, count), *rest = votes.most_common()
    if rest and rest[0][1] == count:
        return None
    return first  # type: ignore[return-value]


# --------------------------------------------------------------------------- internals


def _quarter_number(label: str) -> int:
    return int(label) if label.isdigit() else _ROMAN[label.lower()]


def _rupiah_scale(whole: int | Decimal) -> bool:
    """Whether an amount is large enough to be rupiah with sen (``1.500,50``).

    A small one is more likely a misplaced percentage or score: ``74,17`` in a budget
    column stays a number in doubt (NUM-001).
    """
    return abs(whole) >= 1000


def unread_code(parsed: ParsedNumber) -> str:
    """The importer finding for a number not read (text instead of a number is NUM-003).

    NUM-004 is an amount with sen, read for certain but not held by a model of whole
    rupiah (no fault of the document, so never an error); NUM-001 a number whose writing
    leaves its value in doubt.
    """
    return "NUM-004" if parsed.reason == "numbers.sen_in_money" else "NUM-001"


#: A text's reading up to its tokens (:func:`_front`): the tokens (two for a product written
#: in the cell, ``1 x 24``), whether they are a product, the sign, quarter, grade and unit.
_Front = tuple[tuple[str, ...], bool, bool, int | None, str | None, str | None]


def _invalid(raw: str, reason: str, **fields: Any) -> ParsedNumber:
    return _number(raw=raw, status="invalid", value=None, reason=f"numbers.{reason}",
                        **fields)


def _parse(text: CellValue, convention: Convention | None, integer: bool,
           money: bool) -> ParsedNumber:
    if type(text) is str:  # the usual case first: a text extract's cells are all texts
        return _parse_text(text, convention, integer, money)
    if text is None or isinstance(text, int | float | Decimal):
        return _from_typed(text, integer, money)
    return _parse_uncached(str(text), convention, integer, money)


@lru_cache(maxsize=_PARSE_CACHE)
def _parse_text(text: str, convention: Convention | None, integer: bool,
                money: bool) -> ParsedNumber:
    """``_parse`` of a text, answered once: a plan repeats ``0``, ``-``, ``100``, ``%``.

    A parsed number is immutable (a frozen dataclass of strings and Decimals), so sharing
    one answer between cells is safe; reading a small plan asks 3,000–9,000 times.
    """
    return _parse_uncached(text, convention, integer, money)


def _parse_uncached(raw: str, convention: Convention | None, integer: bool,
                    money: bool) -> ParsedNumber:
    front = _front(raw)
    if isinstance(front, ParsedNumber):  # blank or invalid in every column
        return front
    tokens, product, negative, quarter, grade, unit = front
    fields: dict[str, Any] = {"quarter": quarter, "grade": grade, "unit": unit}
    whole = integer and unit != "%"
    readings = [_read(tok, convention, whole, money) for tok in tokens]
    for reading in readings:
        if reading.status != "ok":
            candidates = tuple(c.copy_negate() for c in reading.candidates) if negative \
                else reading.candidates
            return replace(reading, raw=raw, candidates=candidates, **fields)
    evidence = {r.convention for r in readings if r.convention is not None}
    if len(evidence) > 1:  # '1.5 x 2,5': one cell, two conventions
        return _invalid(raw, "mixed_conventions", **fields)
    value: Decimal = readings[0].value  # type: ignore[assignment]
    if product:
        with localcontext() as exact:  # the default 28 digits would round long products
            exact.prec = 2 * MAX_LENGTH
            value = value * readings[1].value  # type: ignore[operator]
    if negative:
        value = value.copy_negate()
    return _number(
        raw=raw, status="ok", value=value,
        convention=evidence.pop() if len(evidence) == 1 else None,
        factors=tuple(r.value for r in readings) if product else (),  # type: ignore[misc]
        **fields,
    )


@lru_cache(maxsize=_PARSE_CACHE)
def _front(raw: str) -> ParsedNumber | _Front:
    """What a text says whatever its column: its tokens, sign, quarter, grade and unit.

    Everything up to reading the tokens depends on the text alone, not on the column's
    convention nor on whether a whole number is wanted: the blank and invalid answers it
    gives are final, for every column. Kept per text, because the stages ask one text
    under several conventions and kinds (seed 004: 1,607 readings of 699 texts, each
    through a dozen regular expressions). A bare token (``4.610.224.900``, ``87,82``,
    ``100``: ASCII digits and separators, a digit at each end) is its own single token
    without a word: none of those expressions finds anything in it.
    """
    if len(raw) <= MAX_LENGTH and raw[:1] in _DIGITS and raw[-1:] in _DIGITS \
            and not raw.strip(_TOKEN_CHARS):
        return (raw,), False, False, None, None, None
    return _front_read(raw)


def _front_read(raw: str) -> ParsedNumber | _Front:
    """:func:`_front` through the expressions: spaces, labels, currency, grade, sign, unit."""
    s = _SPACE_LIKE.sub(" ", _INVISIBLE.sub("", raw)).strip()
    if not s:
        return _number(raw=raw, status="blank", value=None)
    if len(s) > MAX_LENGTH:
        return _invalid(raw, "too_long")

    quarter: int | None = None
    labels = list(_QUARTER.finditer(s))
    if len(labels) > 1:
        return _invalid(raw, "several_values")
    if not labels and _NO_SUCH_QUARTER.match(s):
        return _invalid(raw, "no_such_quarter")
    if labels:
        if labels[0].start() != 0:
            return _invalid(raw, "not_a_number")
        quarter = _quarter_number(labels[0].group(1))
        s = s[labels[0].end():].strip()

    unit: str | None = None
    currency = _CURRENCY_PREFIX.match(s)
    if currency:
        unit = "rp"
        s = s[currency.end():].strip()
    if not s or s in _DASHES:
        return _number(raw=raw, status="blank", value=None, unit=unit, quarter=quarter)
    if s in GRADES:
        return _invalid(raw, "grade_only", grade=s, quarter=quarter)

    grade: str | None = None
    suffix = _GRADE_SUFFIX.search(s)
    if suffix and unit is None:
        grade = suffix.group(1) or suffix.group(2)
        s = s[: suffix.start()].strip()
        if not s:  # '(BB)'
            return _invalid(raw, "grade_only", grade=grade, quarter=quarter)

    negative = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":  # accounting style '(1.000)'
        negative, s = True, s[1:-1].strip()
    elif len(s) > 1 and s[0] in "-−–" and s[1] in "0123456789":
        negative, s = True, s[1:]
    if unit is None and (currency := _CURRENCY_PREFIX.match(s)):  # '(Rp 1.000)'
        unit, s = "rp", s[currency.end():].strip()

    s = _NO_CENTS.sub("", s)
    fields: dict[str, Any] = {"quarter": quarter, "grade": grade}
    product = _PRODUCT.match(s)
    if product:
        tokens = [product.group(1), product.group(2)]
        rest = s[product.end():]
    else:
        token = _TOKEN.match(s)
        if token is None:
            return _invalid(raw, "not_a_number", **fields)
        tokens, rest = [token.group(0)], s[token.end():]

    if tokens[-1][-1] in ".,":
        if rest[:1] == " " and rest[1:2].isdigit():
            return _invalid(raw, "space_inside", **fields)
        return _invalid(raw, "stray_separator", **fields)
    rest = rest.strip()
    if rest[:1].isdigit() or (rest[:1] in ".," and rest[1:2].isdigit()):
        return _invalid(raw, "space_inside", **fields)
    rest_unit = _unit_of(rest)
    if rest_unit is None:
        return _invalid(raw, "not_a_number", **fields)
    if rest_unit:
        if unit is not None:
            return _invalid(raw, "not_a_number", **fields)
        unit = rest_unit
    return tuple(tokens), bool(product), negative, quarter, grade, unit


def _from_typed(value: int | float | Decimal | None, integer: bool,
                money: bool) -> ParsedNumber:
    """A workbook's typed cell: no separators to interpret, only blanks and fractions."""
    raw = "" if value is None else str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _number(raw=raw, status="blank", value=None)
    if isinstance(value, bool) or (isinstance(value, float) and math.isinf(value)):
        return _invalid(raw, "not_a_number")
    if isinstance(value, Decimal) and not value.is_finite():
        return _invalid(raw, "not_a_number") if not value.is_nan() else \
            _number(raw=raw, status="blank", value=None)
    # repr() of a float is the shortest text that reads back to it: 0.1 stays 0.1.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if integer and number != number.to_integral():
        if money and number == number.quantize(Decimal("0.01")) and _rupiah_scale(number):
            return _invalid(raw, "sen_in_money")
        return _invalid(raw, "fraction_in_money" if money else "fraction_in_integer")
    if integer:
        number = number.to_integral()
    return _number(raw=raw, status="ok", value=number)


def _unit_of(rest: str) -> str | None:
    """'' for no unit, the normalised unit, or ``None`` when ``rest`` is not a unit."""
    if not rest:
        return ""
    lowered = rest.lower()
    if lowered in _PERCENT_WORDS:
        return "%"
    if lowered in _MONEY_WORDS:
        return "rp"
    if len(rest) <= _UNIT_MAX and _UNIT.match(rest):
        return re.sub(r" ?/ ?", "/", lowered.rstrip("."))
    return None


def _decimal(integer_digits: str, fraction: str = "") -> Decimal:
    return Decimal(f"{integer_digits}.{fraction}" if fraction else integer_digits)


def _grouped(groups: list[str]) -> bool:
    """True when ``groups`` are a well-formed thousands grouping: 1–3 digits, then threes."""
    head = groups[0]
    return (1 <= len(head) <= 3 and (head[0] != "0" or len(groups) == 1)
            and set(map(len, groups[1:])) <= {3})


def _read(token: str, convention: Convention | None, whole: bool, money: bool) -> ParsedNumber:
    """Read a bare token of digits, dots and commas (no sign, no unit)."""
    dots, commas = token.count("."), token.count(",")
    if not dots and not commas:
        return _number(raw=token, status="ok", value=Decimal(token))
    if token[-1] in ".," or re.search(r"[.,]{2}", token):
        return _invalid(token, "stray_separator")

    if dots and commas:
        point = "." if token.rfind(".") > token.rfind(",") else ","
        if token.count(point) != 1:
            return _invalid(token, "broken_group")
        head, fraction = token.split(point)
        groups = re.split(r"[.,]", head)
        if not _grouped(groups) or len(groups) < 2:
            return _invalid(token, "broken_group")
        evidence: Convention = "id" if point == "," else "en"
        return _fraction(token, "".join(groups), fraction, evidence, whole, money)

    sep = "." if dots else ","
    groups = token.split(sep)
    if len(groups) > 2:
        if not _grouped(groups):
            return _invalid(token, "broken_group")
        evidence = "id" if sep == "." else "en"
        return _number(raw=token, status="ok", value=_decimal("".join(groups)),
                            convention=evidence)

    head, tail = groups
    as_thousands = _decimal(head + tail)
    as_fraction = _decimal(head, tail)
    point_evidence: Convention = "en" if sep == "." else "id"
    if _grouped(groups):  # '1.500', '105,341': thousands or a fraction of three digits
        if whole:
            return _number(raw=token, status="ok", value=as_thousands,
                                convention="id" if sep == "." else "en")
        if convention is not None:
            value = as_thousands if _THOUSANDS[convention] == sep else as_fraction
            return _number(raw=token, status="ok", value=value)
        return _number(raw=token, status="ambiguous", value=None,
                            reason="numbers.two_readings",
                            candidates=(as_thousands, as_fraction))
    if whole:
        return _fraction(token, head, tail, point_evidence, whole, money)
    # A thousands group is exactly three digits: '78,57' or '23.22' can only be a fraction,
    # whatever the column's convention (the caller reports the contradiction as NUM-002),
    # and so can '0.5000'. Only four or more digits after one separator ('1.5000') may be
    # a thousands group with a digit too many.
    suspicious = head != "0" and len(tail) > 3 and (
        convention is None or _THOUSANDS[convention] == sep)
    if suspicious:
        return _number(raw=token, status="ambiguous", value=None,
                            reason="numbers.two_readings",
                            candidates=(as_fraction, as_thousands))
    return _number(raw=token, status="ok", value=as_fraction, convention=point_evidence)


def _fraction(token: str, digits: str, fraction: str, evidence: Convention, whole: bool,
              money: bool) -> ParsedNumber:
    """A number with a decimal part; whole numbers allow only ``.00``-like zeros."""
    if whole:
        if fraction.strip("0"):
            if money and len(fraction) <= 2 and _rupiah_scale(int(digits or 0)):
                return _invalid(token, "sen_in_money")  # '36,083,270,290.50': certain
            return _invalid(token, "fraction_in_money" if money else "fraction_in_integer")
        if len(fraction) > 2:
            return _invalid(token, "too_many_decimals")
        return _number(raw=token, status="ok", value=_decimal(digits),
                            convention=evidence)
    return _number(raw=token, status="ok", value=_decimal(digits, fraction),
                        convention=evidence)
