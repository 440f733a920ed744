"""Canonical rows: the ecosystem's own implementation of a model (transformers, diffusers,
torchvision...) loading the same generated weights, measured and verified like any
generated program. It proves the IR model is the real model and sets the speed bar.

A model's template (ModelDef.canonical) defines `Model` (the full graph's inputs ->
outputs), optionally `LatencyModel` when the latency graph differs, and gets `loss`,
the generated loss function."""
from __future__ import annotations

from dataclasses import dataclass

from . import pytorch
from .base import Emitter
from .structure import Program

NAME = "canonical"


def render(program: Program, env, ctx) -> dict[str, str]:
    library, template = ctx.model.canonical
    loss = pytorch.loss_function(program)
    loss_src = env.get_template("pytorch/loss.py.j2").render(loss=loss) if loss else ""
    model = env.get_template(template).render(header=ctx.header, c=ctx.model.config(ctx.config), loss=loss_src)
    latency = "LatencyModel" if "class LatencyModel(" in model else "Model"
    return {"model.py": model,
            "main.py": pytorch.main_source(program, env, ctx.header, ("Model", latency), NAME)}


@dataclass(frozen=True)
class Canonical(Emitter):
    """Written for the models that name their ecosystem implementation (ModelDef.canonical)."""

    def available(self, model) -> bool:
        return model.canonical is not None

    def display_for(self, model) -> str:
        return f"{self.display} ({model.canonical[0]})"

    def requirements(self, model) -> list[str]:
        return [*self.requires, model.canonical[0]]


EMITTER = Canonical(NAME, "PyTorch", pytorch.EMITTER.language, pytorch.EMITTER.supported, render,
                    requires=pytorch.EMITTER.requires, reserved=pytorch.EMITTER.reserved, order=20,
                    extras={"transformers": "canonical", "diffusers": "canonical", "torchvision": "canonical"},
                    source="the ecosystem's own implementation")
