"""Emitters: one module per framework, each a table from ops to that framework's code.

Every emitter module defines NAME, DISPLAY, SUPPORTED (ops it writes natively; the rest
are decomposed before emission) and render(program, env, header) -> {file name: source}."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from inferena.ir import Graph, decompose

from . import candle, canonical, jax, onnx, pytorch, pytorch_compile, torch_onnx
from .structure import analyze

EMITTERS = {m.NAME: m for m in [pytorch, pytorch_compile, canonical, jax, onnx, torch_onnx, candle]}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PYTHON_HARNESS = TEMPLATES / "python" / "harness.py"
RUST_HARNESS = TEMPLATES / "rust" / "harness.rs"       # beside main.rs of every generated crate


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined)


@dataclass(frozen=True)
class Context:
    """What an emitter knows besides the graphs."""
    model: Any          # models.ModelDef
    config: str
    header: str


def emit(framework: str, graphs: dict[str, Graph], out: Path, ctx: Context) -> list[Path]:
    """Write the framework's program for these graphs into `out`; returns the files."""
    emitter = EMITTERS[framework]
    lowered = {v: decompose(g, keep=lambda op: op in emitter.SUPPORTED) for v, g in graphs.items()}
    files = emitter.render(analyze(lowered), environment(), ctx)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in files.items():      # text, or bytes (binary model files)
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(source) if isinstance(source, bytes) else (out / name).write_text(source)
        written.append(out / name)
    if getattr(emitter, "PYTHON", True):
        shutil.copy(PYTHON_HARNESS, out / "harness.py")
        written.append(out / "harness.py")
    if getattr(emitter, "PROGRAM", "python") == "cargo":
        shutil.copy(RUST_HARNESS, out / "src" / "harness.rs")
        written.append(out / "src" / "harness.rs")
    return written


def requirements(framework: str, model) -> list[str]:
    """Python packages the generated program imports."""
    needs = list(EMITTERS[framework].REQUIRES)
    return needs + [model.canonical[0]] if framework == "canonical" else needs
