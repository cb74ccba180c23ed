"""The Serving sheet: a traffic forecast, latency objectives and a price in; the cheapest
layout that meets them, the GPUs of every hour of the day and the money out.

Choosing the layout (``serving.plan``: tp, pp, ep and weight format, each at the largest
concurrency whose TTFT and TPOT meet the objectives) is a search, not a formula: the add-in
workbook calls LLM_SERVE_PLAN and LLM_SERVE_PERF on the sheet's traffic and objective ranges;
the native workbook shows the build's answer for the model, GPU, lengths and objectives it
was built with, as data, and says so. Once the layout is chosen, the rest (each hour's GPUs,
GPU-hours a day, the monthly cost, the cost per million tokens) is ``serving.py``'s hour-by-hour
arithmetic, spelt as formulas in both workbooks, so the traffic, the hourly profile, the price
and autoscaling stay live in the native workbook too.
"""

from __future__ import annotations

import functools

from .cells import CURRENCY, Block, Calc, Columns, Data, Fact, Input, Panels, Paragraph, Sheet, Span, Subhead, Table, Text
from .. import serving
from .sheets import FLAG, ONE, PERCENT, TEXT, WHOLE

MODEL, GPU = "Llama-3.1-70B", "H100-SXM"
# An example day (shares of the day's requests, hour by hour from midnight): quiet nights, a
# busy working day, a long evening. Not a measurement: type your own, e.g. from request logs.
HOURLY = (0.025, 0.02, 0.015, 0.015, 0.015, 0.02, 0.03, 0.035, 0.045, 0.055, 0.06, 0.06,
          0.055, 0.055, 0.06, 0.06, 0.055, 0.05, 0.05, 0.05, 0.05, 0.04, 0.04, 0.04)
HOURS = tuple(f"{h:02d}:00" for h in range(24))
SHARES = Span("h0", "h23")
BY_HOUR = Span("g0", "g23")
TRAFFIC, SLO = Table("serve_traffic"), Table("serve_slo")
MONEY = "#,##0"
PRICE = "#,##0.00"
MODEL_PROMPT = "Pick a model from the list (the Models sheet); LLM_SERVE_PLAN reads its architecture."
GPU_PROMPT = "Pick a GPU from the list (the GPUs sheet): its peaks, memory, bandwidth and NVLink set the layout."
BUILT = "fixed by the build (add-in: any)"

# --- what the build computes with the core -------------------------------------------------

# The arguments of every planned figure: the sheet's inputs, in serving.plan's terms.
PLAN_ARGS = ("model", "gpu", "requests_per_s", "tokens_per_day", "input_len", "output_len", SHARES,
             "ttft_ms", "tpot_ms", "price_per_gpu_hour", "autoscale")


@functools.lru_cache(maxsize=None)
def _plan(model, gpu, requests_per_s, tokens_per_day, input_len, output_len, shares, ttft_ms, tpot_ms, price,
          autoscale):
    from ..architectures import catalog
    from ..catalogs import gpu as gpu_record

    traffic = {"requests_per_s": requests_per_s, "tokens_per_day": tokens_per_day, "input_len": input_len,
               "output_len": output_len, "hourly": list(shares)}
    slo = {"ttft_ms": ttft_ms, "tpot_ms": tpot_ms, "price_per_gpu_hour": price, "autoscale": autoscale}
    return serving.plan(catalog(model), traffic, slo, gpu_record(gpu))


def planned(model, gpu, requests_per_s, tokens_per_day, input_len, output_len, shares, ttft_ms, tpot_ms, price,
            autoscale, field):
    """A field of ``serving.plan`` for the sheet's inputs: data in the native workbook (the
    build's answer), LLM_SERVE_PLAN(model, traffic, slo, gpu, field) in the add-in."""
    return _plan(model, gpu, requests_per_s, tokens_per_day, input_len, output_len, tuple(shares), ttft_ms,
                 tpot_ms, price, autoscale)[field]


def performed(model, setup_json, gpu, field):
    """A field of ``serving.perf`` for a serve setup (JSON): data in the native workbook,
    LLM_SERVE_PERF(model, setup, gpu, field) in the add-in."""
    import json

    from ..architectures import catalog
    from ..catalogs import gpu as gpu_record

    return serving.field(serving.perf(catalog(model), serving.read_serve(json.loads(setup_json)), gpu_record(gpu)), field)


def _plan_row(key, label, unit, field, fmt, note, strong=False):
    return Data(key, label, unit, planned, PLAN_ARGS + (Text(field),), fmt,
                ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text(field))), note, strong)


# --- inputs: live in both workbooks, or fixed by the build in the native one ----------------

def _fixed_or_input(variant, key, label, unit, value, fmt, check, prompt, name, note):
    """An input of the add-in workbook; in the native workbook a fixed figure, since the layout
    was computed for it."""
    if variant == "addin":
        return Input(key, label, unit, (value,), fmt, check, prompt, name, note)
    return Fact(key, label, unit, (value,), fmt, BUILT)


def _inputs(variant):
    return (
        Block("serve_in", "1. The model and the GPU", ("Input",), (
            _fixed_or_input(variant, "model", "Model", "catalog name", MODEL, TEXT, "model", MODEL_PROMPT,
                            "Serving_Model", "Models sheet"),
            _fixed_or_input(variant, "gpu", "GPU type", "", GPU, TEXT, "gpu", GPU_PROMPT, "Serving_GPU",
                            "GPUs sheet"),
        ), only=variant),
        Block("serve_traffic", "2. Traffic (column B: the keys LLM_SERVE_PLAN reads)", ("Input",), (
            Input("requests_per_s", "Requests per second, daily mean (0: tokens per day)", "", (20,), ONE,
                  "nonnegative", "Requests a second averaged over the day; 0 to give output tokens per day instead.",
                  "Serving_RequestsPerSecond", "your forecast"),
            Input("tokens_per_day", "Output tokens per day (if requests per second is 0)", "", (None,), '#,##0,,," M"',
                  "optional", "Output tokens a day, e.g. 1E9 for a billion; read only when requests per second is 0.",
                  "Serving_TokensPerDay", "your forecast"),
            _fixed_or_input(variant, "input_len", "Prompt tokens per request", "", 2000, WHOLE, "whole",
                            "Tokens of prompt (input) per request.", "Serving_InputLen", "your traffic"),
            _fixed_or_input(variant, "output_len", "Output tokens per request", "", 500, WHOLE, "whole",
                            "Tokens generated per request.", "Serving_OutputLen", "your traffic"),
            Calc("hourly", "Hourly profile: the 24 shares of section 5, as text", "", serving.hourly_text, (SHARES,),
                 "General", note="LLM_SERVE_PLAN reads this text") if variant == "addin" else
            Fact("hourly", "Hourly profile: the 24 shares of section 5", "", (None,), TEXT,
                 "read there by the formulas"),
        ), only=variant, keys=True),
        Block("serve_slo", "3. Objectives and price (column B: the keys LLM_SERVE_PLAN reads)", ("Input",), (
            _fixed_or_input(variant, "ttft_ms", "Time to first token, at most (ms)", "", 1000, WHOLE, "positive",
                            "Milliseconds from the request to its first output token, queueing included.",
                            "Serving_TTFT", "your objective"),
            _fixed_or_input(variant, "tpot_ms", "Time per output token, at most (ms)", "", 50, WHOLE, "positive",
                            "Milliseconds between output tokens (50 ms: 20 tokens a second per user).",
                            "Serving_TPOT", "your objective"),
            Input("price_per_gpu_hour", "Price per GPU-hour (the Budget sheet's currency)", CURRENCY + " per GPU-hour",
                  (2.0,), PRICE, "nonnegative", "Your price for one GPU for one hour, in the currency of the Budget "
                  "sheet. Example value, not a quote: type your own.", "Serving_PricePerGPUHour",
                  "example, not a quote"),
            Input("autoscale", "Autoscale: GPUs follow the traffic hour by hour", "", (True,), FLAG, "flag",
                  "TRUE: each hour runs the GPUs it needs. FALSE: the peak hour's GPUs run all day.",
                  "Serving_Autoscale", "FALSE: sized for the peak"),
        ), only=variant, keys=True),
    )


# --- results ---------------------------------------------------------------------------------

def _results(variant):
    intro = ("Grey: the build's answer for the fixed figures on the left (notes below the chart)." if variant == "native"
             else "LLM_SERVE_PLAN and LLM_SERVE_PERF on the ranges on the left (notes below the chart).")
    return Block("serve_out", "4. The cheapest layout that meets the objectives", ("Result",), (
        Subhead("h_layout", "Layout of one replica"),
        _plan_row("tp", "Tensor-parallel GPUs tp", "GPUs", "tp", WHOLE, "within a node; divides the heads"),
        _plan_row("pp", "Pipeline stages pp", "stages", "pp", WHOLE, "only once tp fills the node"),
        _plan_row("ep", "Expert-parallel GPUs ep", "GPUs", "ep", WHOLE, "mixtures of experts: ep = tp"),
        _plan_row("weights", "Weights", "format", "weights", TEXT, "bf16 or fp8 (KV cache alike)"),
        _plan_row("n", "GPUs per replica", "GPUs", "gpus_per_replica", WHOLE, "tp × pp"),
        _plan_row("concurrency", "Concurrency: requests served at once", "requests", "concurrency", WHOLE,
                  "the most that meets both objectives", strong=True),
        Subhead("h_latency", "At that concurrency"),
        _plan_row("ttft", "Time to first token", "ms", "ttft_ms", ONE, "LLM_SERVE_PERF: ≤ the objective"),
        _plan_row("tpot", "Time per output token", "ms", "tpot_ms", ONE, "LLM_SERVE_PERF: ≤ the objective"),
        Data("per_gpu", "Output tokens per second per GPU", "tokens/s", performed,
             ("model", "setup", "gpu", Text("output_tokens_per_s_per_gpu")), WHOLE,
             ("LLM_SERVE_PERF", ("model", "setup", "gpu", Text("output_tokens_per_s_per_gpu"))),
             "LLM_SERVE_PERF of the setup below"),
        Calc("per_replica", "Output tokens per second per replica", "tokens/s", serving.replica_rate,
             ("per_gpu", "n"), WHOLE, note="per GPU × GPUs per replica"),
        Subhead("h_money", "GPUs and money"),
        Calc("mean_rate", "Output tokens per second, daily mean", "tokens/s", serving.mean_output_rate,
             ("requests_per_s", "tokens_per_day", "output_len"), WHOLE, note="requests/s × output tokens"),
        Calc("peak", "GPUs at the busiest hour", "GPUs", serving.peak_gpus, (BY_HOUR,), WHOLE,
             ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text("gpus"))), "the largest of section 6",
             strong=True),
        Calc("replicas", "Replicas at the busiest hour", "replicas", serving.replicas_at, ("peak", "n"), WHOLE,
             ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text("replicas"))), "GPUs / GPUs per replica"),
        Calc("average", "GPUs on average over the day", "GPUs", serving.average_gpus, ("gpu_hours",), ONE,
             ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text("gpus_average"))), "GPU-hours a day / 24"),
        Calc("monthly", "Monthly cost", CURRENCY + " per month", serving.monthly_cost,
             ("gpu_hours", "price_per_gpu_hour"), MONEY,
             ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text("monthly_cost"))),
             "GPU-hours a day / 24 × 730.5 h × price", strong=True, name="Serving_MonthlyCost"),
        Calc("per_mtok", "Cost per million output tokens", CURRENCY + " per M tokens", serving.cost_per_mtok,
             ("monthly", "mean_rate"), PRICE,
             ("LLM_SERVE_PLAN", ("model", TRAFFIC, SLO, "gpu", Text("cost_per_mtok"))),
             "monthly cost / a month's output tokens", strong=True, name="Serving_CostPerMTok"),
    ), intro=intro, only=variant)


def _hours():
    shares = Block("serve_shares", "5. Traffic by hour: each hour's share of the day", ("Input",), tuple(
        Input(f"h{h}", HOURS[h], "share of the day", (HOURLY[h],), "0.0%", "nonnegative",
              "This hour's share of the day's requests, 0 or more; the 24 shares are scaled to add up to 100%.",
              f"Serving_Hour{h:02d}", "example day" if h == 0 else "")
        for h in range(24)) + (
        Calc("share_sum", "All 24 shares", "share of the day", serving.share_total, (SHARES,), PERCENT,
             note="scaled to 100%"),))
    gpus = Block("serve_gpus", "6. GPUs by hour", ("Result",), tuple(
        Calc(f"g{h}", HOURS[h], "GPUs", serving.gpus_for_hour, ("mean_rate", f"h{h}", "share_sum", "per_replica", "n"),
             WHOLE, note="GPUs per replica × ⌈hour's tokens/s / replica's⌉" if h == 0 else "")
        for h in range(24)) + (
        Calc("gpu_hours", "GPU-hours a day", "GPU-hours", serving.gpu_hours_per_day, (BY_HOUR, "autoscale"), WHOLE,
             note="autoscaled: the sum; else 24 × the peak", strong=True),))
    return Panels(((shares,), (gpus,)))


def sheet() -> Sheet:
    return Sheet("serving", "Serving", (
        Panels(((*_inputs("native"), *_inputs("addin")), (_results("native"), _results("addin")))),
        Block("serve_setup", "The setup chosen, as LLM_SERVE_PERF reads it (JSON)", ("Result",), (
            _plan_row("setup", "Serving setup", "JSON", "setup", "General", ""),
        )),
        Columns("GPUs by hour", "g0", "g23", "hour of the day", "GPUs"),
        _hours(),
        Paragraph("How it is computed", "heading"),
        Paragraph("The layout: tp of 1, 2, 4 or 8 GPUs within a node (then pipeline stages; ep = tp for mixtures of "
                  "experts), bf16 or fp8 weights, each at the largest concurrency whose TTFT and TPOT meet the "
                  "objectives; the fewest GPU-hours a day wins.", "note"),
        Paragraph("TTFT and TPOT are LLM_SERVE_PERF's: prefill on the tensor cores, decode steps that read the weights "
                  "and KV cache from HBM, tensor-parallel all-reduces, continuous batching (README: Serving).", "note"),
        Paragraph("Each hour: its output tokens/s = daily mean × 24 × its share / all shares; GPUs = GPUs per replica "
                  "× ⌈that / one replica's tokens/s⌉, at least one replica.", "note"),
        Paragraph("Money: GPU-hours a day (autoscaled: each hour's GPUs added up; else the busiest hour's all day) / 24 "
                  "× 730.5 hours a month × price; per million output tokens: the month's cost / its tokens × 1E6.",
                  "note"),
        Paragraph("In this workbook the grey layout rows are data: xlfuncs computed them when it built the workbook, "
                  "for the fixed model, GPU, lengths and objectives.", "note", only="native"),
        Paragraph("Traffic, the 24 shares, the price and autoscale are live formulas on that layout. For another model, "
                  "GPU, length or objective use llm_budget_addin.xlsx: LLM_SERVE_PLAN searches again.", "note",
                  only="native"),
        Paragraph("Far more or less traffic than the default may make another layout cheaper: the add-in workbook "
                  "finds it.", "note", only="native"),
        Paragraph("In this workbook the layout, latencies and throughput are LLM_SERVE_PLAN and LLM_SERVE_PERF calls "
                  "on the traffic and objectives ranges (columns B and C); the hours are formulas on them.", "note",
                  only="addin"),
    ), widths={"A": 44, "B": 19, "C": 13, "D": 34, "E": 2, "F": 36, "G": 15, "H": 12, "I": 34},
        subtitle="GPUs and money to serve a model: traffic, objectives and a price in; the cheapest layout, the GPUs "
                 "of every hour and the monthly cost out.",
        pages_tall=0, page_breaks=("serve_shares",))


SERVING = sheet()
