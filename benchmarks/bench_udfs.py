"""How fast the Excel functions are, as Excel would feel it.

Prints three figures (medians), against the product's speed targets:
- `import xlfuncs` after `import xlwings` (Excel pays it on the first call): <= 20 ms
- one scalar LLM_TRAIN_DAYS call: <= 5 µs
- one LLM_TRAIN_DAYS call over a 100,000-row column: <= 50 ms

Run: python benchmarks/bench_udfs.py
"""

import statistics
import subprocess
import sys
import timeit

IMPORT_PROBE = """
import time
import xlwings
t = time.perf_counter()
import xlfuncs
print(time.perf_counter() - t)
"""


def import_ms(runs=15):
    times = [float(subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True,
                                  text=True, check=True).stdout) for _ in range(runs)]
    return statistics.median(times) * 1e3


def per_call(stmt, number, repeat=7):
    return statistics.median(t / number for t in timeit.repeat(stmt, number=number, repeat=repeat, globals=globals()))


def main():
    import xlfuncs

    global LLM_TRAIN_DAYS, COLUMN
    LLM_TRAIN_DAYS = xlfuncs.LLM_TRAIN_DAYS
    COLUMN = [[float(n)] for n in range(1, 100_001)]
    LLM_TRAIN_DAYS(175e9, 300e9, 1024, "A100-40GB")  # warm the catalog
    scalar = per_call('LLM_TRAIN_DAYS(175e9, 300e9, 1024.0, "A100-40GB", 0.45, True)', 20_000)
    column = per_call('LLM_TRAIN_DAYS(175e9, 300e9, COLUMN, "A100-40GB", 0.45, True)', 3)
    print(f"import xlfuncs beyond xlwings   {import_ms():8.1f} ms   (target <= 20 ms)")
    print(f"scalar LLM_TRAIN_DAYS           {scalar * 1e6:8.2f} µs   (target <= 5 µs)")
    print(f"LLM_TRAIN_DAYS, 100,000 rows    {column * 1e3:8.1f} ms   (target <= 50 ms)")


if __name__ == "__main__":
    main()
