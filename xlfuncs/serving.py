"""Serving an LLM: prefill, decode, parallelism, precision and batching as a roofline.

One replica runs on ``tp × pp × dp`` GPUs (tensor, pipeline and attention-data
parallelism; experts spread over ``ep`` of them). A request's prompt is prefilled
(compute-bound GEMMs and causal attention), then each decode step yields one token per
sequence of the batch and costs the larger of reading what it touches from HBM and doing
its FLOPs, plus the tensor-parallel all-reduces and a fixed per-step overhead:

    step(B) = max(bytes(B) / (n·BW·η_hbm), flops(B) / (n·peak·η_decode)) + comms + overhead

Continuous batching at concurrency C shares the replica between prefills and decode
steps, so (Little's law) a request spends ``C·prefill + O·step(C)`` in the system.
The four efficiencies (η_hbm, η_decode, η_prefill, overhead) and the all-reduce latency
are fitted by ``benchmarks/fit_serving.py`` on the measured TensorRT-LLM tables and
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

from .inputs import InputError, show

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
    if weights not in WEIGHTS:
        raise InputError(f"weights must be one of {', '.join(WEIGHTS)}, got {show(weights)}")
    return WEIGHTS[weights]


def link_gbs(gpu, tp, gpus_per_node):
    """One direction of the GPU-to-GPU link in GB/s: half the datasheet's NVLink figure inside a
    node; PCIe (fitted file's ``pcie_gbps``) where the GPU has no NVLink or the group spans nodes."""
    c = constants()
    nvlink = gpu.get("interconnect_gbps")
    if nvlink and tp <= (gpus_per_node or gpu.get("gpus_per_node") or 8):
        return nvlink / 2.0
    return c["pcie_gbps"] / 2.0


def allreduce_s(message_bytes, ranks, link_gbs_one_way, latency_s):
    """Ring all-reduce of ``message_bytes`` over ``ranks`` GPUs: α + 2·(n−1)/n · bytes / β
    (Thakur et al. 2005; NCCL's bus-bandwidth convention). Latency α dominates at decode
    batch sizes (a few hundred KB)."""
    if ranks <= 1:
        return 0.0
    return latency_s + 2.0 * (ranks - 1) / ranks * message_bytes / (link_gbs_one_way * GB)


def tp_comm_s(model, tokens, s: Serve, gpu):
    """Tensor parallelism's communication per forward pass: two all-reduces per layer (after
    attention and after the MLP; Shoeybi et al. 2019, Megatron-LM §3) of tokens × hidden
    activations in 16 bit."""
    c = constants()
    one = allreduce_s(tokens * model.hidden * 2.0, s.tp, link_gbs(gpu, s.tp, s.gpus_per_node),
                      c["allreduce_latency_us"] * 1e-6)
    return 2 * len(model.layers) * one


def ep_comm_s(model, tokens, s: Serve, gpu):
    """Expert parallelism's all-to-all per forward pass: each MoE layer dispatches and combines
    tokens × top_k × hidden 16-bit activations, a share (ep−1)/ep of them leaving the GPU."""
    if s.ep <= 1:
        return 0.0
    c = constants()
    moe = [l for l in model.layers if l.experts]
    bytes_out = tokens * model.hidden * 2.0 * (s.ep - 1) / s.ep / s.dp
    link = link_gbs(gpu, s.ep, s.gpus_per_node) * GB
    return sum(2 * (c["allreduce_latency_us"] * 1e-6 + bytes_out * l.top_k / link) for l in moe)


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


def decode_parts(model, s: Serve, gpu, batch, context):
    """One decode step of ``batch`` sequences whose cache holds ``context`` tokens each:
    (memory seconds, compute seconds, communication + overhead seconds).

    Memory: the weights the batch touches (MoE: the expected distinct experts of batch × top_k
    routed tokens) plus the batch's KV cache, over n GPUs × HBM bandwidth × η_hbm.
    Compute: forward_flops(batch tokens, context) over n × peak × η_decode."""
    c = constants()
    n = s.gpus
    wbytes, _ = weight_format(s.weights)
    kv = batch * context * kv_bytes_per_token(model, KV_CACHE[s.kv_cache])
    read = weight_params_touched(model, batch) * wbytes + kv
    memory = read / (n * gpu["bandwidth_gbps"] * GB * c["hbm_fraction"])
    compute = forward_flops(model, batch, context) / (n * peak_tflops(gpu, s.weights) * 1e12
                                                      * c["decode_compute_fraction"])
    other = tp_comm_s(model, batch, s, gpu) + ep_comm_s(model, batch, s, gpu) + c["step_overhead_ms"] * 1e-3
    return memory, compute, other


def decode_step_s(model, s: Serve, gpu, batch, context):
    """Seconds per decode step: max(memory, compute) + communication + overhead
    (:func:`decode_parts`)."""
    memory, compute, other = decode_parts(model, s, gpu, batch, context)
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
    c = constants()
    usable = s.gpus * gpu["memory_gb"] * c["usable_memory_fraction"]
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
        raise InputError(f"kv_cache must be one of {', '.join(KV_CACHE)}, got {show(s.kv_cache)}")
    heads = model.layers[0].heads
    if heads % s.tp:
        raise InputError(f"tp {s.tp} must divide the model's {heads} attention heads")
    if len(model.layers) % s.pp:
        raise InputError(f"pp {s.pp} must divide the model's {len(model.layers)} layers")
    experts = max(l.experts for l in model.layers)
    if s.ep > 1 and (not experts or experts % s.ep or (s.tp * s.dp) % s.ep):
        raise InputError(f"ep {s.ep} must divide the experts ({experts}) and tp × dp ({s.tp * s.dp})")


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
        raise InputError(f"the weights ({weights_gb(model, s.weights):.0f} GB) and one sequence do not fit "
                         f"{s.gpus} × {gpu['name']}: raise tp or pp, or quantise")
    conc = most if s.concurrency is None else int(s.concurrency)
    context = s.input_len + s.output_len / 2.0
    memory, compute, other = decode_parts(model, s, gpu, conc, context)
    out = s.output_len
    p1 = prefill_s(model, s, gpu)
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
        raise InputError(f"field must be one of {', '.join(options)}, got {show(name)}")
    return result[name]
