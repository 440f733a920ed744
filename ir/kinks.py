"""How much of a reference gradient f32 rounding may decide: ReLU's derivative jumps at 0,
and an input within rounding of 0 (f32 forwards err by ~5e-7 x RMS) may land on either side
in a framework. Flipping the derivative of every such element and recomputing the gradients
measures the ambiguity the verification has to allow."""
from __future__ import annotations

import numpy as np

from .autodiff import GRAD_PREFIX, grad_graph
from .graph import Graph
from .interpreter import run

MARGIN = 1e-5        # x RMS of a ReLU's input: ~20x what an f32 forward errs by
PROBE = "relu_input:"


def relu_masks(backward: Graph) -> dict[str, str]:
    """ReLU derivative masks of a backward graph: the `greater(x, 0)` value -> x."""
    relu_inputs = {n.inputs[0] for n in backward.nodes if n.op == "relu"}
    masks = {n.outputs[0]: n.inputs[0] for n in backward.nodes
             if n.op == "greater" and n.inputs[0] in relu_inputs}
    used = {n.inputs[0] for n in backward.nodes if n.op == "where"}
    return {m: x for m, x in masks.items() if m in used}


def with_relu_inputs(backward: Graph) -> Graph:
    """The backward graph that also outputs every ReLU input (`relu_input:<mask>`)."""
    extra = {PROBE + m: x for m, x in relu_masks(backward).items()}
    return Graph(backward.name, backward.inputs, backward.params, backward.nodes,
                 {**backward.outputs, **extra}, backward.blocks, backward.values)


def ambiguity(backward: Graph, feeds: dict, values: dict[str, np.ndarray], dtype=np.float64) -> dict[str, float]:
    """Per parameter, the rel-L2 change of its gradient when every ReLU input element closer to 0
    than MARGIN x its RMS takes the other side of the kink. `values`: the outputs of
    with_relu_inputs(backward) on `feeds`. Empty without ReLUs."""
    masks = relu_masks(backward)
    if not masks:
        return {}
    flipped = {}
    for m in masks:
        x = values[PROBE + m]
        flipped[m] = (x > 0) ^ (np.abs(x) < MARGIN * np.sqrt(np.mean(x ** 2)))
    # the masks become inputs: same backward, each ambiguous element on its other side
    rewired = Graph(backward.name, {**backward.inputs, **{m: backward.values[m] for m in masks}},
                    backward.params, [n for n in backward.nodes if n.outputs[0] not in masks],
                    backward.outputs, backward.blocks, backward.values)
    grads = [k for k in backward.outputs if k.startswith(GRAD_PREFIX)]
    other = run(rewired, {**feeds, **flipped}, dtype, outputs=grads)
    out = {}
    for k in grads:
        norm = np.linalg.norm(values[k])
        out[k[len(GRAD_PREFIX):]] = float(np.linalg.norm(other[k] - values[k]) / norm) if norm else 0.0
    return out


def gradient_ambiguity(graph: Graph, feeds: dict, dtype=np.float64, loss: str = "loss") -> dict[str, float]:
    """ambiguity() of a forward graph's gradients, running its backward here."""
    backward = grad_graph(graph, loss)
    return ambiguity(backward, feeds, run(with_relu_inputs(backward), feeds, dtype), dtype)
