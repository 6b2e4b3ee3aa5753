"""The engine's CPU time on one small document, in process: first run and warm runs.

Prints one JSON line per file: ``first`` is ``Engine(registry).run(documents)`` (frames
built by ``to_frames`` inside it) right after the file was read, in a fresh process (what
the command line pays: nomenclature answers not yet cached); ``warm`` is the minimum of
``--repeat`` further runs (the engine's own cost, the name searches answered from the
caches). Run two source trees alternately for a before/after::

    for i in 1 2 3; do for t in /tmp/main-src .; do
      (cd $t && PYTHONPATH=$t python benchmarks/engine_small.py FILE ...); done; done

(``benchmarks/engine_small.py`` of this tree runs either: it imports ``checker`` from
``PYTHONPATH``.)
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from checker.cli.collect import collect
    from checker.dsl.registry import load_registry
    from checker.engine.run import Engine

    registry = load_registry()
    for path in args.files:
        documents = collect([path]).documents
        start = time.process_time()
        result = Engine(registry).run(documents)
        first = time.process_time() - start
        warm = []
        for _ in range(args.repeat):
            start = time.process_time()
            Engine(registry).run(documents)
            warm.append(time.process_time() - start)
        print(json.dumps({"file": path.rsplit("/", 1)[-1], "first": round(first, 4),
                          "warm": round(min(warm), 4), "findings": len(result.findings)}),
              flush=True)


if __name__ == "__main__":
    main()
