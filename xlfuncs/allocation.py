"""The busiest GPU's memory in training as the frameworks allocate it, stage by stage.

``memory.py`` holds the setup and the article's and ZeRO's plain-number formulas; this
module sizes every pipeline stage of a real layout and takes the worst:

- :func:`state_bytes_per_param`  bytes per parameter per GPU, per framework (Megatron-LM's
  distributed optimizer, DeepSpeed's estimators, PyTorch FSDP2, the article)
- :func:`stage_layers`           layers per pipeline stage, uneven splits included
- :func:`layer_activation_bytes` what one layer keeps for backward, per token (Korthikanti
  et al. 2022's derivation extended to gated FFNs, GQA, MLA and experts)
- :func:`in_flight`              micro-batches a stage holds under 1F1B or interleaving
- :func:`stage_memory`           weights, gradients, optimizer, activations and the
  largest temporary of one stage
- :func:`reserved_bytes`         what the caching allocator reserves at that peak
- :func:`fixed_bytes`            what the framework holds outside PyTorch's allocator

All bytes; 16-bit activations unless the precision is fp32.
"""

from __future__ import annotations

import functools
import json
import math



@functools.lru_cache(maxsize=None)
def constant(name):
    """A figure of ``catalogs/allocator.json`` (CUDA context, NCCL buffers, allocator slack)."""
    from pathlib import Path

    path = Path(__file__).parent / "catalogs" / "allocator.json"
    return float(json.loads(path.read_text(encoding="utf-8"))[name]["value"])


def state_bytes_per_param(framework, precision, optimizer, zero, shards, pipelined=False):
    """(weights, gradients, optimizer) bytes per parameter per GPU, model states sharded
    over ``shards`` data-parallel GPUs, as each framework keeps them.

    - megatron: bf16 weights 2, fp32 main gradients 4, fp32 master weights + Adam's two
      moments 12; the distributed optimizer (zero 1, the default) shards the 12: 6 + 12/N,
      18 without it (Megatron-LM ``theoretical_memory_usage.py``, docs "distributed
      optimizer"). zero 2/3 (Megatron FSDP) also shard the gradients / the weights.
    - deepspeed: DeepSpeed's estimators, ``estimate_zero2_model_states_mem_needs``:
      4 + 16/N (16-bit weights and gradients whole, fp32 master, moments and gradient
      partition sharded) for stages 1 and 2; ``estimate_zero3_...``: 18/N (the 16-bit
      gradients are reduce-scattered as they come); no ZeRO: 20.
    - fsdp: FSDP2 ``fully_shard`` with MixedPrecisionPolicy(bf16 params, fp32 reduce), as
      torchtitan: the sharded parameters are fp32 and are the master copy, gradients fp32,
      Adam 8: 16/N; the bf16 all-gathered layers are temporaries (:func:`fsdp_gather_bytes`).
      With pipeline stages (``pipelined``) torchtitan does not reshard after forward and
      accumulates the micro-batches' gradients unsharded in fp32 (FSDP2's reduce dtype):
      + 2 bytes of gathered weights and + 4 of gradients per parameter of the stage.
    - article: 2 + 6 + 12 = 20 (§6), sharded as ZeRO stages 1-3 do.

    Optimizer state: AdamW 8, 8-bit AdamW 2 (Dettmers et al. 2022), momentum SGD 4.
    fp32 training keeps no master copy. fp8-mixed keeps what bf16-mixed keeps: bf16
    weights and fp32 master weights and moments, the fp8 copies cast per step (Micikevicius
    et al. 2022, "FP8 Formats for Deep Learning" §4: master weights in higher precision;
    Transformer Engine and torchao float8 keep the bf16 parameters; DeepSeek-V3's report
    §3.3.3 keeps fp32 masters and gradients, its bf16 moments are its own choice): the same
    bytes.
    """
    moments = {"adamw": 8.0, "adamw8bit": 2.0, "sgd": 4.0}[optimizer]
    fp32 = precision == "fp32"
    n = float(shards)
    if framework == "fsdp":
        # SHARD_GRAD_OP (zero 2), and any pipelined run, keeps the gathered bf16 weights
        gathered = 0.0 if (zero >= 3 and not pipelined) or fp32 else 2.0
        return 4.0 / n + gathered, 4.0 / n + (4.0 if pipelined else 0.0), moments / n
    if framework == "deepspeed":
        w, g, o = (4.0, 4.0, moments) if fp32 else (2.0, 2.0, 4.0 + moments + 4.0)
        if zero >= 3:
            return w / n, 0.0, o / n
        return w, g, (o / n if zero >= 1 else o)
    if framework == "megatron":
        w, g, o = (4.0, 4.0, moments) if fp32 else (2.0, 4.0, 4.0 + moments)
    else:  # the article
        w, g, o = (4.0, 4.0, moments) if fp32 else (2.0, 6.0, 4.0 + moments)
    return (w / n if zero >= 3 else w), (g / n if zero >= 2 else g), (o / n if zero >= 1 else o)


def stage_layers(layers, pp, first=None, last=None, embedding_as_layer=False, output_as_layer=False):
    """Transformer layers on each of ``pp`` pipeline stages.

    ``first``/``last`` fix the first and last stages (Megatron-LM's
    ``decoder_first_pipeline_num_layers`` / ``..._last_...``); the others share the rest.
    ``embedding_as_layer`` / ``output_as_layer`` count the embedding / the output layer as
    one layer each of the stage holding it (Megatron-LM's
    ``account_for_embedding_in_pipeline_split`` / ``..._loss_...``). Otherwise stages get
    ⌈L/pp⌉ or ⌊L/pp⌋ layers, the first and last the fewer (they also hold the embedding and
    the output layer): Llama 3.1 405B's 126 layers on 16 stages are 7, 8 × 14, 7.
    """
    if pp == 1:
        return [layers]
    counts = [None] * pp
    if first is not None:
        counts[0] = first
    if last is not None:
        counts[-1] = last
    extra = [1 if (i == 0 and embedding_as_layer and first is None) else 0 for i in range(pp)]
    if output_as_layer and last is None:
        extra[-1] += 1
    free = [i for i in range(pp) if counts[i] is None]
    rest = layers - sum(c for c in counts if c is not None)
    if rest < 0 or (not free and rest):
        return None
    total = rest + sum(extra[i] for i in free)
    base, more = divmod(total, len(free)) if free else (0, 0)
    # the stages past the first and last take the extra layers first
    order = [i for i in free if 0 < i < pp - 1] + [i for i in free if i in (pp - 1, 0)]
    for rank, i in enumerate(order):
        counts[i] = base + (1 if rank < more else 0) - extra[i]
    if any(c < 0 for c in counts):
        return None
    return counts


def in_flight(stage, pp, vp=1):
    """Micro-batches' worth of a stage's activations alive at its peak.

    1F1B: stage r (from 0) runs pp − r forwards before its first backward. Interleaved
    (vp chunks per GPU, Narayanan et al. 2021; Megatron-LM's schedule): stage r runs
    2·(pp − r − 1) + (vp − 1)·pp + 1 chunk-forwards first, each 1/vp of its layers; on the
    first stage that is pp·(1 + (pp − 1)/(pp·vp)) micro-batches, Korthikanti et al.'s
    interleaving factor.
    """
    if vp == 1:
        return float(pp - stage)
    return (2.0 * (pp - stage - 1) + (vp - 1) * pp + 1) / vp


def layer_activation_bytes(layer, hidden, tokens, split, etp=1, framework="megatron", recompute="selective",
                           flash=True, dropout=False, capacity_factor=None, seq_len=2048):
    """Bytes one layer keeps for its backward pass, for ``tokens`` tokens of one GPU.

    Korthikanti et al. 2022 (§4.1) count, per token of a GPT layer with 16-bit numbers:
    the two LayerNorms' inputs 4h, the QKV and MLP inputs 4h, Q and K for the scores 4h,
    V 2h, the output projection's input 2h, the MLP's 4h→GELU input and output 16h, two
    dropout masks 2h: 34h, plus the attention scores 5·a·s (softmax 2, its dropout mask 1
    and output 2). Written for any layer:

    - norms and their outputs (inputs of the projections): 8h — whole unless sequence
      parallelism splits them (``split`` holds tp then);
    - attention, split over tp: queries 2·a·d_qk, keys and values 2·(K+V numbers) (GQA:
      2·2·g·d; MLA: both full per-head keys and values and the latent), the attention
      output 2·a·d_v (fused kernels save it once, as the next projection's input) and the
      fp32 log-sum-exp 4·a; with neither a fused kernel nor recomputation the scores
      5·a·s (2·a·s without dropout);
    - a plain FFN of width f: 4f (the activation's input and output); gated (SwiGLU):
      gate and up outputs, the activation's output and the product: 8f as PyTorch runs it,
      6f with Megatron-LM's fused SwiGLU (it keeps the gate/up output and recomputes);
    - routed experts, each token copied to k experts (k·capacity_factor slots when tokens
      are dropped): per copy the dispatched input 2h, the expert FFN, the expert output 2h
      kept for the gate-weighted sum; router probabilities 4·E (fp32); with expert tensor
      parallelism the tokens are gathered over etp GPUs, the FFN width split over them;
    - dropout masks, 1 byte per number, 2h (and the scores' mask) only with ``dropout``.

    Full recomputation keeps only the layer's input: 2h per token (÷ tp with sequence
    parallelism). Selective recomputation under ``fsdp`` is torchtitan's op-level policy
    (:func:`op_checkpoint_bytes`). ``split`` is (what divides the norm terms: tp with
    sequence parallelism, else 1; tp, which divides the attention and FFN terms).
    """
    norm_split, tp = split
    h = hidden
    if recompute == "full":
        return 2.0 * h * tokens / norm_split
    if recompute == "selective" and framework == "fsdp":
        return op_checkpoint_bytes(layer, h, tokens, split, capacity_factor)
    a = layer.heads
    if layer.qk_dim == layer.v_dim and layer.kv_per_token:
        kv = layer.kv_per_token                                   # K and V of the groups
    else:
        kv = a * (layer.qk_dim + layer.v_dim) + layer.kv_per_token  # MLA: full K, V and the latent
    attention = 2.0 * a * layer.qk_dim + 2.0 * kv + 2.0 * a * layer.v_dim + (4.0 * a if flash else 0.0)
    if not flash and recompute == "none":
        attention += (5.0 if dropout else 2.0) * a * seq_len
    gated = 6.0 if framework == "megatron" else 8.0
    ffn = 4.0 * layer.shared.ffn + gated * layer.shared.gated_ffn
    per_token = 8.0 * h / norm_split + (attention + ffn) / tp
    if dropout:
        per_token += 2.0 * h / norm_split
    if layer.experts:
        copies = layer.top_k * (capacity_factor or 1.0)
        expert_ffn = 4.0 * layer.expert.ffn + gated * layer.expert.gated_ffn
        per_token += copies * (4.0 * h * etp + expert_ffn) / norm_split + 4.0 * layer.experts / norm_split
    return per_token * tokens


def op_checkpoint_bytes(layer, hidden, tokens, split, capacity_factor=None):
    """torchtitan's selective activation checkpointing ("op" policy): a layer keeps its
    input 2h, the fused attention's output 2·a·d_v and log-sum-exp 4·a, and every other
    matrix multiply's output (the policy alternates save and recompute): half of the
    projections' outputs q 2·a·d_qk, k and v 2·(K+V), o 2h, and the FFN's up (2f, gated
    2·2f) and down (2h) outputs, experts' per routed copy; the rest is recomputed.
    """
    norm_split, tp = split
    a, h = layer.heads, hidden
    kv = layer.kv_per_token if layer.qk_dim == layer.v_dim else a * (layer.qk_dim + layer.v_dim)
    mm = 2.0 * a * layer.qk_dim + 2.0 * kv + 2.0 * h
    mm += 2.0 * layer.shared.ffn + 4.0 * layer.shared.gated_ffn + (2.0 * h if layer.shared.ffn + layer.shared.gated_ffn else 0)
    if layer.experts:
        copies = layer.top_k * (capacity_factor or 1.0)
        mm += copies * (2.0 * layer.expert.ffn + 4.0 * layer.expert.gated_ffn + 2.0 * h)
    per_token = 2.0 * h / norm_split + (2.0 * a * layer.v_dim + 4.0 * a + mm / 2) / tp
    return per_token * tokens


def outside_layers_bytes(hidden, vocab, tokens, split, tp, first, last, in_flight_first, framework, dropout=False):
    """Activations kept outside the layers (Megatron-LM ``compute_activation_memory``):
    on the first stage the token ids 8 bytes each and, with dropout, the embedding's
    mask h, for every micro-batch in flight; on the last stage the final norm's input
    and output 4h and the fp32 logits 4·V (vocabulary-parallel over tp) kept by the loss.
    """
    kept = 0.0
    if first:
        kept += (8.0 + (hidden if dropout else 0.0)) * tokens * in_flight_first / split
    if last:
        kept += 4.0 * hidden * tokens / split + 4.0 * vocab * tokens / tp
    return kept


def loss_temporary_bytes(vocab, tokens, tp, framework):
    """The largest temporary of the last stage, past the fp32 log-probabilities it keeps:
    Megatron-LM's fused vocabulary-parallel cross-entropy adds the bf16 logits, 2·V per
    token / tp; PyTorch's ``cross_entropy`` (torchtitan) holds the logits cast to fp32 (torchtitan's model returns ``output(h).float()``), and in backward
    the gradient of the log-probabilities and of their input, fp32 each: 4 + 4 + 4 − 4
    kept = 8·V per token.
    """
    return (2.0 if framework == "megatron" else 8.0) * vocab * tokens / tp


def fsdp_gather_bytes(layer_params, tp):
    """FSDP2's temporaries at the worst moment of backward: the current and the
    prefetched layer all-gathered in bf16 (2 × 2 bytes × the layer's parameters / tp) and
    the layer's unsharded gradient before its fp32 reduce-scatter (2 + 4 bytes)."""
    return (2 * 2.0 + 6.0) * layer_params / tp


def reserved_bytes(peak):
    """What PyTorch's caching allocator reserves at the allocated ``peak``: peak × (1 +
    slack), the slack (fragmentation) fitted on measured records, see
    ``catalogs/allocator.json``. torchtitan logs this figure (``max_reserved``)."""
    return peak * (1.0 + constant("allocator_slack"))


def fixed_bytes():
    """What a training process holds outside PyTorch's allocator: the CUDA context and
    NCCL's buffers (``catalogs/allocator.json``, with sources)."""
    return constant("cuda_context_bytes") + constant("nccl_bytes")


def ceil_div(a, b):
    return int(math.ceil(a / b))
