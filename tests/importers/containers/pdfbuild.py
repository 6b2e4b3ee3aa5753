"""Write tables into PDF files the way office software prints them (for the PDF tests).

fpdf2 (test dependency) draws the text and the rules; nothing here knows how the reader
works. A table is drawn row by row; a row taller than the room left on the page is cut
where the page ends and goes on at the top of the next page, as Word prints a row that
is allowed to break across pages.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

LINE_H = 4.5  # mm per printed line
PAD = 1.5


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap to ``width`` mm in the current font."""
    lines: list[str] = []
    for word in text.split():
        if lines and pdf.get_string_width(f"{lines[-1]} {word}") <= width - 2 * PAD:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


class TablePDF:
    """A landscape A4 document with titles and one table drawn over as many pages as needed."""

    def __init__(self, widths: list[float], ruled: bool = True, bottom: float = 190.0):
        self.pdf = FPDF(orientation="L", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_font("helvetica", size=9)
        self.widths = widths
        self.ruled = ruled
        self.bottom = bottom
        self.y = 0.0
        self.x0 = 15.0

    def page(self, titles: list[str] = (), top_rule: bool = True) -> None:
        self.pdf.add_page()
        self.y = 15.0
        for title in titles:
            self.pdf.text(self.x0, self.y + 4, title)
            self.y += 6
        self.y += 2
        if self.ruled and top_rule:
            self._hline(self.y)
        self.page_top = self.y

    def row(self, cells: list[str], lines: list[list[str]] | None = None,
            split_after: int | None = None, header_again: list[str] | None = None) -> None:
        """Draw one row; ``split_after`` lines on this page, the rest on the next."""
        lines = lines or [wrap(self.pdf, c, w) for c, w in zip(cells, self.widths, strict=True)]
        height = max(len(ls) for ls in lines)
        if split_after is None:
            self._draw(lines, 0, height)
            return
        self._draw(lines, 0, split_after)
        self.page(top_rule=header_again is not None)
        if header_again is not None:
            self.row(header_again)
        self._draw(lines, split_after, height)

    def _draw(self, lines: list[list[str]], first: int, last: int) -> None:
        x = self.x0
        for cell_lines, width in zip(lines, self.widths, strict=True):
            for i, text in enumerate(cell_lines[first:last]):
                self.pdf.text(x + PAD, self.y + LINE_H * (i + 1) - 1, text)
            x += width
        self.y += LINE_H * (last - first) + 1
        if self.ruled:
            self._hline(self.y)
            self._vlines(self.page_top, self.y)

    def _hline(self, y: float) -> None:
        self.pdf.line(self.x0, y, self.x0 + sum(self.widths), y)

    def _vlines(self, top: float, bottom: float) -> None:
        x = self.x0
        for width in [0.0, *self.widths]:
            x += width
            self.pdf.line(x, top, x, bottom)

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


def ruled_and_plain(folder: Path, widths: list[float], header: list[str],
                    rows: list[list[str]], repeat: int = 1) -> list[Path]:
    """Two small plans as office software prints them: one ruled, one without rules.

    The ruled one prints its title twice at a hair's offset (how some printers make bold)
    and its rows ``repeat`` times (over a page break when repeated); the tests that compare
    our PDF reading with pdfminer's and pdfplumber's own read both.
    """
    ruled = TablePDF(widths)
    ruled.page(["RENCANA AKSI", "DINAS SOSIAL"])
    ruled.row(header)
    for values in rows * repeat:
        ruled.row(values)
    ruled.pdf.text(ruled.x0 + 0.2, 19, "RENCANA AKSI")  # printed twice, for bold
    plain = TablePDF(widths, ruled=False)
    plain.page(["RENCANA AKSI"])
    plain.row(header)
    for values in rows:
        plain.row(values)
    return [ruled.save(folder / "ruled.pdf"), plain.save(folder / "plain.pdf")]
