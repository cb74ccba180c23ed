"""Exact parameter counts and training FLOPs from a Hugging Face ``config.json``.

A config is read into a :class:`Model`: the layers (each with the parameters every token
uses, its routed experts, its attention shape) and the embeddings. Every other quantity
is one small function of that summary:

- :func:`params`       total / active / embedding / non_embedding parameters
- :func:`train_flops`  the matrix-multiply FLOPs of training (Narayanan et al. 2021, eq. 3,
                       generalised to GQA, gated FFNs, MLA and mixtures of experts)
- :func:`kv_cache_gb`  inference KV-cache memory

The counts follow the modules that ``transformers`` builds for each ``model_type``
(``modeling_<type>.py``, read for v5.24): every weight, bias and norm gain, tied weights
counted once, buffers (rotary ``inv_freq``, DeepSeek's ``e_score_correction_bias``) not
counted. ``tests/test_architectures.py`` checks them against models built by
``transformers`` from randomised configs. No torch at run time: this is arithmetic.

Keys are Hugging Face's own. A key is required when it sizes a matrix (``hidden_size``,
``intermediate_size`` …); a key whose Hugging Face default is a plain flag or follows
from other keys (``attention_bias`` = false, ``head_dim`` = hidden/heads for Llama) may be
left out and takes that default.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .inputs import InputError, flag, plain_number, show

GB = 1e9
PARTS = ("total", "active", "embedding", "non_embedding")
_MISSING = object()


# --------------------------------------------------------------------------- reading a config

MAX_LAYERS = 10_000          # far above any published model (DeepSeek-V3 has 61, Llama 3.1 405B 126)
MAX_PARAMS = 1e18            # a count at or above this comes from a wrong size, not a model


class Config:
    """A config dict with typed, named-error access (aliases as in ``attribute_map``).

    It remembers the keys the family asked for, so that a key it did not read but that
    is within two edits of one it did (``tie_word_embedings``) is refused as a misspelling
    rather than dropped; other unknown keys are ignored, as ``transformers`` does.
    """

    def __init__(self, raw: dict, model_type: str, aliases: dict | None = None):
        self.raw, self.model_type, self.aliases = raw, model_type, aliases or {}
        self.read = {"model_type"}

    def _get(self, key, default):
        names = (key, *self.aliases.get(key, ()))
        self.read.update(names)
        for k in names:
            if k in self.raw:
                return self.raw[k]
        if default is _MISSING:
            near = self.misspelling_of(key)
            hint = f" ({near}: did you mean {key}?)" if near else f" (needed for model_type \"{self.model_type}\")"
            raise InputError(f"config has no {key}{hint}")
        return default

    def misspelling_of(self, key):
        """A key of the config, not read, within two edits of `key` (None if there is none)."""
        from .catalogs import edit_distance

        for k in self.raw:
            if isinstance(k, str) and k not in self.read and len(k) < 80 and edit_distance(k, key) <= 2:
                return k
        return None

    def check_spelling(self):
        """After reading: refuse a key that is a near miss of one the family read."""
        for key in sorted(self.read):
            near = self.misspelling_of(key)
            if near is not None:
                raise InputError(f"config {near}: did you mean {key}? (model_type \"{self.model_type}\" reads {key})")

    def layers(self, key):
        """The number of layers: a whole number from 1 to MAX_LAYERS."""
        n = self.int(key)
        if n > MAX_LAYERS:
            raise InputError(f"config {key} must be at most {MAX_LAYERS:,}, got {n:,}")
        return n

    def int(self, key, default=_MISSING, low=1, nullable=False):
        """A whole number >= low; None (JSON null) stays None where the default is None or
        the key is ``nullable`` (null means "derive it", as num_key_value_heads: null)."""
        value = self._get(key, default)
        if value is None and (default is None or nullable):
            return None
        # The reader every number cell goes through: JSON Infinity/NaN, 1e400, a 400-digit
        # int, a date or an empty value is refused here, naming the key.
        x = plain_number(f"config {key}", value, "a whole number")
        if x != int(x):
            raise InputError(f"config {key} must be a whole number, got {show(value)}")
        if x < low:
            raise InputError(f"config {key} must be >= {low}, got {show(value)}")
        if x >= MAX_PARAMS:
            raise InputError(f"config {key} must be below 1e18, got {show(value)}")
        return value if type(value) is int else int(x)  # an int stays exact

    def flag(self, key, default=_MISSING):
        value = self._get(key, default)
        return False if value is None else flag(f"config {key}", value)  # JSON null is false

    def ints(self, key, default=()):
        """A list of whole numbers (qwen2_moe's mlp_only_layers); text "1, 3" is accepted."""
        value = self._get(key, default)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [v for v in value.strip("[] ").replace(",", " ").split()]
        elif isinstance(value, (int, float)):
            value = [value]
        try:
            numbers = [plain_number(f"config {key}", v) for v in value]
        except (TypeError, InputError):
            raise InputError(f"config {key} must be a list of layer numbers, got {show(value)}") from None
        return tuple(int(v) for v in numbers)


# --------------------------------------------------------------------------- the summary

@dataclass
class Tally:
    """Parameters of a module, and how many of them are matrix-multiply weights
    (the forward pass spends 2 FLOPs per weight per token on those)."""

    params: int = 0
    matmul: int = 0
    ffn: int = 0                   # width of its plain (GELU/ReLU) feed-forward blocks, summed
    gated_ffn: int = 0             # width of its gated (SwiGLU/GeGLU) feed-forward blocks, summed

    def mlp(self, n_in, width, bias=False):
        """A plain feed-forward block: up to ``width``, activation, back down."""
        self.ffn += width
        return self.linear(n_in, width, bias).linear(width, n_in, bias)

    def linear(self, n_in, n_out, bias=False):
        self.params += n_in * n_out + (n_out if bias else 0)
        self.matmul += n_in * n_out
        return self

    def norm(self, size, bias=False):
        self.params += size * (2 if bias else 1)
        return self


@dataclass
class Layer:
    """One transformer layer as far as counting goes."""

    shared: Tally                  # what every token uses: attention, norms, dense MLP, router, shared experts
    heads: int                     # query heads
    qk_dim: int                    # per-head size of queries/keys (scores cost 2·qk_dim per key)
    v_dim: int                     # per-head size of values
    kv_per_token: int              # numbers cached per token for inference (K and V, or MLA's latent)
    expert: Tally = field(default_factory=Tally)  # one routed expert
    experts: int = 0               # routed experts
    top_k: int = 0                 # experts each token is routed to
    window: int = 0                # keys a query sees in a sliding-window (or chunked) attention
                                   # layer; 0 = all earlier tokens (full attention)


@dataclass
class Model:
    layers: list                   # of Layer
    embedding: int                 # token (+ position) embeddings + an untied output head
    other: Tally                   # final norm, embedding norm, input/output projections
    logits: int                    # weights of the output head (V × its width)
    hidden: int                    # hidden size h
    vocab: int                     # vocabulary V
    head: int = 0                  # parameters of an untied output head (0 when tied)


@functools.lru_cache(maxsize=64)
def catalog(name: str, arg: str = "name") -> Model:
    """A catalog model's architecture, built once (a sheet asks for the same few often)."""
    from .catalogs import model as catalog_model

    return model(catalog_model(name, arg)["config"])


def params(model: Model, part: str = "total") -> int:
    """Parameters of a model, exactly as ``transformers`` instantiates them.

    - total: every parameter, tied weights once;
    - active: used for one token: shared parts plus ``num_experts_per_tok`` routed experts
      per MoE layer (all of a dense model), embeddings and output head included, as
      Mistral's 12.9B for Mixtral-8x7B;
    - embedding: token and learned position embeddings plus an untied output head (the
      split of the Qwen2.5 and Gemma model cards);
    - non_embedding: total − embedding (Kaplan et al. 2020's N).
    """
    trunk = sum(l.shared.params + l.experts * l.expert.params for l in model.layers)
    if part == "active":
        return (model.embedding + model.other.params
                + sum(l.shared.params + l.top_k * l.expert.params for l in model.layers))
    if part == "embedding":
        return model.embedding
    if part == "non_embedding":
        return trunk + model.other.params
    if part == "total":
        return trunk + model.other.params + model.embedding
    raise InputError(f"part must be one of {', '.join(PARTS)}, got {show(part)}")


# --------------------------------------------------------------------------- per family

def _attention(t: Tally, h, heads, kv, hd, qkv_bias=False, o_bias=False):
    """Separate q, k, v, o projections with grouped-query attention (Llama and kin)."""
    t.linear(h, heads * hd, qkv_bias).linear(h, kv * hd, qkv_bias).linear(h, kv * hd, qkv_bias)
    return t.linear(heads * hd, h, o_bias)


def _gated_mlp(t: Tally, h, f, bias=False):
    """gate, up and down projections (SwiGLU/GeGLU): 3·h·f weights."""
    t.gated_ffn += f
    return t.linear(h, f, bias).linear(h, f, bias).linear(f, h, bias)


# Where Hugging Face's default for a key is a shape constant (Qwen3's head_dim 128,
# Mistral's 8 KV heads), the key is required rather than guessed; where the default is
# derived (None -> hidden/heads, None -> heads), the key may be left out.
_HEAD_DIM_REQUIRED = {"qwen3", "gemma", "gemma2", "gemma3_text"}  # HF defaults 128 / 256
_KV_OPTIONAL = {"llama", "phi3"}                             # HF default None -> heads
_TIED = {"gemma": True, "gemma2": True, "gemma3_text": True}  # tie_word_embeddings defaults
_QK_NORM = {"qwen3", "qwen3_moe", "gemma3_text"}             # RMSNorm over head_dim on q and k


def _kv_heads(heads, kv, key="num_key_value_heads"):
    """Key/value heads, which must divide the query heads (each KV head serves a group)."""
    if heads % kv:
        raise InputError(f"config {key} {kv} does not divide num_attention_heads {heads}")
    return kv


def _head_dim(h, heads):
    """hidden / heads, which Hugging Face requires to be whole when head_dim is not given."""
    if h % heads:
        raise InputError(f"config hidden_size {h} is not divisible by num_attention_heads {heads}")
    return h // heads


def _llama_like(c: Config) -> Model:
    """llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, gemma, gemma2, phi3: RMSNorm
    decoders with q/k/v/o attention (GQA) and a gated MLP, or mixtures of such MLPs."""
    t = c.model_type
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab = c.int("num_attention_heads"), c.int("vocab_size")
    kv = c.int("num_key_value_heads", None if t in _KV_OPTIONAL else _MISSING, nullable=True) or heads
    _kv_heads(heads, kv)
    hd = c.int("head_dim", _MISSING if t in _HEAD_DIM_REQUIRED else None, low=0, nullable=True) or _head_dim(h, heads)
    qkv_bias = o_bias = mlp_bias = False
    if t in ("llama", "qwen3", "qwen3_moe", "gemma", "gemma2", "gemma3_text"):
        qkv_bias = o_bias = c.flag("attention_bias", False)
    if t == "llama":
        mlp_bias = c.flag("mlp_bias", False)
    if t == "qwen2":
        qkv_bias = True                                       # Qwen2Attention: bias=True on q, k, v
    if t == "qwen2_moe":
        qkv_bias = c.flag("qkv_bias", True)
    norms = 4 if t in ("gemma2", "gemma3_text") else 2        # Gemma 2 and 3 add pre/post-FFN norms
    windows = _windows(c, n_layers)

    layers = []
    for i in range(n_layers):
        shared = _attention(Tally(), h, heads, kv, hd, qkv_bias, o_bias).norm(norms * h)
        if t in _QK_NORM:
            shared.norm(2 * hd)                               # q_norm and k_norm over head_dim
        layer = Layer(shared, heads, hd, hd, 2 * kv * hd, window=windows[i])
        _mlp(c, i, h, mlp_bias, layer)
        layers.append(layer)
    return _decoder_model(c, layers, h, vocab, tied_default=_TIED.get(t, False))


def _mlp(c: Config, i, h, bias, layer: Layer):
    """The feed-forward part of layer i: dense, or routed experts (+ shared expert)."""
    t = c.model_type
    if t == "mixtral":
        experts, f = c.int("num_local_experts"), c.int("intermediate_size")
        _moe(layer, h, experts, c.int("num_experts_per_tok"), f)
    elif t == "qwen3_moe" and _qwen2_sparse(c, i):
        experts = c.int("num_experts")
        _moe(layer, h, experts, c.int("num_experts_per_tok"), c.int("moe_intermediate_size"))
    elif t == "qwen2_moe" and _qwen2_sparse(c, i):
        experts = c.int("num_experts")
        _moe(layer, h, experts, c.int("num_experts_per_tok"), c.int("moe_intermediate_size"))
        _gated_mlp(layer.shared, h, c.int("shared_expert_intermediate_size", low=0))
        layer.shared.linear(h, 1)                             # shared_expert_gate
    else:
        _gated_mlp(layer.shared, h, c.int("intermediate_size"), bias)


# Which layers attend through a sliding window, by default, where a config has no
# layer_types: (every how many layers one is full, key of the window size).
_WINDOW_PATTERN = {"gemma2": 2, "gemma3_text": 6, "gpt_oss": 2}
_WINDOW_DEFAULT = {"gemma2": 4096, "gemma3_text": 4096, "gpt_oss": 128, "mistral": 4096}  # HF defaults


def _windows(c: Config, n_layers):
    """The sliding window of each layer (0 = full attention), as transformers sets them:
    ``layer_types`` when the config has it, else the family's pattern (Gemma 2 and
    gpt-oss alternate, Gemma 3 has five sliding layers to one full), else Mistral's one
    window for all layers (``sliding_window``, null = none), or Qwen's from
    ``max_window_layers`` on when ``use_sliding_window``. It changes no count."""
    t = c.model_type
    window = c.int("sliding_window", _WINDOW_DEFAULT.get(t), low=0, nullable=True) or 0
    types = c.raw.get("layer_types")
    c.read.add("layer_types")
    if isinstance(types, (list, tuple)) and len(types) == n_layers:
        return [window if kind == "sliding_attention" else 0 for kind in types]
    every = c.int("sliding_window_pattern", _WINDOW_PATTERN[t]) if t in _WINDOW_PATTERN else 0
    if every:
        return [window if (i + 1) % every else 0 for i in range(n_layers)]
    if t == "mistral":
        return [window] * n_layers
    if t in ("qwen2", "qwen3", "qwen3_moe") and c.flag("use_sliding_window", False):
        first = c.int("max_window_layers", 28, low=0)         # layers below it attend in full
        return [window if i >= first else 0 for i in range(n_layers)]
    return [0] * n_layers


def _qwen2_sparse(c: Config, i) -> bool:
    """Qwen2MoeDecoderLayer (and Qwen3's): experts unless listed in mlp_only_layers or off the step."""
    step = c.int("decoder_sparse_step", 1)
    return (i not in c.ints("mlp_only_layers") and c.int("num_experts", low=0) > 0
            and (i + 1) % step == 0)


def _moe(layer: Layer, h, experts, top_k, f):
    if top_k > experts:
        raise InputError(f"config num_experts_per_tok {top_k} is more than the {experts} experts")
    layer.experts, layer.top_k = experts, top_k
    _gated_mlp(layer.expert, h, f)
    layer.shared.linear(h, experts)                           # router (gate), no bias


def _decoder_model(c: Config, layers, h, vocab, tied_default=False) -> Model:
    """Token embedding, final RMSNorm, output head (untied unless tie_word_embeddings)."""
    tied = c.flag("tie_word_embeddings", tied_default)
    return _model(layers, vocab, h, tied, Tally().norm(h))


def _model(layers, vocab, h, tied, other: Tally, positions=0, width=None) -> Model:
    """Embeddings around the layers: tokens (V × width), learned positions, and an output
    head of the same shape unless it is tied to the token embedding."""
    width = width or h
    head = 0 if tied else vocab * width
    return Model(layers, vocab * width + positions + head, other, vocab * width, h, vocab, head)


def _deepseek_v3(c: Config) -> Model:
    """DeepSeek-V3: multi-head latent attention (low-rank q and kv), dense MLPs in the
    first ``first_k_dense_replace`` layers, then routed + shared experts."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab = c.int("num_attention_heads"), c.int("vocab_size")
    q_rank, kv_rank = c.int("q_lora_rank", None), c.int("kv_lora_rank")
    rope, nope, v = c.int("qk_rope_head_dim"), c.int("qk_nope_head_dim"), c.int("v_head_dim")
    bias = c.flag("attention_bias", False)
    dense_layers = c.int("first_k_dense_replace", low=0)
    qk = nope + rope
    layers = []
    for i in range(n_layers):
        a = Tally()
        if q_rank is None:
            a.linear(h, heads * qk)
        else:
            a.linear(h, q_rank, bias).norm(q_rank).linear(q_rank, heads * qk)
        a.linear(h, kv_rank + rope, bias).norm(kv_rank).linear(kv_rank, heads * (nope + v))
        a.linear(heads * v, h, bias).norm(2 * h)
        layer = Layer(a, heads, qk, v, kv_rank + rope)        # MLA caches the latent + rope key
        if i < dense_layers:
            _gated_mlp(a, h, c.int("intermediate_size"))
        else:
            f = c.int("moe_intermediate_size")
            _moe(layer, h, c.int("n_routed_experts"), c.int("num_experts_per_tok"), f)
            _gated_mlp(a, h, f * c.int("n_shared_experts", low=0))
        layers.append(layer)
    return _decoder_model(c, layers, h, vocab)


def _gpt2(c: Config) -> Model:
    """GPT-2 (and GPT-3 shapes): LayerNorm, fused QKV with biases, 4h GELU MLP, learned
    positions, tied head by default."""
    h, n_layers = c.int("n_embd"), c.layers("n_layer")
    heads, vocab, positions = c.int("n_head"), c.int("vocab_size"), c.int("n_positions")
    inner = c.int("n_inner", None) or 4 * h
    cross = c.flag("add_cross_attention", False)
    layers = []
    for _ in range(n_layers):
        t = Tally().norm(h, True).linear(h, 3 * h, True).linear(h, h, True).norm(h, True)
        t.mlp(h, inner, True)
        if cross:                                             # ln_cross_attn, q_attn, c_attn (k, v), c_proj
            t.norm(h, True).linear(h, h, True).linear(h, 2 * h, True).linear(h, h, True)
        layers.append(Layer(t, heads, _head_dim(h, heads), _head_dim(h, heads), 2 * h))
    tied = c.flag("tie_word_embeddings", True)
    return _model(layers, vocab, h, tied, Tally().norm(h, True), positions=positions * h)


def _opt(c: Config) -> Model:
    """OPT: LayerNorm (affine optional), biases optional, ReLU MLP of ffn_dim, learned
    positions with an offset of 2, optional projections to a narrower word embedding."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab, f = c.int("num_attention_heads"), c.int("vocab_size"), c.int("ffn_dim")
    positions = c.int("max_position_embeddings")
    word = c.int("word_embed_proj_dim", None) or h
    bias, affine = c.flag("enable_bias", True), c.flag("layer_norm_elementwise_affine", True)
    layers = []
    for _ in range(n_layers):
        t = Tally()
        for _ in range(4):                                    # k, v, q, out projections
            t.linear(h, h, bias)
        t.mlp(h, f, bias)
        if affine:
            t.norm(2 * h, True)                               # self_attn_layer_norm, final_layer_norm
        layers.append(Layer(t, heads, _head_dim(h, heads), _head_dim(h, heads), 2 * h))
    other = Tally()
    if word != h:
        other.linear(h, word).linear(word, h)                 # project_out, project_in
    if affine and c.flag("do_layer_norm_before", True) and not c.flag("_remove_final_layer_norm", False):
        other.norm(h, True)
    tied = c.flag("tie_word_embeddings", True)
    return _model(layers, vocab, h, tied, other, positions=(positions + 2) * h, width=word)


def _bloom(c: Config) -> Model:
    """BLOOM: ALiBi (no position parameters), LayerNorm after the embedding, 4h MLP, biases."""
    h = c.int("hidden_size")
    n_layers, heads, vocab = c.layers("n_layer"), c.int("n_head"), c.int("vocab_size")
    layers = []
    for _ in range(n_layers):
        t = Tally().norm(h, True).linear(h, 3 * h, True).linear(h, h, True).norm(h, True)
        t.mlp(h, 4 * h, True)
        layers.append(Layer(t, heads, _head_dim(h, heads), _head_dim(h, heads), 2 * h))
    tied = c.flag("tie_word_embeddings", True)
    return _model(layers, vocab, h, tied, Tally().norm(2 * h, True))    # embedding LN + ln_f


def _falcon(c: Config) -> Model:
    """Falcon: fused QKV (multi-query, or grouped with new_decoder_architecture), parallel
    attention/MLP with one or two LayerNorms, optional biases."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab = c.int("num_attention_heads"), c.int("vocab_size")
    hd = _head_dim(h, heads)
    new, mq = c.flag("new_decoder_architecture", False), c.flag("multi_query", True)
    bias, parallel = c.flag("bias", False), c.flag("parallel_attn", True)
    kv = c.int("num_kv_heads", None) or heads
    kv = _kv_heads(heads, kv, "num_kv_heads") if (new or not mq) else 1
    f = c.int("ffn_hidden_size", None) or 4 * h
    n_ln = c.int("num_ln_in_parallel_attn", None)
    n_ln = 2 if n_ln is None and new else n_ln
    norms = 2 if (not parallel or n_ln == 2) else 1
    qkv = (2 * kv + heads) * hd if new else (h + 2 * hd if mq else 3 * h)
    layers = []
    for _ in range(n_layers):
        t = Tally().linear(h, qkv, bias).linear(h, h, bias).mlp(h, f, bias)
        t.norm(norms * h, True)
        layers.append(Layer(t, heads, hd, hd, 2 * kv * hd))
    tied = c.flag("tie_word_embeddings", True)
    return _model(layers, vocab, h, tied, Tally().norm(h, True))


def _gpt_neox(c: Config) -> Model:
    """GPT-NeoX / Pythia: fused QKV, LayerNorms, MLP with biases, untied head by default.
    use_parallel_residual changes the wiring, not the count."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab, f = c.int("num_attention_heads"), c.int("vocab_size"), c.int("intermediate_size")
    bias = c.flag("attention_bias", True)
    layers = []
    for _ in range(n_layers):
        t = Tally().norm(2 * h, True).linear(h, 3 * h, bias).linear(h, h, bias)
        t.mlp(h, f, True)
        layers.append(Layer(t, heads, _head_dim(h, heads), _head_dim(h, heads), 2 * h))
    tied = c.flag("tie_word_embeddings", False)
    return _model(layers, vocab, h, tied, Tally().norm(h, True))


def _gpt_oss(c: Config) -> Model:
    """gpt-oss: GQA attention with biases and one learned "sink" logit per head, every
    layer a mixture of experts whose gate_up and down projections carry biases, a router
    with a bias, alternate sliding-window layers (``modeling_gpt_oss.py``)."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab = c.int("num_attention_heads"), c.int("vocab_size")
    kv = _kv_heads(heads, c.int("num_key_value_heads"))
    hd = c.int("head_dim")                                    # HF default 64, a shape constant
    bias = c.flag("attention_bias", True)
    experts, top_k, f = c.int("num_local_experts"), c.int("num_experts_per_tok"), c.int("intermediate_size")
    windows = _windows(c, n_layers)
    layers = []
    for i in range(n_layers):
        shared = _attention(Tally(), h, heads, kv, hd, bias, bias).norm(2 * h).norm(heads)  # sinks
        layer = Layer(shared, heads, hd, hd, 2 * kv * hd, window=windows[i])
        _moe(layer, h, experts, top_k, 0)
        layer.expert = Tally().linear(h, 2 * f, True).linear(f, h, True)
        shared.params += experts                              # the router's bias
        layers.append(layer)
    return _decoder_model(c, layers, h, vocab)


def _llama4_text(c: Config) -> Model:
    """Llama 4 (its language model, ``Llama4ForCausalLM``): GQA attention, mixture-of-experts
    layers (``moe_layers``, default every ``interleave_moe_layer_step``-th) with a shared
    expert and a sigmoid router, dense layers of ``intermediate_size_mlp``; the L2 qk norm
    has no weights. Three of four layers attend in chunks of ``attention_chunk_size``."""
    h, n_layers = c.int("hidden_size"), c.layers("num_hidden_layers")
    heads, vocab = c.int("num_attention_heads"), c.int("vocab_size")
    kv = _kv_heads(heads, c.int("num_key_value_heads"))
    hd = c.int("head_dim")                                    # HF default 128, a shape constant
    bias = c.flag("attention_bias", False)
    step = c.int("interleave_moe_layer_step", 1)
    listed = c._get("moe_layers", None) is not None          # [] means no MoE layer at all
    moe_layers = set(c.ints("moe_layers") if listed else range(step - 1, n_layers, step))
    no_rope_every = c.int("no_rope_layer_interval", 4)
    chunk = c.int("attention_chunk_size", 8192, nullable=True) or 0
    layers = []
    for i in range(n_layers):
        shared = _attention(Tally(), h, heads, kv, hd, bias, bias).norm(2 * h)
        window = chunk if (i + 1) % no_rope_every else 0      # rope layers are chunked
        layer = Layer(shared, heads, hd, hd, 2 * kv * hd, window=window)
        if i in moe_layers:
            f = c.int("intermediate_size")
            _moe(layer, h, c.int("num_local_experts"), c.int("num_experts_per_tok"), f)
            _gated_mlp(shared, h, f)                          # shared_expert
        else:
            _gated_mlp(shared, h, c.int("intermediate_size_mlp"))
        layers.append(layer)
    return _decoder_model(c, layers, h, vocab)


def _gptj(c: Config) -> Model:
    """GPT-J: one LayerNorm per layer feeding attention (q, k, v, out, no biases) and the
    MLP (biases) in parallel, rotary positions, an untied output head with a bias."""
    h, n_layers = c.int("n_embd"), c.layers("n_layer")
    heads, vocab = c.int("n_head"), c.int("vocab_size")
    inner = c.int("n_inner", None) or 4 * h
    hd = _head_dim(h, heads)
    layers = []
    for _ in range(n_layers):
        t = Tally().norm(h, True)
        for _ in range(4):
            t.linear(h, h)
        t.linear(h, inner, True).linear(inner, h, True)
        layers.append(Layer(t, heads, hd, hd, 2 * h))
    tied = c.flag("tie_word_embeddings", False)
    m = _model(layers, vocab, h, tied, Tally().norm(h, True))
    m.other.params += vocab                                   # lm_head's bias, tied or not
    return m


def _text_part(text_type):
    """A multimodal config (gemma3, llama4): its ``text_config``, counted as the language
    model alone (the vision tower is not part of the count)."""
    def read(c: Config) -> Model:
        text = c._get("text_config", _MISSING)
        if not isinstance(text, dict):
            raise InputError(f"config text_config must be a key/value table, got {show(text)}")
        c.read.update(c.raw)                                  # the outer keys are the vision side's
        return model({**text, "model_type": text_type})
    return read


FAMILIES = {
    "gpt2": _gpt2, "opt": _opt, "bloom": _bloom, "falcon": _falcon, "gpt_neox": _gpt_neox,
    "deepseek_v3": _deepseek_v3, "gpt_oss": _gpt_oss, "llama4_text": _llama4_text, "gptj": _gptj,
    "gemma3": _text_part("gemma3_text"), "llama4": _text_part("llama4_text"),
    **{t: _llama_like for t in ("llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3",
                                "qwen3_moe", "gemma", "gemma2", "gemma3_text", "phi3")},
}

# Other spellings of a key, as each config class's attribute_map (and old configs) have them.
ALIASES = {
    "gpt2": {"n_embd": ("hidden_size",), "n_layer": ("num_hidden_layers",),
             "n_head": ("num_attention_heads",), "n_positions": ("max_position_embeddings",)},
    "bloom": {"hidden_size": ("n_embed",), "n_layer": ("num_hidden_layers",),
              "n_head": ("num_attention_heads",)},
    "falcon": {"hidden_size": ("n_embed",)},
    "mixtral": {"num_local_experts": ("num_experts",)},
    "gpt_oss": {"num_local_experts": ("num_experts",)},
    "gptj": {"n_embd": ("hidden_size",), "n_layer": ("num_hidden_layers",), "n_head": ("num_attention_heads",)},
    "deepseek_v3": {"n_routed_experts": ("num_local_experts",)},
}


def model(config: dict) -> Model:
    """Read a config dict (``model_type`` picks the family) into a :class:`Model`."""
    if not isinstance(config, dict):
        raise InputError(f"config must be a key/value table, got {show(config)}")
    kind = config.get("model_type")
    if kind is None:
        raise InputError("config has no model_type")
    kind = str(kind).strip().lower()
    if kind not in FAMILIES:
        raise InputError(f"model_type {show(kind)} is not supported; supported: {', '.join(sorted(FAMILIES))}")
    c = Config(config, kind, ALIASES.get(kind))
    built = FAMILIES[kind](c)
    c.check_spelling()
    total = params(built)
    if total >= MAX_PARAMS:
        raise InputError(f"config sizes give {total:.3g} parameters; a count this large (>= 1e18) means a size is wrong")
    return built


# --------------------------------------------------------------------------- FLOPs

def forward_flops_per_token(m: Model, seq_len, causal=False):
    """Forward matrix-multiply FLOPs per token: (layers, head), 2 per weight per token.

    Layers: 2·(shared weights + top_k·expert weights) + attention scores
    2·heads·(qk_dim + v_dim)·seq_len (QKᵀ and scores·V), halved when causal.
    Head: 2·(output head + projections outside the layers).
    """
    score = 1.0 - 0.5 * causal                # arithmetic, so a column of TRUE/FALSE works too
    layers = sum(2 * (l.shared.matmul + l.top_k * l.expert.matmul)
                 + 2 * l.heads * (l.qk_dim + l.v_dim) * seq_len * score for l in m.layers)
    return layers, 2 * (m.logits + m.other.matmul)


def train_flops(m: Model, tokens, seq_len, recompute=True, causal=False):
    """Matrix-multiply FLOPs to train on ``tokens`` tokens in sequences of ``seq_len``.

    Narayanan et al. 2021 (Megatron-LM), eq. 3: F = 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h))
    per iteration of B sequences, i.e. per token 4 × (24·l·h² + 4·l·h·s) + 3 × 2·h·V:
    the layers run forward, backward (2×) and once more forward for activation
    recomputation; the logits forward and backward only. Generalised here by counting
    each layer's real weights (GQA k/v widths, gated FFNs' 3 matrices, routers, the top-k
    routed experts of a MoE, MLA's low-rank projections) and its score width
    heads·(qk_dim + v_dim). ``recompute=False`` gives 3× (Megatron-LM's
    ``num_floating_point_operations``, model FLOPs); ``causal=True`` halves the score term
    as Megatron-LM does now (only half of the attention matrix is computed). Biases, norms,
    softmax and the embedding lookup are not matrix multiplies and are not counted.
    """
    return flops_for_tokens(train_flops_per_token(m, seq_len, recompute, causal), tokens)


def train_flops_per_token(m: Model, seq_len, recompute=True, causal=False):
    """Training FLOPs per token (see :func:`train_flops`): (3 + recompute) passes over the
    layers, 3 over the output head."""
    layers, head = forward_flops_per_token(m, seq_len, causal)
    return (3 + recompute) * layers + 3 * head


def flops_for_tokens(per_token, tokens):
    """Training FLOPs of a run: FLOPs per token × tokens. Excel: =F*T"""
    return per_token * tokens


def kv_cache_gb(m: Model, batch, context, bytes_per_number=2.0):
    """Inference KV cache in GB: batch × context × Σ_layers 2·kv_heads·head_dim × bytes.

    Grouped-query attention caches kv_heads (not query heads); multi-query (Falcon-7B)
    one; DeepSeek's multi-head latent attention caches its latent, kv_lora_rank +
    qk_rope_head_dim numbers per layer (DeepSeek-V2 paper, §2.1.2, Table 1).
    """
    per_token = sum(l.kv_per_token for l in m.layers)
    return batch * context * per_token * bytes_per_number / GB


# --------------------------------------------------------------------------- shape

SHAPE_FIELDS = ("layers", "hidden", "heads", "vocab", "embedding_params", "non_embedding_params",
                "output_head_params")


def shape(m: Model) -> dict:
    """The sizes the memory formulas read, whatever the family calls them in its config:
    layers, hidden size, attention (query) heads of the first layer, vocabulary, and the
    embedding / non-embedding / untied-output-head parameters (:func:`params`; the head
    is 0 when tied)."""
    return {"layers": len(m.layers), "hidden": m.hidden, "heads": m.layers[0].heads,
            "vocab": m.vocab, "embedding_params": params(m, "embedding"),
            "non_embedding_params": params(m, "non_embedding"), "output_head_params": m.head}
