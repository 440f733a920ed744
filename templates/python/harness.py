"""Measurement harness shared by inferena's generated Python programs (same for every framework).

Command line: python main.py [--data DIR] [--out FILE] [--warmup N] [--repeat N] [--device D]
                             [--min-samples N] [--budget S] [--warmup-budget S]
                             [--skip inference,latency,training]
Each measurement warms up for --warmup-budget seconds (at least one run), then takes samples
until it has --min-samples and --budget seconds are spent (at most MAX_RUNS); --warmup N and
--repeat N make the counts exact. Prints one line `INFERENA_RESULT {json}` with the timings;
writes outputs, loss and gradients to --out (safetensors)."""
import argparse
import json
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

MAX_RUNS = 1000          # of an adaptive warm-up or measurement (a step of microseconds)


@dataclass(frozen=True)
class Sampling:
    """How many runs: exactly `count` where it is given (>= 0), else until at least `least`
    runs are done and `budget_s` seconds are spent, at most MAX_RUNS."""
    count: int
    least: int
    budget_s: float

    def done(self, runs, elapsed_s):
        if self.count >= 0:
            return runs >= self.count
        return runs >= MAX_RUNS or (runs >= self.least and elapsed_s >= self.budget_s)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent,
                   help="folder holding weights.safetensors and inputs.safetensors")
    p.add_argument("--out", type=Path, default=Path("outputs.safetensors"))
    p.add_argument("--warmup", type=int, default=-1, help="exact warm-up runs (default: by --warmup-budget)")
    p.add_argument("--repeat", type=int, default=-1, help="exact samples (default: by --budget)")
    p.add_argument("--min-samples", type=int, default=3)
    p.add_argument("--budget", type=float, default=1.0, help="seconds of samples per measurement")
    p.add_argument("--warmup-budget", type=float, default=0.5, help="seconds of warm-up per measurement")
    p.add_argument("--device", default="cpu")
    p.add_argument("--skip", default="", help="comma-separated measurements to skip")
    args = p.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    args.warmup = Sampling(args.warmup, 1, args.warmup_budget)
    args.repeat = Sampling(max(args.repeat, 1) if args.repeat >= 0 else -1, max(args.min_samples, 1), args.budget)
    return args


def measure(fn, warmup, repeat, sync=lambda: None):
    """Median/min/max wall time of fn() in ms after warm-up, every sample in run order and the
    warm-up runs done (warmup, repeat: Sampling); also fn's last result."""
    runs, start = 0, time.perf_counter()
    while not warmup.done(runs, time.perf_counter() - start):
        fn()
        sync()
        runs += 1
    times, start = [], time.perf_counter()
    while not repeat.done(len(times), time.perf_counter() - start):
        result = None               # the last step's gradients are freed before the next step runs
        begin = time.perf_counter()
        result = fn()
        sync()
        times.append((time.perf_counter() - begin) * 1e3)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "repeat": len(times), "warmup": runs, "samples": times}, result


def strict_fp32():
    """fp32 means fp32 on NVIDIA GPUs: no TF32 in cuBLAS or cuDNN (called before the framework loads)."""
    os.environ["NVIDIA_TF32_OVERRIDE"] = "0"


def report(**fields):
    print("INFERENA_RESULT " + json.dumps(fields), flush=True)


def skip(why):
    """This machine cannot run the program (a package or device is missing): the row says why."""
    report(skipped=why)
    raise SystemExit(0)
