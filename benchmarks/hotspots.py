"""Where the library's time goes: the cost of each part of the pipeline, in real time.

cProfile (``bench_check.py --profile``) finds the hot functions, but its per-call overhead
inflates code made of many tiny calls (cattrs hooks, attrs ``__init__``s), so its shares are
not real shares.  This script times the parts of the pipeline separately, without a profiler,
on documents from ``bench_check.py``.  Every loop discards its results, as the pipeline does,
so that retained objects do not inflate the garbage collector's work.  Figures are CPU
microseconds per document, best of R runs.

Run from the repository root::

    .venv/bin/python benchmarks/hotspots.py [--docs 5000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_check

import schulerfolg
from schulerfolg import Application, evaluate, from_dict, to_dict, to_json
from schulerfolg._rules.ledger import EMPTY_LEDGER
from schulerfolg._wire.json_text import parse_json
from schulerfolg.plugins import Rule, RuleContext


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    count: int = args.docs

    texts = bench_check.generate_documents(count, args.seed)
    rulebook = schulerfolg.state_rulebook()
    baseline = bench_check.Baseline(schulerfolg.__version__)
    for text in texts[:200]:
        bench_check.library_check(text)
        baseline.check(text)
    data = [parse_json(text) for text in texts]
    apps = [from_dict(item, Application) for item in data]
    decisions = [evaluate(app, rulebook=rulebook) for app in apps]
    dicts = [to_dict(decision) for decision in decisions]
    names = sorted({name for rule, _ in rulebook.rules for name in rule.parameters})

    def per_doc(function: Callable[[Any], object], items: Sequence[Any]) -> float:
        runs = []
        for _ in range(args.repeat):
            gc.collect()
            started = time.process_time()
            for item in items:
                function(item)  # the result is dropped at once, as in the pipeline
            runs.append(time.process_time() - started)
        return min(runs) / count * 1e6

    def show(label: str, function: Callable[[Any], object], items: Sequence[Any]) -> None:
        print(f"{label:<56} {per_doc(function, items):7.1f} µs/doc")

    def context(app: Application) -> RuleContext:
        assert app.submission_date is not None
        return RuleContext(
            rulebook, district=app.district, on=app.submission_date, ledger=EMPTY_LEDGER
        )

    def lookups(app: Application) -> None:
        ctx = context(app)
        for name in names:
            ctx.parameter_value(name)
        ctx.uses()

    print(f"{count:,} documents, CPU time, best of {args.repeat} runs, GC on\n")
    show("library pipeline (from_json, evaluate, to_json)", bench_check.library_check, texts)
    show("  from_json: parse_json (json.loads with hooks)", parse_json, texts)
    show("             (plain json.loads, for comparison)", json.loads, texts)
    show("  from_json: from_dict (cattrs, invariants)", lambda d: from_dict(d, Application), data)
    show("  evaluate", lambda app: evaluate(app, rulebook=rulebook), apps)
    show(f"    {len(names)} parameter look-ups with the trace", lookups, apps)

    def checker(rule: Rule) -> Callable[[Application], object]:
        return lambda app: list(rule.check(app, context(app)))

    for rule, _ in rulebook.rules:
        show(f"    rule {rule.id} (with its look-ups)", checker(rule), apps)
    show("  to_json", to_json, decisions)
    show("    to_dict(decision)", to_dict, decisions)
    show("      of which the parameter trace", lambda d: to_dict(d.parameters), decisions)
    show("    json.dumps(indent=2)", lambda d: json.dumps(d, ensure_ascii=False, indent=2), dicts)
    show(
        "    json.dumps(indent=None), for comparison",
        lambda d: json.dumps(d, ensure_ascii=False),
        dicts,
    )
    show("baseline (bench_check.py), indent=2", baseline.check, texts)
    show("baseline, indent=None", baseline.check_compact, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
