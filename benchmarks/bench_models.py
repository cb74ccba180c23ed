"""How fast the model-aware functions are, as a cell would feel them.

Prints the median time of one call of each: an exact count from a catalog config, the
per-GPU memory of a setup, the smallest cluster for GPT-3 175B, and serving GPUs.

Run: python benchmarks/bench_models.py
"""

import statistics
import timeit

import xlfuncs as x

SETUP = [["micro_batch", 1], ["seq_len", 4096], ["tp", 8], ["pp", 4], ["zero", 1], ["recompute", "selective"]]
CALLS = {
    'LLM_PARAMS_HF("Llama-3.1-405B")': lambda: x.LLM_PARAMS_HF("Llama-3.1-405B"),
    'LLM_TRAIN_MEM_GPU("Llama-3-70B", setup)': lambda: x.LLM_TRAIN_MEM_GPU("Llama-3-70B", SETUP),
    'LLM_CLUSTER("GPT-3 175B", 300B, 30 days)': lambda: x.LLM_CLUSTER("GPT-3 175B", 300e9, 30, "A100-80GB"),
    'LLM_SERVE_GPUS("Llama-3-70B", 1B/day)': lambda: x.LLM_SERVE_GPUS("Llama-3-70B", 1e9, 8192, "H100-SXM"),
}


def main():
    for name, call in CALLS.items():
        call()  # load the catalogs
        number = 20
        per_call = statistics.median(t / number for t in timeit.repeat(call, number=number, repeat=5))
        print(f"{name:45s} {per_call * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
