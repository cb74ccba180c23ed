"""The LLM_* Excel functions: names, argument docs and readers. No math here.

Each function is registered with xlwings (classic add-in on Windows, Office.js through
xlwings Lite or Server) and is also a plain Python function. Its body composes the
formulas of ``formulas.py``; :func:`ranges.cellwise` reads the cells and broadcasts
ranges. Docstrings are what Excel's Function Wizard shows (at most 255 characters).
"""

from __future__ import annotations

import xlwings as xw

from . import formulas, ranges
from .catalogs import gpu as gpu_entry
from .inputs import (COUNT, FRACTION, NONNEGATIVE, POSITIVE, InputError, bandwidth_gbs,
                     flag, precision_bytes, show, text)

# Classic xlwings (Windows COM) writes a raised exception's traceback into the cell, so
# there errors are returned as text; everywhere else they are raised.
ranges.ERRORS_AS_TEXT = getattr(xw.func, "__module__", "") == "xlwings.udfs"
# Office.js (xlwings Lite, xlwings Server) shows a raised error as #VALUE! with its message,
# and real error values (#NUM!) inside a range: see ranges.py.
ranges.OFFICE_JS = getattr(xw.func, "__module__", "").startswith("xlwings.pro")


def gpu_peak(name, value):
    """A GPU: a dense peak in TFLOP/s, or a catalog name (its dense BF16/FP16 peak)."""
    if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
        return float(gpu_entry(value.strip(), name)["tflops"])
    return POSITIVE(name, value)


def gpu_memory(name, value):
    """A GPU's memory: GB, or a catalog name (its memory_gb)."""
    if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
        return float(gpu_entry(value.strip(), name)["memory_gb"])
    return POSITIVE(name, value)


def gpu_power(name, value):
    """Power in watts, or a catalog name (its board power, tdp_w)."""
    if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
        row = gpu_entry(value.strip(), name)
        if row["tdp_w"] is None:
            raise InputError(f"{name} {show(value)} has no published power in the catalog: type watts")
        return float(row["tdp_w"])
    return POSITIVE(name, value)


def choice(*options):
    def read(name, value):
        word = text(name, value).lower()
        if word not in options:
            raise InputError(f"{name} must be one of {', '.join(options)}, got {show(value)}")
        return word
    return read


# One description per argument name, shared by every function that takes it.
ARGS = {
    "params": (COUNT, "Model parameters, e.g. 175E+9 or \"175B\""),
    "tokens": (COUNT, "Training tokens, e.g. 300E+9 or \"300B\""),
    "layers": (POSITIVE, "Transformer layers L"),
    "hidden": (POSITIVE, "Hidden size h"),
    "vocab": (NONNEGATIVE, "Vocabulary size V (default 0: leave the embedding out)"),
    "method": (choice("exact", "approx"), "\"exact\": L(12h²+13h)+Vh (default); \"approx\": 12Lh²"),
    "recompute": (flag, "TRUE (default): 8·P·T FLOPs with activation recomputation; FALSE: 6·P·T"),
    "gpus": (POSITIVE, "Number of GPUs"),
    "days": (POSITIVE, "Deadline in days"),
    "gpu": (gpu_peak, "GPU name from the catalog (e.g. \"A100-40GB\") or its dense peak in TFLOP/s"),
    "utilization": (FRACTION, "Share of peak achieved, 0-1 (default 0.45); hardware-FLOPs utilization when recompute is TRUE"),
    "bytes_per_param": (POSITIVE, "Bytes per parameter for weights, gradients and optimizer (default 20: mixed-precision AdamW)"),
    "precision": (precision_bytes, "Bytes per parameter or a name: \"fp32\", \"fp16\", \"bf16\", \"fp8\", \"int8\", \"int4\" (default 2)"),
    "overhead": (NONNEGATIVE, "Extra share for the forward pass (default 0.2)"),
    "memory_gb": (POSITIVE, "Memory to hold, in GB (1E+9 bytes)"),
    "tokens_per_param": (POSITIVE, "Tokens per parameter (default 20, Chinchilla)"),
    "gigabytes": (NONNEGATIVE, "Data to move, in GB"),
    "bandwidth": (bandwidth_gbs, "Link bandwidth: GB/s, or text with a unit such as \"200Gbps\" or \"450GB/s\""),
    "price_per_gpu_hour": (NONNEGATIVE, "Price of one GPU for one hour, in your currency"),
    "gpu_hours": (NONNEGATIVE, "GPU-hours of the run"),
    "power": (gpu_power, "Power per GPU in watts, or a GPU name for its catalog board power"),
    "pue": (POSITIVE, "Power usage effectiveness of the data centre (default 1: the GPU alone)"),
    "name": (text, "GPU name from the catalog, e.g. \"H100-SXM\""),
    "field": (text, "tflops (default), tflops_fp8, tflops_fp32, memory_gb, bandwidth_gbps, interconnect_gbps, tdp_w, vendor, released, source, verification, date"),
}


def udf(vectorize=True, **readers):
    """Register a body as an Excel function: category LLM, every argument documented,
    every argument a 2-D range so that a column stays a column."""

    def decorate(body):
        import inspect

        names = list(inspect.signature(body).parameters)
        table = {n: readers.get(n, ARGS[n][0]) for n in names}
        f = ranges.cellwise(table, vectorize=vectorize)(body)
        for n in reversed(names):
            # err_to_str: an error cell (#N/A) arrives as its text, not as None, which would
            # read as an empty cell and quietly become the default.
            f = xw.arg(n, ndim=2, err_to_str=True,
                       doc=ARGS[n][1] if n not in readers else readers[n].__doc__ or ARGS[n][1])(f)
        return xw.func(category="LLM")(f)

    return decorate


@udf()
def LLM_PARAMS(layers, hidden, vocab=0.0, method="exact"):
    """Trainable parameters of a GPT-style transformer: L·(12h²+13h)+V·h, or 12·L·h² with method "approx" (article §1)."""
    if method == "approx":
        return formulas.params_approx(layers, hidden)
    return formulas.params_exact(layers, hidden, vocab)


@udf()
def LLM_TRAIN_FLOPS(params, tokens, recompute=True):
    """Training compute in FLOPs: 8·P·T with activation recomputation (default), 6·P·T without (article §2)."""
    return formulas.train_flops(params, tokens, recompute)


@udf()
def LLM_TRAIN_DAYS(params, tokens, gpus, gpu, utilization=0.45, recompute=True):
    """Training time in days: FLOPs / (GPUs · peak · utilization) / 86400 (article §3)."""
    return formulas.train_days(formulas.train_flops(params, tokens, recompute), gpus, gpu, utilization)


@udf()
def LLM_TRAIN_GPUS(params, tokens, days, gpu, utilization=0.45, recompute=True):
    """GPUs needed to train within a deadline, fractional: FLOPs / (days·86400 · peak · utilization) (article §4). Wrap in ROUNDUP(…,0) to buy."""
    return formulas.gpus_for_days(formulas.train_flops(params, tokens, recompute), days, gpu, utilization)


@udf()
def LLM_GPU_HOURS(params, tokens, gpu, utilization=0.45, recompute=True):
    """GPU-hours of a training run: FLOPs / (peak · utilization) / 3600, whatever the GPU count."""
    return formulas.gpu_hours(formulas.train_flops(params, tokens, recompute), gpu, utilization)


@udf()
def LLM_TRAIN_COST(params, tokens, gpu, price_per_gpu_hour, utilization=0.45, recompute=True):
    """Rental cost of a training run: GPU-hours × price per GPU-hour, in the price's currency."""
    hours = formulas.gpu_hours(formulas.train_flops(params, tokens, recompute), gpu, utilization)
    return formulas.cost(hours, price_per_gpu_hour)


@udf()
def LLM_ENERGY_KWH(gpu_hours, power, pue=1.0):
    """Energy of a run in kWh: GPU-hours × watts per GPU / 1000 × PUE (Patterson et al. 2021)."""
    return formulas.energy_kwh(gpu_hours, power, pue)


@udf()
def LLM_TRAIN_MEM(params, bytes_per_param=20.0):
    """Memory for training model states in GB: 20 bytes per parameter for mixed-precision AdamW, activations not included (article §6)."""
    return formulas.train_memory_gb(params, bytes_per_param)


@udf()
def LLM_INFER_MEM(params, precision=2.0, overhead=0.2):
    """Memory for inference in GB: (1 + overhead) · parameters · bytes per parameter (article §5)."""
    return formulas.infer_memory_gb(params, precision, overhead)


@udf(gpu=gpu_memory)
def LLM_MIN_GPUS(memory_gb, gpu):
    """Whole GPUs whose memory holds the given GB: ROUNDUP(memory / GPU memory) (article §6: 3500 GB on 80 GB cards → 44)."""
    return formulas.gpus_to_hold(memory_gb, gpu)


@udf()
def LLM_OPTIMAL_TOKENS(params, tokens_per_param=20.0):
    """Compute-optimal training tokens: 20 per parameter (Hoffmann et al. 2022, article §7)."""
    return formulas.optimal_tokens(params, tokens_per_param)


@udf()
def LLM_COMM_SECONDS(gigabytes, bandwidth):
    """Seconds to move data over a link: GB / (GB/s); bandwidth may be text such as "200Gbps" (article §10)."""
    return formulas.comm_seconds(gigabytes, bandwidth)


@udf(vectorize=False)
def LLM_GPU(name, field="tflops"):
    """A value from the GPU catalog: dense BF16/FP16 TFLOP/s by default, or memory_gb, bandwidth_gbps, tdp_w, source…"""
    row = gpu_entry(name, "name")
    key = field.lower()
    if key not in row or key == "about":
        raise InputError(f"field {show(field)} is not a catalog field; known: {', '.join(row)}")
    if row[key] is None:
        raise InputError(f"{row['name']} has no published {key} in the catalog")
    return row[key]


__all__ = [n for n in list(globals()) if n.startswith("LLM_")]
