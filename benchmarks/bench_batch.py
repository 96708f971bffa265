"""Benchmark: a batch check — many documents in one process, some invalid — with the library's
batch path versus a plain hand-written Python checker doing the same checks.

The documents are ``bench_check.py``'s (distinct, over six districts with and without plugins);
every 20th is made invalid (its requested amount a number, not text).  Both sides read each
document, decide it (or report it invalid), write one compact JSON line per document —
``{"source": …, "decision": {…}}`` or ``{"source": …, "invalid": {"problems": […]}}`` — and count
the summary per district and outcome.  The library side is what ``schulerfolg check - --format
json`` runs for JSON Lines (``schulerfolg._cli.batch``); the baseline is ``bench_check.py``'s
``DistrictBaseline``.  Before timing, both run on every document: the same documents must be
invalid, and every decision must be byte-identical.  Timing: the best of R interleaved runs,
CPU time; printed as documents per second and the ratio library / baseline (target: at most
2.0).

Run from the repository root::

    .venv/bin/python benchmarks/bench_batch.py            # 10,000 documents
    .venv/bin/python benchmarks/bench_batch.py --docs 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_check

import schulerfolg
from schulerfolg._cli.batch import Document, Tally, check_document, summary_text
from schulerfolg._directory.documents import from_json
from schulerfolg._model.application import Application
from schulerfolg._rules.evaluation import evaluate

KEYS = ("15083", "15091", "15084", "15089", "15001", "15090")


def documents(count: int, seed: int) -> list[str]:
    """``count`` distinct documents over :data:`KEYS`; every 20th with an invalid amount."""
    texts = bench_check.generate_documents(count, seed, KEYS)
    for index in range(0, count, 20):
        data = json.loads(texts[index])
        data["requested_amount"] = 5
        texts[index] = json.dumps(data, ensure_ascii=False)
    return texts


def library_batch(rulebooks: dict[str, Any]) -> Callable[[Sequence[str]], list[str]]:
    """The CLI's batch path: each document to its result line, then the summary."""

    def read(document: Document) -> Application:
        return from_json(document.text, Application, source=document.source)

    def decide(application: Application) -> Any:
        return evaluate(application, rulebooks[application.district.key])

    def run(texts: Sequence[str]) -> list[str]:
        tally = Tally()
        lines = []
        for number, text in enumerate(texts, start=1):
            result = check_document(Document(source=f"<stdin>:{number}", text=text), read, decide)
            tally.add(result)
            lines.append(result.json_line())
        summary_text(tally, "de")
        return lines

    return run


def baseline_batch(baseline: Any) -> Callable[[Sequence[str]], list[str]]:
    """The plain checker: decide or report invalid, one line each, the counts per district."""

    def run(texts: Sequence[str]) -> list[str]:
        lines = []
        counts: Counter[tuple[str, str]] = Counter()
        for number, text in enumerate(texts, start=1):
            source = json.dumps(f"<stdin>:{number}")
            try:
                decision = baseline.decide(text)
            except bench_check.InvalidDocumentError as exc:
                problem = {"path": "$", "code": "invalid", "message": str(exc)}
                body = json.dumps(
                    {"problems": [problem]}, ensure_ascii=False, separators=(",", ":")
                )
                lines.append(f'{{"source":{source},"invalid":{body}}}')
                counts[("", "invalid")] += 1
                continue
            decision_json = json.dumps(decision, ensure_ascii=False)
            lines.append(f'{{"source":{source},"decision":{decision_json}}}')
            counts[(decision["district"], decision["outcome"])] += 1
        return lines

    return run


def verify(library: list[str], baseline: list[str]) -> str | None:
    """The first disagreement: a document invalid on one side only, or a differing decision."""
    for number, (lib, base) in enumerate(zip(library, baseline, strict=True), start=1):
        lib_data, base_data = json.loads(lib), json.loads(base)
        if ("invalid" in lib_data) != ("invalid" in base_data):
            return f"document {number}: {lib[:200]} / {base[:200]}"
        if "decision" in lib_data and lib != base:
            return f"document {number}: decisions differ"
    return None


def best(run: Callable[[Sequence[str]], list[str]], texts: Sequence[str]) -> float:
    """CPU seconds of one run (the garbage collector on, as in production)."""
    gc.collect()
    started = time.process_time()
    run(texts)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    texts = documents(args.docs, args.seed)
    rulebooks = bench_check.library_rulebooks(KEYS)
    library = library_batch(rulebooks)
    baseline = baseline_batch(bench_check.DistrictBaseline(schulerfolg.__version__, KEYS))
    mismatch = verify(library(texts), baseline(texts))
    if mismatch is not None:
        print(f"MISMATCH: {mismatch}")
        return 1
    invalid = sum(1 for index in range(0, args.docs, 20))
    print(
        f"{args.docs:,} documents ({invalid:,} invalid) over {', '.join(KEYS)}: the same "
        "documents invalid on both sides, every decision byte-identical"
    )
    times: dict[str, list[float]] = {"library": [], "baseline": []}
    for _ in range(args.repeat):
        times["library"].append(best(library, texts))
        times["baseline"].append(best(baseline, texts))
    lib, base = min(times["library"]), min(times["baseline"])
    print(f"best of {args.repeat} interleaved runs (CPU):")
    print(f"  library   {args.docs / lib:>9,.0f} documents/s ({lib * 1e6 / args.docs:.1f} µs each)")
    print(
        f"  baseline  {args.docs / base:>9,.0f} documents/s ({base * 1e6 / args.docs:.1f} µs each)"
    )
    print(f"  ratio library / baseline: {lib / base:.2f} (target: at most 2.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
