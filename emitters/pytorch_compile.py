"""The generated PyTorch model run through torch.compile (TorchInductor; on CUDA with CUDA
graphs, mode="reduce-overhead"): the same model.py as the `pytorch` row, so the two rows
differ only in how PyTorch executes it. Compile covers the first compiled forward; the
latency shapes and the backward compile during warm-up, as JAX's jit does."""
from __future__ import annotations

from . import pytorch
from .base import Emitter
from .structure import Program

NAME = "pytorch-compile"


def render(program: Program, env, ctx) -> dict[str, str]:
    return {"model.py": pytorch.model_source(program, env, ctx),
            "main.py": pytorch.main_source(program, env, ctx.header, framework=NAME, compiled=True)}


EMITTER = Emitter(NAME, "PyTorch (torch.compile)", pytorch.EMITTER.language, pytorch.EMITTER.supported,
                  render, requires=pytorch.EMITTER.requires, extras=pytorch.EMITTER.extras,
                  reserved=pytorch.EMITTER.reserved, order=15)
