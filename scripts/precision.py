"""List every error finding on the seeds and the corpus, for a reviewer to mark true or false.

Run from anywhere: ``python scripts/precision.py [--marked tests/precision/marked.toml]``.
Each seed (``tests/data/seeds``) and corpus file (``../shared/corpus``) is checked on its
own, as a user checks it; a file the readers cannot load yet is listed as skipped with its
reason. Every error-severity finding is printed with a stable key, its cell, the actual and
expected values and its message; consequences (``↳``) are printed under their primary and
are not facts of their own. With ``--marked``, each line also shows the reviewer's verdict
from the marked list (``true``, ``false``, ``unclear``, or ``?`` when not yet marked), and
the totals give the precision over the marked facts, per file, per rule category and over
everything.

The marked list (``tests/precision/marked.toml``) maps a key to a verdict and a reason the
reviewer checked by hand, with the arithmetic; ``tests/precision/test_precision.py`` fails
when a finding marked false comes back as an error.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SOURCES = (REPO / "tests" / "data" / "seeds", SHARED / "corpus")
SUFFIXES = {".txt", ".xlsx", ".docx", ".pdf", ".csv"}


@dataclass(frozen=True)
class Row:
    """One error finding as the reviewer marks it."""

    key: str  # file name : code @ table ! cell (or row)
    file: str
    code: str
    category: str
    cell: str
    actual: object
    expected: object
    message: str
    counted: bool  # False: a consequence of another finding, not a fact of its own


def finding_key(file: str, code: str, table: str | None, place: str) -> str:
    """The key a finding is marked under: stable while the document does not change."""
    return f"{file}:{code}@{table or ''}!{place}"


def sources() -> list[Path]:
    """The seed and corpus files present beside the repository, in a stable order."""
    found: list[Path] = []
    for folder in SOURCES:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir()
                            if p.suffix.lower() in SUFFIXES and p.name != "README.md")
    return found


def error_rows(path: Path) -> list[Row]:
    """The error findings of one file checked alone (raises when it cannot be read)."""
    sys.path.insert(0, str(REPO))
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine
    from checker.importers.registry import load

    documents = load(path)
    findings = Engine(load_registry()).run(documents).findings
    rows = []
    for f in findings:
        if f.severity.value != "error":
            continue
        loc = f.location
        place = loc.cell or (str(loc.row) if loc.row is not None else "")
        rows.append(Row(finding_key(path.name, f.code, loc.table_label, place), path.name, f.code,
                        f.category, place, f.actual, f.expected, f.text("id"), f.counted))
    return rows


def marked(path: Path) -> dict[str, dict]:
    """The marked list: key → {verdict, reason}."""
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8")).get("finding", {})


def main(argv: list[str] | None = None) -> int:
    """Print the list (and, with ``--marked``, the verdicts and the precision)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marked", type=Path, default=REPO / "tests/precision/marked.toml")
    args = parser.parse_args(argv)
    verdicts = marked(args.marked)
    tally: Counter[tuple[str, str]] = Counter()
    by_category: Counter[tuple[str, str]] = Counter()
    for path in sources():
        try:
            rows = error_rows(path)
        except Exception as exc:  # a reader that cannot load it yet: say so, go on
            print(f"# {path.name}: skipped ({type(exc).__name__}: {exc})")
            continue
        print(f"# {path.name}: {sum(r.counted for r in rows)} error facts"
              f" (+{sum(not r.counted for r in rows)} consequences)")
        for r in rows:
            verdict = verdicts.get(r.key, {}).get("verdict", "?")
            if r.counted:
                tally[(r.file, verdict)] += 1
                by_category[(r.category, verdict)] += 1
            arrow = "  ↳ " if not r.counted else ""
            print(f"{arrow}{r.key}\t{verdict}\tactual={r.actual!r}\texpected={r.expected!r}"
                  f"\t{r.message[:160]}")
    print("# verdicts per file (facts only):")
    for file in sorted({f for f, _ in tally}):
        counts = {v: tally[(file, v)] for v in ("true", "false", "unclear", "?")}
        judged = counts["true"] + counts["false"]
        share = f"{100 * counts['true'] / judged:.0f}%" if judged else "-"
        print(f"#   {file}: {counts} precision over true/false: {share}")
    _totals("category", by_category)
    every: Counter[tuple[str, str]] = Counter()
    for (_, verdict), n in tally.items():
        every[("all files", verdict)] += n
    _totals("all", every)
    return 0


def _totals(title: str, tally: Counter[tuple[str, str]]) -> None:
    """One line per group: the verdict counts and the share of true among the judged."""
    print(f"# verdicts per {title} (facts only):")
    for group in sorted({g for g, _ in tally}):
        counts = {v: tally[(group, v)] for v in ("true", "false", "unclear", "?")}
        judged = counts["true"] + counts["false"]
        share = f"{100 * counts['true'] / judged:.0f}%" if judged else "-"
        print(f"#   {group}: {counts} precision over true/false: {share}")


if __name__ == "__main__":
    sys.exit(main())
