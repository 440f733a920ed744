"""How the runner checks for and starts each framework's generated program."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from . import cargo

# pip extra that installs each package a generated program may import
EXTRAS = {"torch": "pytorch", "safetensors": "pytorch",
          "transformers": "canonical", "diffusers": "canonical", "torchvision": "canonical", "jax": "jax",
          "onnx": "onnxruntime", "onnxruntime": "onnxruntime", "onnxscript": "onnxruntime"}


def missing(requires: list[str], program: str = "python") -> str | None:
    """Why the program cannot run here, or None. `program` is the manifest's kind of program:
    "python" (requires: modules it imports) or "cargo" (requires: tools that build it)."""
    if program == "cargo":
        return cargo.missing(requires)
    absent = [m for m in requires if importlib.util.find_spec(m) is None]
    if not absent:
        return None
    extras = ",".join(dict.fromkeys(EXTRAS.get(m, m) for m in absent))
    return f"{', '.join(absent)} not installed (pip install 'inferena[{extras}]')"


def build(program: Path, kind: str, timeout: float) -> cargo.Built | None:
    """The build step of compiled programs (cargo: `cargo build --release`); None for Python.
    Raises cargo.BuildError."""
    return cargo.build(program, timeout) if kind == "cargo" else None


def command(program: Path, out: Path, args: list[str], built: cargo.Built | None = None) -> list[str]:
    """Generated programs all share one command line (templates/python/harness.py,
    templates/rust/harness.rs); a built program runs its executable."""
    start = [str(built.executable)] if built else [sys.executable, str(program / "main.py")]
    return [*start, "--data", str(program.parent), "--out", str(out), *args]
