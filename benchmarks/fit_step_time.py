"""Fit the step-time model's constants on the measured runs, and write them to
xlfuncs/catalogs/performance.json.

    PYTHONPATH=. python benchmarks/fit_step_time.py [--dry-run]

Per GPU generation, a grid search over its few constants (ampere: gemm_max_eff,
gemm_half_dim; hopper: those and attention_eff_ratio: 5 fitted numbers in all) minimises
the mean |log(predicted / measured)| of tokens/s per GPU over that generation's records,
excluding the held-out sources (measured_runs.HELD_OUT) and the excluded records. The
priors stay as catalogued. The band is the 10th-90th percentile of measured/predicted
over all fitted records.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measured_runs  # noqa: E402
from validate_step_time import percentile  # noqa: E402

GRID = {
    "gemm_max_eff": [x / 100 for x in range(50, 83, 1)],   # cuBLAS BF16 sustains about 80-82% of peak on large GEMMs,
    "gemm_half_dim": [8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512],
    "attention_eff_ratio": [x / 100 for x in range(20, 101, 5)],
}
FITTED = {"ampere": ("gemm_max_eff", "gemm_half_dim"),
          "hopper": ("gemm_max_eff", "gemm_half_dim", "attention_eff_ratio")}


def main(argv):
    from xlfuncs import architectures, performance
    from xlfuncs.catalogs import gpu as find

    cat = performance.catalog()          # the cached dict: edited in place while fitting
    runs = []
    for rec, cfg, table, gpu in measured_runs.runs():
        if measured_runs.held_out(rec) or measured_runs.excluded(rec, table):
            continue
        runs.append((rec, architectures.model(cfg), table, find(gpu), measured_runs.measured_tps(rec)))
    fitted_ids = []
    for name, keys in FITTED.items():
        gen = cat["generations"][name]
        mine = [r for r in runs if r[3]["name"] in gen["gpus"]]
        plans = [(performance.read_plan(t, g), m, g, meas) for _, m, t, g, meas in mine]
        best = None
        for values in itertools.product(*(GRID[k] for k in keys)):
            for k, v in zip(keys, values):
                gen["constants"].setdefault(k, {"value": v})["value"] = v
            performance._constants.cache_clear()  # constants() keeps one dict per GPU
            loss = sum(abs(math.log(performance.step_time(m, p, g)["tokens_per_s_per_gpu"] / meas))
                       for p, m, g, meas in plans) / len(plans)
            if best is None or loss < best[0]:
                best = (loss, values)
        for k, v in zip(keys, best[1]):
            gen["constants"][k]["value"] = v
            gen["constants"][k]["fitted_on"] = f"{len(mine)} records"
        performance._constants.cache_clear()
        print(f"{name}: {dict(zip(keys, best[1]))}, mean |log error| {best[0]:.3f} on {len(mine)} records")
        fitted_ids += [r[0]["id"] for r in mine]
    ratios = []
    for rec, m, t, g, meas in runs:
        ratios.append(meas / performance.step_time(m, performance.read_plan(t, g), g)["tokens_per_s_per_gpu"])
    cat["band"]["low_ratio"] = round(percentile(ratios, 0.1), 3)
    cat["band"]["high_ratio"] = round(percentile(ratios, 0.9), 3)
    cat["fitted_on"] = sorted({measured_runs.source(r[0]) for r in runs})
    cat["held_out"] = list(measured_runs.HELD_OUT)
    cat["fitted_records"] = len(fitted_ids)
    print(f"band: {cat['band']['low_ratio']} - {cat['band']['high_ratio']} x predicted")
    if "--dry-run" not in argv:
        path = Path(performance.__file__).parent / "catalogs" / "performance.json"
        path.write_text(json.dumps(cat, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
