"""Fit the serving model's five efficiency constants on the measured TensorRT-LLM tables and
write them to xlfuncs/catalogs/serving_fit.json. Re-runnable:

    PYTHONPATH=$PWD python benchmarks/fit_serving.py

Fitted on every record of shared/reference/measured/serving_throughput.json except the
held-out source (trtllm-perf-doc-v0.11.0), the llm-viewer duplicates and the two suspect
values: per-GPU output throughput of the max-throughput rows and the batch-1 first-token
latencies. Loss: mean |log(predicted / measured)| (robust to the odd outlier). The bands
are the 10th / 90th percentiles of measured / predicted over the fitted records.
"""

import json
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).parent))
import serving_records  # noqa: E402
from xlfuncs import serving  # noqa: E402

FILE = Path(serving.__file__).parent / "catalogs" / "serving_fit.json"
# name: (start, low, high, what it is). Collectives are performance.py's (its NVLink
# efficiency and step latency), not fitted here. The HBM share is held to what streaming kernels reach (at most ~90% of the datasheet) and
# the per-step overhead to what CUDA-graph decode loops show (at most 4 ms), so that the
# fit cannot trade one for the other.
FITTED = {
    "hbm_fraction": (0.8, 0.6, 0.9, "share of the HBM bandwidth a decode step reaches"),
    "decode_compute_fraction": (0.5, 0.05, 1.0, "share of the tensor-core peak of a large-batch decode step"),
    "prefill_compute_fraction": (0.6, 0.05, 1.0, "share of the tensor-core peak prefill GEMMs reach"),
    "step_overhead_ms": (1.0, 0.0, 4.0, "fixed time per decode step: scheduling, kernel launches, sampling"),
}
FIXED = {
    "pcie_gbps": (64, "PCIe Gen4 x16, both directions (GPUs without NVLink such as L40S); PCI-SIG spec"),
    "usable_memory_fraction": (0.9, "share of GPU memory the engine may allocate: TensorRT-LLM's "
                               "--kv_cache_free_gpu_mem_fraction 0.9 and vLLM's gpu_memory_utilization 0.9"),
    "workspace_tokens": (8192, "tokens of the largest forward pass the engine reserves activations for "
                         "(TensorRT-LLM max_num_tokens 8192; vLLM max_num_batched_tokens 8192)"),
}


def write(values, bands, note):
    raw = {"about": "Constants of xlfuncs/serving.py. Fitted ones written by benchmarks/fit_serving.py; " + note,
           "date": date.today().isoformat(),
           "constants": {k: {"value": round(values[k], 4), "what": FITTED[k][3], "fitted_on": note}
                         for k in FITTED}
           | {k: {"value": v, "what": w, "fitted_on": "not fitted"} for k, (v, w) in FIXED.items()},
           "bands": bands}
    FILE.write_text(json.dumps(raw, indent=1) + "\n")
    serving.constants.cache_clear()


def ratios(records):
    """measured / predicted for each record: (kind, ratio)."""
    out = []
    for r, m, g, s, measured in records:
        p = serving.perf(m, s, g)
        for k, v in measured.items():
            out.append(("latency" if k.endswith("_ms") else "throughput", v / p[k]))
    return out


def main():
    records = [x for x in serving_records.load() if x[0]["source"] != serving_records.HELD_OUT]
    names = list(FITTED)
    note = (f"{len(records)} records of serving_throughput.json (TensorRT-LLM v0.5-v0.10 tables; "
            f"{serving_records.HELD_OUT}, llm-viewer duplicates and the 2 suspect values left out)")

    def loss(x):
        write(dict(zip(names, x)), {"throughput": {"low": 1, "high": 1}, "latency": {"low": 1, "high": 1}}, note)
        return float(np.mean([abs(math.log(q)) for _, q in ratios(records)]))

    start = [FITTED[n][0] for n in names]
    found = minimize(loss, start, method="Powell", bounds=[FITTED[n][1:3] for n in names],
                     options={"xtol": 1e-3, "ftol": 1e-4, "maxfev": 600})
    values = dict(zip(names, found.x))
    write(values, {"throughput": {"low": 1, "high": 1}, "latency": {"low": 1, "high": 1}}, note)
    got = ratios(records)
    bands = {k: {"low": round(float(np.percentile([q for kk, q in got if kk == k], 10)), 3),
                 "high": round(float(np.percentile([q for kk, q in got if kk == k], 90)), 3)}
             for k in ("throughput", "latency")}
    write(values, bands, note)
    print(f"mean |log error| {found.fun:.3f} on {len(records)} records")
    for k in names:
        print(f"{k:26s} {values[k]:.4g}")
    print("bands", bands)


if __name__ == "__main__":
    main()
