"""Predicted against measured for every record of the serving measurements, with the error,
and a summary in and out of the fit:

    PYTHONPATH=$PWD python benchmarks/validate_serving.py [--all]

Error = predicted / measured − 1. --all also prints the llm-viewer duplicates and the two
suspect values (they are never in the summary)."""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import serving_records  # noqa: E402
from xlfuncs import serving  # noqa: E402


def main(all_records=False):
    errors = {}
    print(f"{'record':86s} {'field':28s} {'measured':>10s} {'predicted':>10s} {'error':>7s}")
    for r, m, g, s, measured in serving_records.load(all_records):
        p = serving.perf(m, s, g)
        dropped = r["source"] == "llm-viewer-issue-4" or "suspect_value" in r.get("flags", [])
        group = "dropped" if dropped else "held out" if r["source"] == serving_records.HELD_OUT else "in fit"
        for k, v in measured.items():
            e = p[k] / v - 1
            errors.setdefault((group, k), []).append(abs(e))
            print(f"{r['id'][4:90]:86s} {k:28s} {v:10.1f} {p[k]:10.1f} {e:+7.0%}")
    print()
    for (group, k), es in sorted(errors.items()):
        if group != "dropped":
            print(f"summary {group:8s} {k:28s} n={len(es):3d} median |error| {statistics.median(es):5.1%}"
                  f"  mean {statistics.mean(es):5.1%}  within 20%: {sum(e <= 0.2 for e in es) / len(es):4.0%}")


if __name__ == "__main__":
    main("--all" in sys.argv)
