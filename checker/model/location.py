"""Where a value came from.

Every number the engine reads keeps its address so that a finding can send a reviewer to
the exact cell. Workbooks and text extracts are treated alike as grids: a text table's
"row" is the line number in the file and its "column" the tab-separated field, lettered
like a spreadsheet column, so the same finding format serves both.
"""

from __future__ import annotations

from checker.i18n import t
from checker.model.record import Record, record


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 1-based column index (1 → A, 27 → AA)."""
    if index < 1:
        raise ValueError(f"column index must be >= 1, got {index}")
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """1-based column index of a spreadsheet letter (A → 1, AA → 27)."""
    value = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"not a column letter: {letters!r}")
        value = value * 26 + (ord(char) - 64)
    return value


def cell_ref(row: int, column: int) -> str:
    """A1 reference of a 1-based (row, column) pair."""
    return f"{column_letter(column)}{row}"


def page_words(page: int, lang: str = "id") -> str:
    """A PDF's printed page as an address names it: ``hlm. 3`` in Indonesian, ``p. 3``."""
    return t("report.page", lang, page=page)


def split_cell(cell: str) -> tuple[str, int]:
    """Split an A1 reference into its column letters and row number."""
    letters = cell.rstrip("0123456789")
    return letters, int(cell[len(letters):])


@record(frozen=True)
class Location(Record):
    """The address of one value: file, sheet (or text table), row, column and A1 cell.

    ``row`` is 1-based: a worksheet row, or a line number in a text file. ``table`` names
    the sheet of a workbook or the heading of a table inside a text extract. ``page`` is
    the printed page of a PDF (where ``row`` counts the table's rows on that page), so that
    a reviewer holding the paper finds the line; it is ``None`` for every other container.
    """

    file: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    page: int | None = None
    #: The last cell (A1) of the range a finding covers, when it is about a whole table or
    #: block: ``cell`` is then the range's first cell. None for a single cell.
    end: str | None = None

    @property
    def cell(self) -> str | None:
        if self.row is None or self.column is None:
            return None
        return f"{self.column}{self.row}"

    @property
    def range(self) -> str | None:
        """``A227:F240`` for a finding about a range of cells, else None."""
        if self.cell is None or self.end is None or self.end == self.cell:
            return None
        return f"{self.cell}:{self.end}"

    @property
    def span(self) -> str | None:
        """What a reader looks at: the range when there is one, else the cell."""
        return self.range or self.cell

    @classmethod
    def at(cls, file: str, table: str | None, row: int, column: int) -> Location:
        """Location of a 1-based (row, column) position."""
        return cls(file=file, table=table, row=row, column=column_letter(column))

    @property
    def table_label(self) -> str | None:
        """The table with its printed page, as a finding's key holds it (``Finding.key``).

        In Indonesian whatever the report's language: keys stay the same across languages
        and runs (baselines and links between findings hold them).
        """
        return self.table_in("id")

    def table_in(self, lang: str) -> str | None:
        """The table as a reader of ``lang`` names it, with the printed page where there is one."""
        if self.page is None:
            return self.table
        page = page_words(self.page, lang)
        return f"{self.table} › {page}" if self.table else page

    def describe(self, lang: str = "id") -> str:
        """Short human form: ``file › table › K12``."""
        parts = [self.file]
        label = self.table_in(lang)
        if label:
            parts.append(label)
        if self.cell:
            parts.append(self.span or self.cell)
        elif self.row is not None:
            parts.append(f"{t('report.row', lang)} {self.row}")
        return " › ".join(parts)
