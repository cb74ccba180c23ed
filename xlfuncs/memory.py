"""Training memory per GPU: the setup, the article's and ZeRO's formulas, the busiest stage.

One function per quantity, Megatron-LM ``theoretical_memory_usage.py`` style:

- :func:`state_bytes`               bytes per parameter of weights, gradients, optimizer (the article)
- :func:`zero_bytes_per_param`      the same after ZeRO sharding over ``dp`` GPUs
- :func:`params_on_busiest_gpu`     parameters held by the first tensor/pipeline shard
- :func:`activation_bytes_per_layer` Korthikanti et al. 2022, Table 2
- :func:`activation_bytes`          the first pipeline stage, Korthikanti's GPT layer
- :func:`read_setup`                a training setup from a key/value table (:data:`SETUP_KEYS`)
- :func:`stage_parts`               every pipeline stage as the setup's framework allocates it
  (``allocation.py``: Megatron-LM, DeepSpeed, FSDP2, uneven stages, experts, the peak)
- :func:`train_memory_gb`           a part of the busiest stage, in GB (1e9 bytes)
- :func:`headroom_gb`, :func:`fits`  against the memory a GPU exposes to CUDA

A setup is a dict (an Excel key/value range) read by :func:`read_setup`. The functions
on plain numbers (:func:`shard_params`, :func:`weight_bytes`, :func:`zero_sharded`,
:func:`activation_extra_bytes` …) state their Excel spelling: the native template workbook
writes exactly those formulas (the article's accounting, ``framework`` = "article"), and a
LibreOffice test proves they compute what these do.
"""

from __future__ import annotations

from dataclasses import dataclass

from .inputs import MAX_MAGNITUDE, InputError, flag, known, plain_number, show, whole_number

GB = 1e9
PARTS = ("weights", "gradients", "optimizer", "activations", "peak", "reserved", "total")
PRECISIONS = ("bf16-mixed", "fp16-mixed", "fp32", "fp8-mixed")
OPTIMIZERS = ("adamw", "adamw8bit", "sgd")
RECOMPUTE = ("selective", "none", "full")  # the first is the default


def state_bytes(precision="bf16-mixed", optimizer="adamw"):
    """Bytes per parameter of (weights, gradients, optimizer state) on one GPU.

    Mixed precision (bf16, fp16, fp8): 2-byte working weights; gradients 2 + 4 (the
    low-precision gradient and its fp32 copy); optimizer = fp32 master weights 4 + state:
    AdamW's two moments 8, 8-bit AdamW's 2 (Dettmers et al. 2022), momentum SGD's 4.
    bf16-mixed AdamW is the article's 20 bytes/parameter (§6: weights 2+4, gradients 2+4,
    Adam 4+4; the fp32 master copy is counted here with the optimizer because ZeRO shards
    it with the optimizer state, Rajbhandari et al. 2020 §3: K = 12). FP8 training keeps
    the same master weights and states: faster, not smaller. fp32: 4 + 4 + state, no master.
    """
    return weight_bytes(precision), gradient_bytes(precision), optimizer_bytes(precision, optimizer)


def weight_bytes(precision):
    """Bytes per parameter of the working weights: 4 in fp32, else 2 (see :func:`state_bytes`).

    Excel: =IF(p="fp32",4,2)
    """
    return 4.0 if precision == "fp32" else 2.0


def gradient_bytes(precision):
    """Bytes per parameter of the gradients: 4 in fp32, else 2 + an fp32 copy of 4.

    Excel: =IF(p="fp32",4,6)
    """
    return 4.0 if precision == "fp32" else 6.0


def optimizer_bytes(precision, optimizer):
    """Bytes per parameter of the optimizer: the fp32 master weights (4, none in fp32
    training) + the state: AdamW 8, momentum SGD 4, 8-bit AdamW 2.

    Excel: =IF(p="fp32",0,4)+IF(o="adamw",8,IF(o="sgd",4,2))
    """
    state = {"adamw": 8.0, "adamw8bit": 2.0, "sgd": 4.0}[optimizer]
    return (0.0 if precision == "fp32" else 4.0) + state


def zero_bytes_per_param(weights, gradients, optimizer, zero=0, dp=1):
    """(weights, gradients, optimizer) bytes per parameter per GPU under ZeRO stage
    ``zero`` over ``dp`` data-parallel GPUs (Rajbhandari et al. 2020, Figure 1):
    stage 1 shards the optimizer state, 2 also the gradients, 3 also the weights (FSDP).
    With 2/2/12 bytes: (2+2+K)Ψ, (2+2+K/N)Ψ, (2+(2+K)/N)Ψ, (2+2+K)Ψ/N. The paper counts
    16 bytes per parameter (its ZeRO-2 is 2 + 14/N); with the article's 20 bytes (an fp32
    gradient copy besides the fp16 one) ZeRO-2 is 2 + 18/N, the figure the template's GPU memory sheet shows.
    DeepSpeed's ``estimate_zero2_model_states_mem_needs`` keeps 4 bytes whole: 4 + 16/N.
    """
    return (zero_sharded(weights, zero, 3, dp), zero_sharded(gradients, zero, 2, dp),
            zero_sharded(optimizer, zero, 1, dp))


def zero_sharded(bytes_per_param, zero, stage, dp):
    """Bytes per parameter per GPU of one model state that ZeRO shards from ``stage`` on:
    divided over the ``dp`` data-parallel GPUs when ``zero`` >= ``stage`` (optimizer 1,
    gradients 2, weights 3), whole otherwise.

    Excel: =B/IF(z>=k,N,1)
    """
    return bytes_per_param / (dp if zero >= stage else 1)


def states_per_param(weights, gradients, optimizer):
    """Model-state bytes per parameter per GPU, after sharding: ZeRO's totals (2+2+K)Ψ,
    (2+2+K/N)Ψ … per parameter; with this module's 2/6/12 bytes, ZeRO-2 gives 2 + 18/N.

    Excel: =w+g+o
    """
    return weights + gradients + optimizer


def state_gb(params, bytes_per_param):
    """GB of one model state on a GPU: parameters held × bytes per parameter / 1e9.

    Excel: =P*B/1E9
    """
    return params * bytes_per_param / GB


def params_on_busiest_gpu(model, tp=1, pp=1):
    """Parameters on the first stage's GPU as the article's accounting counts them (see
    :func:`shard_params`): experts split like the rest. :func:`stage_parts` shards them
    over expert parallelism."""
    from .architectures import params

    return shard_params(params(model, "non_embedding"), model.embedding, model.head, tp, pp)


def shard_params(non_embedding, embedding, head, tp=1, pp=1):
    """Parameters on the most loaded GPU, the first pipeline stage: 1/pp of the
    non-embedding parameters plus the input embedding (embedding − untied head), plus
    the untied output head when pp = 1 (it sits on the last stage), all split over tp —
    Megatron-LM ``compute_weight_and_optimizer_memory``.

    Excel: =(N/pp+E-H+IF(pp=1,H,0))/tp
    """
    return (non_embedding / pp + embedding - head + (head if pp == 1 else 0)) / tp


def activation_bytes_per_layer(s, b, h, a, tp=1, sp=False, recompute="none", flash=False):
    """Activation bytes of one transformer layer for a micro-batch (Korthikanti et al. 2022,
    "Reducing Activation Recomputation in Large Transformer Models", Table 2), 16-bit
    activations, s sequence length, b micro-batch, h hidden size, a heads, t = tp:

    - none, t = 1:                     s·b·h·(34 + 5·a·s/h)
    - tensor parallel:                 s·b·h·(10 + 24/t + 5·a·s/(h·t))
    - tensor + sequence parallel:      s·b·h·(34/t + 5·a·s/(h·t))
    - selective recomputation:         the same without the 5·a·s/h attention term
    - full recomputation:              2·s·b·h (the layer's input), /t with sequence parallel

    The paper's layer is GPT's (4h GELU MLP, dropout); gated FFNs and GQA are not
    re-derived here. ``flash``: FlashAttention (Dao et al. 2022) never stores the a·s·s
    score matrices, so, like selective recomputation, it drops the 5·a·s/h term.

    Excel: =IF(r="full",2*s*b*h/IF(sp,t,1),s*b*h*(IF(sp,34/t,10+24/t)+IF(r="selective",0,IF(f,0,5*a*s/(h*t)))))
    """
    if recompute == "full":
        return 2.0 * s * b * h / (tp if sp else 1)
    scores = 0.0 if recompute == "selective" or flash else 5.0 * a * s / (h * tp)
    return s * b * h * ((34.0 / tp if sp else 10.0 + 24.0 / tp) + scores)


def activation_extra_bytes(s, b, h, vocab, tp=1, pp=1, sp=False):
    """Activation bytes outside the layers on the first pipeline stage, as Megatron-LM
    ``compute_activation_memory``: input ids 8·s·b·pp and the embedding dropout mask
    s·b·h·pp for the pp micro-batches in flight; with pp = 1 also the inputs of the output
    layer and the cross-entropy, 4·s·b·h + 4·s·b·V (fp32 logits, split over tp). All but
    the logits are split over tp under sequence parallelism.

    Excel: =(8*s*b*pp+s*b*h*pp)/IF(sp,t,1)+IF(pp=1,4*s*b*h/IF(sp,t,1)+4*s*b*V/t,0)
    """
    split = tp if sp else 1
    extra = (8.0 * s * b * pp + s * b * h * pp) / split
    return extra + ((4.0 * s * b * h / split + 4.0 * s * b * vocab / tp) if pp == 1 else 0.0)


def activation_bytes(model, s, b, tp=1, pp=1, sp=False, recompute="none", flash=False):
    """Activations on the first pipeline stage, the most loaded one (1F1B schedule): its
    L/pp layers for pp micro-batches in flight, i.e. all L layers' worth, plus what lies
    outside the layers (:func:`activation_extra_bytes`), in 16-bit numbers."""
    layers = sum(activation_bytes_per_layer(s, b, model.hidden, layer.heads, tp, sp, recompute, flash)
                 for layer in model.layers)
    return layers + activation_extra_bytes(s, b, model.hidden, model.vocab, tp, pp, sp)


def activation_width(precision):
    """Bytes per activation number against Korthikanti's 16-bit ones: fp32 training stores
    twice as many, the others the same. Excel: =IF(p="fp32",2,1)
    """
    return 2.0 if precision == "fp32" else 1.0


def activation_gb(per_layer, layers, extra, width=1.0):
    """GB of activations on the first pipeline stage: L layers' worth (of 16-bit bytes per
    layer) plus the bytes outside the layers, × the precision's width (:func:`activation_width`),
    / 1e9 (see :func:`activation_bytes`).

    Excel: =w*(L*A+E)/1E9
    """
    return width * (layers * per_layer + extra) / GB


def sequence_parallel(tp):
    """Sequence parallelism's default: on whenever tensor parallelism is (tp > 1), as
    Megatron-LM recommends. Excel: =t>1
    """
    return tp > 1


FRAMEWORKS = ("megatron", "deepspeed", "fsdp", "article")


@dataclass
class Setup:
    micro_batch: float
    seq_len: float
    tp: int = 1
    pp: int = 1
    dp: int = 1
    sp: bool | None = None  # None: Megatron-LM's default for whatever tp the split has
    zero: int | None = None  # None: the framework's own default (:func:`default_zero`)
    recompute: str = "selective"
    optimizer: str = "adamw"
    precision: str = "bf16-mixed"
    reserve: float = 0.0
    flash_attention: bool = True
    cp: int = 1
    ep: int = 1
    etp: int | None = None  # None: tp, as Megatron-LM's expert_tensor_parallel_size
    vp: int = 1
    framework: str = "megatron"
    first_stage_layers: int | None = None
    last_stage_layers: int | None = None
    embedding_as_layer: bool = False
    output_as_layer: bool = False
    capacity_factor: float | None = None  # None: dropless routing
    shard_gpus: int | None = None  # None: all dp GPUs; fewer: hybrid sharding groups
    dropout: bool = False  # modern LLMs train without; GPT-3-era runs (and Megatron's default) with

    @property
    def sequence_parallel(self) -> bool:
        return sequence_parallel(self.tp) if self.sp is None else self.sp

    @property
    def zero_stage(self) -> int:
        return default_zero(self.framework) if self.zero is None else self.zero

    @property
    def expert_tp(self) -> int:
        return self.tp if self.etp is None else self.etp


def default_zero(framework):
    """The sharding each framework uses unless told otherwise: Megatron-LM's distributed
    optimizer shards the optimizer state (stage 1), PyTorch FSDP2's fully_shard everything
    (3); DeepSpeed's config and the article shard nothing (0).
    """
    return {"megatron": 1, "deepspeed": 0, "fsdp": 3, "article": 0}[framework]


SETUP_KEYS = {
    "micro_batch": "sequences per GPU per step", "seq_len": "tokens per sequence",
    "tp": "tensor-parallel GPUs (default 1)", "pp": "pipeline stages (default 1)",
    "dp": "data-parallel GPUs (default 1)", "sp": "sequence parallelism (default TRUE when tp > 1)",
    "zero": "ZeRO stage 0-3 (default: megatron 1 = distributed optimizer, fsdp 3, deepspeed and article 0)",
    "recompute": "selective (default), none or full",
    "optimizer": "adamw (default), adamw8bit or sgd",
    "precision": "bf16-mixed (default), fp16-mixed, fp32 or fp8-mixed",
    "reserve": "share of GPU memory the user keeps free on top of the framework's own costs (default 0)",
    "flash_attention": "TRUE (default): attention scores are not stored (fused attention); FALSE: Korthikanti et al. 2022",
    "cp": "context-parallel GPUs splitting each sequence (default 1)",
    "ep": "expert-parallel GPUs sharing the routed experts (default 1)",
    "etp": "tensor-parallel GPUs of each expert (default tp)",
    "vp": "virtual pipeline stages per GPU, interleaved schedule (default 1)",
    "framework": "whose memory accounting: megatron (default), deepspeed, fsdp or article (20 bytes per parameter)",
    "first_stage_layers": "layers of the first pipeline stage (default: an even split)",
    "last_stage_layers": "layers of the last pipeline stage (default: an even split)",
    "embedding_as_layer": "TRUE: the pipeline split counts the embedding as one layer (default FALSE)",
    "output_as_layer": "TRUE: the pipeline split counts the output layer and loss as one layer (default FALSE)",
    "capacity_factor": "expert capacity factor when tokens are dropped (default: none, dropless)",
    "dropout": "TRUE: dropout masks are stored (GPT-3-era training, Megatron-LM's default); FALSE (default): none",
    "shard_gpus": "data-parallel GPUs the model states are sharded over (default dp; fewer: hybrid sharding)",
}


def read_setup(table: dict) -> Setup:
    """A training setup from a key/value table; unknown keys and bad values are errors."""
    for key in table:
        if key not in SETUP_KEYS:
            raise InputError(f"setup key {show(key)} is unknown; known: {known(SETUP_KEYS, 'the README')}")
    get = table.get
    framework = _word(table, "framework", FRAMEWORKS)
    zero = None if _empty(get("zero")) else _whole(table, "zero", low=0, high=3)
    if framework == "fsdp" and zero is not None and zero < 2:
        raise InputError(f"setup zero must be 2 (SHARD_GRAD_OP) or 3 (FULL_SHARD) with framework fsdp, got {zero}")
    setup = Setup(
        micro_batch=_whole(table, "micro_batch"), seq_len=_whole(table, "seq_len"),
        tp=_whole(table, "tp", 1), pp=_whole(table, "pp", 1), dp=_whole(table, "dp", 1),
        sp=_flag("sp", get("sp"), None), zero=zero,
        recompute=_word(table, "recompute", RECOMPUTE), optimizer=_word(table, "optimizer", OPTIMIZERS),
        precision=_word(table, "precision", PRECISIONS), reserve=_share(get("reserve", 0.0)),
        flash_attention=_flag("flash_attention", get("flash_attention"), True),
        cp=_whole(table, "cp", 1), ep=_whole(table, "ep", 1),
        etp=None if _empty(get("etp")) else _whole(table, "etp"), vp=_whole(table, "vp", 1),
        framework=framework,
        first_stage_layers=None if _empty(get("first_stage_layers")) else _whole(table, "first_stage_layers", low=0),
        last_stage_layers=None if _empty(get("last_stage_layers")) else _whole(table, "last_stage_layers", low=0),
        embedding_as_layer=_flag("embedding_as_layer", get("embedding_as_layer"), False),
        output_as_layer=_flag("output_as_layer", get("output_as_layer"), False),
        capacity_factor=_capacity(get("capacity_factor")),
        shard_gpus=None if _empty(get("shard_gpus")) else _whole(table, "shard_gpus"),
        dropout=_flag("dropout", get("dropout"), False))
    if setup.vp > 1 and setup.pp == 1:
        raise InputError(f"setup vp {setup.vp} needs pipeline stages: pp must be more than 1")
    if framework == "article":
        unused = [k for k in ("cp", "ep", "vp") if getattr(setup, k) > 1]
        unused += [k for k in ("first_stage_layers", "last_stage_layers", "etp", "capacity_factor", "shard_gpus")
                   if getattr(setup, k) is not None]
        unused += [k for k in ("embedding_as_layer", "output_as_layer", "dropout") if getattr(setup, k)]
        if unused:
            raise InputError(f"setup framework article (the article's formulas) has no {', '.join(unused)}: "
                             f"use framework megatron, deepspeed or fsdp")
    if (setup.tp * setup.cp * setup.dp) % (setup.ep * setup.expert_tp):
        raise InputError(f"setup ep × etp ({setup.ep} × {setup.expert_tp}) must divide tp × cp × dp "
                         f"({setup.tp * setup.cp * setup.dp}), the GPUs of one pipeline stage")
    if setup.shard_gpus is not None and setup.dp % setup.shard_gpus:
        raise InputError(f"setup shard_gpus {setup.shard_gpus} must divide dp {setup.dp}")
    return setup


def _whole(table, key, default=None, low=1, high=None):
    value = table.get(key, default)
    if value is None or value == "":
        if default is None:
            raise InputError(f"setup has no {key} ({SETUP_KEYS[key]})")
        value = default
    return whole_number(f"setup {key}", value, low, MAX_MAGNITUDE if high is None else high)


def _flag(key, value, default):
    if value is None or value == "":
        return default
    return flag(f"setup {key}", value)


def _word(table, key, options):
    value = table.get(key)
    if value is None or value == "":
        return options[0]
    word = str(value).strip().lower().replace("_", "-") if key == "precision" else str(value).strip().lower()
    if word not in options:
        raise InputError(f"setup {key} must be one of {', '.join(options)}, got {show(value)}")
    return word


def _share(value):
    x = plain_number("setup reserve", value, "a share of memory in [0, 1)")
    if not 0 <= x < 1:
        raise InputError(f"setup reserve must be a share of memory in [0, 1), got {show(value)}")
    return x


def _empty(value):
    return value is None or value == ""


def _capacity(value):
    if _empty(value):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
        raise InputError(f"setup capacity_factor must be a positive number (1.0: each expert takes its share), "
                         f"got {show(value)}")
    return float(value)


def train_memory_gb(model, setup: Setup, part="total"):
    """GB (1e9 bytes) per GPU to train ``model`` with ``setup``, on the busiest GPU (the
    pipeline stage whose peak is highest, :func:`stage_parts`). ``part``: weights,
    gradients, optimizer, activations (kept for backward), peak (what
    ``torch.cuda.max_memory_allocated`` would show: states + activations + the largest
    temporary), reserved (what the caching allocator holds then, ``max_memory_reserved``)
    or total (reserved + CUDA context and NCCL buffers, outside the allocator: what
    must fit in the bytes the GPU exposes). The "article" framework has no framework
    costs: its peak and total are the sum of the four parts.
    """
    if part not in PARTS:
        raise InputError(f"part must be one of {', '.join(PARTS)}, got {show(part)}")
    check_split(model, setup)
    return max(stage_parts(model, setup), key=lambda parts: parts["peak"])[part] / GB


def stage_parts(model, setup: Setup):
    """Bytes of each part on every pipeline stage (a list of dicts, first stage first)."""
    from . import allocation as al

    if setup.framework == "article":
        return [_article_parts(model, setup)]
    counts = al.stage_layers(len(model.layers), setup.pp, setup.first_stage_layers, setup.last_stage_layers,
                             setup.embedding_as_layer, setup.output_as_layer)
    tp, pp, cp, sp = setup.tp, setup.pp, setup.cp, setup.sequence_parallel
    etp, ep = setup.expert_tp, setup.ep
    shards = setup.shard_gpus * cp if setup.shard_gpus else setup.dp * cp
    expert_shards = max(1.0, shards * tp / (etp * ep))            # Megatron-LM's expert data parallel
    zero = setup.zero_stage
    dense_b = al.state_bytes_per_param(setup.framework, setup.precision, setup.optimizer, zero, shards, pp > 1)
    expert_b = al.state_bytes_per_param(setup.framework, setup.precision, setup.optimizer, zero, expert_shards,
                                        pp > 1)
    tokens = setup.micro_batch * setup.seq_len / cp
    split = (tp if sp else 1, tp)
    width = activation_width(setup.precision)
    first_in_flight = al.in_flight(0, pp, setup.vp)
    stages, start = [], 0
    for i, count in enumerate(counts):
        layers = model.layers[start:start + count]
        start += count
        first, last = i == 0, i == pp - 1
        dense = sum(l.shared.params for l in layers) / tp
        experts = sum(l.experts * l.expert.params for l in layers) / (ep * etp)
        if first:
            dense += (model.embedding - model.head) / tp
        if last:
            dense += (model.head or (model.logits if pp > 1 else 0)) / tp + model.other.params / tp
        parts = {name: dense * d + experts * e for name, d, e in zip(("weights", "gradients", "optimizer"),
                                                                      dense_b, expert_b)}
        def kept(layer, recompute=setup.recompute):
            return al.layer_activation_bytes(layer, model.hidden, tokens, split, etp, setup.framework, recompute,
                                             setup.flash_attention, setup.dropout, setup.capacity_factor,
                                             setup.seq_len / cp)
        acts = al.in_flight(i, pp, setup.vp) * sum(kept(l) for l in layers)
        acts += al.outside_layers_bytes(model.hidden, model.vocab, tokens, split[0], tp, first, last,
                                        first_in_flight, setup.framework, setup.dropout)
        parts["activations"] = width * acts
        parts["peak"] = sum(parts.values()) + width * _temporary(model, setup, layers, tokens, split, last, kept)
        parts["reserved"] = al.reserved_bytes(parts["peak"])
        parts["total"] = parts["reserved"] + al.fixed_bytes()
        stages.append(parts)
    return stages


def _temporary(model, setup, layers, tokens, split, last, kept):
    """The largest temporary of a stage, on top of what it keeps (see ``allocation``):
    the loss's logits on the last stage, or, in backward, the layer being recomputed
    (full recomputation), ring attention's K/V chunks in flight (two, cp > 1), expert
    dispatch buffers, and FSDP's gathered weights and unsharded gradients."""
    from . import allocation as al

    if not layers:
        return al.loss_temporary_bytes(model.vocab, tokens, setup.tp, setup.framework) if last else 0.0
    backward = max((kept(l, "selective") if setup.recompute == "full" else 0.0)
                   + (2 * 2.0 * l.kv_per_token * tokens / setup.tp if setup.cp > 1 else 0.0)
                   + 2 * 2.0 * model.hidden * l.top_k * (setup.capacity_factor or 1.0) * tokens / split[0]
                   for l in layers)
    loss = al.loss_temporary_bytes(model.vocab, tokens, setup.tp, setup.framework) if last else 0.0
    gather = 0.0
    if setup.framework == "fsdp" or (setup.framework == "deepspeed" and setup.zero_stage >= 3):
        biggest = max(l.shared.params + l.experts * l.expert.params / setup.ep for l in layers)
        gather = al.fsdp_gather_bytes(biggest, setup.tp) if setup.framework == "fsdp" else 4.0 * biggest
    return max(loss, backward) + gather


def _article_parts(model, setup):
    """The article's accounting (§6, 20 bytes per parameter) with Korthikanti et al.'s
    activations on the first stage, as the GPU memory sheet spells it natively."""
    n = params_on_busiest_gpu(model, setup.tp, setup.pp)
    per_param = zero_bytes_per_param(*state_bytes(setup.precision, setup.optimizer),
                                     zero=setup.zero_stage, dp=setup.dp)
    parts = dict(zip(("weights", "gradients", "optimizer"), (n * b for b in per_param)))
    parts["activations"] = activation_width(setup.precision) * activation_bytes(
        model, setup.seq_len, setup.micro_batch, setup.tp, setup.pp, setup.sequence_parallel, setup.recompute,
        setup.flash_attention)
    parts["peak"] = parts["reserved"] = parts["total"] = sum(parts.values())
    return parts


def total_gb(weights, gradients, optimizer, activations):
    """GB per GPU in all: weights + gradients + optimizer state + activations.

    Excel: =w+g+o+a
    """
    return weights + gradients + optimizer + activations


def check_split(model, setup: Setup):
    """The split Megatron-LM would accept (:func:`split_ok`), or an error that says why not."""
    heads, layers = min(layer.heads for layer in model.layers), len(model.layers)
    if not split_ok(heads, layers, setup.tp, 1):
        raise InputError(f"setup tp {setup.tp} must divide the model's {heads} attention heads")
    if not split_ok(heads, layers, 1, setup.pp):
        raise InputError(f"setup pp {setup.pp} must be at most the model's {layers} layers")
    from .allocation import stage_layers

    if stage_layers(layers, setup.pp, setup.first_stage_layers, setup.last_stage_layers,
                    setup.embedding_as_layer, setup.output_as_layer) is None:
        raise InputError(f"setup first_stage_layers/last_stage_layers leave no valid split of {layers} layers "
                         f"over pp {setup.pp}")
    experts = max(layer.experts for layer in model.layers)
    if setup.ep > 1 and (not experts or experts % setup.ep):
        raise InputError(f"setup ep {setup.ep} must divide the model's {experts} routed experts")


def split_ok(heads, layers, tp, pp):
    """TRUE when tensor parallelism divides the attention heads and there are no more
    pipeline stages than layers: stages need not divide the layers, each gets ⌈L/pp⌉ or
    ⌊L/pp⌋ of them (:func:`stage_layers`; Llama 3.1 405B runs 126 layers on 16 stages).

    Excel: =IF(ROUNDUP(a/t,0)=a/t,pp<=L,FALSE)
    """
    return heads % tp == 0 and pp <= layers


def headroom_gb(model, setup: Setup, gpu):
    """GB left on the most loaded GPU (see :func:`headroom`). ``gpu``: a catalog entry (a
    dict: its ``memory_exposed_gb``, what CUDA can allocate) or that capacity in GB."""
    return headroom(exposed_gb(gpu), setup.reserve, train_memory_gb(model, setup, "total"))


def exposed_gb(gpu):
    """GB (1e9 bytes) a GPU lets CUDA allocate: a catalog entry's ``memory_exposed_gb``
    (marketed ``memory_gb`` where the entry has none), or a number taken as that capacity."""
    if isinstance(gpu, dict):
        exposed = gpu.get("memory_exposed_gb")
        return float(exposed if exposed else gpu["memory_gb"])
    return gpu  # a number, or the Excel layer's column of numbers


def headroom(gpu_memory_gb, reserve, need_gb):
    """GB left on a GPU: memory × (1 − reserve) − need; negative when the setup does not
    fit. ``reserve`` (default 10%) stands for what the formulas leave out: CUDA context,
    allocator fragmentation, communication buffers — a rule of thumb.

    Excel: =M*(1-r)-n
    """
    return gpu_memory_gb * (1.0 - reserve) - need_gb


def fits_margin(margin_gb):
    """TRUE when the headroom (:func:`headroom`) is not negative. Excel: =H>=0"""
    return margin_gb >= 0


def fits(model, setup: Setup, gpu: dict):
    """TRUE when training ``model`` with ``setup`` fits a catalog GPU (an entry of
    ``catalogs/gpus.json``, a dict): the "total" part, framework costs included, within the
    bytes the device exposes to CUDA (``memory_exposed_gb``) less the setup's ``reserve``.
    """
    return fits_margin(headroom_gb(model, setup, gpu))
