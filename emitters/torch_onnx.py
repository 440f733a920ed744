"""The route to ONNX users take today: the generated PyTorch model, exported with
torch.onnx.export and run in ONNX Runtime. A comparison row for the `onnxruntime` emitter
(which writes ONNX from the IR): same weights, same verification. The export is the
program's build step; torch.onnx.export writes no backward, so the row has no training."""
from __future__ import annotations

from . import pytorch
from .base import Emitter
from .pycode import run_spec
from .structure import Program



def render(program: Program, env, ctx) -> dict[str, str]:
    spec = run_spec(program)
    roots = list(dict.fromkeys([spec["full"]["root"], spec["latency"]["root"]]))
    main = env.get_template("onnxruntime/export.py.j2").render(header=ctx.header, roots=roots,
                                                                meta_init=True, **spec)
    return {"model.py": pytorch.model_source(program, env, ctx), "main.py": main}


EMITTER = Emitter("torch-onnx", "ONNX Runtime (torch.onnx.export)", pytorch.EMITTER.language,
                  pytorch.EMITTER.supported, render, requires=("torch", "onnxscript", "onnxruntime", "safetensors"),
                  extras={"onnxscript": "onnxruntime"}, reserved=pytorch.EMITTER.reserved, order=50)
