"""The benchmark models, each written once in the IR; the registry the CLI reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from inferena.ir import Graph, IRError
from inferena.ir.passes import eliminate_dead_code

from . import smollm2

VARIANTS = ("full", "latency")


@dataclass(frozen=True)
class ModelDef:
    """A model: its configs, graph builder, deterministic inputs and checkpoint naming."""
    name: str
    module: ModuleType
    checkpoint_ignore: tuple[str, ...] = ()
    tied: dict[str, str] = field(default_factory=dict)   # checkpoint alias -> parameter
    canonical: tuple[str, str] | None = None   # (library, template) of the ecosystem's own version

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
            graph = self.module.build(self.config(config), variant)
            eliminate_dead_code(graph)
            out[variant] = graph
        return out

    def inputs(self, config: str, variant: str) -> dict[str, np.ndarray]:
        return self.module.inputs(self.config(config), variant)


MODELS = {m.name: m for m in [
    ModelDef("SmolLM2-135M", smollm2, checkpoint_ignore=("*rotary_emb.inv_freq",),
             tied={"lm_head.weight": "model.embed_tokens.weight"},
             canonical=("transformers", "canonical/smollm2_transformers.py.j2")),
]}
DEFAULT_MODEL = "SmolLM2-135M"


def get_model(name: str) -> ModelDef:
    if name not in MODELS:
        raise IRError(f"unknown model {name!r} (models: {', '.join(MODELS)})")
    return MODELS[name]
