"""The measured serving records, read as the serving model's inputs (shared by the fit and the
validation). Each record becomes (model, gpu, Serve, measured) following
shared/reference/measured/README_serving.md: per-GPU throughput is the measured value or,
where only the TP group's total was stated, the derived one; the llm-viewer duplicates and
the two values flagged suspect are dropped."""

import json
from pathlib import Path

from xlfuncs import architectures
from xlfuncs.catalogs import gpu as gpu_entry
from xlfuncs.serving import Serve

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "measured" / "serving_throughput.json"
HELD_OUT = "trtllm-perf-doc-v0.11.0"

# GPT-J 6B as its Hugging Face config (EleutherAI/gpt-j-6b): 28 layers, 4096 hidden, 16 heads,
# 16384 FFN, vocabulary 50400, untied head.
GPTJ = {"model_type": "gptj", "n_embd": 4096, "n_layer": 28, "n_head": 16, "n_inner": 16384,
        "vocab_size": 50400, "tie_word_embeddings": False}
MODELS = {"gpt-j-6b": GPTJ, "llama-2-7b": "Llama-2-7B", "llama-2-70b": "Llama-2-70B",
          "llama-3-8b": "Llama-3-8B", "llama-3-70b": "Llama-3-70B", "mistral-7b": "Mistral-7B",
          "mixtral-8x7b": "Mixtral-8x7B", "falcon-180b": "Falcon-180B"}
# A100 of v0.5-v0.9 is not stated; the SXM4-80GB of the later tables is assumed.
GPUS = {"H100-SXM-80GB": "H100-SXM", "A100": "A100-80GB", "A100-SXM4-80GB": "A100-80GB", "L40S": "L40S"}


def model_of(canonical):
    m = MODELS[canonical]
    return architectures.model(m) if isinstance(m, dict) else architectures.catalog(m)


def per_gpu(r):
    value = r["measured"].get("output_tokens_per_s_per_gpu")
    if value is None and r.get("derived"):
        value = r["derived"].get("output_tokens_per_s_per_gpu")
    return value


def load(all_records=False):
    """[(record, model, gpu, Serve, measured dict)]; measured has output_tokens_per_s_per_gpu
    and/or ttft_ms."""
    out = []
    for r in json.loads(DATA.read_text()):
        if not all_records and (r["source"] == "llm-viewer-issue-4" or "suspect_value" in r.get("flags", [])):
            continue
        w = r["workload"]
        p = r["precision"]["weights"]
        static = w.get("batching") == "static"
        tp, pp = r["parallel"]["tp"] or 1, r["parallel"]["pp"] or 1
        if r["mode"] == "latency":
            s = Serve(w["input_len"], 1, concurrency=1, tp=tp, pp=pp, weights=p, kv_cache=p, static=True)
            measured = {"ttft_ms": r["measured"]["ttft_ms"]}
        else:
            s = Serve(w["input_len"], w["output_len"], concurrency=w["batch"] if static else None, tp=tp, pp=pp,
                      weights=p, kv_cache=r["precision"]["kv_cache"], static=static, offline=not static,
                      max_batch=w.get("engine_max_batch_size") or 2048)
            measured = {"output_tokens_per_s_per_gpu": per_gpu(r)}
        out.append((r, model_of(r["model"]["canonical"]), gpu_entry(GPUS[r["gpu"]]), s, measured))
    return out
