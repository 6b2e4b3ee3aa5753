"""What the reader reads from each seed and corpus file, and what it does not.

Run from anywhere: ``python scripts/reading_summary.py``. For every seed
(``tests/data/seeds``) and corpus file (``../shared/corpus``), checked on its own as a user
checks it: the documents found (kind), the items read per level, indicators and totals
rows, the findings per severity, and what was *not* read (STR-005: columns and rows the
reader names but does not use; STR-004: tables recognised and not read). A file the
readers cannot load is listed with its reason. This is the table the issue's closing note
asks for; reviewers re-run it rather than trust a pasted copy.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.precision import sources  # noqa: E402  (one list of files for both scripts)

LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan")


def summary(path: Path) -> list[str]:
    """Markdown rows for one file: one per document, then its unread parts."""
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine
    from checker.importers.registry import load

    documents = load(path)
    findings = Engine(load_registry()).run(documents).findings
    rows = []
    for doc in documents:
        levels = Counter(i.level.value for i in doc.items)
        per_level = " / ".join(f"{levels[lv]}" for lv in LEVELS)
        mine = [f for f in findings if f.document == doc.id and f.counted]
        severity = Counter(f.severity.value for f in mine)
        unread = [f for f in mine if f.code in ("STR-004", "STR-005")]
        rows.append(f"| {path.name} | {doc.jenis.value} | {per_level} | {len(doc.indicators)} "
                    f"| {len(doc.totals)} | {severity['error']} / {severity['warning']} / "
                    f"{severity['info']} | {len(unread)} |")
        for f in unread:
            where = f.location.cell or f.location.row or ""
            rows.append(f"|  | ↳ {f.code} {f.location.table_label} {where} | "
                        f"{f.text('id')[:140]} | | | | |")
    return rows


def main() -> int:
    print("| file | document | items tujuan / sasaran / program / kegiatan / sub | "
          "indicators | totals | errors / warnings / info | not read |")
    print("|---|---|---|---|---|---|---|")
    for path in sources():
        try:
            print("\n".join(summary(path)))
        except Exception as exc:  # a file that cannot be read: say so, go on
            print(f"| {path.name} | not read: {type(exc).__name__}: {str(exc)[:120]} | | | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
