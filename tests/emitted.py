"""Helpers for tests that emit code: render a program for graphs and import it."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from inferena import emitters
from inferena.emitters import Context


def render(framework: str, graphs: dict, model=None, config: str = "tiny") -> dict[str, str]:
    return emitters.render(framework, graphs, Context(model, config, "test"))


def import_source(path: Path, source: str, name: str):
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
