"""Canonical rows: the ecosystem's own implementation of a model (transformers, diffusers,
torchvision...) loading the same generated weights, measured and verified like any
generated program. It proves the IR model is the real model and sets the speed bar.

A model's template (ModelDef.canonical) defines `Model` (the full graph's inputs ->
outputs), optionally `LatencyModel` when the latency graph differs, and gets `loss`,
the generated loss function."""
from __future__ import annotations

from . import pytorch
from .structure import Program

NAME = "canonical"
DISPLAY = "PyTorch"
REQUIRES = ("torch", "safetensors")
SUPPORTED = pytorch.SUPPORTED


def render(program: Program, env, ctx) -> dict[str, str]:
    library, template = ctx.model.canonical
    loss = pytorch.loss_function(program)
    loss_src = env.get_template("pytorch/loss.py.j2").render(loss=loss) if loss else ""
    model = env.get_template(template).render(header=ctx.header, c=ctx.model.config(ctx.config), loss=loss_src)
    latency = "LatencyModel" if "class LatencyModel(" in model else "Model"
    return {"model.py": model,
            "main.py": pytorch.main_source(program, env, ctx.header, ("Model", latency), NAME)}
