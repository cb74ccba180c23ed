"""Serving an LLM: prefill, decode, parallelism, precision and batching as a roofline.

One replica runs on ``tp × pp × dp`` GPUs (tensor, pipeline and attention-data
parallelism; experts spread over ``ep`` of them). A request's prompt is prefilled
(compute-bound GEMMs and causal attention), then each decode step yields one token per
sequence of the batch. Its weight GEMMs cost the larger of reading the weights they touch
from HBM and doing their FLOPs; attention then reads the batch's KV cache; the
tensor-parallel all-reduces and a fixed per-step overhead come on top:

    step(B) = max(weights(B) / (n·BW·η_hbm), gemm_flops(B) / (n·peak·η_decode))
              + kv_cache(B) / (n·BW·η_hbm) + comms + overhead

Continuous batching at concurrency C shares the replica between prefills and decode
steps, so (Little's law) a request spends ``C·prefill + O·step(C)`` in the system, where
a prompt's prefill is its share of a forward pass that packs as many prompts as the
engine's token budget holds.
Communication is :mod:`performance`'s collective costs. The four constants (η_hbm,
η_decode, η_prefill, per-step overhead) are fitted by ``benchmarks/fit_serving.py`` on the measured TensorRT-LLM tables and
stored in ``catalogs/serving_fit.json``; every formula below is plain roofline
arithmetic (Pope et al. 2022, "Efficiently Scaling Transformer Inference", §2–3;
Kwon et al. 2023 (vLLM) for continuous batching; Agrawal et al. 2024 (Sarathi-Serve) for
chunked prefill sharing decode steps).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .inputs import COUNT_OR_ZERO, NONNEGATIVE, POSITIVE, InputError, known, show

GB = 1e9
# Bytes per weight, and which tensor-core peak the GEMMs run at (weight-only formats
# dequantise to 16 bit and run at the bf16 peak).
WEIGHTS = {"bf16": (2.0, "tflops"), "fp16": (2.0, "tflops"), "fp8": (1.0, "tflops_fp8"),
           "int8": (1.0, "tops_int8"), "int4": (0.5, "tflops"), "fp4": (0.5, "tflops_fp4")}
KV_CACHE = {"bf16": 2.0, "fp16": 2.0, "fp8": 1.0}
FIELDS = ("output_tokens_per_s_per_gpu", "total_tokens_per_s_per_gpu", "ttft_ms", "tpot_ms", "e2e_ms",
          "requests_per_s", "max_concurrency", "concurrency", "kv_cache_gb", "bound", "gpus")
BANDED = ("output_tokens_per_s_per_gpu", "total_tokens_per_s_per_gpu", "ttft_ms", "tpot_ms", "e2e_ms")


@functools.lru_cache(maxsize=1)
def constants() -> dict:
    """The fitted constants (``catalogs/serving_fit.json``): name → value."""
    raw = json.loads((Path(__file__).parent / "catalogs" / "serving_fit.json").read_text())
    return {k: v["value"] for k, v in raw["constants"].items()} | {"bands": raw["bands"]}


@dataclass(frozen=True)
class Serve:
    """How one replica serves: lengths, concurrency (None: the most memory allows), layout,
    precisions. ``static`` means a fixed batch that starts together (no continuous batching)."""

    input_len: int
    output_len: int
    concurrency: int | None = None
    tp: int = 1
    pp: int = 1
    ep: int = 1
    dp: int = 1
    weights: str = "bf16"
    kv_cache: str = "bf16"
    gpus_per_node: int | None = None
    max_batch: int = 2048
    offline: bool = False
    static: bool = False

    @property
    def gpus(self):
        return self.tp * self.pp * self.dp


# --------------------------------------------------------------------------- the model's sizes

def expected_experts(experts, top_k, tokens):
    """Expected distinct experts hit when ``tokens`` tokens each pick ``top_k`` of ``experts``
    uniformly: E·(1 − (1 − k/E)^b). Each expert is missed by one token with probability
    1 − k/E, by all b independently with (1 − k/E)^b (balanced routing, as MoE load-balancing
    losses aim for; Fedus et al. 2021, Switch Transformer §2.2)."""
    if experts == 0:
        return 0.0
    return experts * (1.0 - (1.0 - top_k / experts) ** tokens)


def weight_params_touched(model, tokens):
    """Parameters a forward pass over ``tokens`` tokens reads: every layer's shared weights,
    the expected distinct routed experts (:func:`expected_experts`), embeddings and head."""
    from . import architectures

    layers = sum(l.shared.params + expected_experts(l.experts, l.top_k, tokens) * l.expert.params
                 for l in model.layers)
    return layers + architectures.params(model, "embedding") + model.other.params


def kv_bytes_per_token(model, kv_bytes):
    """KV-cache bytes one token keeps: Σ_layers 2·kv_heads·head_dim (or MLA's latent) × bytes
    (the same count as ``architectures.kv_cache_gb``)."""
    return sum(l.kv_per_token for l in model.layers) * kv_bytes


def forward_flops(model, tokens, context):
    """Forward FLOPs of ``tokens`` new tokens that each attend to ``context`` earlier ones on
    average: 2 per active matmul weight per token, plus attention 2·heads·(qk + v)·context
    per layer per token (``architectures.forward_flops_per_token``)."""
    from . import architectures

    layers, head = architectures.forward_flops_per_token(model, context)
    return tokens * (layers + head)


# --------------------------------------------------------------------------- hardware

def peak_tflops(gpu, weights):
    """The tensor-core peak the GEMMs of a weight format run at on ``gpu``: bf16/int4 weight-only
    at the bf16 peak, fp8 at ``tflops_fp8``, int8 at ``tops_int8``, fp4 at ``tflops_fp4``.
    A format the GPU has no units for runs weight-only at the bf16 peak (as vLLM's Marlin
    kernels run fp8 on Ampere)."""
    _, key = weight_format(weights)
    return gpu.get(key) or gpu["tflops"]


def weight_format(weights):
    """(bytes per weight, the GPU's peak field its GEMMs run at) of a weight format (:data:`WEIGHTS`)."""
    if weights not in WEIGHTS:
        raise InputError(f"weights must be one of {', '.join(WEIGHTS)}, got {show(weights)}")
    return WEIGHTS[weights]


def link(gpu, ranks, gpus_per_node=None):
    """The link a tensor- or expert-parallel group talks over (:mod:`performance`'s Link):
    NVLink (``performance.nvlink``) when the GPU has it and the group stays in a node; else
    PCIe, half the fitted file's ``pcie_gbps`` a direction, with NVLink's step latency."""
    from . import performance

    if gpu.get("interconnect_gbps") and ranks <= (gpus_per_node or gpu.get("gpus_per_node") or 8):
        return performance.nvlink(gpu)
    latency = performance.constants(gpu)["nvlink_latency_s"]
    return performance.Link(constants()["pcie_gbps"] / 2.0, latency)


def tp_comm_s(model, tokens, s: Serve, gpu):
    """Tensor parallelism's communication per forward pass: two all-reduces per layer (after
    attention and after the MLP; Shoeybi et al. 2019, Megatron-LM §3) of tokens × hidden
    16-bit activations, each ``performance.allreduce_seconds`` (ring bandwidth term plus
    2·⌈log2 tp⌉ latency steps: latency-dominated at decode batch sizes)."""
    from . import performance

    if s.tp <= 1:
        return 0.0
    one = performance.allreduce_seconds(tokens * model.hidden * 2.0, s.tp, link(gpu, s.tp, s.gpus_per_node))
    return 2 * len(model.layers) * one


def ep_comm_s(model, tokens, s: Serve, gpu):
    """Expert parallelism's all-to-alls per forward pass (attention data parallel across dp):
    each MoE layer dispatches and combines a GPU's tokens/dp × top_k × hidden 16-bit
    activations (``performance.alltoall_seconds``, twice per layer)."""
    from . import performance

    if s.ep <= 1:
        return 0.0
    net = link(gpu, s.ep, s.gpus_per_node)
    return sum(2 * performance.alltoall_seconds(tokens / s.dp * l.top_k * model.hidden * 2.0, s.ep, net)
               for l in model.layers if l.experts)


# --------------------------------------------------------------------------- prefill and decode

def prefill_s(model, s: Serve, gpu, requests=1):
    """Time to prefill ``requests`` prompts of ``input_len`` tokens: compute-bound at the fitted
    prefill efficiency, FLOPs = forward_flops(input_len, causal context input_len/2), never
    faster than one read of the weights it touches; plus the tp/ep communication of those
    tokens. Returns seconds."""
    c = constants()
    n, tokens = s.gpus, requests * s.input_len
    flops = forward_flops(model, tokens, s.input_len / 2.0)
    compute = flops / (n * peak_tflops(gpu, s.weights) * 1e12 * c["prefill_compute_fraction"])
    wbytes, _ = weight_format(s.weights)
    memory = weight_params_touched(model, tokens) * wbytes / (n * gpu["bandwidth_gbps"] * GB * c["hbm_fraction"])
    return max(compute, memory) + tp_comm_s(model, tokens, s, gpu) + ep_comm_s(model, tokens, s, gpu)


def prompts_per_pass(s: Serve, concurrency):
    """Prompts an in-flight-batching engine packs into one forward pass: as many whole
    prompts as its token budget holds (max_num_tokens, the fitted file's ``workspace_tokens``),
    at least one and at most the concurrency (TensorRT-LLM's and vLLM's schedulers)."""
    budget = constants()["workspace_tokens"]
    return max(1, min(int(concurrency), int(budget // max(s.input_len, 1))))


def prefill_per_request_s(model, s: Serve, gpu, concurrency):
    """A prompt's share of the replica's time under continuous batching: prompts are packed
    :func:`prompts_per_pass` at a time, so one read of the weights serves them all and short
    prompts become compute-bound: prefill_s(k prompts) / k."""
    k = prompts_per_pass(s, concurrency)
    return prefill_s(model, s, gpu, k) / k


def decode_parts(model, s: Serve, gpu, batch, context, hbm_fraction=None):
    """One decode step of ``batch`` sequences whose cache holds ``context`` tokens each:
    (memory seconds, compute seconds, communication + overhead seconds); the step takes
    max(memory, compute) + the rest.

    A step runs two kinds of kernel one after the other: the weight GEMMs, bound by reading
    the weights the batch touches (MoE: the expected distinct experts of batch × top_k routed
    tokens) or, at a large batch, by their FLOPs (forward_flops without attention, over
    n × peak × η_decode); and attention, which reads the batch's KV cache (about one FLOP per
    byte per query head sharing it: memory-bound on every GPU). So, with W, K the weight and
    cache reads over n × HBM × η_hbm and G the GEMM time, step = max(W, G) + K, returned as
    memory = W + K and compute = G + K (Pope et al. 2022 §2: attention's cost is the cache read)."""
    c = constants()
    n = s.gpus
    wbytes, _ = weight_format(s.weights)
    hbm = n * gpu["bandwidth_gbps"] * GB * (hbm_fraction or c["hbm_fraction"])
    weights = weight_params_touched(model, batch) * wbytes / hbm
    cache = batch * context * kv_bytes_per_token(model, KV_CACHE[s.kv_cache]) / hbm
    gemms = forward_flops(model, batch, 0) / (n * peak_tflops(gpu, s.weights) * 1e12 * c["decode_compute_fraction"])
    memory, compute = weights + cache, gemms + cache
    other = tp_comm_s(model, batch, s, gpu) + ep_comm_s(model, batch, s, gpu) + c["step_overhead_ms"] * 1e-3
    return memory, compute, other


def decode_step_s(model, s: Serve, gpu, batch, context, hbm_fraction=None):
    """Seconds per decode step: max(memory, compute) + communication + overhead
    (:func:`decode_parts`)."""
    memory, compute, other = decode_parts(model, s, gpu, batch, context, hbm_fraction)
    return max(memory, compute) + other


# --------------------------------------------------------------------------- memory and batching

def weights_gb(model, weights):
    """Bytes of every weight (all experts) in the weight format, GB."""
    from . import architectures

    return architectures.params(model, "total") * weight_format(weights)[0] / GB


def workspace_gb(model, s: Serve):
    """Activation workspace of the engine: the largest forward pass it plans for, max_num_tokens
    (fitted file's ``workspace_tokens``) × hidden × 16 bytes (q/k/v, MLP intermediate, logits
    buffers in 16 bit), spread over the replica's GPUs."""
    c = constants()
    return c["workspace_tokens"] * (model.hidden * 16 + model.vocab * 4) / GB


def max_concurrency(model, s: Serve, gpu):
    """Most sequences of input_len + output_len tokens whose KV cache fits beside the weights and
    workspace in the replica's usable memory (η_mem × memory_gb per GPU, the fitted share
    the engine may allocate), capped by the engine's max_batch. 0 when the weights do not fit."""
    from .memory import exposed_gb

    c = constants()
    usable = s.gpus * exposed_gb(gpu) * c["usable_memory_fraction"]
    free = usable - weights_gb(model, s.weights) - s.gpus * workspace_gb(model, s)
    per_seq = (s.input_len + s.output_len) * kv_bytes_per_token(model, KV_CACHE[s.kv_cache]) / GB
    if free <= 0:
        return 0
    return int(min(s.max_batch, free // per_seq if per_seq else s.max_batch))


def check(model, s: Serve, gpu):
    """Refuse layouts a framework cannot run: tp must divide the attention heads, pp the
    layers, ep the experts and tp·dp; precisions must be known."""
    weight_format(s.weights)
    if s.kv_cache not in KV_CACHE:
        raise InputError(f"serve kv_cache must be one of {', '.join(KV_CACHE)}, got {show(s.kv_cache)}")
    heads = model.layers[0].heads
    if heads % s.tp:
        raise InputError(f"serve tp {s.tp} must divide the model's {heads} attention heads")
    if len(model.layers) % s.pp:
        raise InputError(f"serve pp {s.pp} must divide the model's {len(model.layers)} layers")
    experts = max(l.experts for l in model.layers)
    if s.ep > 1 and (not experts or experts % s.ep or (s.tp * s.dp) % s.ep):
        raise InputError(f"serve ep {s.ep} must divide the experts ({experts}) and tp × dp ({s.tp * s.dp})")


def prefill_compute_s(model, s: Serve, gpu, tokens):
    """Seconds of tensor-core work to prefill ``tokens`` prompt tokens (causal attention over
    input_len/2 on average) at the fitted prefill efficiency, weights already streaming."""
    c = constants()
    flops = forward_flops(model, tokens, s.input_len / 2.0)
    return flops / (s.gpus * peak_tflops(gpu, s.weights) * 1e12 * c["prefill_compute_fraction"])


def perf(model, s: Serve, gpu) -> dict:
    """Throughput and latency of one replica at a concurrency (see the module docstring).

    C = s.concurrency or the most memory allows; decode at the mean context input + output/2.
    Static batch: the batch prefills together (prefill_s(C)), then O steps decode_step_s(C):
                  TTFT = prefill + overhead, TPOT = step, e2e = prefill + O·step.
    Continuous:   the replica alternates prompts and steps: e2e = C·P + O·step (Little's law),
                  P = prefill_s(1); output tok/s = C·O / e2e; TPOT = step + C·P/O (the prompts
                  run between a request's steps); TTFT = P·(1 + ρ/(2(1−ρ))) + step/2 with
                  ρ = C·P / e2e the prefill share (M/D/1 wait behind other prompts, then half a
                  step in flight); offline (all queued): TTFT = P·(C+1)/2 + step/2.
    """
    check(model, s, gpu)
    most = max_concurrency(model, s, gpu)
    if most < 1:
        raise InputError(f"serve: the weights ({weights_gb(model, s.weights):.0f} GB) and one sequence do not fit "
                         f"{s.gpus} × {gpu['name']}: raise tp or pp, or quantise")
    conc = most if s.concurrency is None else int(s.concurrency)
    context = s.input_len + s.output_len / 2.0
    memory, compute, other = decode_parts(model, s, gpu, conc, context)
    out = s.output_len
    p1 = prefill_per_request_s(model, s, gpu, conc)
    if s.static:
        step = max(memory, compute) + other
        pre = prefill_s(model, s, gpu, conc)
        e2e, ttft, tpot = pre + out * step, pre + constants()["step_overhead_ms"] * 1e-3, step
        prefill_share = pre / e2e
    else:
        step = max(memory, compute) + other
        e2e = conc * p1 + out * step
        rho = min(conc * p1 / e2e, 0.95)
        tpot = step + conc * p1 / out
        ttft = p1 * ((conc + 1) / 2.0 if s.offline else 1.0 + rho / (2 * (1 - rho))) + step / 2
        prefill_share = rho
    requests = conc / e2e
    bound = "memory" if memory >= compute else "compute"
    if other > max(memory, compute):
        bound = "overhead"
    if prefill_share > 0.5:
        bound = "prefill"
    return {"output_tokens_per_s_per_gpu": requests * out / s.gpus,
            "total_tokens_per_s_per_gpu": requests * (out + s.input_len) / s.gpus,
            "ttft_ms": ttft * 1e3, "tpot_ms": tpot * 1e3, "e2e_ms": (ttft + (out - 1) * tpot) * 1e3,
            "requests_per_s": requests, "max_concurrency": float(most), "concurrency": float(conc),
            "kv_cache_gb": conc * (s.input_len + s.output_len) * kv_bytes_per_token(model, KV_CACHE[s.kv_cache]) / GB,
            "bound": bound, "gpus": float(s.gpus)}


def band(field, value, side):
    """A calibration band: ``value`` times the 10th (low) or 90th (high) percentile of
    measured / predicted over the fitted records, throughput and latency separately."""
    kind = "latency" if field.endswith("_ms") else "throughput"
    return value * constants()["bands"][kind][side]


def field(result: dict, name: str):
    """One field of :func:`perf`, or a ``_low`` / ``_high`` band of a banded one."""
    for side in ("low", "high"):
        base = name[: -len(side) - 1]
        if name.endswith("_" + side) and base in BANDED:
            return band(base, result[base], side)
    if name not in result:
        options = list(FIELDS) + [f + s for f in BANDED for s in ("_low", "_high")]
        raise InputError(f"field must be one of {known(options, 'the README')}, got {show(name)}")
    return result[name]


# --------------------------------------------------------------------------- reading serve tables

SERVE_KEYS = ("input_len", "output_len", "concurrency", "tp", "pp", "ep", "dp", "weights", "kv_cache",
              "gpus_per_node")


def read_serve(table: dict) -> Serve:
    """A ``serve`` key/value table into a :class:`Serve` (input_len and output_len required)."""
    from .inputs import is_empty

    unknown = sorted(set(table) - set(SERVE_KEYS))
    if unknown:
        raise InputError(f"serve has no key {show(unknown[0])}; keys: {', '.join(SERVE_KEYS)}")

    def whole(key, default=None, low=1):
        value = table.get(key)
        if value is None or is_empty(value):
            if default is None and key in ("input_len", "output_len"):
                raise InputError(f"serve needs {key} (tokens per request)")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < low:
            raise InputError(f"serve {key} must be a whole number >= {low}, got {show(value)}")
        return int(value)

    def word(key, default, options):
        value = table.get(key)
        if value is None or is_empty(value):
            return default
        w = str(value).strip().lower()
        if w not in options:
            raise InputError(f"serve {key} must be one of {', '.join(options)}, got {show(value)}")
        return w

    return Serve(whole("input_len"), whole("output_len"), whole("concurrency"), whole("tp", 1), whole("pp", 1),
                 whole("ep", 1), whole("dp", 1), word("weights", "bf16", tuple(WEIGHTS)),
                 word("kv_cache", "bf16", tuple(KV_CACHE)), whole("gpus_per_node"))


# --------------------------------------------------------------------------- planning

HOURS_PER_MONTH = 730.5
TP_CHOICES = (1, 2, 4, 8)
PP_CHOICES = (1, 2, 4, 8)


def layouts(model, gpu, weights_options, gpus_per_node=None):
    """The layouts the plan searches, smallest first: tp ∈ {1, 2, 4, 8} within a node dividing the
    heads, pp ∈ {1, 2, 4, 8} dividing the layers (pp > 1 only once tp fills the node), ep = tp for
    a mixture of experts (and 1), each weight format the GPU runs. At most 4·4·2·|weights|."""
    node = gpus_per_node or gpu.get("gpus_per_node") or 8
    heads, n_layers = model.layers[0].heads, len(model.layers)
    experts = max(l.experts for l in model.layers)
    for pp in PP_CHOICES:
        for tp in TP_CHOICES:
            if tp > node or heads % tp or n_layers % pp or (pp > 1 and tp < min(node, 8)):
                continue
            eps = [1] + ([tp] if experts and tp > 1 and experts % tp == 0 else [])
            for ep in eps:
                for w in weights_options:
                    yield Serve(1, 1, tp=tp, pp=pp, ep=ep, weights=w, gpus_per_node=node)


def best_concurrency(model, s: Serve, gpu, ttft_ms, tpot_ms):
    """The largest concurrency (bisection: TPOT and TTFT grow with it) whose latencies meet the
    objectives, with its perf; None when even concurrency 1 misses them."""
    most = max_concurrency(model, s, gpu)
    if most < 1:
        return None

    def ok(c):
        p = perf(model, _with(s, concurrency=c), gpu)
        return p if p["ttft_ms"] <= ttft_ms and p["tpot_ms"] <= tpot_ms else None

    if not ok(1):
        return None
    low, high = 1, most
    while low < high:                                      # ~12 evaluations for 2048
        mid = (low + high + 1) // 2
        low, high = (mid, high) if ok(mid) else (low, mid - 1)
    return ok(low)


def _with(s: Serve, **changes):
    from dataclasses import replace

    return replace(s, **changes)


# --------------------------------------------------------------------------- the plan, hour by hour
# Once a layout and its concurrency are chosen, the rest of the plan is arithmetic a
# spreadsheet can spell; the Serving sheet writes these formulas as they are stated here.

def mean_output_rate(requests_per_s, tokens_per_day, output_len):
    """Mean output tokens per second of a traffic forecast: requests/s × output tokens per
    request or, when no request rate is given (0 or empty), output tokens per day / 86,400.

    Excel: =IF(r>0,r*O,D/86400)
    """
    if requests_per_s and requests_per_s > 0:
        return requests_per_s * output_len
    return (tokens_per_day or 0) / 86400


def hourly_rate(mean_rate, share, total_shares):
    """Output tokens per second in one hour of the day: the daily mean × 24 × the hour's share
    of all 24 shares (shares need not add up to 1).

    Excel: =m*24*x/S
    """
    return mean_rate * 24 * share / total_shares


def share_total(shares):
    """The 24 hourly shares added up (what :func:`hourly_rate` divides by). Excel: =SUM(S)"""
    return sum(shares)


def replica_rate(per_gpu, gpus_per_replica):
    """Output tokens per second one replica sustains: per GPU × GPUs per replica. Excel: =t*n"""
    return per_gpu * gpus_per_replica


def gpus_for_hour(mean_rate, share, total_shares, per_replica, gpus_per_replica):
    """GPUs one hour needs: GPUs per replica × ⌈that hour's rate (:func:`hourly_rate`) / one
    replica's rate⌉, at least one replica (one stays up through an idle hour); 1E-9 keeps an
    exact multiple from rounding up.

    Excel: =n*MAX(1,ROUNDUP(m*24*x/S/c-1E-9,0))
    """
    rate = hourly_rate(mean_rate, share, total_shares)
    return gpus_per_replica * max(1, math.ceil(rate / per_replica - 1e-9))


def peak_gpus(gpus_by_hour):
    """GPUs at the busiest hour. Excel: =MAX(G)"""
    return max(gpus_by_hour)


def replicas_at(gpus, gpus_per_replica):
    """Replicas that many GPUs make. Excel: =G/n"""
    return gpus / gpus_per_replica


def gpu_hours_per_day(gpus_by_hour, autoscale):
    """GPU-hours paid a day: autoscaled, each hour's GPUs added up; else the peak hour's
    GPUs all day long.

    Excel: =IF(a,SUM(G),24*MAX(G))
    """
    return sum(gpus_by_hour) if autoscale else 24 * max(gpus_by_hour)


def average_gpus(gpu_hours_day):
    """GPUs on average over the day. Excel: =H/24"""
    return gpu_hours_day / 24


def monthly_cost(gpu_hours_day, price_per_gpu_hour):
    """Money a month: GPU-hours a day / 24 × 730.5 hours a month (8,766 / 12) × the price
    per GPU-hour.

    Excel: =H/24*730.5*p
    """
    return gpu_hours_day / 24 * HOURS_PER_MONTH * price_per_gpu_hour


def cost_per_mtok(monthly, mean_rate):
    """Money per million output tokens: a month's cost / the output tokens of a month
    (mean tokens/s × 3,600 × 730.5) × 1E6; 0 without traffic.

    Excel: =IF(m>0,K/(m*3600*730.5)*1E6,0)
    """
    return monthly / (mean_rate * 3600 * HOURS_PER_MONTH) * 1e6 if mean_rate > 0 else 0.0


def hourly_text(shares):
    """The 24 shares as the text ``traffic``'s ``hourly`` key reads: "2.5,2,1.5,...".

    Excel: =TEXTJOIN(",",TRUE,S)
    """
    return ",".join(f"{float(x):.15g}" for x in shares)


def plan(model, traffic: dict, slo: dict, gpu) -> dict:
    """The cheapest layout meeting the objectives: over :func:`layouts`, each at the largest
    concurrency whose TTFT and TPOT meet the SLO (:func:`best_concurrency`), replicas per hour
    = ⌈output tokens/s of that hour / a replica's output tokens/s⌉; the layout with the fewest
    GPU-hours a day wins (fewest peak GPUs when not autoscaled). ``traffic``: requests_per_s or
    tokens_per_day (output tokens), input_len, output_len, hourly (24 shares); ``slo``: ttft_ms,
    tpot_ms, price_per_gpu_hour, autoscale, weights (formats allowed; default bf16 and fp8)."""
    t = read_traffic(traffic)
    # An objective not given is no limit; given, it is read as every number cell is.
    given = {k: POSITIVE(f"slo {k}", slo[k]) for k in ("ttft_ms", "tpot_ms") if slo.get(k) not in (None, "")}
    ttft_ms, tpot_ms = given.get("ttft_ms", math.inf), given.get("tpot_ms", math.inf)
    price = NONNEGATIVE("slo price_per_gpu_hour", slo.get("price_per_gpu_hour") or 0.0)
    autoscale = bool(slo.get("autoscale", True))
    allowed = slo.get("weights") or ("bf16", "fp8")
    allowed = tuple(w.strip().lower() for w in (allowed.split(",") if isinstance(allowed, str) else allowed))
    for w in allowed:
        weight_format(w)
    best = None
    for layout in layouts(model, gpu, allowed):
        if layout.weights == "fp8" and not gpu.get("tflops_fp8") and "bf16" in allowed:
            continue                                       # weight-only fp8 adds nothing then
        s = _with(layout, input_len=t["input_len"], output_len=t["output_len"],
                  kv_cache="fp8" if layout.weights in ("fp8", "fp4") else "bf16")
        found = best_concurrency(model, s, gpu, ttft_ms, tpot_ms)
        if found is None:
            continue
        per_replica = replica_rate(found["output_tokens_per_s_per_gpu"], s.gpus)
        by_hour = [gpus_for_hour(t["mean_rate"], x, t["total_shares"], per_replica, s.gpus) for x in t["shares"]]
        per_day = gpu_hours_per_day(by_hour, autoscale)
        key = (per_day, peak_gpus(by_hour))
        if best is None or key < best[0]:
            best = (key, s, found, by_hour)
    if best is None:
        wanted = " and ".join(f"{k} {show(v)}" for k, v in given.items())
        goal = (f"meets slo {wanted}: relax it or pick a faster gpu" if wanted
                else "holds the model and one request: shorter requests or a larger gpu")
        raise InputError(f"no layout of up to {max(TP_CHOICES) * max(PP_CHOICES)} {gpu['name']} per replica (tp × pp, "
                         f"the search's bound) {goal}")
    (per_day, peak), s, found, by_hour = best
    monthly = monthly_cost(per_day, price)
    setup = {"input_len": s.input_len, "output_len": s.output_len, "concurrency": int(found["concurrency"]),
             "tp": s.tp, "pp": s.pp, "ep": s.ep, "dp": s.dp, "weights": s.weights, "kv_cache": s.kv_cache}
    return {"gpus": float(peak), "gpus_average": average_gpus(per_day), "replicas": float(replicas_at(peak, s.gpus)),
            "gpus_per_replica": float(s.gpus), "tp": float(s.tp), "pp": float(s.pp), "ep": float(s.ep),
            "weights": s.weights, "concurrency": found["concurrency"], "ttft_ms": found["ttft_ms"],
            "tpot_ms": found["tpot_ms"], "monthly_cost": monthly,
            "cost_per_mtok": cost_per_mtok(monthly, t["mean_rate"]),
            "setup": json.dumps(setup), "gpus_by_hour": [float(g) for g in by_hour]}


PLAN_FIELDS = ("gpus", "gpus_average", "replicas", "gpus_per_replica", "tp", "pp", "ep", "weights", "concurrency",
               "ttft_ms", "tpot_ms", "cost_per_mtok", "monthly_cost", "setup")
TRAFFIC_KEYS = ("requests_per_s", "tokens_per_day", "input_len", "output_len", "hourly")


def read_traffic(table: dict) -> dict:
    """``traffic`` into output-token rates per hour of the day: requests_per_s × output_len or
    tokens_per_day / 86,400 as the daily mean, shaped by ``hourly`` (24 shares, normalised)."""
    unknown = sorted(set(table) - set(TRAFFIC_KEYS))
    if unknown:
        raise InputError(f"traffic has no key {show(unknown[0])}; keys: {', '.join(TRAFFIC_KEYS)}")
    lengths = {}
    for key in ("input_len", "output_len"):
        v = table.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 1:
            raise InputError(f"traffic {key} must be a number of tokens >= 1, got {show(v)}")
        lengths[key] = int(v)
    # Rates are read as every number cell is ("1B" tokens a day, "inf" refused, by name).
    rps, per_day = table.get("requests_per_s"), table.get("tokens_per_day")
    # 0 or empty: not given (the Serving sheet leaves requests_per_s at 0 to plan by tokens a day)
    rps = None if rps in (None, "") else COUNT_OR_ZERO("traffic requests_per_s", rps)
    per_day = None if per_day in (None, "") else COUNT_OR_ZERO("traffic tokens_per_day", per_day)
    if not rps and not per_day:
        raise InputError("traffic needs requests_per_s or tokens_per_day (a positive number)")
    mean = mean_output_rate(rps, per_day, lengths["output_len"])
    shares = table.get("hourly")
    if shares is None or shares == "":
        shares = [1.0] * 24
    if isinstance(shares, str):
        shares = [float(x) for x in shares.replace(";", ",").replace(" ", ",").split(",") if x]
    shares = [float(x) for x in shares]
    if len(shares) != 24 or min(shares) < 0 or sum(shares) <= 0:
        raise InputError(f"traffic hourly must be 24 non-negative shares of the day, got {len(shares)} values")
    total = share_total(shares)
    rates = [hourly_rate(mean, x, total) for x in shares]
    return {**lengths, "hourly_rates": rates, "tokens_per_day": mean * 86400.0, "mean_rate": mean,
            "shares": shares, "total_shares": total}


def weights_for_bytes(bytes_per_number, gpu):
    """The weight format of a byte width: 2 → bf16, 1 → fp8 (int8 where the GPU has no fp8
    units), 0.5 → fp4 on GPUs with fp4 units, else int4."""
    if bytes_per_number >= 2:
        return "bf16"
    if bytes_per_number >= 1:
        return "fp8" if gpu.get("tflops_fp8") else "int8"
    return "fp4" if gpu.get("tflops_fp4") else "int4"


def serve_gpus(model, tokens_per_day, context, bytes_per_number, gpu, batch=32, hbm_fraction=None):
    """GPUs to decode a daily volume of tokens at ``batch`` sequences of ``context`` tokens per
    replica: the smallest layout of :func:`layouts` (tp within a node, then pp) whose memory holds
    the weights, workspace and the batch's KV cache (:func:`max_concurrency`); a replica makes
    batch / decode_step_s tokens/s; replicas = ⌈tokens per day / 86,400 / that⌉. Returns gpus,
    replicas, gpus_per_replica, tokens_per_s (per replica), replica_gb."""
    weights = weights_for_bytes(bytes_per_number, gpu)
    kv = "fp8" if bytes_per_number < 2 else "bf16"
    for layout in layouts(model, gpu, (weights,)):
        s = _with(layout, input_len=max(int(context), 1), output_len=0, kv_cache=kv, ep=1)
        if max_concurrency(model, s, gpu) >= batch:
            break
    else:
        raise InputError(f"{show(batch)} sequences of {show(context)} tokens do not fit 64 {gpu['name']}: lower batch or context")
    tokens_per_s = batch / decode_step_s(model, s, gpu, batch, context, hbm_fraction)
    replicas = math.ceil(tokens_per_day / 86400.0 / tokens_per_s - 1e-9)
    replica_gb = weights_gb(model, weights) + batch * context * kv_bytes_per_token(model, KV_CACHE[kv]) / GB
    return {"gpus": float(replicas * s.gpus), "replicas": float(replicas), "gpus_per_replica": float(s.gpus),
            "tokens_per_s": tokens_per_s, "replica_gb": replica_gb}
