"""Measurement harness shared by inferena's generated Python programs (same for every framework).

Command line: python main.py [--data DIR] [--out FILE] [--warmup N] [--repeat N] [--device D]
                             [--skip inference,latency,training]
Prints one line `INFERENA_RESULT {json}` with the timings; writes outputs, loss and
gradients to --out (safetensors)."""
import argparse
import json
import statistics
import time
from pathlib import Path


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent,
                   help="folder holding weights.safetensors and inputs.safetensors")
    p.add_argument("--out", type=Path, default=Path("outputs.safetensors"))
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--device", default="cpu")
    p.add_argument("--skip", default="", help="comma-separated measurements to skip")
    args = p.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    return args


def measure(fn, warmup, repeat, sync=lambda: None):
    """Median/min/max wall time of fn() in ms after warm-up, and every sample in run order;
    also fn's last result."""
    for _ in range(warmup):
        fn()
    sync()
    times = []
    for _ in range(max(repeat, 1)):
        result = None               # the last step's gradients are freed before the next step runs
        start = time.perf_counter()
        result = fn()
        sync()
        times.append((time.perf_counter() - start) * 1e3)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "repeat": len(times), "samples": times}, result


def report(**fields):
    print("INFERENA_RESULT " + json.dumps(fields), flush=True)


def skip(why):
    """This machine cannot run the program (a package or device is missing): the row says why."""
    report(skipped=why)
    raise SystemExit(0)
