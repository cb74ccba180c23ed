"""Training memory per GPU: model states sharded as ZeRO, activations as Korthikanti et al.

One function per quantity, Megatron-LM ``theoretical_memory_usage.py`` style:

- :func:`state_bytes`               bytes per parameter of weights, gradients, optimizer
- :func:`zero_bytes_per_param`      the same after ZeRO sharding over ``dp`` GPUs
- :func:`params_on_busiest_gpu`     parameters held by the most loaded tensor/pipeline shard
- :func:`activation_bytes_per_layer` Korthikanti et al. 2022, Table 2
- :func:`activation_bytes`          the most loaded (first) pipeline stage
- :func:`train_memory_gb`           all of it for a config and a setup, in GB (1e9 bytes)

A setup is a dict (an Excel key/value range) read by :func:`read_setup`. The functions
on plain numbers (:func:`shard_params`, :func:`weight_bytes`, :func:`zero_sharded`,
:func:`activation_extra_bytes` …) state their Excel spelling: the native template workbook
writes exactly those formulas, and a LibreOffice test proves they compute what these do.
"""

from __future__ import annotations

from dataclasses import dataclass

from .inputs import MAX_MAGNITUDE, InputError, flag, plain_number, show, whole_number

GB = 1e9
PARTS = ("weights", "gradients", "optimizer", "activations", "total")
PRECISIONS = ("bf16-mixed", "fp16-mixed", "fp32", "fp8-mixed")
OPTIMIZERS = ("adamw", "adamw8bit", "sgd")
RECOMPUTE = ("none", "selective", "full")


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
    gradient copy besides the fp16 one) ZeRO-2 is 2 + 18/N, the figure issue 4 asks for.
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
    """Parameters on the most loaded GPU (see :func:`shard_params`). Experts are split
    like the rest (expert parallelism is not modelled)."""
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


@dataclass
class Setup:
    micro_batch: float
    seq_len: float
    tp: int = 1
    pp: int = 1
    dp: int = 1
    sp: bool | None = None  # None: Megatron-LM's default for whatever tp the split has
    zero: int = 0
    recompute: str = "none"
    optimizer: str = "adamw"
    precision: str = "bf16-mixed"
    reserve: float = 0.1
    flash_attention: bool = False

    @property
    def sequence_parallel(self) -> bool:
        return sequence_parallel(self.tp) if self.sp is None else self.sp


SETUP_KEYS = {
    "micro_batch": "sequences per GPU per step", "seq_len": "tokens per sequence",
    "tp": "tensor-parallel GPUs (default 1)", "pp": "pipeline stages (default 1)",
    "dp": "data-parallel GPUs (default 1)", "sp": "sequence parallelism (default TRUE when tp > 1)",
    "zero": "ZeRO stage 0-3 (FSDP = 3; default 0)",
    "recompute": "none (default), selective or full",
    "optimizer": "adamw (default), adamw8bit or sgd",
    "precision": "bf16-mixed (default), fp16-mixed, fp32 or fp8-mixed",
    "reserve": "share of GPU memory kept free for the CUDA context, allocator and buffers (default 0.1)",
    "flash_attention": "TRUE: attention scores are not stored (FlashAttention); FALSE (default): Korthikanti et al. 2022",
}


def read_setup(table: dict) -> Setup:
    """A training setup from a key/value table; unknown keys and bad values are errors."""
    for key in table:
        if key not in SETUP_KEYS:
            raise InputError(f"setup key {show(key)} is unknown; known: {', '.join(SETUP_KEYS)}")
    get = table.get
    return Setup(
        micro_batch=_whole(table, "micro_batch"), seq_len=_whole(table, "seq_len"),
        tp=_whole(table, "tp", 1), pp=_whole(table, "pp", 1), dp=_whole(table, "dp", 1),
        sp=_flag("sp", get("sp"), None), zero=_whole(table, "zero", 0, low=0, high=3),
        recompute=_word(table, "recompute", RECOMPUTE), optimizer=_word(table, "optimizer", OPTIMIZERS),
        precision=_word(table, "precision", PRECISIONS), reserve=_share(get("reserve", 0.1)),
        flash_attention=_flag("flash_attention", get("flash_attention"), False))


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


def train_memory_gb(model, setup: Setup, part="total"):
    """GB (1e9 bytes) per GPU to train ``model`` with ``setup``, on the most loaded GPU:
    weights, gradients and optimizer state of its shard (ZeRO-sharded over dp), and
    its activations. ``part`` is one of weights, gradients, optimizer, activations, total.
    """
    if part not in PARTS:
        raise InputError(f"part must be one of {', '.join(PARTS)}, got {show(part)}")
    n = params_on_busiest_gpu(model, setup.tp, setup.pp)
    per_param = zero_bytes_per_param(*state_bytes(setup.precision, setup.optimizer),
                                     zero=setup.zero, dp=setup.dp)
    sizes = dict(zip(("weights", "gradients", "optimizer"), (state_gb(n, b) for b in per_param)))
    check_split(model, setup)
    # Korthikanti's bytes are for 16-bit activations; fp32 training stores twice as many.
    sizes["activations"] = activation_width(setup.precision) * activation_bytes(
        model, setup.seq_len, setup.micro_batch, setup.tp, setup.pp, setup.sequence_parallel, setup.recompute,
        setup.flash_attention) / GB
    if part == "total":
        return total_gb(*sizes.values())
    return sizes[part]


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
        raise InputError(f"setup pp {setup.pp} must divide the model's {layers} layers")


def split_ok(heads, layers, tp, pp):
    """TRUE when tensor parallelism divides the attention heads and the pipeline stages
    divide the layers, as Megatron-LM requires (a whole number rounds up to itself).

    Excel: =IF(ROUNDUP(a/t,0)=a/t,ROUNDUP(L/pp,0)=L/pp,FALSE)
    """
    return heads % tp == 0 and layers % pp == 0


def headroom_gb(model, setup: Setup, gpu_memory_gb):
    """GB left on the most loaded GPU (see :func:`headroom`)."""
    return headroom(gpu_memory_gb, setup.reserve, train_memory_gb(model, setup))


def headroom(gpu_memory_gb, reserve, need_gb):
    """GB left on a GPU: memory × (1 − reserve) − need; negative when the setup does not
    fit. ``reserve`` (default 10%) stands for what the formulas leave out: CUDA context,
    allocator fragmentation, communication buffers — a rule of thumb.

    Excel: =M*(1-r)-n
    """
    return gpu_memory_gb * (1.0 - reserve) - need_gb


def fits(margin_gb):
    """TRUE when the headroom (:func:`headroom`) is not negative. Excel: =H>=0"""
    return margin_gb >= 0
