"""What a layer keeps for backward, measured: PyTorch's saved-tensor hooks record every
tensor autograd stores during a small layer's forward pass (CPU, bf16), and the bytes of
the distinct storages are set against ``allocation.layer_activation_bytes``.

The layers are written here as the frameworks compute them: a fused attention kernel
(``scaled_dot_product_attention``, which on CPU keeps q, k, v, the output and the fp32
log-sum-exp), norms as fused kernels do (Apex / Transformer Engine keep the input and
the per-token inverse RMS or mean and inverse deviation), the rest as eager PyTorch runs
it (torchtitan's and transformers' Llama and Mixtral MLPs). No dropout.
"""

import math
import os

import pytest

torch = pytest.importorskip("torch") if os.environ.get("XLFUNCS_REQUIRE_HF") != "1" else __import__("torch")
F = torch.nn.functional

from xlfuncs import allocation, architectures  # noqa: E402

S, B = 128, 2
DT = torch.bfloat16


class FusedRMSNorm(torch.autograd.Function):
    """RMSNorm as a fused kernel keeps it: the input and one fp32 number per token."""

    @staticmethod
    def forward(ctx, x, weight):
        rstd = torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + 1e-6)
        ctx.save_for_backward(x, rstd)
        ctx.weight = weight
        return (x.float() * rstd).to(x.dtype) * weight

    @staticmethod
    def backward(ctx, grad):  # not exercised: only the forward's saved tensors are counted
        raise NotImplementedError


def rms_norm(x, weight):
    return FusedRMSNorm.apply(x, weight)


def layer_norm(x, weight, bias):
    return F.layer_norm(x, x.shape[-1:], weight, bias)  # keeps input, mean, rstd


def rope(x):
    """Rotary embedding on (b, s, heads, d): x·cos + rotate_half(x)·sin."""
    d = x.shape[-1]
    angle = torch.arange(S).float()[:, None] / (10000 ** (torch.arange(0, d, 2).float() / d))
    cos = torch.cat((angle.cos(), angle.cos()), -1)[None, :, None, :].to(DT)
    sin = torch.cat((angle.sin(), angle.sin()), -1)[None, :, None, :].to(DT)
    half = torch.cat((-x[..., d // 2:], x[..., : d // 2]), -1)
    return x * cos + half * sin


def attention(x, p, heads, groups, d, rotary):
    b, s, _ = x.shape
    q = (x @ p["wq"]).view(b, s, heads, d)
    k = (x @ p["wk"]).view(b, s, groups, d)
    v = (x @ p["wv"]).view(b, s, groups, d)
    if rotary:
        q, k = rope(q), rope(k)
    if groups != heads:
        k = k.repeat_interleave(heads // groups, dim=2)
        v = v.repeat_interleave(heads // groups, dim=2)
    o = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), is_causal=True,
                                       enable_gqa=False)
    return o.transpose(1, 2).reshape(b, s, heads * d) @ p["wo"]


def swiglu(x, w1, w3, w2):
    return (F.silu(x @ w1) * (x @ w3)) @ w2


PARAMETERS = {}  # storages of the weights (kept alive, so no activation reuses an address)


def saved_bytes(run, x):
    """Bytes of the distinct storages autograd keeps for ``run(x)``'s backward, weights aside."""
    seen = {}

    def pack(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in PARAMETERS:
            seen[storage.data_ptr()] = storage.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        run(x)
    return sum(seen.values())


def weights(*shapes):
    made = [(torch.randn(*s, dtype=DT) / math.sqrt(s[0])).requires_grad_() for s in shapes]
    PARAMETERS.update((w.untyped_storage().data_ptr(), w) for w in made)
    return made


def norm_weight(h, value=1.0):
    w = torch.full((h,), value, dtype=DT, requires_grad=True)
    PARAMETERS[w.untyped_storage().data_ptr()] = w
    return w


def hidden(h):
    return torch.randn(B, S, h, dtype=DT, requires_grad=True)


def predicted(config, framework="deepspeed"):  # any framework running PyTorch's eager MLP
    layer = architectures.model(config).layers[0]
    return allocation.layer_activation_bytes(layer, config.get("hidden_size", config.get("n_embd")), S * B, (1, 1),
                                             framework=framework, recompute="selective", flash=True)


def test_dense_gpt_layer_keeps_korthikantis_terms():
    h, a, f = 256, 4, 1024
    wq, wk, wv, wo, w1, w2 = weights((h, h), (h, h), (h, h), (h, h), (h, f), (f, h))
    ln = [norm_weight(h), norm_weight(h, 0.0)]
    p = {"wq": wq, "wk": wk, "wv": wv, "wo": wo}

    def layer(x):
        x = x + attention(layer_norm(x, *ln), p, a, a, h // a, rotary=False)
        return x + F.gelu(layer_norm(x, *ln) @ w1) @ w2

    config = {"model_type": "gpt2", "n_embd": h, "n_layer": 1, "n_head": a, "vocab_size": 64, "n_positions": S,
              "n_inner": f}
    measured = saved_bytes(layer, hidden(h))
    assert measured == pytest.approx(predicted(config), rel=0.03)


def test_gqa_swiglu_layer():
    h, a, g, d, f = 256, 8, 2, 32, 704
    wq, wk, wv, wo, w1, w3, w2 = weights((h, a * d), (h, g * d), (h, g * d), (a * d, h), (h, f), (h, f), (f, h))
    n1, n2 = norm_weight(h), norm_weight(h)
    p = {"wq": wq, "wk": wk, "wv": wv, "wo": wo}

    def layer(x):
        x = x + attention(rms_norm(x, n1), p, a, g, d, rotary=True)
        return x + swiglu(rms_norm(x, n2), w1, w3, w2)

    config = {"model_type": "llama", "hidden_size": h, "num_hidden_layers": 1, "num_attention_heads": a,
              "num_key_value_heads": g, "intermediate_size": f, "vocab_size": 64}
    measured = saved_bytes(layer, hidden(h))
    # repeat_interleave copies K and V to every head before the kernel (eager GQA);
    # fused GQA kernels (FlashAttention 2, cuDNN) read the groups: count that copy apart.
    copies = 2 * 2 * B * S * (a - g) * d
    assert measured - copies == pytest.approx(predicted(config), rel=0.03)


def test_moe_layer_keeps_top_k_copies_of_each_token():
    h, a, g, d, f, experts, k = 256, 8, 2, 32, 320, 4, 2
    wq, wk, wv, wo, router = weights((h, a * d), (h, g * d), (h, g * d), (a * d, h), (h, experts))
    ffn = [weights((h, f), (h, f), (f, h)) for _ in range(experts)]
    n1, n2 = norm_weight(h), norm_weight(h)
    p = {"wq": wq, "wk": wk, "wv": wv, "wo": wo}
    torch.manual_seed(0)

    def moe(x):  # transformers' MixtralSparseMoeBlock, tokens gathered per expert
        tokens = x.view(-1, h)
        probs = F.softmax((tokens @ router).float(), dim=-1)
        top, chosen = torch.topk(probs, k, dim=-1)
        top = (top / top.sum(-1, keepdim=True)).to(DT)
        out = torch.zeros_like(tokens)
        for e in range(experts):
            rows, slot = torch.where(chosen == e)
            y = swiglu(tokens[rows], *ffn[e]) * top[rows, slot, None]
            out = out.index_add(0, rows, y)
        return out.view_as(x)

    def layer(x):
        x = x + attention(rms_norm(x, n1), p, a, g, d, rotary=True)
        return x + moe(rms_norm(x, n2))

    config = {"model_type": "mixtral", "hidden_size": h, "num_hidden_layers": 1, "num_attention_heads": a,
              "num_key_value_heads": g, "intermediate_size": f, "vocab_size": 64, "num_local_experts": experts,
              "num_experts_per_tok": k}
    measured = saved_bytes(layer, hidden(h))
    copies = 2 * 2 * B * S * (a - g) * d  # eager GQA's repeated K and V, as above
    # autograd's index_add keeps its source (the gate-weighted expert output, 2h per
    # routed copy) only for its shape; fused un-permute kernels do not: counted apart.
    copies += 2 * h * B * S * k
    assert measured - copies == pytest.approx(predicted(config), rel=0.03)
