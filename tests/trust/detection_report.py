"""Print the detection rate per kind of planted error: ``python -m tests.trust.detection_report``.

Options: ``--n`` plans per kind (default 200), ``--seed`` (default 2024), ``--misses`` to list
every plant that was not detected with what the oracle and the rules said about it.
"""

from __future__ import annotations

import argparse

from checker.dsl.registry import load_registry
from tests.trust.detection import KNOWN_GAPS, measure, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    outcomes = measure(load_registry(), args.n, args.seed)
    print(table(outcomes))
    print()
    print("undetect. = the result breaks no constraint of the domain (another consistent plan,")
    print("            or a cell the domain does not require); rate = detected / detectable;")
    print("exact = reported at the very cell changed (else at the total that depends on it).")
    for name, why in KNOWN_GAPS.items():
        print(f"gap {name}: {why}")
    bad = [o for results in outcomes.values() for o in results
           if o.verdict in ("miss", "false_alarm") or (args.misses and o.verdict == "explained")]
    for o in bad:
        print(o.describe())
    return 1 if any(o.verdict in ("miss", "false_alarm") for o in bad) else 0


if __name__ == "__main__":
    raise SystemExit(main())
