"""The benchmark models, each written once in the IR.

Every module here defines `MODEL = ModelDef(...)`; dropping a new module in this folder
registers the model (no list to edit)."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from inferena.ir import Graph, IRError, sizes
from inferena.ir.passes import eliminate_dead_code

VARIANTS = ("full", "latency")


@dataclass(frozen=True)
class ModelDef:
    """A model: its configs, graph builder, deterministic inputs and checkpoint naming.

    The module provides CONFIGS (name -> config), build(config, variant) -> Graph and
    inputs(config, variant) -> {input name: array}, for variants "full" and "latency"."""
    name: str
    module: ModuleType
    order: int = 100                               # position in listings (published order)
    checkpoint_ignore: tuple[str, ...] = ()        # checkpoint tensors that are not parameters
    tied: dict[str, str] = field(default_factory=dict)   # checkpoint alias -> parameter
    canonical: tuple[str, str] | None = None       # (library, template) of the ecosystem's own version
    reference_dtype: str = "f64"                   # f32 where f64 does not fit in memory

    @property
    def configs(self) -> dict[str, Any]:
        return self.module.CONFIGS

    def config(self, name: str):
        if name not in self.configs:
            raise IRError(f"model {self.name} has no config {name!r} (configs: {', '.join(self.configs)})")
        return self.configs[name]

    def graphs(self, config: str) -> dict[str, Graph]:
        """The full and latency graphs, dead code removed; they share parameters."""
        out = {}
        for variant in VARIANTS:
            graph = self.module.build(sizes.traced(self.config(config)), variant)   # sizes named by the config
            eliminate_dead_code(graph)
            out[variant] = graph
        return out

    def folder(self, config: str) -> str:
        """The generated folder's name: `ResNet-50`, `ResNet-50-tiny`."""
        return self.name if config == "full" else f"{self.name}-{config}"

    def inputs(self, config: str, variant: str) -> dict[str, np.ndarray]:
        return self.module.inputs(self.config(config), variant)


def _discover() -> dict[str, ModelDef]:
    found = [importlib.import_module(f"{__name__}.{m.name}").MODEL
             for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return {m.name: m for m in sorted(found, key=lambda m: (m.order, m.name))}


MODELS = _discover()
DEFAULT_MODEL = "SmolLM2-135M"


def get_model(name: str) -> ModelDef:
    if name not in MODELS:
        raise IRError(f"unknown model {name!r} (models: {', '.join(MODELS)})")
    return MODELS[name]
