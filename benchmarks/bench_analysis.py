"""Cost of a full analysis from a JSON config: memory by part, FLOPs, step time and days,
as a sheet computes them (the config text parsed once per distinct text).

    PYTHONPATH=. python benchmarks/bench_analysis.py

Prints milliseconds per analysis, first call (parsing included) and repeated calls.
llm-analysis's ``train()`` on the same case takes about 0.6 ms on this machine.
"""

from __future__ import annotations

import json
import time

import xlfuncs as x

CONFIG = json.dumps({"model_type": "llama", "hidden_size": 8192, "intermediate_size": 28672,
                     "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8,
                     "vocab_size": 128256})
MEMORY = json.dumps({"micro_batch": 1, "seq_len": 8192, "tp": 8, "pp": 4, "dp": 32, "recompute": "selective"})
STEP = json.dumps({"gpus": 1024, "global_batch": 512, "seq_len": 8192, "tp": 8, "pp": 4})


def analysis(config):
    parts = [x.LLM_TRAIN_MEM_GPU(config, MEMORY, part) for part in ("weights", "gradients", "optimizer",
                                                                     "activations", "total")]
    flops = x.LLM_TRAIN_FLOPS_HF(config, 15e12, 8192, False)
    step = x.LLM_STEP_TIME(config, STEP, "H100-SXM", "tokens_per_s_per_gpu")
    days = 15e12 / (step * 1024) / 86400
    return parts, flops, step, days


def main():
    start = time.perf_counter()
    analysis(CONFIG)
    first = time.perf_counter() - start
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        analysis(CONFIG)
    repeated = (time.perf_counter() - start) / n
    print(f"full analysis from a JSON config (5 memory parts, FLOPs, step time, days): "
          f"first {first * 1e3:.2f} ms, repeated {repeated * 1e3:.2f} ms per analysis")
    start = time.perf_counter()
    for _ in range(n):
        x.LLM_STEP_TIME(CONFIG, STEP, "H100-SXM")
    print(f"LLM_STEP_TIME alone: {(time.perf_counter() - start) / n * 1e3:.3f} ms")
    start = time.perf_counter()
    x.LLM_BEST_SETUP("Llama-3.1-405B", json.dumps({"gpus": 16384, "global_batch": 2048, "seq_len": 8192}),
                     "H100-SXM")
    print(f"LLM_BEST_SETUP, Llama 3.1 405B on 16,384 GPUs: {(time.perf_counter() - start) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
