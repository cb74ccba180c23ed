"""The Throughput sheet: how well the step-time model predicts measured runs, and the
predicted MFU of catalog models on common clusters (a table the Budget sheet can look up
by the name ``Throughput_PredictedMFU``), computed by the build with its date and version."""

from __future__ import annotations

import datetime
import functools
import json

from ..catalogs import HERE
from .cells import Paragraph, Records, Sheet

MODELS = ("Llama-3.1-8B", "Llama-3.1-70B", "Llama-3.1-405B", "Mixtral-8x7B", "GPT-3 175B")
GPUS = ("A100-80GB", "H100-SXM")
SIZES = (64, 512, 4096)
SEQ_LEN = 8192
BATCH_TOKENS = 4 * 2 ** 20


@functools.lru_cache(maxsize=None)
def mfu_records() -> tuple:
    """Best-setup predictions for MODELS × GPUS × SIZES (4M-token global batch, BF16)."""
    from .. import architectures, performance

    rows = []
    for name in MODELS:
        model = architectures.catalog(name)
        for gpu in GPUS:
            for gpus in SIZES:
                table = {"gpus": gpus, "global_batch": max(BATCH_TOKENS // SEQ_LEN, gpus // 2), "seq_len": SEQ_LEN}
                try:
                    fields, chosen = performance.best_setup(model, table, gpu, limit=400)
                except Exception:       # a model that fits no layout of this size: left out
                    continue
                rows.append({"mfu_model": name, "mfu_gpu": gpu, "mfu_gpus": gpus, "mfu_mfu": fields["mfu"],
                             "mfu_tps": fields["tokens_per_s_per_gpu"], "mfu_setup": performance.setup_text(chosen)})
    return tuple(rows)


def validation():
    return json.loads((HERE / "step_time_validation.json").read_text(encoding="utf-8"))


def version():
    from importlib.metadata import PackageNotFoundError, version as v

    try:
        return v("xlfuncs")
    except PackageNotFoundError:
        return "development"


# The two tables share columns, so each column has one width in both.
VALIDATION_FIELDS = (
    ("v_id", "Measured run", "@", 46), ("v_gpu", "GPU", "@", 19), ("v_gpus", "GPUs", "#,##0", 8),
    ("v_pred", "Predicted tokens/s per GPU", "#,##0.0", 12), ("v_meas", "Measured tokens/s per GPU", "#,##0.0", 12),
    ("v_err", "Error", "+0.0%;-0.0%", 12), ("v_set", "Set", "@", 62),
)
MFU_FIELDS = (
    ("mfu_model", "Model", "@", 46), ("mfu_gpu", "GPU", "@", 19), ("mfu_gpus", "GPUs", "#,##0", 8),
    ("mfu_mfu", "Predicted MFU", "0.0%", 12), ("mfu_tps", "Tokens/s per GPU", "#,##0", 12),
    ("mfu_built", "Built on, by version", "@", 12), ("mfu_setup", "Best setup (JSON)", "@", 62),
)


def sheet() -> Sheet:
    v = validation()
    records = tuple({"v_id": r["id"], "v_gpu": r["gpu"], "v_gpus": r["gpus"], "v_pred": r["predicted"],
                     "v_meas": r["measured"], "v_err": r["error"], "v_set": r["set"]} for r in v["records"])
    built = f"{datetime.date.today().isoformat()}, xlfuncs {version()}"
    table = tuple(dict(r, mfu_built=built) for r in mfu_records())
    return Sheet("throughput", "Throughput", (
        Paragraph("Predicted step time: how the model compares with measured runs", "heading"),
        Paragraph("Every matrix multiply, attention, memory-bound pass, collective, bubble and optimizer step, timed.",
                  "note"),
        Paragraph("Fitted on Narayanan et al. 2021, vTrain, torchtitan 2024-12; held out: Korthikanti et al. 2022, "
                  "torchtitan 2025-06.", "note"),
        Records("throughput_mfu", "Predicted MFU of catalog models (Throughput_PredictedMFU)", MFU_FIELDS,
                table, intro="Fastest fitting setup, BF16, 8,192-token sequences, 4M-token batch, computed when the "
                             "workbook was built (last column: date and version)."),
        Records("throughput_validation", "Predicted against measured", VALIDATION_FIELDS, records,
                intro="Error = predicted / measured − 1, tokens per second per GPU. Summary (median and 90th "
                      "percentile, fitted and held out): README, Step time.", translated={"v_set": {}}),
    ), subtitle="How fast a cluster trains a model: predictions against published measurements.", pages_tall=0)
