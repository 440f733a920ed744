"""Emitters: one module per framework, each a table from ops to that framework's code.

A module here defining `EMITTER = Emitter(...)` (emitters/base.py: the contract) is a
framework: dropping one in registers it for `inferena gen`, the runner and the tests; there
is no list to edit. The others (structure, codegen, pycode, rustcode) are the shared layers."""
from __future__ import annotations

import importlib
import pkgutil
import shutil
from pathlib import Path

import jinja2

from inferena.ir import Graph, decompose, sizes

from . import ccode, codegen, pycode, rustcode
from .base import TEMPLATES, Context, Emitter, Language
from .structure import Program, analyze

__all__ = ["EMITTERS", "Context", "Emitter", "Language", "emit", "environment", "lower", "render"]


def _discover() -> dict[str, Emitter]:
    found = []
    for m in pkgutil.iter_modules(__path__):
        if not m.name.startswith("_"):
            emitter = getattr(importlib.import_module(f"{__name__}.{m.name}"), "EMITTER", None)
            if emitter is not None:
                found.append(emitter)
    return {e.name: e for e in sorted(found, key=lambda e: (e.order, e.name))}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(config_block=codegen.CONFIG_BLOCK, config_use=codegen.CONFIG_USE)
    # names in templates are written as string literals of the language: {{ name | rust_str }}
    env.filters.update(py_str=pycode.string, rust_str=rustcode.string, c_str=ccode.string)
    return env


def lower(emitter: Emitter, graphs: dict[str, Graph]) -> Program:
    """The graphs with every op the emitter lacks decomposed, as blocks to write."""
    lowered = {v: decompose(g, keep=lambda op: op in emitter.supported) for v, g in graphs.items()}
    return analyze(lowered, reserved=emitter.names_taken)


def render(framework: str, graphs: dict[str, Graph], ctx: Context) -> dict[str, str | bytes]:
    """File name -> content of the framework's program (without the shared harness). A
    language with a config block writes the model's sizes by their config names (ir/sizes.py)
    in the files whose template places the block (`{{ config_block }}`), literals elsewhere."""
    emitter = EMITTERS[framework]
    program = lower(emitter, graphs)
    if emitter.language.config_block is None:
        return emitter.render(program, environment(), ctx)
    with sizes.spelled():
        files = emitter.render(program, environment(), ctx)
    return codegen.name_sizes(files, ctx, emitter.language)


def emit(framework: str, graphs: dict[str, Graph], out: Path, ctx: Context) -> list[Path]:
    """Write the framework's program for these graphs into `out`; returns the files."""
    files = render(framework, graphs, ctx)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in files.items():      # text, or bytes (binary model files)
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(source) if isinstance(source, bytes) else (out / name).write_text(source)
        written.append(out / name)
    for name, template in EMITTERS[framework].language.harness.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TEMPLATES / template, out / name)
        written.append(out / name)
    return written


EMITTERS = _discover()
