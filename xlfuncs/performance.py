"""Predicted training step time: how fast a cluster trains a model, from its shapes.

One function per cost, each a formula of the model's per-layer shapes
(:mod:`architectures`), the GPU's catalog entry and the parallel layout:

- :func:`gemm_efficiency` / :func:`gemm_seconds`   a matrix multiply against the dense peak
- :func:`attention_seconds`                         fused (flash) attention
- :func:`memory_seconds`                            memory-bound work over HBM bandwidth
- :func:`allreduce_seconds`, :func:`reduce_scatter_seconds`, :func:`allgather_seconds`,
  :func:`alltoall_seconds`, :func:`p2p_seconds`     collectives over a :class:`Link`
- :func:`bubble_fraction`                           1F1B and interleaved pipeline bubbles
- :func:`step_time`                                 all of it for one optimizer step

The few constants (per GPU generation: the best GEMM efficiency and the matrix size at
which it halves, and priors for attention, links and latency) live in
``catalogs/performance.json`` with their meaning and what they were fitted on; the fit is
``benchmarks/fit_step_time.py``, re-runnable on ``shared/reference/measured``.

Time is what the busiest pipeline stage takes per micro-batch, times the micro-batches,
plus the pipeline bubble, the exposed (not overlapped) communication and the optimizer
step (Narayanan et al. 2021, §2-3; Korthikanti et al. 2022, §4-5).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from .inputs import InputError, show

GB = 1e9
FIELDS = ("seconds", "tokens_per_s_per_gpu", "mfu", "mfu_fp8", "hfu", "model_tflops_per_gpu",
          "compute_s", "recompute_s", "tp_comm_s", "cp_comm_s", "ep_comm_s", "pp_comm_s", "dp_comm_s",
          "bubble_s", "optimizer_s", "bound", "tokens_per_s_per_gpu_low", "tokens_per_s_per_gpu_high")
BREAKDOWN = ("compute_s", "recompute_s", "tp_comm_s", "cp_comm_s", "ep_comm_s", "pp_comm_s",
             "dp_comm_s", "bubble_s", "optimizer_s")


# --------------------------------------------------------------------------- constants

@functools.lru_cache(maxsize=None)
def catalog() -> dict:
    """``catalogs/performance.json``: constants per GPU generation, priors, the band."""
    from .catalogs import HERE

    return json.loads((HERE / "performance.json").read_text(encoding="utf-8"))


def constants(gpu: dict) -> dict:
    """The constants that apply to a GPU (a catalog entry): its generation's, else the
    ``default`` generation (unfitted: Hopper's values), each a plain number. Read only:
    one dict per GPU name, shared by every caller (a search asks thousands of times)."""
    return _constants(gpu.get("name", ""))


@functools.lru_cache(maxsize=None)
def _constants(name: str) -> dict:
    cat = catalog()
    for gen in cat["generations"].values():
        if name in gen["gpus"]:
            break
    else:
        gen = cat["generations"][cat["default_generation"]]
    values = {k: v["value"] for k, v in cat["priors"].items()}
    values.update({k: v["value"] for k, v in gen["constants"].items()})
    return values


def clock_share(gpu: dict) -> float:
    """Share of the datasheet clock a GPU sustains under dense tensor-core load relative to
    its generation's reference part (catalog ``sustained_clock_share``, 1 when absent):
    a 500 W H100 runs slower than the 700 W one the datasheet peaks are quoted for."""
    return float(gpu.get("sustained_clock_share") or 1.0)


def peak_flops(gpu: dict, precision="bf16-mixed") -> float:
    """Dense tensor-core peak in FLOP/s for the GEMM precision: FP8 for ``fp8-mixed``
    (BF16 where the GPU has no FP8), else BF16/FP16 (fp32 training runs its GEMMs in TF32,
    taken as half the BF16 peak, as NVIDIA's datasheets print it)."""
    tflops = gpu["tflops"]
    if precision == "fp8-mixed" and gpu.get("tflops_fp8"):
        tflops = gpu["tflops_fp8"]
    elif precision == "fp32":
        tflops = gpu["tflops"] / 2
    return tflops * 1e12


# --------------------------------------------------------------------------- compute

def gemm_efficiency(m, n, k, max_efficiency, half_dim):
    """Achievable share of peak of an (m × k)·(k × n) matrix multiply:
    max_efficiency · Π_d d/(d + half_dim) over d in (m, n, k).

    Each dimension shorter than a few tiles leaves tensor cores idle (wave quantisation
    and the fixed cost of loading a tile); ``half_dim`` is the size at which one short
    dimension halves the efficiency. Large square GEMMs approach ``max_efficiency``, the
    share of the datasheet peak cuBLAS sustains (clock and power limits included).
    """
    if min(m, n, k) <= 0:
        return max_efficiency
    return max_efficiency * (m / (m + half_dim)) * (n / (n + half_dim)) * (k / (k + half_dim))


def gemm_seconds(m, n, k, gpu, precision="bf16-mixed"):
    """Seconds for one (m × k)·(k × n) matrix multiply (2·m·n·k FLOPs) on a GPU (a catalog
    entry or its name): 2mnk / (peak × :func:`gemm_efficiency`). ``fp8-mixed`` runs at the
    FP8 peak with FP8's own best efficiency."""
    gpu = _entry(gpu)
    c = constants(gpu)
    best = c["gemm_max_eff"] * (c["fp8_eff_ratio"] if _fp8(gpu, precision) else 1.0)
    eff = gemm_efficiency(m, n, k, best, c["gemm_half_dim"])
    return 2.0 * m * n * k / (peak_flops(gpu, precision) * clock_share(gpu) * eff)


def attention_seconds(flops, gpu, tokens=None):
    """Seconds for fused attention (FlashAttention) doing ``flops`` of QKᵀ and scores·V: at
    the BF16 peak × the GEMM's best efficiency × ``attention_eff_ratio`` (FlashAttention-2
    reaches about 70% of a GEMM's throughput on A100, Dao 2023 Fig. 4-6; FlashAttention-3
    a similar share on H100, Shah et al. 2024). Attention stays in BF16 in FP8 recipes
    (Transformer Engine, torchao float8 linears)."""
    gpu = _entry(gpu)
    c = constants(gpu)
    return flops / (peak_flops(gpu) * clock_share(gpu) * c["gemm_max_eff"] * c["attention_eff_ratio"])


def memory_seconds(nbytes, gpu):
    """Seconds to move ``nbytes`` through HBM: bytes / (bandwidth × ``hbm_eff``), the share
    of the datasheet bandwidth a streaming kernel reaches (about 0.8-0.9, STREAM-like)."""
    gpu = _entry(gpu)
    return nbytes / (gpu["bandwidth_gbps"] * GB * constants(gpu)["hbm_eff"])


# --------------------------------------------------------------------------- communication

@dataclass(frozen=True)
class Link:
    """A link as a collective sees it: achievable GB/s per GPU per direction, and the
    latency of one algorithm step in seconds."""

    gbs: float
    latency_s: float


def nvlink(gpu) -> Link:
    """NVLink inside a node: half the datasheet's both-directions figure, × ``nvlink_eff``
    (NCCL's bus bandwidth on 8 GPUs: about 230 of 300 GB/s on A100, 360 of 450 on H100)."""
    gpu = _entry(gpu)
    c = constants(gpu)
    if not gpu.get("interconnect_gbps"):  # PCIe cards and TPUs: the model is fitted on NVLink systems only
        raise InputError(f"{gpu['name']} has no published interconnect_gbps in the catalog: the step-time "
                         "model needs its GPU-to-GPU bandwidth")
    return Link(gpu["interconnect_gbps"] / 2 * c["nvlink_eff"], c["nvlink_latency_s"])


def network(gpu, nic_gbps=None) -> Link:
    """The scale-out network per GPU: ``nic_gbps`` (Gb/s, the reference system's when not
    given) / 8 × ``nic_eff`` (NCCL over InfiniBand/RoCE reaches about 85-90% of line rate)."""
    gpu = _entry(gpu)
    c = constants(gpu)
    return Link((nic_gbps or gpu["nic_gbps"]) / 8 * c["nic_eff"], c["nic_latency_s"])


def _steps(n):
    """Latency steps of a collective over n GPUs: NCCL picks rings for bandwidth and
    trees (or LL protocols) for latency; 2·⌈log2 n⌉ steps is the tree's depth both ways."""
    return 2 * math.ceil(math.log2(n)) if n > 1 else 0


def allreduce_seconds(nbytes, n, link: Link):
    """Ring all-reduce of ``nbytes`` over n GPUs: 2(n−1)/n · bytes / bandwidth + latency
    (Patarasuk & Yuan 2009; NCCL's "bus bandwidth" convention)."""
    if n <= 1:
        return 0.0
    return 2 * (n - 1) / n * nbytes / (link.gbs * GB) + _steps(n) * link.latency_s


def reduce_scatter_seconds(nbytes, n, link: Link):
    """Ring reduce-scatter (or all-gather) of ``nbytes`` in all: (n−1)/n · bytes / bandwidth
    + latency: half an all-reduce."""
    if n <= 1:
        return 0.0
    return (n - 1) / n * nbytes / (link.gbs * GB) + _steps(n) / 2 * link.latency_s


allgather_seconds = reduce_scatter_seconds


def alltoall_seconds(nbytes, n, link: Link):
    """All-to-all where each GPU sends ``nbytes`` in all, (n−1)/n of it to the others:
    (n−1)/n · bytes / bandwidth + one latency per peer exchanged in parallel rounds."""
    if n <= 1:
        return 0.0
    return (n - 1) / n * nbytes / (link.gbs * GB) + _steps(n) / 2 * link.latency_s


def p2p_seconds(nbytes, link: Link):
    """A point-to-point send of ``nbytes`` (pipeline activations): bytes / bandwidth + latency."""
    return nbytes / (link.gbs * GB) + link.latency_s


# --------------------------------------------------------------------------- schedule

def bubble_fraction(pp, micro_batches, vp=1):
    """Pipeline bubble as a share of the ideal step: (pp−1)/(m·vp) for 1F1B (vp = 1) and
    the interleaved schedule (Narayanan et al. 2021, §2.2)."""
    return (pp - 1) / (micro_batches * vp)


# --------------------------------------------------------------------------- the setup

PERF_KEYS = {
    "gpus": "GPUs in the run", "global_batch": "sequences per optimizer step",
    "gpus_per_node": "GPUs sharing NVLink (default: the GPU's reference system)",
    "nic_gbps": "network Gb/s per GPU (default: the GPU's reference system)",
    "overlap": "TRUE (default): data-parallel communication overlaps the backward pass",
    "tp_overlap": "TRUE: tensor-parallel communication overlaps the GEMMs (async TP); FALSE (default)",
    "ep_overlap": "TRUE: expert all-to-alls overlap another micro-batch's compute (DualPipe, MoE comm overlap); FALSE (default)",
    "compile": "TRUE (default): elementwise work runs in fused kernels (Megatron/TE, torch.compile); FALSE: eager PyTorch",
}
MAX_GPUS = 10_000_000
MAX_GPUS_PER_NODE = 1024


@dataclass
class Plan:
    """A training layout: the memory module's Setup plus what timing needs."""

    setup: object          # memory.Setup
    gpus: int
    global_batch: int
    gpus_per_node: int
    nic_gbps: float
    overlap: bool = True
    tp_overlap: bool = False
    compile: bool = True
    ep_overlap: bool = False

    @property
    def micro_batches(self) -> int:
        return self.global_batch // (self.setup.dp * self.setup.micro_batch)


def read_plan(table: dict, gpu: dict) -> Plan:
    """A layout from a key/value table: gpus, global_batch, seq_len (required) and the
    network keys here; the rest go to :func:`memory.read_setup`. dp is gpus/(tp·pp·cp)
    (a given dp must agree); the global batch must split into whole micro-batches."""
    from . import memory
    from .inputs import flag

    table = {str(k).strip().lower(): v for k, v in table.items() if not _blank(v)}
    _known_keys(table)
    for key in ("gpus", "global_batch", "seq_len"):
        if key not in table:
            raise InputError(f"setup has no {key} ({PERF_KEYS.get(key, 'tokens per sequence')})")
    gpus = _whole(table, "gpus", high=MAX_GPUS)
    batch = _whole(table, "global_batch", high=10**9)
    per_node = _whole(table, "gpus_per_node", gpu.get("gpus_per_node") or 8, high=MAX_GPUS_PER_NODE)
    nic = _number(table, "nic_gbps", gpu.get("nic_gbps") or 100)
    overlap = flag("setup overlap", table.get("overlap", True))
    tp_overlap = flag("setup tp_overlap", table.get("tp_overlap", False))
    fused = flag("setup compile", table.get("compile", True))
    ep_overlap = flag("setup ep_overlap", table.get("ep_overlap", False))
    rest = {k: v for k, v in table.items() if k not in PERF_KEYS}
    rest.setdefault("micro_batch", 1)
    tp, pp, cp = (_whole(rest, k, 1) for k in ("tp", "pp", "cp"))
    if gpus % (tp * pp * cp):
        raise InputError(f"setup gpus {gpus} must be a multiple of tp × pp × cp = {tp * pp * cp}")
    dp = gpus // (tp * pp * cp)
    if "dp" in rest and _whole(rest, "dp") != dp:
        raise InputError(f"setup dp {show(rest['dp'])} disagrees with gpus / (tp × pp × cp) = {dp}")
    rest["dp"] = dp
    setup = memory.read_setup(rest)
    if batch % (dp * setup.micro_batch):
        raise InputError(f"setup global_batch {batch} must be a multiple of dp × micro_batch = {dp * setup.micro_batch}")
    plan = Plan(setup, gpus, batch, per_node, nic, overlap, tp_overlap, fused, ep_overlap)
    if setup.vp > 1 and plan.micro_batches % setup.pp:
        raise InputError(f"setup vp {setup.vp} needs micro-batches per step ({plan.micro_batches}) "
                         f"to be a multiple of pp {setup.pp}")
    return plan


def _known_keys(table):
    """An unknown key is an error that names it and the closest known keys."""
    import difflib

    from .memory import SETUP_KEYS

    known = list(PERF_KEYS) + list(SETUP_KEYS)
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(close)}?" if close else "see the README's Step time section"
            raise InputError(f"setup key {show(key)} is unknown: {hint}")


def _blank(v):
    return v is None or (isinstance(v, str) and not v.strip())


def _whole(table, key, default=None, low=1, high=None):
    from .inputs import POSITIVE

    value = table.get(key, default)
    x = POSITIVE(f"setup {key}", value)
    if x != int(x) or x < low or (high is not None and x > high):
        span = f"{low}-{high:,}" if high else f">= {low}"
        raise InputError(f"setup {key} must be a whole number {span}, got {show(value)}")
    return int(x)


def _number(table, key, default):
    from .inputs import POSITIVE

    x = POSITIVE(f"setup {key}", table.get(key, default))
    if not 0 < x < 1e7:
        raise InputError(f"setup {key} must be a positive number of Gb/s, got {show(table.get(key))}")
    return float(x)


# --------------------------------------------------------------------------- one step

def _entry(gpu):
    if isinstance(gpu, dict):
        return gpu
    from .catalogs import gpu as find

    return find(gpu)


def _fp8(gpu, precision):
    return precision == "fp8-mixed" and bool(gpu.get("tflops_fp8"))


def layer_groups(model):
    """Identical layers counted once: {(shared matmul, heads, qk, v, kv, expert matmul,
    experts, top_k): count}, so a 126-layer model costs a handful of evaluations."""
    groups = {}
    for l in model.layers:
        key = (l.shared.matmul, l.heads, l.qk_dim, l.v_dim, l.kv_per_token, l.expert.matmul, l.experts, l.top_k)
        groups[key] = groups.get(key, 0) + 1
    return groups


def _layer_costs(key, model, plan: Plan, gpu, c):
    """Seconds of one layer for one micro-batch on one GPU, forward and backward:
    (gemm_fwd, attention_fwd, attention_bwd, memory_fwd, tp_comm, cp_comm, ep_comm).

    Tokens per GPU t = micro_batch · seq_len / cp. Shared GEMMs: m = t, k = h, n = shared
    weights / (h·tp). Routed experts: each of the experts/ep local experts sees
    t·ep·top_k/experts tokens (tokens × top_k / experts, gathered over the ep group),
    n = expert weights / (h·etp). Backward GEMMs cost twice the forward. Attention: 2·heads·
    (qk+v)·s·t/tp FLOPs, halved for causal masks, backward 2.5× the forward (FlashAttention
    recomputes the scores). Memory-bound forward bytes per token: 2 bytes × (10·h for two
    norms and two residual adds + 2·W, reading and writing every GEMM output once, W the
    output widths), /tp, backward twice, plus FP8 casts (3 bytes per element of every GEMM
    input, 1 per weight).
    """
    shared, heads, qk, v, kv, expert, experts, top_k = key
    s = plan.setup
    h, tp, cp, ep, etp = model.hidden, s.tp, s.cp, s.ep, s.expert_tp
    t = s.micro_batch * s.seq_len / cp
    prec = s.precision
    gemm = gemm_seconds(t, shared / h / tp, h, gpu, prec)
    width = shared / h
    if experts and top_k:
        local = experts / ep
        per_expert = t * ep * top_k / experts
        gemm += local * gemm_seconds(per_expert, expert / h / etp, h, gpu, prec)
        width += top_k * expert / h
    mem_bytes = 2.0 * t * (10 * h + 2 * width) / tp
    if not plan.compile:
        mem_bytes *= c["unfused_factor"]
    if s.flash_attention:
        attn_flops = 2 * heads * (qk + v) * s.seq_len * t / tp * 0.5
        attn_f = attention_seconds(attn_flops, gpu)
        attn_b = 2.5 * attn_f
    else:
        # Unfused attention (Megatron before FlashAttention): two batched GEMMs per head over
        # the whole score matrix, and scale/mask/softmax/dropout passes over its 2-byte
        # scores (about 8 reads and writes forward), backward twice the forward.
        local, q = heads / tp * s.micro_batch, s.seq_len / cp
        attn_f = local * (gemm_seconds(q, s.seq_len, qk, gpu) + gemm_seconds(q, v, s.seq_len, gpu))
        attn_f += memory_seconds(8 * 2.0 * local * q * s.seq_len, gpu)
        attn_b = 2 * attn_f
    if _fp8(gpu, prec):
        mem_bytes += 3.0 * t * (width / 2 + 2 * h) / tp + (shared + top_k * expert) / tp
    mem_f = memory_seconds(mem_bytes, gpu)
    # Tensor parallelism: 2 all-reduces forward and 2 backward of t·h bf16 values (with
    # sequence parallelism, reduce-scatter + all-gather: the same bytes).
    tp_link = nvlink(gpu) if tp <= plan.gpus_per_node else network(gpu, plan.nic_gbps)
    tp_comm = 4 * allreduce_seconds(2.0 * t * h, tp, tp_link)
    if plan.tp_overlap:
        tp_comm = max(0.0, tp_comm - 3 * gemm) + tp_comm * c["async_tp_exposed"]
    # Context parallelism: a ring passes the K/V of every chunk to every GPU of the group
    # (cp−1 steps, K and V forward, and their gradients backward), behind the attention.
    cp_comm = 0.0
    if cp > 1:
        group = tp * cp
        link = nvlink(gpu) if group <= plan.gpus_per_node else network(gpu, plan.nic_gbps)
        kv_bytes = 2.0 * t * kv / tp
        ring = (cp - 1) * (3 * kv_bytes / (link.gbs * GB) + link.latency_s)
        cp_comm = max(0.0, ring - (attn_f + attn_b)) + (cp - 1) * link.latency_s
    # Expert parallelism: dispatch and combine all-to-alls, forward and backward, of the
    # t·top_k routed token copies (bf16, h values each), over NVLink if the group fits a node.
    ep_comm = 0.0
    if experts and ep > 1:
        group = ep * etp
        link = nvlink(gpu) if group <= plan.gpus_per_node else network(gpu, plan.nic_gbps)
        ep_comm = 4 * alltoall_seconds(2.0 * t * top_k * h / etp, ep, link)
        if plan.ep_overlap:          # hidden behind the layer's compute, what exceeds it exposed
            ep_comm = max(0.0, ep_comm - (3 * gemm + attn_f + attn_b))
    return gemm, attn_f, attn_b, mem_f, tp_comm, cp_comm, ep_comm


def _head_costs(model, plan: Plan, gpu):
    """Output head and loss for one micro-batch, forward and backward: a (t × h)·(h × V/tp)
    GEMM three times over, and the softmax/cross-entropy reading and writing t·V/tp fp32
    logits a few times (4 passes × 4 bytes)."""
    s = plan.setup
    t = s.micro_batch * s.seq_len / s.cp
    v = model.vocab / s.tp
    gemm = 3 * gemm_seconds(t, v, model.hidden, gpu, "bf16-mixed")
    return gemm + memory_seconds(16.0 * t * v, gpu)


def step_time(model, plan: Plan, gpu, memo=None) -> dict:
    """One optimizer step: every field of :data:`FIELDS`.

    Per micro-batch the busiest stage (⌈L/pp⌉ layers, or ⌊L/pp⌋ plus the output head on
    the last stage) runs forward and backward; recompute adds a forward of the layers
    (full) or of their memory-bound work (selective: attention and elementwise ops, the
    matmul outputs kept). The step is m micro-batches + the bubble (pp−1)/vp micro-batches
    + pipeline sends + exposed data-parallel communication + the optimizer.

    Data parallelism (distributed optimizer, ZeRO-1/2): reduce-scatter of fp32 gradients
    and all-gather of bf16 parameters once per step; ZeRO-3/FSDP: all-gather of bf16
    parameters forward and backward and reduce-scatter of fp32 gradients every micro-batch.
    With ``overlap`` they hide behind the compute they can overlap (the backward for the
    gradients, the forward for the gathers); one layer's share stays exposed.
    """
    gpu = _entry(gpu)
    c = constants(gpu)
    s = plan.setup
    m = plan.micro_batches
    L = len(model.layers)
    if memo is None:
        memo_model = {}
    else:  # a search times one model many times: what depends on the model alone is kept
        memo_model = memo.setdefault("model", {})
    groups = _kept(memo_model, "groups", lambda: layer_groups(model))
    if memo is None:
        per = {k: _layer_costs(k, model, plan, gpu, c) for k in groups}
    else:                  # a search re-times the same layer shards under many layouts
        shape = (s.tp, s.cp, s.ep, s.expert_tp, s.micro_batch, s.seq_len, s.precision, s.flash_attention)
        per = {}
        for k in groups:
            if (k, shape) not in memo:
                memo[(k, shape)] = _layer_costs(k, model, plan, gpu, c)
            per[k] = memo[(k, shape)]

    def total(i, share):
        return sum(per[k][i] * n * share for k, n in groups.items())

    big = math.ceil(L / s.pp)
    small = L - (s.pp - 1) * big if s.pp > 1 else L
    head = _head_costs(model, plan, gpu)
    share_big, share_last = big / L, max(small, 0) / L
    # Per-micro-batch stage time, split into parts (share of the layers on the busiest stage).
    def stage(share, with_head):
        gemm, af, ab, mf, tpc, cpc, epc = (total(i, share) for i in range(7))
        compute = 3 * gemm + af + ab + 3 * mf + (head if with_head else 0.0)
        if s.recompute == "full":
            rec = gemm + af + mf + tpc / 2 + epc / 2
        elif s.recompute == "selective":
            rec = mf + af
        else:
            rec = 0.0
        return {"compute": compute, "recompute": rec, "tp": tpc, "cp": cpc, "ep": epc}

    stages = [stage(share_big, s.pp == 1)]
    if s.pp > 1:
        stages.append(stage(share_last, True))
    busiest = max(stages, key=lambda d: sum(d.values()))
    per_mb = sum(busiest.values())

    # Pipeline: one activation send per micro-batch forward and one backward per stage
    # boundary crossing (vp of them with interleaving), on the critical path.
    pp_comm = 0.0
    if s.pp > 1:
        link = nvlink(gpu) if s.tp * s.cp * s.pp <= plan.gpus_per_node else network(gpu, plan.nic_gbps)
        act = 2.0 * s.micro_batch * s.seq_len / s.cp * model.hidden / (s.tp if s.sequence_parallel else 1)
        pp_comm = 2 * (m + s.pp - 1) * s.vp * p2p_seconds(act, link)
    bubble = bubble_fraction(s.pp, m, s.vp) * m * per_mb if s.pp > 1 else 0.0

    dp_comm, optimizer = _data_parallel(model, plan, gpu, busiest, m, c, memo_model)
    parts = {"compute_s": m * busiest["compute"], "recompute_s": m * busiest["recompute"],
             "tp_comm_s": m * busiest["tp"], "cp_comm_s": m * busiest["cp"], "ep_comm_s": m * busiest["ep"],
             "pp_comm_s": pp_comm, "dp_comm_s": dp_comm, "bubble_s": bubble, "optimizer_s": optimizer}
    seconds = sum(parts.values())
    return _fields(model, plan, gpu, parts, seconds, memo_model)


def _kept(memo, key, compute):
    """``memo[key]``, computed once."""
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _data_parallel(model, plan: Plan, gpu, busiest, m, c, memo=None):
    """(exposed data-parallel seconds, optimizer seconds) for one step (see step_time)."""
    from . import architectures, memory

    s = plan.setup
    memo = {} if memo is None else memo
    n_local = _kept(memo, ("params", s.tp, s.pp), lambda: memory.params_on_busiest_gpu(model, s.tp, s.pp))
    experts = _kept(memo, "expert_params", lambda: sum(l.experts * l.expert.params for l in model.layers))
    if s.ep > 1 and experts:                       # expert weights are split over ep, not dp
        n_local -= experts / (s.tp * s.pp) * (1 - 1 / s.ep)
    dp = s.dp * s.cp                               # gradients are reduced over dp × cp
    zero = s.zero_stage
    # Gradients reduced over the network when the data-parallel group leaves the node.
    link = nvlink(gpu) if plan.gpus <= plan.gpus_per_node else network(gpu, plan.nic_gbps)
    grads = 4.0 * n_local
    weights = 2.0 * n_local
    if zero >= 3:
        comm = m * (2 * allgather_seconds(weights, dp, link) + reduce_scatter_seconds(grads, dp, link))
        window = m * (busiest["compute"] + busiest["recompute"])
    elif zero >= 1:
        comm = reduce_scatter_seconds(grads, dp, link) + allgather_seconds(weights, dp, link)
        window = busiest["compute"] + busiest["recompute"]
    else:
        comm = allreduce_seconds(grads, dp, link)
        window = busiest["compute"] * 2 / 3
    if plan.overlap and dp > 1:
        exposed = max(0.0, comm - window) + comm / max(1, math.ceil(len(model.layers) / s.pp))
    else:
        exposed = comm
    # AdamW: read fp32 master, two moments and the gradient, write back master, moments and
    # the bf16 weights: 30 bytes per parameter the GPU updates (sharded over dp when ZeRO >= 1).
    updated = n_local / (dp if zero >= 1 else 1)
    return exposed, memory_seconds(30.0 * updated, gpu)


def model_flops_per_token(model, seq_len, recompute=False):
    """Model FLOPs per token (see :func:`model_flops_per_step`)."""
    from .architectures import train_flops_per_token

    return train_flops_per_token(model, seq_len, recompute, False)


def model_flops_per_step(model, plan: Plan, recompute=False):
    """FLOPs of one step by the PaLM / Megatron-2022 convention: 6 per weight per token plus
    the full attention matrix (not halved for causal masks), no recompute (``recompute`` =
    TRUE adds a forward of the layers: hardware FLOPs of full recompute)."""
    from .architectures import train_flops_per_token

    tokens = plan.global_batch * plan.setup.seq_len
    return train_flops_per_token(model, plan.setup.seq_len, recompute, False) * tokens


def _fields(model, plan, gpu, parts, seconds, memo=None):
    s = plan.setup
    tokens = plan.global_batch * s.seq_len
    memo = {} if memo is None else memo
    full = s.recompute == "full"
    flops = _kept(memo, ("flops", s.seq_len, plan.global_batch, False), lambda: model_flops_per_step(model, plan))
    hw = _kept(memo, ("flops", s.seq_len, plan.global_batch, full),
               lambda: model_flops_per_step(model, plan, recompute=full))
    per_gpu = flops / seconds / plan.gpus
    tps = tokens / seconds / plan.gpus
    band = catalog()["band"]
    out = dict(parts)
    out.update({
        "seconds": seconds, "tokens_per_s_per_gpu": tps,
        "mfu": per_gpu / (gpu["tflops"] * 1e12),
        "mfu_fp8": per_gpu / ((gpu.get("tflops_fp8") or gpu["tflops"]) * 1e12),
        "hfu": hw / seconds / plan.gpus / (gpu["tflops"] * 1e12),
        "model_tflops_per_gpu": per_gpu / 1e12,
        "bound": max(BREAKDOWN, key=lambda k: parts[k])[:-2],
        "tokens_per_s_per_gpu_low": tps * band["low_ratio"],
        "tokens_per_s_per_gpu_high": tps * band["high_ratio"],
    })
    return out


def predict(model, table: dict, gpu) -> dict:
    """All fields of :func:`step_time` for a key/value setup (see :func:`read_plan`)."""
    gpu = _entry(gpu)
    _check_layers(model)
    return step_time(model, read_plan(table, gpu), gpu)


# --------------------------------------------------------------------------- the best setup

SEARCHED = ("tp", "pp", "cp", "ep", "vp", "micro_batch", "recompute", "zero")
MAX_LAYOUTS = 1500          # layouts timed at most (each about 0.1-0.4 ms)
MAX_MEMORY_CHECKS = 120     # memory checks at most (each about 1 ms)
MAX_LAYER_CHECKS = 24_000   # memory checks × layers at most: a check walks every layer, so
                            # a 2,000-layer model gets 12 checks (every real model, <= 200 layers, 120)
RECOMPUTE_ORDER = ("none", "selective", "full")


def fits_memory(model, plan: Plan, gpu) -> bool:
    """TRUE when the layout fits the GPU's memory (the memory module's accounting)."""
    from . import memory

    return memory.fits(model, plan.setup, gpu)


def _options(model, table, gpu):
    """The values tried for each searched key (a key the setup gives is kept as given).

    tp: powers of two up to the node that divide the heads; cp: 1, and powers of two
    keeping at least 4,096 tokens per GPU, up to 16; pp: divisors of the GPUs left, at
    most the layers and 128 values; ep: powers of two dividing the routed experts, up to
    64; vp: 1, 2 (interleaving, with pp > 1); micro_batch 1, 2, 4, 8; zero: the framework's
    default and 3 (with pp = 1); recompute: none, selective, full.
    """
    gpus, seq = int(table["gpus"]), int(table["seq_len"])
    per_node = int(table.get("gpus_per_node") or gpu.get("gpus_per_node") or 8)
    heads = min(l.heads for l in model.layers)
    experts = max(l.experts for l in model.layers)
    powers = [2 ** i for i in range(0, 21)]
    opt = {
        "tp": [t for t in powers if t <= min(per_node, 64) and heads % t == 0 and gpus % t == 0],
        "cp": [c for c in powers if c <= 16 and seq % c == 0 and (c == 1 or seq // c >= 4096)],
        "ep": [e for e in powers if e <= 64 and experts and experts % e == 0] or [1],
        "vp": [1, 2], "micro_batch": [1, 2, 4, 8], "recompute": list(RECOMPUTE_ORDER), "zero": [None, 3],
    }
    for key in SEARCHED:
        if key in table:
            opt[key] = [table[key]]
    return opt


def _layouts(model, table, gpu):
    """Every structural layout to time, in a bounded order (see :func:`_options`)."""
    opt = _options(model, table, gpu)
    gpus, batch, L = int(table["gpus"]), int(table["global_batch"]), len(model.layers)
    for tp in opt["tp"]:
        for cp in opt["cp"]:
            if gpus % (tp * cp):
                continue
            rest = gpus // (tp * cp)
            pps = opt.get("pp") or [p for p in _divisors(rest, cap=min(L, 128))]
            for pp in pps:
                if rest % pp:
                    continue
                dp = rest // pp
                if batch % dp:
                    continue
                for mb in opt["micro_batch"]:
                    if batch % (dp * mb):
                        continue
                    m = batch // (dp * mb)
                    for vp in opt["vp"]:
                        if vp > 1 and (pp == 1 or m % pp or L < pp * vp):
                            continue
                        for ep in opt["ep"]:
                            if (tp * cp * dp) % ep:
                                continue
                            for zero in opt["zero"]:
                                if zero == 3 and pp > 1 and "zero" not in table:
                                    continue
                                yield {"tp": tp, "cp": cp, "pp": pp, "micro_batch": mb, "vp": vp, "ep": ep,
                                       "zero": zero}


def _divisors(n, cap):
    small = [d for d in range(1, min(int(math.isqrt(n)), cap) + 1) if n % d == 0]
    return sorted({d for d in small} | {n // d for d in small if n // d <= cap})


def best_setup(model, table: dict, gpu, limit=MAX_LAYOUTS, budget=None) -> tuple[dict, dict]:
    """The fastest layout that fits memory: (fields of :func:`step_time`, the chosen setup).

    Keys the setup gives are kept; tp, pp, cp, ep, vp, micro_batch, zero and recompute are
    searched (:func:`_options`). Every layout is timed without recomputation (a lower
    bound: recomputation only adds time); then, fastest first, each gets the least
    recomputation that fits memory, until no untried layout can beat the best found. At
    most :data:`MAX_LAYOUTS` layouts are timed and :data:`MAX_MEMORY_CHECKS` memory checks
    made, fewer for deep models (:data:`MAX_LAYER_CHECKS`); ``limit`` lowers the first, and
    ``budget`` ({"layouts": n, "checks": m}, decremented by what this search used) bounds
    searches that call this many times. Past a bound the best found so far is answered,
    or an error says which bound was reached.
    """
    gpu = _entry(gpu)
    _check_layers(model)
    most_checks = max(4, min(MAX_MEMORY_CHECKS, MAX_LAYER_CHECKS // max(1, len(model.layers))))
    if budget is not None:
        limit, most_checks = min(limit, budget["layouts"]), min(most_checks, budget["checks"])
        if limit <= 0 or most_checks <= 0:
            raise InputError("the search's bound on layouts tried was reached: fewer sizes to try, "
                             "or give tp and pp in setup")
    used = {"layouts": 0, "checks": 0}
    try:
        return _best_setup(model, table, gpu, limit, most_checks, used)
    finally:
        if budget is not None:
            budget["layouts"] -= used["layouts"]
            budget["checks"] -= used["checks"]


def _best_setup(model, table, gpu, limit, most_checks, used):
    """best_setup's search (see there), counting in ``used`` what it tried."""
    table = {str(k).strip().lower(): v for k, v in table.items() if not _blank(v)}
    _check_fixed(table, gpu)
    memo, timed, last_error = {}, [], None
    recomputes = [table["recompute"]] if "recompute" in table else list(RECOMPUTE_ORDER)
    for i, layout in enumerate(_layouts(model, table, gpu)):
        if i >= limit:
            break
        used["layouts"] = i + 1
        trial = _merge(table, layout, recomputes[0])
        try:
            plan = read_plan(trial, gpu)
        except InputError as exc:
            last_error = exc
            continue
        timed.append((step_time(model, plan, gpu, memo)["seconds"], layout))
    if not timed:
        if last_error is not None and "global_batch" not in str(last_error):
            raise last_error
        raise InputError(f"setup: no layout of {table['gpus']} GPUs splits global_batch {table['global_batch']} "
                         f"into whole micro-batches per data-parallel GPU: make it a multiple of gpus / (tp·pp·cp)")
    timed.sort(key=lambda x: x[0])
    best, checks = None, 0
    for bound, layout in timed:
        if best is not None and bound >= best[0]["seconds"]:
            break
        for rc in recomputes:
            if checks >= most_checks:
                break
            trial = _merge(table, layout, rc)
            plan = read_plan(trial, gpu)
            checks += 1
            used["checks"] = checks
            if fits_memory(model, plan, gpu):
                fields = step_time(model, plan, gpu, memo)
                if best is None or fields["seconds"] < best[0]["seconds"]:
                    best = (fields, trial)
                break
        if checks >= most_checks:
            break
    if best is None:  # checks count (layout, recomputation) pairs; say which bound stopped the search
        tried = (f"within the search's bound of {most_checks} memory checks ({len(timed)} layouts timed)"
                 if checks >= most_checks else f"among the {len(timed)} it allows, with any recomputation")
        raise InputError(f"setup: no layout fits {gpu['name']} memory {tried}: more gpus, a larger gpu "
                         f"or a smaller global_batch/seq_len")
    return best


def _check_layers(model):
    from .planner import MAX_LAYERS

    if len(model.layers) > MAX_LAYERS:
        raise InputError(f"config has {len(model.layers):,} layers; the step-time model supports at most {MAX_LAYERS:,}")


def _check_fixed(table, gpu):
    """The keys a search keeps fixed, checked before it starts (their own messages)."""
    for key in ("gpus", "global_batch", "seq_len"):
        if key not in table:
            raise InputError(f"setup has no {key} (LLM_BEST_SETUP needs gpus, global_batch and seq_len)")
    _whole(table, "gpus", high=MAX_GPUS)
    _whole(table, "global_batch", high=10**9)
    _whole(table, "seq_len", high=10**8)
    _whole(table, "gpus_per_node", gpu.get("gpus_per_node") or 8, high=MAX_GPUS_PER_NODE)
    _number(table, "nic_gbps", gpu.get("nic_gbps") or 100)


def _merge(table, layout, recompute):
    trial = dict(table)
    trial.update({k: v for k, v in layout.items() if v is not None})
    trial["recompute"] = recompute
    if trial.get("vp") == 1:
        trial.pop("vp")
    return trial


def setup_text(chosen: dict) -> str:
    """The chosen setup as JSON text, which pasted into LLM_STEP_TIME gives the same answer."""
    return json.dumps({k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in chosen.items()},
                      separators=(", ", ": "))


def train_time(model, tokens, table, gpu, goodput=1.0) -> dict:
    """The run on the best setup: days, gpu_hours, mfu and days_low/days_high from the
    band. Days = tokens / (tokens/s per GPU × GPUs) / goodput / 86,400."""
    fields, chosen = best_setup(model, table, gpu)
    gpus = float(chosen["gpus"])
    days = tokens / (fields["tokens_per_s_per_gpu"] * gpus) / goodput / 86400
    band = catalog()["band"]
    return {"days": days, "gpu_hours": days * 24 * gpus, "mfu": fields["mfu"],
            "days_low": days / band["high_ratio"], "days_high": days / band["low_ratio"],
            "setup": setup_text(chosen), **{k: fields[k] for k in ("tokens_per_s_per_gpu", "seconds")}}
