"""Predicted against measured tokens/s per GPU for every measured training run.

    PYTHONPATH=. python benchmarks/validate_step_time.py [--markdown]

Prints one row per record of shared/reference/measured/training_throughput.json
(predicted, measured, error = predicted/measured − 1) and the summary: median and 90th
percentile of |error| over the records the constants were fitted on and over those kept
out (see benchmarks/measured_runs.py: HELD_OUT).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measured_runs  # noqa: E402


def percentile(values, q):
    v = sorted(values)
    if not v:
        return float("nan")
    i = (len(v) - 1) * q
    lo, hi = int(i), min(int(i) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (i - lo)


def predictions(overrides=None):
    """[(record, predicted tokens/s/GPU, measured)], constants optionally overridden."""
    from xlfuncs import architectures, performance

    out = []
    for rec, cfg, table, gpu in measured_runs.runs():
        model = architectures.model(cfg)
        try:
            pred = performance.predict(model, table, gpu)["tokens_per_s_per_gpu"]
        except Exception as exc:   # a record the model cannot represent is shown, not hidden
            pred = None
            rec = dict(rec, error=str(exc))
        why = measured_runs.excluded(rec, table)
        if why:
            rec = dict(rec, excluded=why)
        out.append((rec, pred, measured_runs.measured_tps(rec)))
    return out


def summary(rows):
    lines = []
    for name, keep in (("fitted", False), ("held out", True)):
        errs = [abs(p / m - 1) for r, p, m in rows
                if p and not r.get("excluded") and measured_runs.held_out(r) == keep]
        lines.append(f"{name}: {len(errs)} records, median |error| {percentile(errs, 0.5):.1%}, "
                     f"90th percentile {percentile(errs, 0.9):.1%}")
    return lines


def main(argv):
    rows = predictions()
    md = "--markdown" in argv
    if md:
        print("| record | GPU | GPUs | predicted tok/s/GPU | measured | error | set |")
        print("|---|---|---:|---:|---:|---:|---|")
    for rec, pred, meas in rows:
        part = "held out" if measured_runs.held_out(rec) else "fitted"
        if rec.get("excluded"):
            part = f"excluded: {rec['excluded']}"
        if pred is None:
            print(f"{rec['id']}: not modelled ({rec['error']})")
            continue
        err = pred / meas - 1
        if md:
            print(f"| {rec['id']} | {rec['gpu']} | {rec['gpus']} | {pred:,.0f} | {meas:,.0f} | {err:+.1%} | {part} |")
        else:
            print(f"{rec['id']:<60} {pred:>10.1f} {meas:>10.1f} {err:>+8.1%}  {part}")
    for name in measured_runs.skipped():
        print(f"{name}: skipped (no layout or sequence length in the source)")
    for line in summary(rows):
        print(line)
    if "--write" in argv:
        write(rows)


def write(rows):
    """The table the workbooks' Throughput sheet shows: xlfuncs/catalogs/step_time_validation.json."""
    import json

    from xlfuncs import performance

    out = {"about": "Predicted vs measured tokens/s per GPU for every measured training run of "
                    "shared/reference/measured/training_throughput.json (benchmarks/validate_step_time.py --write).",
           "summary": summary(rows), "records": []}
    for rec, pred, meas in rows:
        if pred is None or rec.get("excluded"):
            continue
        out["records"].append({"id": rec["id"], "gpu": rec["gpu"], "gpus": rec["gpus"], "predicted": round(pred, 1),
                               "measured": round(meas, 1), "error": round(pred / meas - 1, 4),
                               "set": "held out" if measured_runs.held_out(rec) else "fitted"})
    path = Path(performance.__file__).parent / "catalogs" / "step_time_validation.json"
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
