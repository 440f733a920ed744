"""llama.cpp row for the LLaMA-family models (SmolLM2): the IR model's weights exported to an
f32 GGUF with the `gguf` package (q/k rows reordered for llama.cpp's RoPE pairing) and run
through llama-cpp-python, logits of every position verified like every other row. Not
generated from the IR's ops: llama.cpp builds its own `llama` graph from the GGUF's metadata,
so this row checks that the IR model is the model llama.cpp runs and sets a speed bar for the
GGML row. Inference only: llama.cpp has no backward, and the row says so."""
from __future__ import annotations

from dataclasses import dataclass

from inferena.ir import OPS

from .base import CPU_ONLY, Emitter
from .pycode import PYTHON
from .structure import Program

NAME = "llamacpp"


def render(program: Program, env, ctx) -> dict[str, str]:
    return {"main.py": env.get_template("llamacpp/main.py.j2").render(header=ctx.header, c=ctx.model.config(ctx.config))}


@dataclass(frozen=True)
class LlamaCpp(Emitter):
    """Written for the models llama.cpp's `llama` architecture runs."""

    def available(self, model) -> bool:
        return model is not None and model.name == "SmolLM2-135M"


# every op "native": nothing is decomposed, the program is not written from the ops
EMITTER = LlamaCpp(NAME, "llama.cpp", PYTHON, frozenset(OPS), render, requires=("llama_cpp", "gguf", "safetensors", "numpy"),
                   extras={"llama_cpp": "llamacpp", "gguf": "llamacpp"}, order=75, devices=CPU_ONLY,
                   source="the model's weights (GGUF export)")
